package ops

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Readiness tracks the named conditions a process needs before it can
// answer, such as "index" and "gateway". Its Err method is the ready
// function a Server takes. Safe for concurrent use.
type Readiness struct {
	mu      sync.Mutex
	names   []string          // in the order given, so the reason is stable
	waiting map[string]string // condition -> why it is not met
}

// NewReadiness returns a Readiness in which every named condition is not
// met yet ("starting").
func NewReadiness(names ...string) *Readiness {
	r := &Readiness{names: names, waiting: make(map[string]string, len(names))}
	for _, n := range names {
		r.waiting[n] = "starting"
	}
	return r
}

// Set marks condition name as met.
func (r *Readiness) Set(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.waiting, name)
}

// Unset marks condition name as not met, for reason (e.g. "reconnecting",
// "shutting down"). A name not given to NewReadiness is added.
func (r *Readiness) Unset(name, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.has(name) {
		r.names = append(r.names, name)
	}
	r.waiting[name] = reason
}

func (r *Readiness) has(name string) bool {
	for _, n := range r.names {
		if n == name {
			return true
		}
	}
	return false
}

// Err returns nil when every condition is met, else the first unmet one
// as "name: reason".
func (r *Readiness) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range r.names {
		if why, ok := r.waiting[n]; ok {
			return errors.New(n + ": " + why)
		}
	}
	return nil
}

// GatewayReady is the readiness of a connection that drops now and then
// and comes back by itself, such as Discord's gateway: nil while it is up,
// and while it has been down for less than grace (a resume takes a second
// or two, and readiness should not flap with it); else why it is not
// ready. downSince is when it went down, the zero time when it never was
// up.
func GatewayReady(up bool, downSince time.Time, grace time.Duration, now time.Time) error {
	switch {
	case up:
		return nil
	case downSince.IsZero():
		return errors.New("gateway: connecting")
	case now.Sub(downSince) < grace:
		return nil
	}
	return fmt.Errorf("gateway: disconnected for %v (more than %v)", now.Sub(downSince).Round(time.Second), grace)
}
