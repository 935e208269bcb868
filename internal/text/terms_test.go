package text

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"stop words only", "What is the and of it?", nil},
		{"lower case and plural", "Countries COUNTRY", []string{"countr", "countr"}},
		{"accents folded", "Président Azerbaïdjan", []string{"president", "azerbaijan"}},
		{"number grouping kept whole", "3,800 and 20-30.000", []string{"3800", "20", "30000"}},
		{"digits split from letters", "103rd", []string{"103", "rd"}},
		{"verb forms", "deployed deployment deploying", []string{"depl", "depl", "depl"}},
		{"derivations", "criticized criticism", []string{"critic", "critic"}},
		{"british spelling", "neighbours neighboring defence defense", []string{"neigbor", "neigbor", "defens", "defens"}},
		{"irregular verbs", "sent send led lead", []string{"depl", "depl", "lead", "lead"}},
		{"cyrillic transliterated", "Ташкент", []string{"tachkent"}},
		{"russian case endings", "Казахстана Казахстане", []string{"kazah", "kazah"}},
		{"russian names keep -ев", "Токаев Козырев", []string{"tokaev", "kozirev"}},
		{"russian glossary", "президентом страны", []string{"president", "countr"}},
		{"italian glossary", "scontri di confine", []string{"clach", "border"}},
		{"french glossary plural", "les pays membres", []string{"countr", "member"}},
		{"country meets its people", "Kazakhstan Kazakh", []string{"kazah", "kazah"}},
		{"stress marks ignored", "Росси́я", []string{"rus"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Terms(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q) = %q; want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestTermsMeet checks that spellings of one name or word across scripts,
// languages and transliteration habits give the same single term.
func TestTermsMeet(t *testing.T) {
	groups := [][]string{
		{"Tokayev", "Токаев", "Токаева", "Tokaiev"},
		{"Kazakhstan", "Казахстан", "Kazakistan", "Kazakh"},
		{"Tajikistan", "Таджикистан", "Tagikistan", "Tadjikistan", "Tajik"},
		{"Kyrgyzstan", "Кыргызстан", "Kirghizistan", "Kyrgyz"},
		{"Azerbaijan", "Азербайджан", "Azerbaïdjan", "Azerbaigian"},
		{"Russia", "Россия", "России", "Russie", "Russian"},
		{"CSTO", "ОДКБ", "ODKB", "OTSC"},
		{"NATO", "НАТО"},
		{"Almaty", "Алматы"},
		{"president", "президент", "presidente", "président"},
		{"border", "граница", "confine", "frontière"},
		{"country", "paesi", "страны", "pays"},
	}
	for _, g := range groups {
		want := Terms(g[0])
		if len(want) != 1 {
			t.Fatalf("Terms(%q) = %q; want one term", g[0], want)
		}
		for _, w := range g[1:] {
			if got := Terms(w); !slices.Equal(got, want) {
				t.Errorf("Terms(%q) = %q; want %q like %q", w, got, want, g[0])
			}
		}
	}
}

// FuzzTerms checks that any input, valid UTF-8 or not, gives non-empty
// terms without '#' (reserved for hints) or spaces, the same on every call.
func FuzzTerms(f *testing.F) {
	for _, s := range []string{
		"", "When did the USSR break up?", "Кто был президентом Казахстана?",
		"Quali paesi? Quels pays ?", "3,800 20-30.000 26/01/22", "\xff\xfe",
		"Ñoño ǅ ß İstanbul ﬁ", "a\u0301b", "1.2.3,,4..", strings.Repeat("x", 300),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		terms := Terms(text)
		for _, term := range terms {
			if term == "" || strings.HasPrefix(term, "#") || strings.Contains(term, " ") {
				t.Fatalf("Terms(%q) has bad term %q", text, term)
			}
			if utf8.ValidString(text) && !utf8.ValidString(term) {
				t.Fatalf("Terms(%q) has invalid UTF-8 term %q", text, term)
			}
		}
		if again := Terms(text); !slices.Equal(terms, again) {
			t.Fatalf("Terms(%q) not deterministic: %q then %q", text, terms, again)
		}
	})
}
