package text

import (
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
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
			case r < utf8.RuneSelf:
				if r != '\'' { // the words hold letters and apostrophes
					latin++
				}
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
	ends := make([]int, 0, detectWords)
	var b strings.Builder
	b.Grow(min(len(text), 8*detectWords))
	start := 0
	flush := func() {
		if b.Len() > start {
			ends = append(ends, b.Len())
			start = b.Len()
		}
	}
	for _, r := range text {
		if len(ends) == detectWords {
			break
		}
		switch {
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			if b.Len() > start {
				b.WriteRune('\'')
			}
			flush()
		default:
			flush()
		}
	}
	if len(ends) < detectWords {
		flush()
	}
	// One string holds every word; the words are slices of it.
	all := b.String()
	out := make([]string, len(ends))
	from := 0
	for i, end := range ends {
		out[i], from = all[from:end], end
	}
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
	ix := latinProfiles()
	scores := make([]float64, len(ix.langs))
	var buf [64]rune
	for _, w := range words {
		var letters, grams [maxLatin]int
		word := ix.words[w]
		r := append(buf[:0], ' ')
		for _, c := range w {
			r = append(r, c)
		}
		r = append(r, ' ')
		for _, c := range r[1 : len(r)-1] {
			if c < rune(len(ix.letters)) {
				addBits(&letters, ix.letters[c])
			} else {
				addBits(&letters, ix.otherLetters[c])
			}
		}
		for i := 0; len(r) >= 4 && i+3 <= len(r); i++ {
			addBits(&grams, ix.grams[gramKey(r[i], r[i+1], r[i+2])])
		}
		for i := range ix.langs {
			// Quarters and units add exactly: the sum is the same
			// whatever order the matches are counted in.
			scores[i] += float64(word>>i&1) + 0.75*float64(letters[i]) + 0.25*float64(grams[i])
		}
	}
	best, second, lang := 0.0, 0.0, ""
	for i, l := range ix.langs {
		switch s := scores[i]; {
		case s > best:
			best, second, lang = s, best, l.Code
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

// maxLatin bounds the Latin-script languages latinIndex can tell apart.
const maxLatin = 32

// latinIndex folds every Latin-script Profile into one lookup per word,
// letter and trigram, so that detecting reads each once rather than once
// per language: bit i of a value is set when langs[i] has it.
type latinIndex struct {
	langs        []*Language // the Latin-script languages, in ordered's order
	words        map[string]uint32
	letters      [0x250]uint32 // Latin letters up to IPA, by rune
	otherLetters map[rune]uint32
	grams        map[uint64]uint32 // by gramKey
}

var latinProfiles = sync.OnceValue(func() *latinIndex {
	ix := &latinIndex{words: map[string]uint32{}, otherLetters: map[rune]uint32{}, grams: map[uint64]uint32{}}
	for _, l := range ordered {
		if l.Script != Latin {
			continue
		}
		if len(ix.langs) == maxLatin {
			panic("text: more Latin-script languages than detection can tell apart")
		}
		bit := uint32(1) << len(ix.langs)
		ix.langs = append(ix.langs, l)
		for w := range l.Profile.words {
			ix.words[w] |= bit
		}
		for _, r := range l.Profile.Letters {
			if r < rune(len(ix.letters)) {
				ix.letters[r] |= bit
			} else {
				ix.otherLetters[r] |= bit
			}
		}
		for g := range l.Profile.grams {
			if r := []rune(g); len(r) == 3 {
				ix.grams[gramKey(r[0], r[1], r[2])] |= bit
			}
		}
	}
	return ix
})

// gramKey packs a trigram's three runes (21 bits each) into one key.
func gramKey(a, b, c rune) uint64 { return uint64(a)<<42 | uint64(b)<<21 | uint64(c) }

// addBits counts, for each bit set in mask, one more match of that language.
func addBits(counts *[maxLatin]int, mask uint32) {
	for mask != 0 {
		i := bits.TrailingZeros32(mask)
		counts[i]++
		mask &^= 1 << i
	}
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
