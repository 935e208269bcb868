package answer

import (
	"slices"
	"strings"

	"github.com/cstobot/cstobot/internal/text"
	"github.com/cstobot/cstobot/retrieval"
)

// question is a question as the extractive drafter reads it.
type question struct {
	text   string
	intent text.Intent
	terms  []string // distinct, as its language analyses them
	// near holds the terms related in meaning to the question's terms,
	// which a sentence may say instead ("unrest" for "riots").
	near map[string][]text.RelatedTerm
	// kin is a word of the question that the passages never use and at
	// least two of whose nearest words are names they do use: a name of
	// the same kind, written in lower case ("did turkmenistan join?"
	// beside Uzbekistan and Kazakhstan), which unknownName cannot see and
	// the passages do not cover; "" for none.
	kin string
}

func newQuestion(s string) *question {
	return &question{text: s, intent: text.ParseQuestion(s), terms: distinct(text.Terms(s))}
}

// relate finds the terms related in meaning to the question's that the
// hits' passages use, not as names; a question term the passages only use
// as a name has none. It also finds q.kin.
func (q *question) relate(hits []retrieval.Hit, kinMinSim float64) {
	var all strings.Builder
	for _, h := range hits {
		all.WriteString(h.Passage.Text)
		all.WriteString("\n")
	}
	cases := text.TermCases(all.String()) // every term of the passages
	isName := func(t string) bool { common, ok := cases[t]; return ok && !common }
	for _, r := range text.RelatedTerms(q.text, func(t string) bool { return cases[t] }) {
		if isName(r.Term) {
			continue
		}
		if q.near == nil {
			q.near = make(map[string][]text.RelatedTerm)
		}
		q.near[r.Term] = r.Near
	}
	for _, r := range text.RelatedTerms(q.text, isName) {
		kin := 0
		for _, n := range r.Near {
			if float64(n.Sim) >= kinMinSim {
				kin++
			}
		}
		if kin >= 2 && !text.KnownName(r.Term, cases) {
			q.kin = r.Term
			return
		}
	}
}

// held is how much of question term t candidate c holds: all of it when c
// has the term or a synonym of it, part of it when c has a term related
// in meaning or its article's title has the term (context, worth
// contextCredit).
func (q *question) held(c *candidate, t string, contextCredit float64) float64 {
	if c.terms[t] {
		return 1
	}
	best := 0.0
	if c.context[t] {
		best = contextCredit
	}
	for _, n := range q.near[t] { // most similar first
		if c.terms[n.Term] {
			return max(best, n.Credit())
		}
	}
	return best
}

// unknownName returns a name the question asks about that no passage found
// mentions, or "" when there is none: a question about France, the FIFA
// World Cup or a Secretary General that the sources never name is one
// they don't cover, however many of its other words they share ("What is
// the capital of France?" finds "the capital of Uzbekistan"). A name is
// known when any of its words is, allowing for misspellings and
// translations (text.SameName): "Haut-Karabakh" is known by "Karabakh",
// "Kazakstan" by "Kazakhstan". A month is not checked as a name: dates
// are checked as dates.
//
// vocabulary gives the terms of the passages found; it is called only
// when the question has a name.
func unknownName(s string, vocabulary func() map[string]bool) string {
	var evidence map[string]bool
	for _, n := range text.Names(s) {
		if evidence == nil {
			evidence = vocabulary()
		}
		found, said := false, false
		for _, w := range n.Words {
			if text.MonthWord(text.Token{Text: text.Fold(w), Capital: true}) {
				found = true
				break
			}
			for _, t := range text.Terms(w) {
				said = true
				found = found || text.KnownName(t, evidence)
			}
		}
		if said && !found {
			return n.Text()
		}
	}
	return ""
}

func distinct(terms []string) []string {
	out := terms[:0:0]
	for _, t := range terms {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func termSet(terms []string) map[string]bool {
	set := make(map[string]bool, len(terms))
	for _, t := range terms {
		set[t] = true
	}
	return set
}

// withSynonyms adds to a set of terms their synonyms (text.Synonyms).
func withSynonyms(set map[string]bool) map[string]bool {
	for t := range set {
		for _, u := range text.Synonyms(t) {
			set[u] = true
		}
	}
	return set
}

// questionTerm returns the term of the question (a key of weight) that t
// is, or is a synonym of.
func questionTerm(t string, weight map[string]float64) (string, bool) {
	if _, ok := weight[t]; ok {
		return t, true
	}
	for _, u := range text.Synonyms(t) {
		if _, ok := weight[u]; ok {
			return u, true
		}
	}
	return "", false
}
