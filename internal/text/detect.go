package text

import (
	"strings"
	"unicode"
)

// MinConfidence is how sure Detect must be for its answer to be used
// rather than what else is known (an interaction's locale, an article's
// metadata).
const MinConfidence = 0.5

// A text needs this much evidence (function words count 1, other profile
// matches less) before Detect names a Latin-script language.
const minEvidence = 1.5

// detectWords is how many words of a long text Detect reads: enough to
// tell any language here apart, few enough to keep indexing fast.
const detectWords = 80

// Detect returns the ISO 639-1 code of the language text is most likely
// written in, and a confidence from 0 to 1: from the script, then from each
// language's Profile (function words, letters, letter trigrams). Text too
// short or too mixed to tell gives "" and a confidence under
// MinConfidence. Names and numbers carry no weight: "Chi è Tokayev?" is
// Italian from "chi" and "è" alone.
func Detect(text string) (lang string, confidence float64) {
	words := detectTokens(text)
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

// detectTokens lower-cases the first detectWords words of text, keeping
// accents (they tell languages apart) and an apostrophe that ends a word.
func detectTokens(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		if len(out) == detectWords {
			return out
		}
		switch {
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
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

// detectCyrillic scores each Cyrillic-script language by the letters only
// it has (2 each) and its function words (1 each); Cyrillic text is
// Russian by default, the language of most Cyrillic sources.
func detectCyrillic(words []string, letters int) (string, float64) {
	scores := map[string]float64{}
	for _, w := range words {
		for _, l := range ordered {
			if l.Script != Cyrillic {
				continue
			}
			if strings.ContainsAny(w, l.Profile.Letters) {
				scores[l.Code] += 2
			}
			if l.Profile.words[w] {
				scores[l.Code]++
			}
		}
	}
	best, second, lang := rank(scores, Cyrillic)
	if best == 0 {
		// Cyrillic letters but no word of any: likely Russian (names and
		// abbreviations such as ОДКБ), but not sure.
		return "ru", 0.45 * min(1, float64(letters)/12)
	}
	lead := (best - second) / best
	return lang, 0.5 + 0.5*lead*min(1, float64(letters)/12)
}

// detectLatin scores each Latin-script language by its function words
// (1 each), its own letters (0.75 each) and its common trigrams (0.25
// each), and returns the best when the evidence is enough.
func detectLatin(words []string) (string, float64) {
	scores := map[string]float64{}
	for _, w := range words {
		grams := trigrams(w)
		for _, l := range ordered {
			if l.Script != Latin {
				continue
			}
			p := &l.Profile
			s := 0.0
			if p.words[w] {
				s++
			}
			for _, r := range w {
				if strings.ContainsRune(p.Letters, r) {
					s += 0.75
				}
			}
			for _, g := range grams {
				if p.grams[g] {
					s += 0.25
				}
			}
			scores[l.Code] += s
		}
	}
	best, second, lang := rank(scores, Latin)
	if best < minEvidence || best-second < 0.5 {
		return "", 0.25 * min(1, best/minEvidence)
	}
	lead := (best - second) / best
	return lang, min(1, 0.5+lead*min(1, best/6))
}

// rank returns the best and second scores of the languages of a script,
// and the best's code; languages are visited in a fixed order, so that
// ties break the same way.
func rank(scores map[string]float64, script Script) (best, second float64, lang string) {
	for _, l := range ordered {
		if l.Script != script {
			continue
		}
		switch s := scores[l.Code]; {
		case s > best:
			best, second, lang = s, best, l.Code
		case s > second:
			second = s
		}
	}
	return best, second, lang
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
