package text

import (
	"math"
	"slices"
	"testing"
)

// near returns the related terms RelatedTerms gives for term of text.
func near(text, term string, keep func(string) bool) []string {
	var out []string
	for _, r := range RelatedTerms(text, keep) {
		if r.Term == term {
			for _, n := range r.Near {
				out = append(out, n.Term)
			}
		}
	}
	return out
}

// term is the one term of word.
func term(word string) string { return Terms(word)[0] }

func TestRelatedTerms(t *testing.T) {
	riot, unrest, protest := term("riots"), term("unrest"), term("protest")
	if got := near("where did the riots start?", riot, nil); !slices.Contains(got, unrest) {
		t.Errorf("riots: related %q, want %q among them", got, unrest)
	}
	// keep filters; the question's own terms are never related terms.
	keep := func(t string) bool { return t == protest }
	if got := near("where did the riots start?", riot, keep); !slices.Equal(got, []string{protest}) {
		t.Errorf("riots with keep: %q, want [%s]", got, protest)
	}
	if got := near("riots and unrest", riot, nil); slices.Contains(got, unrest) {
		t.Errorf("riots and unrest: %q related to riots, but is the question's own", got)
	}
	for _, r := range RelatedTerms("Which countries quit the pact in 1999?", nil) {
		if len(r.Near) == 0 || len(r.Near) > relatedPerWord {
			t.Errorf("%s: %d related terms", r.Term, len(r.Near))
		}
		for i, n := range r.Near {
			if n.Sim < relatedMinSim || i > 0 && n.Sim > r.Near[i-1].Sim {
				t.Errorf("%s: %v out of order or below the floor", r.Term, r.Near)
			}
		}
		if r.Term == "1999" {
			t.Error("a number got related terms")
		}
	}
	// Words without vectors: Russian outside the glossary, nonsense.
	if rel := RelatedTerms("Тохтамыш xqzvw", nil); len(rel) != 0 {
		t.Errorf("got %v for words without vectors", rel)
	}
	if rel := RelatedTerms("", nil); len(rel) != 0 {
		t.Errorf("got %v for no text", rel)
	}
}

func TestRelatedCredit(t *testing.T) {
	for _, tt := range []struct {
		sim  float32
		want float64
	}{{0.6, 0}, {relatedCreditMinSim - 0.01, 0}, {0.8, relatedCredit * 0.8}, {1, relatedCredit}} {
		if got := (RelatedTerm{"x", tt.sim}).Credit(); math.Abs(got-tt.want) > 1e-6 {
			t.Errorf("Credit at %.2f = %.3f, want %.3f", tt.sim, got, tt.want)
		}
	}
}

func TestTermCases(t *testing.T) {
	got := TermCases("Tokayev quelled riots in Almaty. Riots spread; the riots ended.")
	common, name := got[term("riots")], got[term("Tokayev")]
	if _, seen := got[term("Almaty")]; !common || name || !seen || len(got) != 6 {
		t.Errorf("TermCases = %v, want riots true, Tokayev and Almaty false, 6 terms", got)
	}
}

// FuzzRelatedTerms: whatever the question, RelatedTerms returns terms of
// the question, once each, and for each only other terms, most similar
// first, within the bounds; TermCases holds every term of the text.
func FuzzRelatedTerms(f *testing.F) {
	for _, s := range []string{"did the riots spread?", "Kazakhstan's unrest", "Сколько лет", "a\xffb", "", "soldiers soldiers troops"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		own := Terms(s)
		var seen []string
		for _, r := range RelatedTerms(s, nil) {
			if !slices.Contains(own, r.Term) || slices.Contains(seen, r.Term) {
				t.Fatalf("RelatedTerms(%q): %q is not a term of the text, or repeated", s, r.Term)
			}
			seen = append(seen, r.Term)
			if len(r.Near) == 0 || len(r.Near) > relatedPerWord {
				t.Fatalf("RelatedTerms(%q): %d related to %q", s, len(r.Near), r.Term)
			}
			for i, n := range r.Near {
				if slices.Contains(own, n.Term) || n.Sim < relatedMinSim || n.Sim > 1 || i > 0 && n.Sim > r.Near[i-1].Sim {
					t.Fatalf("RelatedTerms(%q): %q → %v", s, r.Term, r.Near)
				}
			}
		}
		cases := TermCases(s)
		for _, term := range own {
			if _, ok := cases[term]; !ok {
				t.Fatalf("TermCases(%q) lacks %q", s, term)
			}
		}
	})
}
