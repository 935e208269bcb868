package text

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cstobot/cstobot/internal/text/wordvec"
)

// RespellMinLen is the shortest word respelled: shorter words have too
// many neighbours one edit away to guess from ("yearly" would become
// "early").
const RespellMinLen = 7

// Speller respells the words of a question that a corpus never uses into
// the corpus word one edit away that it uses most ("ideoloigcal" →
// "ideological", "Kazakistan" → "Kazakhstan"), or failing that into the
// most frequent English word one edit away whose term the corpus has
// ("memebers" → "members", where the corpus says "member"). It works on
// surface words rather than terms, whose stems bring real words too close
// together ("population" and "popular" meet as stems). It is immutable
// and safe for concurrent use.
type Speller struct {
	count map[string]int32
	byLen [][]string // words by length in bytes
	known func(term string) bool
}

// NewSpeller learns the words of texts. known, when not nil, says whether
// a term is the corpus's, for the English fallback.
func NewSpeller(texts []string, known func(term string) bool) *Speller {
	w := &Speller{count: make(map[string]int32), known: known}
	for _, t := range texts {
		eachWord(t, func(_, _ int, word string) {
			if utf8.RuneCountInString(word) < RespellMinLen-1 {
				return
			}
			lw := strings.ToLower(word)
			if w.count[lw] == 0 {
				for len(w.byLen) <= len(lw) {
					w.byLen = append(w.byLen, nil)
				}
				w.byLen[len(lw)] = append(w.byLen[len(lw)], lw)
			}
			w.count[lw]++
		})
	}
	return w
}

// eachWord calls f with the byte span and text of every run of letters in s.
func eachWord(s string, f func(from, to int, word string)) {
	start := -1
	for i, r := range s {
		switch {
		case unicode.IsLetter(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			f(start, i, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		f(start, len(s), s[start:])
	}
}

// Respell returns text with each word the corpus does not know replaced by
// its correction, when there is one; the first letter keeps its case.
func (w *Speller) Respell(text string) string {
	var b strings.Builder
	last := 0
	eachWord(text, func(from, to int, word string) {
		fix, ok := w.correction(word)
		if !ok {
			return
		}
		if r, _ := utf8.DecodeRuneInString(word); unicode.IsUpper(r) {
			f, n := utf8.DecodeRuneInString(fix)
			fix = string(unicode.ToUpper(f)) + fix[n:]
		}
		b.WriteString(text[last:from])
		b.WriteString(fix)
		last = to
	})
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// correction is the most frequent corpus word one edit from word, for a
// word long enough and unknown to the corpus.
func (w *Speller) correction(word string) (string, bool) {
	if utf8.RuneCountInString(word) < RespellMinLen {
		return "", false
	}
	lw := strings.ToLower(word)
	if w.count[lw] > 0 {
		return "", false
	}
	best, bestN := "", int32(0)
	for n := len(lw) - 1; n <= len(lw)+1 && n < len(w.byLen); n++ {
		for _, c := range w.byLen[n] {
			if k := w.count[c]; k > bestN && OneEdit(lw, c) {
				best, bestN = c, k
			}
		}
	}
	if bestN > 0 || w.known == nil {
		return best, bestN > 0
	}
	return englishCorrection(lw, w.known)
}

// englishCorrection is the most frequent English word one edit from word,
// an unknown word of the letters a to z, whose term known accepts.
func englishCorrection(word string, known func(string) bool) (string, bool) {
	tab, err := wordvec.Builtin()
	if err != nil {
		return "", false
	}
	if _, ok := tab.Find(word); ok {
		return "", false // a real word, if not the corpus's
	}
	for i := 0; i < len(word); i++ {
		if word[i] < 'a' || word[i] > 'z' {
			return "", false
		}
	}
	best, bestRank := "", int32(math.MaxInt32)
	try := func(c string) {
		if r, ok := tab.Find(c); ok && r < bestRank && known(englishTermOf(c)) {
			best, bestRank = c, r
		}
	}
	b := []byte(word)
	for i := range len(b) {
		try(word[:i] + word[i+1:]) // deletion
		if i+1 < len(b) && b[i] != b[i+1] {
			b[i], b[i+1] = b[i+1], b[i] // swap
			try(string(b))
			b[i], b[i+1] = b[i+1], b[i]
		}
	}
	for i := range len(b) + 1 {
		for c := byte('a'); c <= 'z'; c++ {
			try(word[:i] + string(c) + word[i:]) // insertion
			if i < len(b) && c != b[i] {
				try(word[:i] + string(c) + word[i+1:]) // substitution
			}
		}
	}
	return best, best != ""
}

// Words returns the speller's words and how often the corpus uses each, by
// length and, within a length, in the order they were first met: the
// order corrections break ties in, which SpellerFrom restores.
func (w *Speller) Words() (words []string, counts []int32) {
	for _, ws := range w.byLen {
		for _, word := range ws {
			words = append(words, word)
			counts = append(counts, w.count[word])
		}
	}
	return words, counts
}

// SpellerFrom rebuilds a speller from what Words returned; known is
// NewSpeller's.
func SpellerFrom(words []string, counts []int32, known func(term string) bool) *Speller {
	w := &Speller{count: make(map[string]int32, len(words)), known: known}
	for i, word := range words {
		for len(w.byLen) <= len(word) {
			w.byLen = append(w.byLen, nil)
		}
		w.byLen[len(word)] = append(w.byLen[len(word)], word)
		w.count[word] = counts[i]
	}
	return w
}
