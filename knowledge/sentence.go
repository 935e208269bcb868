package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a period that does not end a sentence. Only words
// usually followed by a capitalised word are listed ("Dr. Smith", "Gen.
// Gerasimov"); the rest are caught by the rule that a sentence starts with a
// capital letter or a digit.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true,
	"jr": true, "st": true, "mt": true, "vs": true, "no": true, "nos": true,
	"vol": true, "pp": true, "p": true, "cf": true, "gen": true, "col": true,
	"lt": true, "sgt": true, "capt": true, "gov": true, "sen": true, "rep": true,
	"pres": true, "inc": true, "ltd": true, "co": true, "corp": true, "jan": true,
	"feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"approx": true, "ca": true, "fig": true, "art": true, "para": true,
}

// sentenceEnds returns the byte offsets in s at which sentences end: after
// terminal punctuation (and any closing quotes or brackets) that is followed
// by white space and a capital letter, a digit or an opening quote. The end
// of s is not included.
func sentenceEnds(s string) []int {
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
		if startsSentence(s[j:], r) && !(r == '.' && isAbbreviation(s[:i])) {
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
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘«([", r) ||
		unicode.IsLetter(r) && !unicode.IsLower(r) // scripts without case
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
