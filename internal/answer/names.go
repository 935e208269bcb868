package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cstobot/cstobot/retrieval"
)

// unknownName returns a name the question asks about that no passage found
// mentions, or "" when there is none: a question about France, the FIFA
// World Cup or a Secretary General that the sources never name is one
// they don't cover, however many of its other words they share ("What is
// the capital of France?" finds "the capital of Uzbekistan").
//
// A name is a run of capitalised words after the first word of the
// question (which is capitalised anyway), or a word in capitals
// anywhere; it is known when any of its words is, allowing a misspelling
// (see [known]): "Haut-Karabakh" is known by "Karabakh", "Kazakstan" by
// "Kazakhstan".
//
// vocabulary gives the terms of the passages found; it is called only
// when the question has a name.
func unknownName(question string, vocabulary func() map[string]bool) string {
	var evidence map[string]bool
	for _, run := range nameRuns(question) {
		if evidence == nil {
			evidence = vocabulary()
		}
		found, said := false, false
		for _, w := range run {
			if factWordOf(w) {
				found = true // a month: dates are checked as dates
				break
			}
			for _, t := range retrieval.Terms(w) {
				said = true
				found = found || known(t, evidence)
			}
		}
		if !said {
			continue // only stop words: "US" is read as "us"
		}
		if !found {
			return strings.Join(run, " ")
		}
	}
	return ""
}

// nameRuns returns the runs of capitalised words of question, leaving out
// its first word unless it is in capitals.
func nameRuns(question string) [][]string {
	var runs [][]string
	var run []string
	flush := func() {
		if len(run) > 0 {
			runs = append(runs, run)
		}
		run = nil
	}
	first := true
	for _, w := range strings.FieldsFunc(question, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '’'
	}) {
		w = strings.TrimSuffix(strings.TrimSuffix(strings.Trim(w, "-'’"), "'s"), "’s")
		r, _ := utf8.DecodeRuneInString(w)
		caps := utf8.RuneCountInString(w) > 1 && strings.ToUpper(w) == w && unicode.IsLetter(r)
		if unicode.IsUpper(r) && (!first || caps) {
			run = append(run, w)
		} else {
			flush()
		}
		first = false
	}
	flush()
	return runs
}

// known reports whether a term, or one a letter or two off it or that
// it starts or is started by, is among evidence's keys: questions misspell names ("Kazakstan", "Kyrgystan") and
// translate them ("Tachkent").
func known(term string, evidence map[string]bool) bool {
	if _, ok := evidence[term]; ok {
		return true
	}
	slack := 0
	switch n := len(term); {
	case n >= 7:
		slack = 2
	case n >= 5:
		slack = 1
	}
	for t := range evidence {
		if slack > 0 && t[0] == term[0] && withinEdits(t, term, slack) ||
			stemOf(term, t) || stemOf(t, term) {
			return true
		}
	}
	return false
}

// stemOf reports whether a, of four letters or more, starts b: the
// analyser cuts a misspelt name shorter ("Kyrgystan" → "kirg") than the
// right one ("kirgiz").
func stemOf(a, b string) bool {
	return len(a) >= 4 && strings.HasPrefix(b, a)
}

// withinEdits reports whether a and b are at most k insertions, deletions
// or substitutions apart (bytes; terms are ASCII after analysis).
func withinEdits(a, b string, k int) bool {
	if d := len(a) - len(b); d > k || -d > k {
		return false
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= k
}
