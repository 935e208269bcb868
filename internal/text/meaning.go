package text

import (
	"math"
	"strings"
	"sync"

	"github.com/cstobot/cstobot/internal/text/wordvec"
)

// MeaningDim is the length of a text's meaning vector (TermsAndMeaning).
const MeaningDim = wordvec.Dim

// TermsAndMeaning returns the terms of s, as Terms does, and adds to
// meaning (MeaningDim long) the word vectors of its content words, each
// weighted by how rare the word is in English (the log of its frequency
// rank: 0.2 for "the", 1 for the rarest), scaled to unit length. It reports
// whether any word had a vector; meaning is left as it was when none did.
// One pass gives both, for the built-in embedder.
func TermsAndMeaning(s string, meaning []float32) (terms []string, found bool) {
	a := AnalyzerFor(s)
	tab, err := wordvec.Builtin()
	memo := meaningMemos.Get().(map[meaningKey]meaningOf)
	defer func() {
		if len(memo) > maxMeaningMemo {
			clear(memo)
		}
		meaningMemos.Put(memo)
	}()
	terms = make([]string, 0, len(s)/6+1)
	EachToken(s, func(t Token) {
		key := meaningKey{t.Text, t.Capital, t.Digits, a.Lang}
		m, ok := memo[key]
		if !ok {
			m = meaningOf{term: strings.Clone(a.Term(t)), vec: -1}
			if m.term != "" && err == nil && !t.Digits {
				if i, ok := tab.Find(a.vectorWord(t.Text)); ok {
					m.vec, m.weight = i, float32(math.Log(float64(i)+10)/math.Log(float64(tab.Len())+10))
				}
			}
			key.tok = strings.Clone(t.Text)
			memo[key] = m
		}
		if m.term == "" {
			return
		}
		terms = append(terms, m.term)
		if m.vec >= 0 {
			tab.AddTo(meaning, m.vec, m.weight)
			found = true
		}
	})
	if found {
		scaleToUnit(meaning)
	}
	return terms, found
}

// meaningKey is a token in the language of its text: what its term and
// word vector depend on.
type meaningKey struct {
	tok             string
	capital, digits bool
	lang            *Language
}

// meaningOf is what TermsAndMeaning found for a token: its term ("" for
// none) and its word vector's row (-1 for none) with its weight.
type meaningOf struct {
	term   string
	vec    int32
	weight float32
}

// meaningMemos hold what TermsAndMeaning found per token, so that a word
// met again (most words of a library are) is not stemmed and looked up
// again; one per goroutine at a time, emptied past maxMeaningMemo tokens.
var meaningMemos = sync.Pool{New: func() any { return map[meaningKey]meaningOf{} }}

const maxMeaningMemo = 1 << 17

func scaleToUnit(v []float32) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= inv
	}
}
