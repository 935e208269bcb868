package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Terms splits text into normalised lexical terms, in text order with
// repeats, for the lexical index and the built-in embedder alike:
//
//   - words are lower-cased and accents folded ("président" → "president");
//   - numbers keep their digits only ("3,800" → "3800"), and digits are split
//     from letters ("103rd" → "103", "rd");
//   - stop words of English, Italian, French and Russian are dropped;
//   - a small glossary maps common Italian, French and Russian words of
//     questions about security and politics to English ("confine" → border);
//   - Russian words lose their case endings and are transliterated to Latin
//     ("Казахстана" → kazakhstan); other words get a light English stemmer;
//   - a phonetic key then folds spelling variants that transliteration
//     produces ("kh"/"h", "dzh"/"j", "ay"/"ai", a final vowel), so that
//     "Токаев" and "Tokayev" meet as one term.
//
// Terms are opaque keys, not words to show: "countries" becomes "countr".
func Terms(text string) []string {
	terms := make([]string, 0, len(text)/6+1)
	eachToken(text, func(tok string, capital bool) {
		if t := analyzeToken(tok, capital); t != "" {
			terms = append(terms, t)
		}
	})
	return terms
}

// eachToken calls fn with each word or number of text, lower-cased and with
// accents folded, and whether it began with a capital letter. A word is a run
// of letters; a number is a run of digits in which "." and "," between digits
// are grouping marks and are dropped.
//
// Tokens are substrings of one normalised copy of text: a strings.Builder
// only ever appends, so a string taken from it stays valid, and the tokens
// cost no allocation each.
func eachToken(text string, fn func(tok string, capital bool)) {
	var b strings.Builder
	b.Grow(len(text) + 8)
	start, kind, capital := 0, 0, false // kind: 0 none, 1 letters, 2 digits
	flush := func() {
		if b.Len() > start {
			fn(b.String()[start:], capital)
			start = b.Len()
		}
		kind = 0
	}
	for i, r := range text {
		switch {
		case unicode.IsLetter(r):
			if kind != 1 {
				flush()
				kind, capital = 1, unicode.IsUpper(r)
			}
			foldRune(&b, unicode.ToLower(r))
		case unicode.IsDigit(r):
			if kind != 2 {
				flush()
				kind = 2
			}
			b.WriteRune(r)
		case (r == '.' || r == ',') && kind == 2 && nextIsDigit(text[i+1:]):
			// A grouping mark inside a number: keep the number whole.
		case r == '\u0301' || r == '\u0300' || r == '\u0308':
			// Combining accents (stress marks in Russian text): skip.
		default:
			flush()
		}
	}
	flush()
}

func nextIsDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= '0' && r <= '9'
}

// analyzeToken turns one lower-cased, folded token into a term, or "" when it
// is a stop word or too short to carry meaning.
func analyzeToken(tok string, capital bool) string {
	if tok[0] >= '0' && tok[0] <= '9' {
		return tok
	}
	if isCyrillic(tok) {
		return analyzeRussian(tok, capital)
	}
	if len(tok) < 2 || stopWords[tok] {
		return ""
	}
	if en, ok := lookupGlossary(tok); ok {
		tok = en
	}
	return englishTerm(tok)
}

// englishTerm turns an English word into its term.
func englishTerm(w string) string {
	if base, ok := irregular[w]; ok {
		w = base
	}
	return phoneticKey(stemEnglish(w))
}

// analyzeRussian handles a Cyrillic token: stop words and the glossary are
// checked on the Cyrillic form, then the stem is transliterated.
func analyzeRussian(tok string, capital bool) string {
	if ruStopWords[tok] {
		return ""
	}
	if en, ok := ruGlossary[tok]; ok {
		return englishTerm(en)
	}
	stem := stemRussian(tok, capital)
	if en, ok := ruGlossary[stem]; ok {
		return englishTerm(en)
	}
	lat := transliterate(stem)
	if len(lat) < 2 {
		return ""
	}
	return phoneticKey(lat)
}

// lookupGlossary finds an Italian or French word in the glossary, also in its
// plural form.
func lookupGlossary(tok string) (string, bool) {
	if en, ok := glossary[tok]; ok {
		return en, true
	}
	if n := len(tok); n > 3 && (tok[n-1] == 's' || tok[n-1] == 'x') {
		en, ok := glossary[tok[:n-1]]
		return en, ok
	}
	return "", false
}

func isCyrillic(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 0x0400 && r <= 0x04FF
}

// foldRune writes r without its accent; ligatures and ß become two letters.
func foldRune(b *strings.Builder, r rune) {
	if r < 0x80 {
		b.WriteByte(byte(r))
		return
	}
	if s, ok := foldTable[r]; ok {
		b.WriteString(s)
		return
	}
	b.WriteRune(r)
}

// foldTable covers the accented letters of the Latin-script languages a
// question is likely to come in: Western and Central European.
var foldTable = func() map[rune]string {
	m := map[rune]string{'æ': "ae", 'œ': "oe", 'ß': "ss", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i"}
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ",
		"h": "ĥħ", "i": "ìíîïĩīĭįi̇", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ",
		"o": "òóôõöōŏő", "r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų",
		"w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	}
	for base, letters := range groups {
		for _, r := range letters {
			if r >= 0x80 {
				m[r] = base
			}
		}
	}
	return m
}()
