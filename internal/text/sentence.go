package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a period that does not end a sentence. Only words
// usually followed by a capitalised word are listed ("Dr. Smith", "Gen.
// Gerasimov"); the rest are caught by the rule that a sentence starts with a
// capital letter or a digit.
var abbreviations = set(`mr mrs ms dr prof sr jr st mt vs no nos nr vol pp p cf gen col lt
	sgt capt gov sen rep pres inc ltd co corp jan feb mar apr jun jul aug sep sept
	oct nov dec approx ca fig art para etc vgl bzw sig sra dott ing avv`)

// SentenceEnds returns the byte offsets in s at which sentences end: after
// terminal punctuation (and any closing quotes or brackets) that is followed
// by white space and a capital letter, a digit, an opening quote or bracket,
// or "…" (a quote that starts mid-sentence), unless the full stop ends an
// abbreviation or an initial. The end of s is not included.
func SentenceEnds(s string) []int {
	var ends []int
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isTerminal(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			c, n := utf8.DecodeRuneInString(s[j:])
			if !strings.ContainsRune(".!?…\"'”’»)]", c) {
				break
			}
			j += n
		}
		if startsSentence(s[j:], r) && !(r == '.' && (isAbbreviation(s[:i]) || isDayOfMonth(s[:i], s[j:]))) {
			ends = append(ends, j)
		}
		i = j
	}
	return ends
}

// isTerminal reports whether r can end a sentence.
func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？':
		return true
	}
	return false
}

// startsSentence reports whether rest (the text after terminal punctuation
// term) begins a new sentence.
func startsSentence(rest string, term rune) bool {
	if strings.ContainsRune("。！？", term) {
		return rest != ""
	}
	t := strings.TrimLeftFunc(rest, unicode.IsSpace)
	if t == "" || len(t) == len(rest) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	if r == '[' && len(t) > 1 && t[1] >= '0' && t[1] <= '9' {
		return false // a citation marker belongs to the sentence before it
	}
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘«([¿¡…", r) ||
		unicode.IsLetter(r) && !unicode.IsLower(r) // scripts without case
}

// isDayOfMonth reports whether a full stop between before and after is
// that of a day written as an ordinal, as German and the Nordic languages
// date: "am 20. April 1994". A month named after a number ending a
// sentence is read so too; a month word starting a sentence after a
// number is rare enough.
func isDayOfMonth(before, after string) bool {
	day := before[strings.LastIndexFunc(before, unicode.IsSpace)+1:]
	if n := len(day); n == 0 || n > 2 || strings.TrimLeft(day, "0123456789") != "" {
		return false
	}
	month, _, _ := strings.Cut(strings.TrimSpace(after), " ")
	month = strings.TrimRight(month, ",.;:")
	return MonthWord(Token{Text: Fold(month), Capital: true})
}

// isAbbreviation reports whether the word that ends before is an
// abbreviation, an initial ("J.") or a dotted initialism ("U.S", "e.g").
func isAbbreviation(before string) bool {
	word := before[strings.LastIndexFunc(before, unicode.IsSpace)+1:]
	word = strings.TrimLeft(word, "\"'“‘«([")
	if word == "" {
		return false
	}
	if abbreviations[strings.ToLower(word)] {
		return true
	}
	// An initial or initialism: single letters separated by periods.
	for i, part := range strings.Split(word, ".") {
		if utf8.RuneCountInString(part) != 1 || !unicode.IsLetter([]rune(part)[0]) {
			return false
		}
		if i == 0 && !unicode.IsUpper([]rune(part)[0]) && !strings.Contains(word, ".") {
			// A lone lower-case letter ("plan b.") ends a sentence.
			return false
		}
	}
	return true
}

// SplitSentences cuts one line of text at its sentence ends, each
// sentence trimmed.
func SplitSentences(line string) []string {
	var out []string
	start := 0
	for _, end := range append(SentenceEnds(line), len(line)) {
		if s := strings.TrimSpace(line[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
	}
	return out
}

// Sentence is a sentence of a passage, and the lead-in that gives it its
// sense: for an item of a list ("Belarus: 103a Airborne Brigade"), the line
// that introduced the list ("the units deployed … were the following:").
type Sentence struct {
	Text, Lead string
	// Start and End are the sentence's byte offsets in the passage.
	Start, End int
}

// minSentenceWords is the fewest words a sentence of a passage has: a
// shorter line is a date line, a credit, a caption.
const minSentenceWords = 3

// Sentences splits a passage into sentences: at line breaks (lists put one
// item on each line), then at sentence ends (SentenceEnds). A list item
// loses its bullet; fragments of fewer than three words are left out; a
// list's lead-in goes with each of its items.
func Sentences(passage string) []Sentence {
	var out []Sentence
	lead := ""
	offset := 0
	for _, line := range strings.SplitAfter(passage, "\n") {
		base := offset
		offset += len(line)
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			continue
		}
		item := strings.TrimLeft(trimmed, "•*-–· ")
		if item == trimmed {
			lead = "" // not a list item: any list has ended
		}
		at := base + strings.Index(line, item)
		start := 0
		for _, end := range append(SentenceEnds(item), len(item)) {
			raw := item[start:end]
			s := strings.TrimSpace(raw)
			from := at + start + strings.Index(raw, s)
			start = end
			if s == "" {
				continue
			}
			if len(strings.Fields(s)) >= minSentenceWords {
				out = append(out, Sentence{Text: s, Lead: lead, Start: from, End: from + len(s)})
			}
			if strings.HasSuffix(s, ":") {
				lead = s
			}
		}
	}
	return out
}
