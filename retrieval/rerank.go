package retrieval

import (
	"hash/fnv"
	"slices"
	"sync"
	"time"

	"github.com/cstobot/cstobot/internal/text"
)

// After fusion, the ranking is reordered by what the passages' best
// sentences hold of the question (rerank_sentence.go), and for a library
// of articles rather than one: a passage that repeats one ranked above it from another
// article (a wire story and its reprint) goes after every passage that
// does not; the passages of one
// article after its first give way to others' a little (spreadPenalty
// each), so that the top results cover more of the library; and a question
// about how things stand now ("still", "currently") raises newer
// articles' passages (recencyBoost for the newest).
const (
	// duplicateShare is the share of a passage's word triples found in
	// one ranked above it, from another article, beyond which it is a
	// near duplicate.
	duplicateShare = 0.6
	// spreadPenalty is how much each further passage of an article loses
	// of its fused score, once its article has one ranked above it.
	spreadPenalty = 0.1
	// recencyBoost is how much the newest article's passages gain, as a
	// share of their fused score, for a question about now; older ones
	// gain in proportion to their date's rank.
	recencyBoost = 0.3
)

// rerank reorders ranked (best first) as described above and returns its
// first k.
func (s *state) rerank(ranked []Scored, query string, cov coverer, k int) []Scored {
	in := text.ParseQuestion(query)
	s.bySentence(ranked, cov, in)
	out, dups := s.splitDuplicates(ranked)
	if in.Current {
		s.raiseRecent(out)
	}
	s.spread(out)
	for _, d := range dups {
		if n := len(out); n > 0 {
			d.Score = min(d.Score, out[n-1].Score) // scores stay in rank order
		}
		out = append(out, d)
	}
	return out[:min(k, len(out))]
}

// splitDuplicates returns, in order, the passages of ranked that repeat
// no passage of another article ranked above them, and those that do
// (most of their word triples are its).
func (s *state) splitDuplicates(ranked []Scored) (kept, dups []Scored) {
	kept = make([]Scored, 0, len(ranked))
	for _, r := range ranked {
		sig := s.shingles(r.Doc)
		if slices.ContainsFunc(kept, func(o Scored) bool {
			return s.passages[o.Doc].article != s.passages[r.Doc].article && overlap(sig, s.shingles(o.Doc)) >= duplicateShare
		}) {
			dups = append(dups, r)
		} else {
			kept = append(kept, r)
		}
	}
	return kept, dups
}

// raiseRecent raises the scores of newer articles' passages and sorts
// again.
func (s *state) raiseRecent(ranked []Scored) {
	var dates []time.Time
	for _, r := range ranked {
		if t := s.articles[s.passages[r.Doc].article].Published; !t.IsZero() && !slices.ContainsFunc(dates, t.Equal) {
			dates = append(dates, t)
		}
	}
	if len(dates) < 2 {
		return
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	for i := range ranked {
		t := s.articles[s.passages[ranked[i].Doc].article].Published
		if j := slices.IndexFunc(dates, t.Equal); j >= 0 {
			ranked[i].Score *= 1 + recencyBoost*float64(j)/float64(len(dates)-1)
		}
	}
	sortScored(ranked)
}

// spread lowers the score of each passage of an article after the first
// of it, and sorts again.
func (s *state) spread(ranked []Scored) {
	seen := map[int32]int{}
	for i := range ranked {
		a := s.passages[ranked[i].Doc].article
		ranked[i].Score *= 1 - spreadPenalty*float64(seen[a])
		seen[a]++
	}
	sortScored(ranked)
}

func sortScored(ranked []Scored) {
	slices.SortStableFunc(ranked, func(a, b Scored) int {
		switch {
		case ranksAbove(a, b):
			return -1
		case ranksAbove(b, a):
			return 1
		}
		return 0
	})
}

// shingles returns the hashes of the word triples of passage doc, sorted,
// computed once per snapshot.
func (s *state) shingles(doc int) []uint64 {
	if v, ok := s.sigs.Load(doc); ok {
		return v.([]uint64)
	}
	words := text.Words(s.passages[doc].text)
	var sig []uint64
	for i := 0; i+3 <= len(words); i++ {
		h := fnv.New64a()
		for _, w := range words[i : i+3] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		sig = append(sig, h.Sum64())
	}
	slices.Sort(sig)
	sig = slices.Compact(sig)
	s.sigs.Store(doc, sig)
	return sig
}

// overlap is the share of a's triples that b has.
func overlap(a, b []uint64) float64 {
	if len(a) == 0 {
		return 0
	}
	n := 0
	for _, h := range a {
		if _, ok := slices.BinarySearch(b, h); ok {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// sigCache is a lazily filled map from doc to its shingles.
type sigCache = sync.Map
