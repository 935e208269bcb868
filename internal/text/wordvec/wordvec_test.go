package wordvec

import (
	"slices"
	"testing"
)

func TestBuiltin(t *testing.T) {
	tab, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 40000 {
		t.Errorf("Len = %d, want 40000", tab.Len())
	}
	find := func(w string) int32 {
		i, ok := tab.Find(w)
		if !ok {
			t.Fatalf("%q missing", w)
		}
		return i
	}
	if i := find("the"); i != 0 || tab.Word(i) != "the" {
		t.Errorf(`Find("the") = %d, want 0`, i)
	}
	if s := similarity(tab, find("soldiers"), find("soldiers")); s < 0.999 || s > 1.001 {
		t.Errorf("self-similarity %v", s)
	}
	for _, c := range []struct{ near, far [2]string }{
		{[2]string{"soldiers", "troops"}, [2]string{"soldiers", "banana"}},
		{[2]string{"quit", "resigned"}, [2]string{"quit", "photo"}},
		{[2]string{"treaty", "pact"}, [2]string{"treaty", "kitchen"}},
	} {
		n := similarity(tab, find(c.near[0]), find(c.near[1]))
		f := similarity(tab, find(c.far[0]), find(c.far[1]))
		if n <= f+0.2 {
			t.Errorf("%v = %.2f, not clearly above %v = %.2f", c.near, n, c.far, f)
		}
	}
	if _, ok := tab.Find("Soldiers"); ok {
		t.Error("Find matched a word with a capital letter")
	}

	// Neighbours agree with similarity, come most similar first, and hold
	// the obvious synonym.
	soldiers := find("soldiers")
	ns := slices.Collect(tab.Neighbours(soldiers))
	if len(ns) == 0 || len(ns) > 16 {
		t.Fatalf("%d neighbours of soldiers", len(ns))
	}
	if !slices.ContainsFunc(ns, func(n Neighbour) bool { return tab.Word(n.Word) == "troops" }) {
		t.Errorf("troops not among the neighbours of soldiers")
	}
	for i, n := range ns {
		if s := similarity(tab, soldiers, n.Word); s < 0.55 || s-n.Sim > 0.005 || n.Sim-s > 0.005 {
			t.Errorf("neighbour %s: stored %.3f, computed %.3f", tab.Word(n.Word), n.Sim, s)
		}
		if i > 0 && n.Sim > ns[i-1].Sim {
			t.Errorf("neighbours out of order at %d", i)
		}
	}

	// AddTo adds the unit vector.
	v := make([]float32, Dim)
	tab.AddTo(v, soldiers, 2)
	var sum float32
	for _, x := range v {
		sum += x * x
	}
	if sum < 3.99 || sum > 4.01 {
		t.Errorf("|2·unit|² = %v, want 4", sum)
	}
}

// similarity is the cosine similarity of words i and j, computed afresh.
func similarity(t *Table, i, j int32) float32 {
	a, b := t.vec(i), t.vec(j)
	var s int32
	for d := range a {
		s += int32(int8(a[d])) * int32(int8(b[d]))
	}
	return float32(s) * t.inv(i) * t.inv(j)
}

func TestDecodeRejectsGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("not gzip"), data[:len(data)/2]} {
		if _, err := decode(b); err == nil {
			t.Errorf("decode(%d bytes) = nil error", len(b))
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	for b.Loop() {
		if _, err := decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
