package answer

import (
	"fmt"
	"testing"

	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

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
			for _, s := range sentences(tt.text) {
				got = append(got, s.text)
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("sentences(%q) = %q; want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSentenceLeads(t *testing.T) {
	text := "Before the list. The units were the following:\n\n- Russia: 98a Airborne Division;\n- Belarus: 103a Airborne Brigade;\nAfter the list, a sentence."
	want := []span{
		{"Before the list.", ""},
		{"The units were the following:", ""},
		{"Russia: 98a Airborne Division;", "The units were the following:"},
		{"Belarus: 103a Airborne Brigade;", "The units were the following:"},
		{"After the list, a sentence.", ""},
	}
	if got := sentences(text); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("sentences(%q) =\n%q; want\n%q", text, got, want)
	}
}

func TestAskedFor(t *testing.T) {
	tests := []struct {
		question, sentence string
		want               bool
	}{
		{"When did the USSR break up?", "It broke up at the end of 1991.", true},
		{"When did the USSR break up?", "It broke up after the war.", false},
		{"Quando è nata la CSTO?", "It was born in March.", true},
		{"How many members did it have?", "It had 9 members.", true},
		{"How many members did it have?", "It had many members.", false},
		{"Сколько солдат?", "Around three thousand men.", true},
		{"Who declared the mission a success?", "Then President Tokayev declared it.", true},
		{"Who declared the mission a success?", "the mission was declared a success.", false},
		{"Why did it fail?", "It failed in 2020 with 5 members.", false},
	}
	for _, tt := range tests {
		want := askedFor(tt.question)
		if got := want != nil && want(tt.sentence); got != tt.want {
			t.Errorf("askedFor(%q)(%q) = %v; want %v", tt.question, tt.sentence, got, tt.want)
		}
	}
}

func TestShorten(t *testing.T) {
	long := "In fact, both during the border clashes in the Tavush province in July 2020, " +
		"and during the Second Nagorno-Karabakh War between 27 September and 10 October 2020 " +
		"and finally during the border clashes that lasted during the year 2021, " +
		"the CSTO has failed to support one of its member states engaged in conventional warfare " +
		"against a country that is no longer part of the alliance."
	reason := "The purpose of sending such a large number of men is actually simple, because the contingents of the CSTO countries " +
		"have gone to garrison a series of strategic targets and sites in various parts of Kazakhstan in order to free as many as possible. " +
		"of men of the Armed and Security Forces of the Republic of Kazakhstan who were then conveyed to the cities where the protests " +
		"had gone completely out of control (as in Almaty) in order to implement a quick and brutal repression."
	quoted := "Subsequently, on March 15 of the same year, 6 of the 15 republics (Russia, Armenia, Kazakhstan, Kyrgyzstan, Uzbekistan and " +
		"Tajikistan) decided to give life to a new military alliance with still rather \"blurred\" outlines which took the name of " +
		"\"Pact of Tashkent ”, from the name of the capital of Uzbekistan chosen to host the summit which ended with the signing of the preliminary agreements."
	weight := func(q string) map[string]float64 {
		w := map[string]float64{}
		for _, t := range retrieval.Terms(q) {
			w[t] = 1
		}
		return w
	}
	tests := []struct {
		name, text, question string
		want                 string
	}{
		{"short kept", "The CSTO was born in 1999.", "When was the CSTO born?", "The CSTO was born in 1999."},
		{"cut to what matters", long, "When was the Second Nagorno-Karabakh War?",
			"In fact, both during the border clashes in the Tavush province in July 2020, and during the Second Nagorno-Karabakh War between 27 September and 10 October 2020 and finally during the border clashes that lasted during the year 2021…"},
		{"cut at the front", long, "Which member states did the CSTO fail to support?",
			"…the CSTO has failed to support one of its member states engaged in conventional warfare against a country that is no longer part of the alliance."},
		{"the most a cut can hold when all does not fit", long, "Tavush alliance",
			"In fact, both during the border clashes in the Tavush province in July 2020, and during the Second Nagorno-Karabakh War between 27 September and 10 October 2020 and finally during the border clashes that lasted during the year 2021…"},
		{"grown by the clause that follows", reason, "What was the purpose of sending so many men?",
			"The purpose of sending such a large number of men is actually simple, because the contingents of the CSTO countries have gone to garrison a series of strategic targets and sites in various parts of Kazakhstan…"},
		{"no quotation left open", quoted, "What name did the pact take?",
			`…which took the name of "Pact of Tashkent”, from the name of the capital of Uzbekistan chosen to host the summit which ended with the signing of the preliminary agreements.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tidyQuotes.Replace(shorten(tt.text, weight(tt.question), askedFor(tt.question), maxSentenceChars))
			if got != tt.want {
				t.Errorf("shorten() = %q; want %q", got, tt.want)
			}
			if !balanced(got) {
				t.Errorf("shortened to %q: a quotation or parenthesis left open", got)
			}
			if got != tt.text && runes(got) > maxSentenceChars+2 {
				t.Errorf("shortened to %d bytes; limit %d", len(got), maxSentenceChars)
			}
		})
	}
}

func TestExtract(t *testing.T) {
	hit := func(id, text string) retrieval.Hit {
		return retrieval.Hit{Passage: knowledge.Passage{ID: id, Article: knowledge.Meta{ID: "a", Title: "T"}, Text: text}, Coverage: 1}
	}
	hits := []retrieval.Hit{
		hit("P1", "The alliance was renewed in 1999 by six countries. Georgia left it that year."),
		hit("P2", "The units deployed were the following:\n• Belarus: 103a Airborne Brigade;\n• Armenia: 12a Peacekeeping brigade."),
	}
	// Passages that say what questions ask in other words.
	otherHits := []retrieval.Hit{
		hit("P3", "The unrest spread from the oil towns of Mangystau."),
		hit("P4", "Uzbekistan and Kyrgyzstan quit the pact in 1999."),
	}
	tests := []struct {
		name, question string
		other          bool // ask otherHits
		want           string
		cited          []string
	}{
		{"in other words", "Tell me about the riots.", true, "According to the article “T”:\nThe unrest spread from the oil towns of Mangystau [1].", []string{"P3"}},
		{"a name is not its neighbours", "Tell me about kazakhstan.", true, RefusalText, nil},
		{"a name in lower case", "when did uzbekistan quit the pact?", true, "According to the article “T”:\nUzbekistan and Kyrgyzstan quit the pact in 1999 [1].", []string{"P4"}},
		{"an unknown name in lower case", "when did tajikistan quit the pact?", true, RefusalText, nil},
		{"one sentence", "When was the alliance renewed?", false, "According to the article “T”:\nThe alliance was renewed in 1999 by six countries [1].", []string{"P1"}},
		{"list items matched with their lead-in", "Which units did Belarus and Armenia deploy?", false,
			"According to the article “T”:\nBelarus: 103a Airborne Brigade [1]. Armenia: 12a Peacekeeping brigade [1].", []string{"P2"}},
		{"two passages", "Which country left the alliance, and which unit did Belarus deploy?", false,
			"According to the article “T”:\nThe alliance was renewed in 1999 by six countries [1]. Belarus: 103a Airborne Brigade [2]. Georgia left it that year [1].",
			[]string{"P1", "P2"}},
		{"nothing overlaps", "Who won the 2018 FIFA World Cup?", false, RefusalText, nil},
		{"no number next to what is counted", "How many brigades did Georgia and Belarus send?", false, RefusalText, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := hits
			if tt.other {
				hits = otherHits
			}
			a := extract(tt.question, hits, "")
			if a.Text != tt.want {
				t.Errorf("extract(%q) = %q; want %q", tt.question, a.Text, tt.want)
			}
			var cited []string
			for _, c := range a.Citations {
				cited = append(cited, c.Passage.ID)
			}
			if fmt.Sprint(cited) != fmt.Sprint(tt.cited) {
				t.Errorf("cited %v; want %v", cited, tt.cited)
			}
			if a.Model != extractiveModel || a.Grounded != (tt.cited != nil) || a.Refused != (tt.cited == nil) {
				t.Errorf("Model, Grounded, Refused = %q, %v, %v", a.Model, a.Grounded, a.Refused)
			}
			if checked, _ := cite(a.Text, citedPassages(a.Citations)); checked != a.Text {
				t.Errorf("extractive text %q does not survive its own citation check: %q", a.Text, checked)
			}
		})
	}
}
