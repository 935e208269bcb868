package bot

import "sync"

// maxSeen is how many message IDs the bot remembers to answer each message
// once: Discord may deliver a MESSAGE_CREATE twice (a resume replaying
// what was already dispatched), and a duplicate must not cost a second
// answer.
const maxSeen = 10000

// idSet remembers the last max IDs added, oldest forgotten first. It is
// safe for concurrent use.
type idSet struct {
	max   int
	mu    sync.Mutex
	m     map[string]bool
	order []string
}

func newIDSet(max int) *idSet { return &idSet{max: max, m: map[string]bool{}} }

// add records id and reports whether it was new.
func (s *idSet) add(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m[id] {
		return false
	}
	s.m[id] = true
	s.order = append(s.order, id)
	if len(s.order) > s.max {
		delete(s.m, s.order[0])
		s.order = s.order[1:]
	}
	return true
}

// has reports whether id was added and is still remembered.
func (s *idSet) has(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[id]
}
