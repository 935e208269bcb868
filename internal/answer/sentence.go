package answer

import (
	"maps"
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

// span is a sentence of a passage, and the lead-in that gives it its
// sense: for an item of a list ("Belarus: 103a Airborne Brigade"), the line
// that introduced the list ("the units deployed … were the following:").
type span struct {
	text, lead string
}

// sentences splits a passage into sentences: at line breaks (lists put one
// item on each line), and after ".", "!" or "?" followed by a space and a
// capital letter, a digit, a quote or "…" (a cut sentence), unless the
// full stop ends an abbreviation. Fragments of fewer than three words (a
// date line, a credit) are left out. A list's lead-in goes with each of
// its items.
func sentences(text string) []span {
	var out []span
	lead := ""
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		item := strings.TrimLeft(line, "•*-–· ")
		if line == "" {
			continue
		}
		if item == line {
			lead = "" // not a list item: any list has ended
		}
		for _, s := range splitLine(item) {
			if len(strings.Fields(s)) >= 3 {
				out = append(out, span{text: s, lead: lead})
			}
			if strings.HasSuffix(s, ":") {
				lead = s
			}
		}
	}
	return out
}

// splitLine splits one line into sentences.
func splitLine(line string) []string {
	var out []string
	start := 0
	for _, loc := range sentEndRE.FindAllStringIndex(line, -1) {
		next, _ := utf8.DecodeRuneInString(line[loc[1]:])
		head := strings.TrimRight(line[start:loc[1]], " \t")
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"“«(…`, next) ||
			abbrevRE.MatchString(head[strings.LastIndexAny(head, " (")+1:]) {
			continue
		}
		out = append(out, head)
		start = loc[1]
	}
	if rest := strings.TrimSpace(line[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// maxSentenceChars is the longest sentence quoted whole; a longer one is
// cut down to the clauses that matter (the article has sentences of 500
// characters and more).
const maxSentenceChars = 280

// shorten cuts a sentence longer than maxSentenceChars to the longest run
// of consecutive clauses (split after commas and semicolons) that fits and
// still holds every question term the sentence holds, and what the question
// asks for if the sentence has it; the cuts are marked with "…". When no
// run does, the sentence is kept whole: losing what matched is worse than
// length.
func shorten(text string, weight map[string]float64, want func(string) bool) string {
	if len(text) <= maxSentenceChars {
		return text
	}
	clauses := splitClauses(text)
	// matched[i] is what clause i holds of the question: its terms, and
	// wantKey when it has what the question asks for.
	const wantKey = "" // no term is empty
	matched := make([]map[string]bool, len(clauses))
	need := map[string]bool{}
	for i, c := range clauses {
		matched[i] = map[string]bool{}
		for _, t := range retrieval.Terms(c) {
			if _, ok := weight[t]; ok {
				matched[i][t] = true
			}
		}
		if want != nil && want(c) {
			matched[i][wantKey] = true
		}
		maps.Copy(need, matched[i])
	}
	from, to := -1, -1
	for i := range clauses {
		size, got := 0, map[string]bool{}
		for j := i; j < len(clauses); j++ {
			if size += len(clauses[j]); size > maxSentenceChars {
				break
			}
			maps.Copy(got, matched[j])
			if len(got) == len(need) && (from < 0 || j-i > to-from) {
				from, to = i, j
			}
		}
	}
	if from < 0 {
		return text
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

// splitClauses cuts text after each comma or semicolon and the spaces that
// follow; joined again, the clauses give text back.
func splitClauses(text string) []string {
	var out []string
	start := 0
	for _, loc := range clauseRE.FindAllStringIndex(text, -1) {
		out = append(out, text[start:loc[1]])
		start = loc[1]
	}
	return append(out, text[start:])
}

// clauseRE separates clauses: a comma or semicolon and the spaces after it.
var clauseRE = regexp.MustCompile(`[,;]\s+`)
