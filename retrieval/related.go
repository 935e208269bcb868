package retrieval

import (
	"math"
	"slices"
	"sync"

	"github.com/cstobot/cstobot/retrieval/wordvec"
)

// Words in other words. A question rarely uses the article's words: it asks
// how many "soldiers" were sent where the article counts "troops", or which
// countries "quit" where it says they "withdrew". The built-in search meets
// such paraphrases through English word vectors (package wordvec), in three
// places:
//
//   - the built-in embedder adds to its hashed features the weighted mean of
//     the word vectors of a text's words (meaning), so that texts
//     about the same things are near even when they share no word;
//   - BM25 searches a question's word the corpus never uses also for up to
//     relatedPerWord corpus terms of its nearest words, at relatedWeight of
//     their weight (Lexical.search);
//   - coverage, on which a refusal is decided, counts a question's term
//     missing from a passage as partly there when a related term is
//     (coverer), and so does the extractive drafter (see RelatedTerms).
//
// Measured on our question sets (quality_test.go, cstobot eval) against
// the same search without them: see docs/PERFORMANCE.md.
const (
	// relatedMinSim is the least cosine similarity of a related word.
	// GloVe's neighbours at 0.6 and above are mostly synonyms, forms and
	// close kin ("quit": "resign", "leave"); below it, mere topic words.
	relatedMinSim = 0.6
	// relatedPerWord is the most related terms one word stands for.
	relatedPerWord = 4
	// relatedWeight scales a related term's similarity into its weight in
	// BM25, next to 1 for the question's own terms. Searching for related
	// terms of words the corpus does use as well ranked worse: a question
	// that says "troops" and finds them needs no "soldiers".
	relatedWeight = 0.5
	// relatedCredit scales a related term's similarity into the share of
	// the question's term it covers, from relatedCreditMinSim up. Refusals
	// are where a loose neighbour does harm: "population" is 0.77 from
	// "inhabitants" but 0.76 from "census", "year" 0.9 from "last". On our
	// sets, credit 0.9 from 0.6 up halved the answerable questions refused
	// and answered one in five out-of-scope ones; 0.7 from 0.7 up refused
	// half as many answerable questions as no credit at all, and every
	// out-of-scope one still.
	relatedCredit       = 0.7
	relatedCreditMinSim = 0.7
	// semanticShare is the part of the built-in embedder's squared vector
	// length given to the word vectors: two vectors' similarity is then
	// 0.5 × their hashed features' + 0.5 × their meanings'. Measured at
	// 0.2, 0.35, 0.5, 0.65 and 0.8; from 0.5 up hit@1 changed little.
	semanticShare = 0.5
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

// Credit is the share of the first term that the related term covers in a
// passage that lacks the first: relatedCredit × Sim, from
// relatedCreditMinSim up.
func (r RelatedTerm) Credit() float64 {
	if r.Sim < relatedCreditMinSim {
		return 0
	}
	return relatedCredit * float64(r.Sim)
}

// RelatedTerms returns the terms of text (as Terms gives them, once each,
// in text order) that have related terms: the terms of up to relatedPerWord
// of the words nearest to the term's word in meaning, at least
// relatedMinSim similar, other than text's own terms. Only English words
// (and the words the glossary translates) have neighbours. keep, when not
// nil, says which related terms may be returned: those a corpus holds, and
// not as a name, for a name's neighbours are other names ("Tajikistan",
// "Uzbekistan").
func RelatedTerms(text string, keep func(term string) bool) []Related {
	tab, err := wordvec.Builtin()
	if err != nil {
		return nil
	}
	type word struct{ tok, term string }
	var words []word
	var own []string // text's terms, once each
	eachToken(text, func(tok string, capital bool) {
		if t := analyzeToken(tok, capital); t != "" && !slices.Contains(own, t) {
			own = append(own, t)
			words = append(words, word{tok, t})
		}
	})
	var out []Related
	for _, w := range words {
		i, ok := tab.Find(vectorWord(w.tok))
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
	t := analyzeToken(tab.Word(i), false)
	wordTerms.Store(i, t)
	return t
}

// TermCases returns the terms of text, each mapped to whether at least one
// of its words gives it in lower case: false for a term only ever written
// as a name.
func TermCases(text string) map[string]bool {
	cases := make(map[string]bool)
	eachToken(text, func(tok string, capital bool) {
		if t := analyzeToken(tok, capital); t != "" {
			cases[t] = cases[t] || !capital
		}
	})
	return cases
}

// vectorWord is the English word whose vector stands for tok: a word the
// glossary translates is looked up in English.
func vectorWord(tok string) string {
	if isCyrillic(tok) {
		if en, ok := ruGlossary[tok]; ok {
			return en
		}
		return ""
	}
	if en, ok := lookupGlossary(tok); ok {
		return en
	}
	return tok
}

// meaning sums the word vectors of a text's content words into v
// (wordvec.Dim long), each weighted by how rare the word is in English (the
// log of its frequency rank: 0.2 for "the", 1 for the rarest).
type meaning struct {
	tab   *wordvec.Table // nil if the table is unavailable
	v     []float32
	found bool
}

func newMeaning(v []float32) meaning {
	tab, _ := wordvec.Builtin()
	return meaning{tab: tab, v: v}
}

// add adds the vector of tok, a token whose term is not empty; numbers have
// none.
func (m *meaning) add(tok string) {
	if m.tab == nil || tok[0] >= '0' && tok[0] <= '9' {
		return
	}
	if i, ok := m.tab.Find(vectorWord(tok)); ok {
		m.tab.AddTo(m.v, i, float32(math.Log(float64(i)+10)/math.Log(float64(m.tab.Len())+10)))
		m.found = true
	}
}

// done scales the sum to unit length and reports whether any word had a
// vector.
func (m *meaning) done() bool {
	if m.found {
		scaleToUnit(m.v)
	}
	return m.found
}
