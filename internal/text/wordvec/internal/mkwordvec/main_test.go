package main

import (
	"fmt"
	"testing"
)

func TestNeighbours(t *testing.T) {
	// Four unit vectors in 2 dimensions: a and b 0.8 apart, c opposite a,
	// d orthogonal to a.
	unit := []float32{
		1, 0, // a
		0.8, 0.6, // b
		-1, 0, // c
		0, 1, // d
	}
	got := neighbours(unit, 2, 2, 0.5)
	want := [][]neighbour{
		{{1, 0.8}},           // a: b
		{{0, 0.8}, {3, 0.6}}, // b: a, then d
		nil,                  // c: none near
		{{1, 0.6}},           // d: b
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("neighbours = %v, want %v", got, want)
	}
	if got := neighbours(unit, 2, 1, 0.5); len(got[1]) != 1 || got[1][0].word != 0 {
		t.Errorf("k=1: b's neighbours %v, want only a", got[1])
	}
}

func TestPlain(t *testing.T) {
	for w, want := range map[string]bool{"troops": true, "": false, "u.s.": false, "Moscow": false, "x2": false, "état": false} {
		if plain(w) != want {
			t.Errorf("plain(%q) = %v", w, !want)
		}
	}
}
