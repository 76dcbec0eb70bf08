package capture

import (
	"path/filepath"
	"sort"
)

// Patterns are the file names Files treats as captures.
var Patterns = []string{"*.pcap", "*.pcapng", "*.cap", "*.pcap.gz", "*.pcapng.gz"}

// Files returns the capture files directly in dir, sorted by name.
func Files(dir string) ([]string, error) {
	var files []string
	for _, pat := range Patterns {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return nil, err
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	return files, nil
}
