package text

import (
	"strings"
	"unicode"
)

// fold lower-cases s and drops its accents ("Président" → "president");
// ligatures and ß become two letters. Other scripts are only lower-cased.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		foldRune(&b, unicode.ToLower(r))
	}
	return b.String()
}

// Fold is what every word list and lookup of the text layer compares:
// s lower-cased, without accents.
func Fold(s string) string { return fold(s) }

// foldRune writes r, lower-case already, without its accent.
func foldRune(b *strings.Builder, r rune) {
	if r < 0x80 {
		b.WriteByte(byte(r))
		return
	}
	if s, ok := foldTable[r]; ok {
		b.WriteString(s)
		return
	}
	if r == 'ё' {
		r = 'е'
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
