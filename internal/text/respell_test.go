package text

import (
	"strings"
	"testing"
)

func TestRespell(t *testing.T) {
	w := NewSpeller([]string{
		"The Collective Security Treaty Organization, its ideological compactness and Kazakhstan.",
		"President Tokayev of Kazakhstan; the popularity of the alliance; Kyrgyzstan and Tajikistan.",
	}, nil)
	tests := []struct {
		name, in, want string
	}{
		{"swapped letters", "its ideoloigcal unity", "its ideological unity"},
		{"dropped letter keeps the capital", "Who is Kazakstan's presdent?", "Who is Kazakhstan's president?"},
		{"two typos in one question", "Kyrgystan and Tajikstan", "Kyrgyzstan and Tajikistan"},
		{"a known word stays", "the alliance", "the alliance"},
		{"a real word unknown to the corpus stays", "the population of Kazakhstan", "the population of Kazakhstan"},
		{"short words are not guessed", "its yearly budget", "its yearly budget"},
		{"nothing within one edit", "photosynthesis", "photosynthesis"},
		{"other scripts stay", "Кто президент Казахстана?", "Кто президент Казахстана?"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		if got := w.Respell(tc.in); got != tc.want {
			t.Errorf("%s: respell(%q) = %q; want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestRespellEnglish: a typo one edit from no corpus word is corrected to
// a common English word whose term the corpus has, and only then.
func TestRespellEnglish(t *testing.T) {
	texts := []string{"Each member of the alliance sent troops in January.", "The troops withdrew."}
	terms := map[string]bool{}
	for _, s := range texts {
		for _, t := range Terms(s) {
			terms[t] = true
		}
	}
	w := NewSpeller(texts, func(t string) bool { return terms[t] })
	tests := []struct {
		name, in, want string
	}{
		{"to an English form of a corpus term", "how many memebers?", "how many members?"},
		{"the corpus's own word first", "the allaince", "the alliance"},
		{"not to a word the corpus lacks", "the poppulation", "the poppulation"},
		{"a real English word stays", "the nickname", "the nickname"},
		{"accents and other scripts stay", "the membéers", "the membéers"},
	}
	for _, tc := range tests {
		if got := w.Respell(tc.in); got != tc.want {
			t.Errorf("%s: respell(%q) = %q; want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func FuzzRespell(f *testing.F) {
	w := NewSpeller([]string{"ideological compactness of the Collective Security Treaty Organization"}, nil)
	for _, s := range []string{"ideoloigcal", "É\u0301tat", "a\xffb", "Кто", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := w.Respell(s)
		// Only whole words change: the text between words, and the number
		// of words, stay as they were.
		if a, b := nonWords(s), nonWords(got); a != b {
			t.Errorf("respell(%q) = %q: the text between words changed (%q, %q)", s, got, a, b)
		}
	})
}

// nonWords is s without its words, with a marker where each stood.
func nonWords(s string) string {
	var b strings.Builder
	last := 0
	eachWord(s, func(from, to int, _ string) {
		b.WriteString(s[last:from])
		b.WriteString("\x00")
		last = to
	})
	b.WriteString(s[last:])
	return b.String()
}
