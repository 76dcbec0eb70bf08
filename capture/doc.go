// Package capture reads packet capture files (pcap and pcapng) into IP
// packets with their link-layer header removed, for tcpcheck's tests and
// command-line tools. Parsing of the file formats is gopacket's pcapgo; this
// package adds format detection, link-header stripping and errors that say
// where the file is bad.
//
// Writer does the reverse for tests and tools that make captures: it writes a
// pcap (nanosecond timestamps, raw IP link type) of TCP segments, each in an
// IPv4 or IPv6 header it encodes, with the TCP checksum computed.
//
// Contract:
//   - Formats: pcap with microsecond or nanosecond magic, in either byte
//     order, and pcapng, told apart by their magic bytes. A gzip-compressed
//     file is decompressed first. In pcapng every interface may have its own
//     link type.
//   - Link types (LINKTYPE_ values, https://www.tcpdump.org/linktypes.html):
//     Ethernet (1), with any number of 802.1Q or 802.1ad VLAN tags skipped;
//     Linux cooked capture SLL (113) and SLL2 (276); raw IP (101, and 12 and
//     14, which DLT_RAW was on various platforms and which Wireshark reads as
//     raw IP; LINKTYPE_IPV4 228 and LINKTYPE_IPV6 229); BSD null/loopback
//     (0, address family in the capturing host's byte order) and OpenBSD loop
//     (108, network byte order). A pcap file of another link type is refused
//     by Open and NewReader; a pcapng frame of another link type is a frame
//     error.
//   - Frames: Next returns frames in file order, numbered from 1 as Wireshark
//     numbers them, and io.EOF after the last one. Frame.IP is the frame with
//     its link header removed; it may still end with link-layer padding (an
//     Ethernet frame padded to 60 bytes) or a frame check sequence, so decode
//     it with a decoder that takes the length from the IP header. Frames that
//     do not carry IPv4 or IPv6 (ARP, LLC, other address families) have
//     NotIP set and no IP, for the caller to skip and count. Each Frame owns
//     its bytes: later calls to Next do not change them. Strip does the same
//     link-header removal on a single frame, for frames from elsewhere.
//   - Errors are *Error values naming the file, the frame number and, where
//     known, the byte offset of the frame's record. A malformed link header
//     concerns one frame: Next returns that frame along with an error that
//     matches ErrLinkHeader, and reading may continue. Any other error (a
//     truncated or inconsistent record) ends the file: every later call
//     returns it again.
//   - No panics on any input. A length read from the file makes pcapgo
//     allocate at most 256 KiB (libpcap's largest snap length) before the
//     bytes are there; longer records grow as they are read.
package capture
