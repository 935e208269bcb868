package answer

import (
	"testing"

	"github.com/cstobot/cstobot/retrieval"
)

func TestUnknownName(t *testing.T) {
	source := "The CSTO sent troops to Kazakhstan and Kyrgyzstan in January; the Pact of Tashkent and the Nagorno-Karabakh war."
	evidence := termSet(retrieval.Terms(source))
	tests := []struct {
		question, want string
	}{
		{"What is the capital of France?", "France"},
		{"Quelle est la capitale du Canada ?", "Canada"},
		{"Who is the current Secretary General of the CSTO?", "Secretary General"},
		{"Who was Kazakstan's presdent?", ""},                   // misspelt
		{"What happened between Kyrgystan and Kazakhstan?", ""}, // misspelt, cut short by the analyser
		{"Quels pays ont signé le pacte de Tachkent ?", ""},     // translated
		{"Quand a eu lieu la guerre du Haut-Karabakh ?", ""},    // known by one of its words
		{"What happened in March?", ""},                         // a month is a date, checked as one
		{"Where did the CSTO send troops?", ""},                 // the first word is not a name
		{"Was there a US base in Kyrgyzstan?", ""},              // a name the analyser reads as a stop word tells nothing
	}
	for _, tt := range tests {
		if got := unknownName(tt.question, func() map[string]bool { return evidence }); got != tt.want {
			t.Errorf("unknownName(%q) = %q; want %q", tt.question, got, tt.want)
		}
	}
}

func TestWithinEdits(t *testing.T) {
	tests := []struct {
		a, b string
		k    int
		want bool
	}{
		{"tashkent", "tachkent", 1, true},
		{"kazahstan", "kazakstan", 1, true},
		{"france", "frankfurt", 2, false},
		{"abc", "abcde", 1, false},
		{"same", "same", 0, true},
	}
	for _, tt := range tests {
		if got := withinEdits(tt.a, tt.b, tt.k); got != tt.want {
			t.Errorf("withinEdits(%q, %q, %d) = %v; want %v", tt.a, tt.b, tt.k, got, tt.want)
		}
	}
}
