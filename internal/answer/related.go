package answer

import (
	"github.com/cstobot/cstobot/retrieval"
)

// related maps the analysed term of a word to those of words that questions
// and articles on security use for the same thing: a question about
// "soldiers" is answered by a sentence about "peacekeepers" or "men sent",
// one about a "country" by one about a "member state". Retrieval finds the
// passage through the embedding; this lets the drafter find the sentence.
// The groups are few and close on purpose: a loose one would let unrelated
// sentences answer.
var related = relatedTerms(
	"troops soldiers men peacekeepers contingents units",
	"country state nation republic",
	"war conflict clash fighting warfare",
	"leave quit withdraw",
	"join enter rejoin",
	"goal purpose aim",
	"criticism criticize mock",
	"help support",
)

func relatedTerms(groups ...string) map[string][]string {
	m := map[string][]string{}
	for _, g := range groups {
		ts := distinct(retrieval.Terms(g))
		for _, t := range ts {
			for _, u := range ts {
				if u != t {
					m[t] = append(m[t], u)
				}
			}
		}
	}
	return m
}

// withRelated adds to a set of terms those related to them.
func withRelated(set map[string]bool) map[string]bool {
	for t := range set {
		for _, u := range related[t] {
			set[u] = true
		}
	}
	return set
}

// questionTerm returns the term of the question (a key of weight) that t
// is, or is related to.
func questionTerm(t string, weight map[string]float64) (string, bool) {
	if _, ok := weight[t]; ok {
		return t, true
	}
	for _, u := range related[t] {
		if _, ok := weight[u]; ok {
			return u, true
		}
	}
	return "", false
}
