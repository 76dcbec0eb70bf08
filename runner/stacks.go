package runner

import (
	"net/netip"
	"sync"

	"tcpcheck/fsm"
	"tcpcheck/sock"
)

// stacks keeps the stacks of finished runs: a run takes one and resets it
// (sock.Stack.Reset), so that its endpoints, listeners and queues are
// reused instead of allocated and cleared for every script.
var stacks sync.Pool

// newStack returns a stack in the state sock.New(local, cfg) makes.
func newStack(local netip.Addr, cfg fsm.Config) *sock.Stack {
	if st, ok := stacks.Get().(*sock.Stack); ok {
		st.Reset(local, cfg)
		return st
	}
	return sock.New(local, cfg)
}

// freeStack gives back the stack of a finished run; nothing may use it
// afterwards.
func freeStack(st *sock.Stack) { stacks.Put(st) }
