package retrieval

// Scored is a passage (by doc number) and its score in one ranking; higher
// is better.
type Scored struct {
	Doc   int
	Score float64
}

// rrfK is the rank offset of reciprocal rank fusion: 60 in the original paper
// (Cormack et al., 2009), and the measured best of {10, 30, 60} on our
// question sets (see quality_test.go).
const rrfK = 60

// Fuse merges a vector and a lexical ranking, each best first, into one of
// up to k passages, best first, by reciprocal rank fusion: a passage scores
// Σ 1/(rrfK + rank) over the rankings it appears in. Ranks rather than
// scores are fused because cosine similarities and BM25 scores live on
// scales that shift with the query. Ties go to the lower doc.
func Fuse(vector, lexical []Scored, k int) []Scored {
	if k <= 0 {
		return nil
	}
	scores := make(map[int]float64, len(vector)+len(lexical))
	for _, list := range [][]Scored{vector, lexical} {
		for rank, s := range list {
			scores[s.Doc] += 1 / float64(rrfK+rank+1)
		}
	}
	top := make([]Scored, 0, k+1)
	for doc, score := range scores {
		top = pushTop(top, Scored{Doc: doc, Score: score}, k)
	}
	return top
}

// pushTop inserts s into top, kept sorted best first and at most k long, and
// returns the updated slice. Insertion into a short sorted slice beats a
// heap for the k of a search (5–50).
func pushTop(top []Scored, s Scored, k int) []Scored {
	i := len(top)
	for i > 0 && ranksAbove(s, top[i-1]) {
		i--
	}
	if i >= k {
		return top
	}
	top = append(top, Scored{})
	copy(top[i+1:], top[i:])
	top[i] = s
	if len(top) > k {
		top = top[:k]
	}
	return top
}

func ranksAbove(a, b Scored) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.Doc < b.Doc
}
