package answer

import (
	"fmt"
	"testing"

	"github.com/cstobot/cstobot/retrieval"
)

func questionWeights(q string) map[string]float64 {
	w := map[string]float64{}
	for _, t := range retrieval.Terms(q) {
		w[t] = 1
	}
	return w
}

func TestTied(t *testing.T) {
	tests := []struct {
		name, question, sentence string
		want                     bool
	}{
		{"count next to its noun", "How many member countries did it have at its peak?",
			"During 1993 three more joined, bringing the total of member countries to its historic peak of 9.", true},
		{"count far from any question word", "How many countries are in NATO today?",
			"Or for Tajikistan when it entered into negotiations with India for the opening of two bases for the Indian Air Force respectively in Farkhor and Ayni (these are still in use today).", false},
		{"a number that names is no count", "How many troops did Russia send?",
			"Russia: 98a Airborne Division of the Guards, 31a air assault brigade.", false},
		{"a related word counts", "Quanti soldati sono stati inviati?", "The official total of 3800 peacekeepers deployed.", true},
		{"a year is no count", "How many countries joined the alliance?", "Belarus joined the alliance in 1993.", false},
		{"date next to the event", "When did Tokayev declare the mission a success?",
			"As early as January 13, President Tokayev was able to declare it a success.", true},
		{"a count is no date", "When did the alliance start?", "The alliance had 9 members.", false},
		{"any name will do", "Who coined the term?", "It was coined by Andrey Kozyrev.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := askedKind(tt.question).tied(tt.sentence, questionWeights(tt.question)); got != tt.want {
				t.Errorf("tied(%q, %q) = %v; want %v", tt.question, tt.sentence, got, tt.want)
			}
		})
	}
}

func TestAsksDefinition(t *testing.T) {
	tests := []struct {
		question string
		want     bool
	}{
		{"What is the CSTO?", true},
		{"what's the CSTO", true},
		{"Cos'è la CSTO?", true},
		{"Chi è Tokayev?", true},
		{"Qu'est-ce que l'OTSC ?", true},
		{"Что такое ОДКБ?", true},
		{"What is the CSTO supposed to do according to its charter?", false}, // too many terms: not a plain "what is X"
		{"When was the CSTO born?", false},
		{"Which countries are members?", false},
	}
	for _, tt := range tests {
		q := newAsk(tt.question)
		if q.define != tt.want {
			t.Errorf("newAsk(%q).define = %v; want %v (terms %q)", tt.question, q.define, tt.want, q.terms)
		}
	}
}

func TestSpellsOut(t *testing.T) {
	tests := []struct {
		question, sentence string
		want               bool
	}{
		{"What is the CSTO?", "The troops of the Collective Security Treaty Organization arrived.", true},
		{"Что такое ОДКБ?", "The troops of the Collective Security Treaty Organization arrived.", true},
		{"What is the USSR?", "The Union of Soviet Socialist Republics broke up in 1991.", true},
		{"What is the CSTO?", "The Commonwealth of Independent States was born.", false},
	}
	for _, tt := range tests {
		if got := spellsOut(tt.sentence, questionWeights(tt.question)); got != tt.want {
			t.Errorf("spellsOut(%q) for %q = %v; want %v", tt.sentence, tt.question, got, tt.want)
		}
	}
}

func TestSplitClauses(t *testing.T) {
	text := `It is simple, because they went there in order to free men; then "it ended": quickly.`
	want := []string{"It is simple, ", "because they went there ", "in order to free men; ", `then "it ended": `, "quickly."}
	if got := splitClauses(text); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("splitClauses(%q) = %q; want %q", text, got, want)
	}
}

func TestBalanced(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{`the "paper tiger" of Russia`, true},
		{`the name of "Pact of Tashkent ”`, true},
		{`the name of "Pact of`, false},
		{"«CSTO» (ODKB)", true},
		{"(ODKB", false},
	}
	for _, tt := range tests {
		if got := balanced(tt.s); got != tt.want {
			t.Errorf("balanced(%q) = %v; want %v", tt.s, got, tt.want)
		}
	}
}

func TestFocusOf(t *testing.T) {
	tests := []struct{ question, want string }{
		{"Which countries signed the Pact of Tashkent?", "countr"},
		{"Quali paesi hanno firmato il Patto di Tashkent?", "countr"},
		{"Какие страны подписали Ташкентский договор?", "countr"},
		{"When did the alliance start?", ""},
	}
	for _, tt := range tests {
		if got := focusOf(tt.question); got != tt.want {
			t.Errorf("focusOf(%q) = %q; want %q", tt.question, got, tt.want)
		}
	}
}
