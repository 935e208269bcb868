package text

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestSentenceEnds(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "One. Two! Three? Four", []string{"One.", "Two!", "Three?", "Four"}},
		{"quotes and brackets close", `He said "stop." Then (all left.) After`, []string{`He said "stop."`, "Then (all left.)", "After"}},
		{"opening quote starts", `End. "Quoted" start`, []string{"End.", `"Quoted" start`}},
		{"numbers", "It grew by 3.5 percent. In 1999. 6 of 15 left.", []string{"It grew by 3.5 percent.", "In 1999.", "6 of 15 left."}},
		{"initialisms", "The U.S. Army and the U.S.S.R. Both.", []string{"The U.S. Army and the U.S.S.R. Both."}},
		{"latin abbreviations", "Allies, e.g. Armenia, i.e. Yes.", []string{"Allies, e.g. Armenia, i.e. Yes."}},
		{"titles and initials", "Dr. Ivanov met Gen. A. V. Kozyrev. Then left.", []string{"Dr. Ivanov met Gen. A. V. Kozyrev.", "Then left."}},
		{"lower case continues", "as many as possible. of men", []string{"as many as possible. of men"}},
		{"no space", "a.b.c. end", []string{"a.b.c. end"}},
		{"cyrillic", "Это ОДКБ. Россия и Армения.", []string{"Это ОДКБ.", "Россия и Армения."}},
		{"ellipsis", "Wait... Then go.", []string{"Wait...", "Then go."}},
		{"a cut quote starts", "It was over. …the CSTO was born.", []string{"It was over.", "…the CSTO was born."}},
		{"a citation marker stays with its sentence", "It was cut… [1]. Then [2] more.", []string{"It was cut… [1].", "Then [2] more."}},
		{"spanish question", "Es así. ¿Por qué no?", []string{"Es así.", "¿Por qué no?"}},
		{"newline separates", "Line one.\nLine two.", []string{"Line one.", "Line two."}},
		{"cjk", "第一句。第二句。", []string{"第一句。", "第二句。"}},
		{"a german date's day", "Er trat am 20. April 1994 in Kraft. Am 1. Mai endete es.", []string{"Er trat am 20. April 1994 in Kraft.", "Am 1. Mai endete es."}},
		{"a number before another word ends", "It ended on day 20. Then all was calm.", []string{"It ended on day 20.", "Then all was calm."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			start := 0
			for _, end := range append(SentenceEnds(tt.in), len(tt.in)) {
				got = append(got, strings.TrimSpace(tt.in[start:end]))
				start = end
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sentences of %q = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"two", "The CSTO was born in 1999. It has six members now.",
			[]string{"The CSTO was born in 1999.", "It has six members now."}},
		{"abbreviations and initials", "Dr. Smith met Mr. Jones at the U.S. Embassy today. Then they both left.",
			[]string{"Dr. Smith met Mr. Jones at the U.S. Embassy today.", "Then they both left."}},
		{"a digit starts a sentence", "Talks began in 1992. 6 of the 15 republics signed.",
			[]string{"Talks began in 1992.", "6 of the 15 republics signed."}},
		{"a closing quote", `He called it a "paper tiger." The press agreed with him.`,
			[]string{`He called it a "paper tiger."`, "The press agreed with him."}},
		{"no split before lower case", "As many as possible. of men were freed that day.",
			[]string{"As many as possible. of men were freed that day."}},
		{"list items one per line", "The units were these:\n  • Russia: 98a Airborne Division;\n  • Belarus: 103a Airborne Brigade;",
			[]string{"The units were these:", "Russia: 98a Airborne Division;", "Belarus: 103a Airborne Brigade;"}},
		{"fragments dropped", "26/01/22\n\nPhoto: MoD\n\nA real sentence here.",
			[]string{"A real sentence here."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tt.text) {
				got = append(got, s.Text)
				if tt.text[s.Start:s.End] != s.Text {
					t.Errorf("offsets %d:%d give %q; want %q", s.Start, s.End, tt.text[s.Start:s.End], s.Text)
				}
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("Sentences(%q) = %q; want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSentenceLeads(t *testing.T) {
	text := "Before the list. The units were the following:\n\n- Russia: 98a Airborne Division;\n- Belarus: 103a Airborne Brigade;\nAfter the list, a sentence."
	want := [][2]string{
		{"Before the list.", ""},
		{"The units were the following:", ""},
		{"Russia: 98a Airborne Division;", "The units were the following:"},
		{"Belarus: 103a Airborne Brigade;", "The units were the following:"},
		{"After the list, a sentence.", ""},
	}
	var got [][2]string
	for _, s := range Sentences(text) {
		got = append(got, [2]string{s.Text, s.Lead})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sentences(%q) =\n%q; want\n%q", text, got, want)
	}
}

// FuzzSentences checks that any text splits into sentences whose offsets
// hold them, in order, without overlap.
func FuzzSentences(f *testing.F) {
	for _, s := range []string{"One. Two!", "a:\n- b c d\n- e f g", "Dr. A. B. Smith. Then", "\xff. \xfeA b c", "…. …", "。。"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, sen := range Sentences(s) {
			if sen.Start < last || sen.End > len(s) || s[sen.Start:sen.End] != sen.Text {
				t.Fatalf("Sentences(%q): %q at %d:%d (after %d)", s, sen.Text, sen.Start, sen.End, last)
			}
			last = sen.End
		}
		prev := 0
		for _, e := range SentenceEnds(s) {
			if e <= prev || e > len(s) {
				t.Fatalf("SentenceEnds(%q) = %v: not increasing within the text", s, SentenceEnds(s))
			}
			prev = e
		}
	})
}
