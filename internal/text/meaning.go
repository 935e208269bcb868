package text

import (
	"math"

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
	terms = make([]string, 0, len(s)/6+1)
	EachToken(s, func(t Token) {
		term := a.Term(t)
		if term == "" {
			return
		}
		terms = append(terms, term)
		if err != nil || t.Digits {
			return
		}
		if i, ok := tab.Find(a.vectorWord(t.Text)); ok {
			tab.AddTo(meaning, i, float32(math.Log(float64(i)+10)/math.Log(float64(tab.Len())+10)))
			found = true
		}
	})
	if found {
		scaleToUnit(meaning)
	}
	return terms, found
}

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
