package retrieval

import (
	"context"
	"testing"
)

// Paraphrase: the corpus says "unrest", the question "riots"; only related
// words connect them.
var paraphraseDocs = []string{
	"The unrest spread from the oil towns in January.",
	"The weather in the capital was cold and dry.",
	"Uzbekistan left the pact in 1999.",
	"The allied contingents garrisoned airports and power plants.",
}

func TestLexicalSearchRelated(t *testing.T) {
	l := NewLexical(paraphraseDocs)
	hits := l.Search("what about the riots?", 3)
	if len(hits) == 0 || hits[0].Doc != 0 {
		t.Fatalf("Search = %v, want doc 0 first (riots ~ unrest)", hits)
	}
	// A word the corpus uses is not searched for its neighbours too.
	for _, h := range l.Search("weather", 4) {
		if h.Doc != 1 {
			t.Errorf("weather found doc %d", h.Doc)
		}
	}
}

func TestLexicalCoverageRelated(t *testing.T) {
	l := NewLexical(paraphraseDocs)
	// "riots" is covered in part by "unrest"; the exact term fully.
	if got := l.Coverage("riots", 0); got <= 0 || got > 0.7 {
		t.Errorf("Coverage(riots, unrest doc) = %.3f, want in (0, 0.7]", got)
	}
	if got := l.Coverage("unrest", 0); got != 1 {
		t.Errorf("Coverage(unrest) = %.3f, want 1", got)
	}
	if got := l.Coverage("riots", 1); got != 0 {
		t.Errorf("Coverage(riots, weather doc) = %.3f, want 0", got)
	}
	// A name is not covered by its neighbours, which are other names.
	if got := l.Coverage("Tajikistan", 2); got != 0 {
		t.Errorf("Coverage(Tajikistan, Uzbekistan doc) = %.3f, want 0", got)
	}
}

func TestBuiltinMeaning(t *testing.T) {
	vecs, err := NewBuiltin().Embed(context.Background(), []string{
		"riots erupted",
		"unrest broke out",
		"weather forecast",
		"1999",
	})
	if err != nil {
		t.Fatal(err)
	}
	para, other := dot(vecs[0], vecs[1]), dot(vecs[0], vecs[2])
	if para < other+0.1 {
		t.Errorf("riots erupted · unrest broke out = %.3f, not clearly above · weather forecast = %.3f", para, other)
	}
	// A text without a word vector is its hashed features alone.
	var meaning float32
	for _, x := range vecs[3][hashedDim:] {
		meaning += x * x
	}
	if meaning != 0 {
		t.Errorf("a number has a meaning vector of length² %v", meaning)
	}
}
