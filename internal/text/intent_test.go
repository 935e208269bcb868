package text

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseQuestion(t *testing.T) {
	tests := []struct {
		q    string
		want string // Want, then flags: now, author, date, focus=…
	}{
		{"When was the CSTO created?", "date"},
		{"In what year did Uzbekistan leave?", "date"},
		{"How many troops were sent?", "number focus=" + Terms("troops")[0]},
		{"how long did the mission last?", "number"},
		{"how long ago did it start?", "date"},
		{"Who was Kazakhstan's president during the unrest?", "name"},
		{"Who is Tokayev?", "definition"},
		{"where is the Manas air base?", "place"},
		{"why did uzbekistan leave?", "reason"},
		{"Which countries founded the Pact of Tashkent?", "choice focus=" + Terms("countries")[0]},
		{"What is the CSTO?", "definition"},
		{"what does CSTO stand for", "definition"},
		{"What is the capital of France and its population?", "any"},
		{"Is Georgia still a member?", "yes-no now"},
		{"so did Armenia leave the CSTO?", "yes-no"},
		{"Who is the current secretary general?", "name now"},
		{"Who wrote this piece?", "name author"},
		{"When was the article about Kazakhstan published?", "date date"},
		{"Quando è nata la CSTO?", "date"},
		{"Quanti soldati sono stati inviati?", "number focus=" + TermsIn("soldati", "it")[0]},
		{"Chi è Tokayev?", "definition"},
		{"Pourquoi la Russie n'a-t-elle pas aidé l'Arménie ?", "reason"},
		{"Qu'est-ce que l'OTSC ?", "definition"},
		{"Когда была создана ОДКБ?", "date"},
		{"Сколько стран входит в ОДКБ сейчас?", "number now focus=" + TermsIn("стран", "ru")[0]},
		{"Почему Узбекистан вышел?", "reason"},
		{"Wann wurde die OVKS gegründet?", "date"},
		{"Wer ist heute Generalsekretär der OVKS?", "name now"},
		{"¿Por qué se retiró Uzbekistán?", "reason"},
		{"¿Cuántos miembros tiene la OTSC?", "number focus=" + TermsIn("miembros", "es")[0]},
	}
	for _, tt := range tests {
		got := describe(ParseQuestion(tt.q))
		if got != tt.want {
			t.Errorf("ParseQuestion(%q) = %s; want %s", tt.q, got, tt.want)
		}
	}
}

func describe(in Intent) string {
	f := []string{in.Want.String()}
	if in.Current {
		f = append(f, "now")
	}
	switch in.Meta {
	case MetaAuthor:
		f = append(f, "author")
	case MetaDate:
		f = append(f, "date")
	case MetaTitle:
		f = append(f, "title")
	}
	if in.Focus != "" {
		f = append(f, "focus="+in.Focus)
	}
	return strings.Join(f, " ")
}

func TestCompoundQuestion(t *testing.T) {
	tests := []struct {
		q     string
		parts []string
	}{
		{"Who wrote this piece about the CSTO and when was it published?", []string{"name author", "date"}},
		{"Which countries left in 1999 and why?", []string{"choice focus=" + Terms("countries")[0], "reason"}},
		{"When was it founded? Who leads it now?", []string{"date", "name now"}},
		{"Who founded it and how many members does it have?", []string{"name", "number focus=" + Terms("members")[0]}},
		{"Why did Armenia and Azerbaijan fight?", nil},
	}
	for _, tt := range tests {
		in := ParseQuestion(tt.q)
		var got []string
		for _, p := range in.Parts {
			got = append(got, describe(p))
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.parts) {
			t.Errorf("ParseQuestion(%q).Parts = %q; want %q", tt.q, got, tt.parts)
		}
	}
}

func FuzzParseQuestion(f *testing.F) {
	for _, s := range []string{"who and when?", "and and and", "?", "¿Por qué?", "what does ... mean", "\xff and who"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		in := ParseQuestion(q)
		if in.Want < WantAny || in.Want > WantDefinition {
			t.Fatalf("ParseQuestion(%q).Want = %d", q, in.Want)
		}
		for _, p := range in.Parts {
			if len(p.Parts) > 0 {
				t.Fatalf("ParseQuestion(%q): a part has parts", q)
			}
		}
	})
}
