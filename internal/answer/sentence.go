package answer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cstobot/cstobot/retrieval"
)

var (
	// abbrevRE matches a last word that ends with a full stop without
	// ending the sentence: initials ("A.", "U.S.", "e.g."), or a common
	// abbreviation.
	abbrevRE  = regexp.MustCompile(`(?i)^(?:(?:\p{L}\.)+|(?:mr|mrs|ms|dr|st|vs|etc|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|no|nr|approx)\.)$`)
	sentEndRE = regexp.MustCompile(`[.!?]["”»)]?\s+`)
)

// sentences splits a passage into sentences: at line breaks (lists put one
// item on each line), and after ".", "!" or "?" followed by a space and a
// capital letter, a digit or a quote, unless the full stop ends an
// abbreviation.
func sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimLeft(strings.TrimSpace(line), "•*-–· ")
		start := 0
		for _, loc := range sentEndRE.FindAllStringIndex(line, -1) {
			next, _ := utf8.DecodeRuneInString(line[loc[1]:])
			head := strings.TrimRight(line[start:loc[1]], " \t")
			if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"“«(`, next) ||
				abbrevRE.MatchString(head[strings.LastIndexAny(head, " (")+1:]) {
				continue
			}
			out = appendSentence(out, head)
			start = loc[1]
		}
		out = appendSentence(out, line[start:])
	}
	return out
}

// appendSentence keeps sentences with at least a few words: a date line or a
// photo credit alone answers nothing, nor does the line that introduces a
// list ("the units were the following:") without its items.
func appendSentence(out []string, s string) []string {
	s = strings.TrimSpace(s)
	if len(strings.Fields(s)) < 3 || strings.HasSuffix(s, ":") {
		return out
	}
	return append(out, s)
}

// Words of a question that say what kind of answer it wants, in the
// languages the built-in analyser knows.
var (
	whenWords    = words("when quando quand когда wann cuando cuándo date year anno année год")
	howManyWords = words("many much quanti quante quanto combien сколько viele cuántos cuántas number numero nombre")
	whoWords     = words("who whom chi qui кто wer quién")
	yearRE       = regexp.MustCompile(`\b(1[5-9]|20)\d\d\b|(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december)\b`)
	numberRE     = regexp.MustCompile(`\d|(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|thousand|million)\b`)
	nameRE       = regexp.MustCompile(`\s\p{Lu}\p{Ll}+`)
)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// askedFor returns a test for the kind of fact the question asks for, or
// nil when it asks for none in particular.
func askedFor(question string) func(sentence string) bool {
	fields := strings.FieldsFunc(strings.ToLower(question), func(r rune) bool {
		return !unicode.IsLetter(r)
	})
	for _, f := range fields {
		switch {
		case whenWords[f]:
			return yearRE.MatchString
		case howManyWords[f]:
			return numberRE.MatchString
		case whoWords[f]:
			return nameRE.MatchString
		}
	}
	return nil
}

// maxSentenceChars is the longest sentence quoted whole; a longer one is
// cut down to the clauses that matter (the article has sentences of 500
// characters and more).
const maxSentenceChars = 280

// shorten cuts a sentence longer than maxSentenceChars to the run of
// consecutive clauses (split after commas and semicolons) that fits and
// holds the most question weight (the longest such run, for context), and
// marks the cuts with "…". A sentence with no clause short enough is kept.
func shorten(text string, weight map[string]float64, want func(string) bool) string {
	if len(text) <= maxSentenceChars {
		return text
	}
	parts := clauseRE.Split(text, -1)
	seps := clauseRE.FindAllString(text, -1)
	clauses := make([]string, len(parts))
	for i, p := range parts {
		clauses[i] = p
		if i < len(seps) {
			clauses[i] += seps[i]
		}
	}
	bonus := 0.0
	for _, w := range weight {
		bonus = max(bonus, w)
	}
	from, to, best := 0, -1, -1.0
	for i := range clauses {
		size, sum := 0, 0.0
		seen := map[string]bool{}
		for j := i; j < len(clauses); j++ {
			if size += len(clauses[j]); size > maxSentenceChars {
				break
			}
			for _, t := range retrieval.Terms(clauses[j]) {
				if !seen[t] {
					seen[t] = true
					sum += weight[t]
				}
			}
			if want != nil && want(clauses[j]) && !seen["\x00want"] {
				seen["\x00want"] = true
				sum += bonus
			}
			if sum > best || sum == best && j-i > to-from {
				from, to, best = i, j, sum
			}
		}
	}
	if to < 0 || best < whole(text, weight, want, bonus) {
		return text // no cut keeps all that matched
	}
	out := strings.TrimRight(strings.Join(clauses[from:to+1], ""), ",; ")
	if from > 0 {
		out = "…" + out
	}
	if to < len(clauses)-1 {
		out += "…"
	}
	return out
}

// whole is what shorten counts for a whole sentence.
func whole(text string, weight map[string]float64, want func(string) bool, bonus float64) float64 {
	sum := 0.0
	for _, t := range distinct(retrieval.Terms(text)) {
		sum += weight[t]
	}
	if want != nil && want(text) {
		sum += bonus
	}
	return sum
}

// clauseRE separates clauses: a comma or semicolon and the spaces after it.
var clauseRE = regexp.MustCompile(`[,;]\s+`)
