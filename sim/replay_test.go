package sim

import (
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// Every endpoint's recorded view, replayed by the script runner against a
// fresh endpoint with the same configuration and ISN, passes: a
// simulation's trace of one endpoint is a standalone repro.
func TestRecordedScriptsReplay(t *testing.T) {
	for _, tc := range []struct {
		name string
		link Link
		cfgA fsm.Config
		n    int
	}{
		{"clean", Link{Delay: 10 * Millisecond}, fsm.Config{}, 1024},
		{"lossy", lossy, fsm.Config{}, 8000},
		{"heavy", Link{Loss: 0.3, Dup: 0.2, Reorder: 0.2, Corrupt: 0.1, Delay: 30 * Millisecond, Jitter: 30 * Millisecond}, fsm.Config{}, 30000},
		{"small buffers", lossy, fsm.Config{SendBuffer: 3000, RecvBuffer: 2000, MSS: 536}, 20000},
		{"no options", lossy, fsm.Config{NoOptions: true}, 4000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := exchange(tc.n, tc.link, healAt)
			cfg.Endpoints[0].Config = tc.cfgA
			cfg.Record = true
			for seed := uint64(1); seed <= 40; seed++ {
				s := run(t, cfg, seed)
				for i := 0; i < 2; i++ {
					replay(t, s, i, cfg.Endpoints[i].Config, false)
					replay(t, s, i, cfg.Endpoints[i].Config, true)
				}
			}
		})
	}
}

// The recorded script of the passive side begins as a packetdrill script
// of a listening socket would, and the ISN directive is there.
func TestRecordedScriptShape(t *testing.T) {
	cfg := exchange(10, Link{Delay: 10 * Millisecond}, 0)
	cfg.Record = true
	s := run(t, cfg, 7)
	text := s.Script(1).String()
	for _, want := range []string{
		"// tcpcheck: isn 0xb0000000\n",
		"// tcpcheck: seed 7\n",
		"0.0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n0.0 bind(3, ..., ...) = 0\n0.0 listen(3, 1) = 0\n",
		"0.01 < S 167772160:167772160(0) win 65535 <mss 1460,sackOK,TS val 0 ecr 0,nop,wscale 1>\n",
		"0.01 > S. 0:0(0) ack 167772161 win 65535 <mss 1460,sackOK,TS val 10 ecr 0,nop,wscale 1>\n",
		"0.03 accept(3, ..., ...) = 4\n",
		"0.03 read(4, ..., 10) = 10\n",
		"close(4) = 0\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("script lacks %q:\n%s", want, text)
		}
	}
	if s.Script(0) == nil || New(exchange(1, Link{}, 0)).Script(0) != nil {
		t.Error("Script must be recorded exactly when Config.Record is set")
	}
}

// Application errors are recorded as sock reports them: a reset read
// through SO_ERROR, calls on a closed socket, writes after shutdown.
func TestRecordedErrorsReplay(t *testing.T) {
	cfg := exchange(3000, Link{Delay: 10 * Millisecond}, 0)
	cfg.Record = true
	// b aborts as soon as it is connected: a sees ECONNRESET.
	cfg.Endpoints[1].Actions = []Action{{Op: observe.OpListen}, {Op: observe.OpAbort, On: OnConnected, At: 5 * Millisecond}, {Op: observe.OpRecv, On: OnConnected, At: 6 * Millisecond}}
	cfg.Endpoints[0].Actions = append(cfg.Endpoints[0].Actions,
		Action{Op: observe.OpShutdown, On: OnConnected, At: 100 * Millisecond},
		Action{Op: observe.OpSend, N: 10, On: OnConnected, At: 200 * Millisecond},
		Action{Op: observe.OpRecv, On: OnConnected, At: 300 * Millisecond},
		Action{Op: observe.OpClose, On: OnConnected, At: 400 * Millisecond},
		Action{Op: observe.OpClose, On: OnConnected, At: 500 * Millisecond},
	)
	s := run(t, cfg, 1)
	a, b := s.Script(0).String(), s.Script(1).String()
	for _, want := range []string{"SO_ERROR, [ECONNRESET], [4]) = 0", "shutdown(3, SHUT_WR) = -1 ENOTCONN", "write(3, ..., 10) = -1 EPIPE", "read(3, ..., 65536) = 0", "close(3) = -1 EBADF"} {
		if !strings.Contains(a, want) {
			t.Errorf("a's script lacks %q:\n%s", want, a)
		}
	}
	for _, want := range []string{"SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0", "close(4) = 0", "read(4, ..., 65536) = -1 EBADF"} {
		if !strings.Contains(b, want) {
			t.Errorf("b's script lacks %q:\n%s", want, b)
		}
	}
	for i := 0; i < 2; i++ {
		replay(t, s, i, fsm.Config{}, true)
	}
}
