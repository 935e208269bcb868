package retrieval

import "github.com/cstobot/cstobot/internal/text"

// Typo tolerance: a query term the corpus does not know, of at least
// fuzzyMinLen letters, stands for the most frequent corpus term one edit
// away (a letter inserted, deleted, replaced, or two neighbours swapped), so
// "presdent" finds "president" and "kazakstan" finds "kazakhstan". Shorter
// terms have too many neighbours to guess from.
const fuzzyMinLen = 5

// resolve returns the term id standing for query term t: its own, or that of
// its correction.
func (l *Lexical) resolve(t string) (int32, bool) {
	if id, ok := l.vocab[t]; ok {
		return id, true
	}
	if len(t) < fuzzyMinLen || t[0] == '#' {
		return 0, false
	}
	best, bestDF := int32(-1), 0
	for n := len(t) - 1; n <= len(t)+1 && n < len(l.byLen); n++ {
		for _, id := range l.byLen[n] {
			if df := l.df(id); df > bestDF && text.OneEdit(t, l.terms[id]) {
				best, bestDF = id, df
			}
		}
	}
	return best, best >= 0
}

// indexLengths groups the term ids by the length of their term, for resolve.
func (l *Lexical) indexLengths() {
	for id, t := range l.terms {
		if len(t) >= fuzzyMinLen-1 && t[0] != '#' {
			for len(l.byLen) <= len(t) {
				l.byLen = append(l.byLen, nil)
			}
			l.byLen[len(t)] = append(l.byLen[len(t)], int32(id))
		}
	}
}
