package retrieval

import (
	"github.com/cstobot/cstobot/internal/text"
)

// A passage answers a question when one of its sentences does: holds most
// of the question's rarer words together and, for "when", "how many" or
// "who", a date, a number or a name. BM25 and the vectors score the
// passage as a whole, so that a passage mentioning the question's words in
// different sentences, about other things, can outrank the one whose
// sentence answers. The fused candidates are therefore scored again by
// their best sentence (sentenceScore), and that score, times
// sentenceWeight, is added to their fused score.
const (
	// sentenceWeight is the weight of a passage's best sentence's score
	// next to its fused score (0..1).
	sentenceWeight = 1.0
	// sentenceIntent is what a sentence holding what the question asks
	// for adds to its share of the question's terms.
	sentenceIntent = 0.25
	// titleCredit is how much of a question's term a sentence holds when
	// only its article's title has it: a sentence need not repeat what
	// its article is about.
	titleCredit = 0.5
)

// sentenceInfo is what the reranker knows of one sentence of a passage.
type sentenceInfo struct {
	terms        map[int32]bool // term ids
	title        map[int32]bool // term ids of its article's title
	date, count  bool           // it states a date, a count
	name, reason bool           // it names someone, gives a reason
}

// sentences returns the analysed sentences of passage doc, computed once
// per snapshot.
func (s *state) sentences(doc int) []sentenceInfo {
	if v, ok := s.sents.Load(doc); ok {
		return v.([]sentenceInfo)
	}
	p := s.passages[doc]
	an := text.AnalyzerFor(p.text)
	code := ""
	if an.Lang != nil {
		code = an.Lang.Code
	}
	title := map[int32]bool{}
	for _, t := range text.Terms(s.articles[p.article].Title) {
		if id, ok := s.lex.vocab[t]; ok {
			title[id] = true
		}
	}
	var out []sentenceInfo
	for _, sen := range text.Sentences(p.text) {
		si := sentenceInfo{terms: map[int32]bool{}, title: title}
		for _, t := range an.Terms(sen.Lead + " " + sen.Text) {
			if id, ok := s.lex.vocab[t]; ok {
				si.terms[id] = true
			}
		}
		for _, f := range text.FactsIn(sen.Text, code) {
			si.date = si.date || f.Kind == text.Date
			si.count = si.count || f.Kind == text.Count || f.Kind == text.Multiple
		}
		si.name = len(text.Names("x "+sen.Text)) > 0
		si.reason = text.GivesReason(sen.Text, code)
		out = append(out, si)
	}
	s.sents.Store(doc, out)
	return out
}

// sentenceScore is the best, over the sentences of passage doc, of the
// IDF-weighted share of the question's terms (q) the sentence holds, plus
// sentenceIntent when it holds what in asks for.
func (s *state) sentenceScore(doc int, q []coverTerm, total float64, in text.Intent) float64 {
	best := 0.0
	for _, si := range s.sentences(doc) {
		have := 0.0
		for _, t := range q {
			switch {
			case t.id < 0:
			case si.terms[t.id]:
				have += t.idf
			case si.title[t.id]:
				have += titleCredit * t.idf
			}
		}
		v := have / total
		if v > 0 && si.answers(in) {
			v += sentenceIntent
		}
		best = max(best, v)
	}
	return best
}

func (si sentenceInfo) answers(in text.Intent) bool {
	switch in.Want {
	case text.WantDate:
		return si.date
	case text.WantNumber:
		return si.count
	case text.WantName, text.WantPlace:
		return si.name
	case text.WantReason:
		return si.reason
	}
	return false
}

// bySentence adds to each ranked passage's score its best sentence's
// score, and sorts again.
func (s *state) bySentence(ranked []Scored, cov coverer, in text.Intent) {
	if cov.total == 0 {
		return
	}
	for i := range ranked {
		ranked[i].Score += sentenceWeight * s.sentenceScore(ranked[i].Doc, cov.terms, cov.total, in)
	}
	sortScored(ranked)
}
