// Package lang tells which language a short text, such as a question to the
// bot, is written in: in process, from the script and from small hand-made
// profiles of each language's function words, letters and letter trigrams,
// with no model or service. It knows English, Italian, French, German,
// Spanish and Portuguese in Latin script, and Russian and Ukrainian in
// Cyrillic.
package lang

import (
	"strings"
	"unicode"
)

// A text needs this much evidence (function words count 1, other profile
// matches less) before Detect names a language; below it the answer is
// ("", low) and the caller should fall back to what it knows otherwise,
// such as the interaction's locale.
const minEvidence = 1.5

// Detect returns the ISO 639-1 code of the language text is most likely
// written in, and a confidence from 0 to 1. Text too short or too mixed to
// tell gives "" and a confidence under 0.5. Names and numbers carry no
// weight: "Chi è Tokayev?" is Italian from "chi" and "è" alone.
func Detect(text string) (lang string, confidence float64) {
	words := tokens(text)
	var latin, cyrillic int
	for _, w := range words {
		for _, r := range w {
			switch {
			case unicode.Is(unicode.Cyrillic, r):
				cyrillic++
			case unicode.Is(unicode.Latin, r):
				latin++
			}
		}
	}
	switch {
	case cyrillic == 0 && latin == 0:
		return "", 0
	case cyrillic > latin:
		return detectCyrillic(words, cyrillic)
	}
	return detectLatin(words)
}

// tokens lower-cases text and splits it into words (runs of letters and
// apostrophes inside words); "l'alleanza" gives "l'" and "alleanza", as
// elision is a strong sign of French and Italian.
func tokens(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r):
			b.WriteRune(r)
		case r == '\'' || r == '’':
			if b.Len() > 0 {
				b.WriteRune('\'')
			}
			flush()
		default:
			flush()
		}
	}
	flush()
	return out
}

// detectCyrillic tells Ukrainian from Russian by the letters only one of
// them has, then by function words; Cyrillic text is Russian by default,
// the language of the corpus's Cyrillic terms.
func detectCyrillic(words []string, letters int) (string, float64) {
	ru, uk := 0.0, 0.0
	for _, w := range words {
		if strings.ContainsAny(w, "іїєґ") {
			uk += 2
		}
		if strings.ContainsAny(w, "ыэъё") {
			ru += 2
		}
		if ruWords[w] {
			ru++
		}
		if ukWords[w] {
			uk++
		}
	}
	switch {
	case uk > ru:
		return "uk", confidence(uk, ru, letters)
	case ru == 0:
		// Cyrillic letters but no word of either: likely Russian (names
		// and abbreviations such as ОДКБ), but not sure.
		return "ru", 0.45 * min(1, float64(letters)/12)
	}
	return "ru", confidence(ru, uk, letters)
}

// confidence grows with the winner's lead over the runner-up and with the
// amount of text: a few letters of one script say little.
func confidence(best, second float64, letters int) float64 {
	lead := (best - second) / best
	size := min(1, float64(letters)/12)
	return 0.5 + 0.5*lead*size
}

// detectLatin scores each Latin-script language by its function words
// (1 each), its own letters (0.75 each) and its common trigrams (0.25
// each), and returns the best when the evidence is enough.
func detectLatin(words []string) (string, float64) {
	scores := make(map[string]float64, len(profiles))
	for _, w := range words {
		grams := trigrams(w)
		for _, p := range profiles {
			s := 0.0
			if p.words[w] {
				s++
			}
			for _, r := range w {
				if strings.ContainsRune(p.letters, r) {
					s += 0.75
				}
			}
			for _, g := range grams {
				if p.grams[g] {
					s += 0.25
				}
			}
			scores[p.lang] += s
		}
	}
	best, second, lang := 0.0, 0.0, ""
	for _, p := range profiles { // in a fixed order, so ties break the same way
		switch s := scores[p.lang]; {
		case s > best:
			best, second, lang = s, best, p.lang
		case s > second:
			second = s
		}
	}
	if best < minEvidence || best-second < 0.5 {
		return "", 0.25 * min(1, best/minEvidence)
	}
	lead := (best - second) / best
	return lang, min(1, 0.5+lead*min(1, best/6))
}

// trigrams returns the letter trigrams of a word padded with spaces at both
// ends (" la", "la "), so that endings and beginnings count.
func trigrams(w string) []string {
	r := []rune(" " + w + " ")
	if len(r) < 4 {
		return nil
	}
	out := make([]string, 0, len(r)-2)
	for i := 0; i+3 <= len(r); i++ {
		out = append(out, string(r[i:i+3]))
	}
	return out
}
