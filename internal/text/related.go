package text

import (
	"slices"
	"sync"

	"github.com/cstobot/cstobot/internal/text/wordvec"
)

// Words in other words. A question rarely uses its source's words: it asks
// how many "soldiers" were sent where the article counts "troops", or which
// countries "quit" where it says they "withdrew". English word vectors
// (package wordvec) give each word its nearest words in meaning; the
// built-in embedder, BM25 and coverage use them (see docs/PERFORMANCE.md
// for what each gains).
const (
	// relatedMinSim is the least cosine similarity of a related word.
	// GloVe's neighbours at 0.6 and above are mostly synonyms, forms and
	// close kin ("quit": "resign", "leave"); below it, mere topic words.
	relatedMinSim = 0.6
	// relatedPerWord is the most related terms one word stands for.
	relatedPerWord = 4
	// relatedCredit scales a related term's similarity into the share of
	// a word's term it covers, from relatedCreditMinSim up.
	relatedCredit       = 0.7
	relatedCreditMinSim = 0.7
)

// Related is a term and the terms of the words nearest to its word in
// meaning.
type Related struct {
	Term string
	Near []RelatedTerm // most similar first
}

// RelatedTerm is a term of a word near another in meaning.
type RelatedTerm struct {
	Term string
	Sim  float32 // cosine similarity of the two words' vectors
}

// Credit is the share of a term that a related term stands for in a text
// that lacks the first: 0.7 × Sim, from a similarity of 0.7 up, else 0.
// Looser credit lets unrelated text answer ("population" is 0.76 from
// "census", "year" 0.9 from "last").
func (r RelatedTerm) Credit() float64 {
	if r.Sim < relatedCreditMinSim {
		return 0
	}
	return relatedCredit * float64(r.Sim)
}

// RelatedTerms returns the terms of s (as Terms gives them, once each, in
// text order) that have related terms: the terms of up to four of the
// words nearest to the term's word in meaning, at least 0.6 similar, other
// than s's own terms. Only English words, and the words a glossary
// translates into English, have neighbours. keep, when not nil, says which
// related terms may be returned: those a corpus holds, and not as a name,
// for a name's neighbours are other names ("Tajikistan", "Uzbekistan").
func RelatedTerms(s string, keep func(term string) bool) []Related {
	tab, err := wordvec.Builtin()
	if err != nil {
		return nil
	}
	a := AnalyzerFor(s)
	type word struct{ en, term string }
	var words []word
	var own []string // s's terms, once each
	EachToken(s, func(t Token) {
		if term := a.Term(t); term != "" && !slices.Contains(own, term) {
			own = append(own, term)
			words = append(words, word{a.vectorWord(t.Text), term})
		}
	})
	var out []Related
	for _, w := range words {
		i, ok := tab.Find(w.en)
		if !ok {
			continue
		}
		var near []RelatedTerm
		for nb := range tab.Neighbours(i) {
			if nb.Sim < relatedMinSim || len(near) == relatedPerWord {
				break
			}
			rt := wordTerm(tab, nb.Word)
			if rt == "" || slices.Contains(own, rt) || (keep != nil && !keep(rt)) ||
				slices.ContainsFunc(near, func(r RelatedTerm) bool { return r.Term == rt }) {
				continue
			}
			near = append(near, RelatedTerm{rt, nb.Sim})
		}
		if len(near) > 0 {
			out = append(out, Related{w.term, near})
		}
	}
	return out
}

// wordTerms memoises the terms of the word vector table's words, by word
// number: a question's neighbours are analysed once per process, not once
// per search.
var wordTerms sync.Map // int32 → string

func wordTerm(tab *wordvec.Table, i int32) string {
	if t, ok := wordTerms.Load(i); ok {
		return t.(string)
	}
	t := englishTermOf(tab.Word(i))
	wordTerms.Store(i, t)
	return t
}

// englishTermOf is the term of an English word, "" for a stop word.
func englishTermOf(w string) string {
	if english.stop[w] || len(w) < 2 {
		return ""
	}
	return englishTerm(w)
}

// vectorWord is the English word whose vector stands for a token of the
// analyzer's language: itself in English, its translation in another
// language, "" for none.
func (a Analyzer) vectorWord(tok string) string {
	if isCyrillic(tok) {
		en, _ := a.cyrillic().translate(tok)
		return en
	}
	switch l := a.Lang; {
	case l == nil:
		for _, l := range ordered {
			if l.Code != "en" && l.Script == Latin {
				if en, ok := l.translateExact(tok); ok {
					return en
				}
			}
		}
		return tok
	case l.Code == "en":
		return tok
	default:
		en, _ := l.translate(tok)
		return en
	}
}
