package answer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
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
