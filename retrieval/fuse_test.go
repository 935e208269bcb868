package retrieval

import (
	"fmt"
	"math"
	"testing"
)

func TestFuse(t *testing.T) {
	vw, lw := vectorWeight, 1-vectorWeight
	tests := []struct {
		name            string
		vector, lexical []Scored
		k               int
		want            []Scored
	}{
		{"both empty", nil, nil, 5, nil},
		{"k zero", []Scored{{1, 0.9}}, []Scored{{1, 3}}, 0, nil},
		{"vector only", []Scored{{1, 0.9}, {2, 0.5}, {3, 0.1}}, nil, 5,
			[]Scored{{1, vw}, {2, vw * 0.5}, {3, 0}}},
		{"lexical only", nil, []Scored{{4, 8}, {5, 4}}, 5,
			[]Scored{{4, lw}, {5, 0}}},
		{"agreement wins", []Scored{{1, 0.9}, {2, 0.1}}, []Scored{{1, 5}, {2, 1}}, 5,
			[]Scored{{1, 1}, {2, 0}}},
		{"lexical outweighs vector", []Scored{{1, 0.9}, {2, 0.1}}, []Scored{{2, 5}, {1, 1}}, 5,
			[]Scored{{2, lw}, {1, vw}}},
		{"equal scores scale to one", []Scored{{7, 0.3}, {8, 0.3}}, nil, 5,
			[]Scored{{7, vw}, {8, vw}}},
		{"ties go to the lower doc", []Scored{{8, 0.3}, {7, 0.3}}, nil, 5,
			[]Scored{{7, vw}, {8, vw}}},
		{"a lexical match alone outranks a vector match alone", []Scored{{9, 0.5}}, []Scored{{3, 2}}, 5,
			[]Scored{{3, lw}, {9, vw}}},
		{"k huge", []Scored{{1, 0.9}}, nil, 1 << 40, []Scored{{1, vw}}},
		{"k cuts", []Scored{{1, 0.9}, {2, 0.5}, {3, 0.1}}, nil, 2,
			[]Scored{{1, vw}, {2, vw * 0.5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fuse(tt.vector, tt.lexical, tt.k, vectorWeight)
			if !sameScored(got, tt.want) {
				t.Errorf("fuse(%v, %v, %d, %v) = %v; want %v", tt.vector, tt.lexical, tt.k, vectorWeight, got, tt.want)
			}
		})
	}
}

func sameScored(a, b []Scored) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Doc != b[i].Doc || math.Abs(a[i].Score-b[i].Score) > 1e-12 {
			return false
		}
	}
	return true
}

func TestPushTop(t *testing.T) {
	var top []Scored
	for i, s := range []float64{3, 1, 4, 1, 5, 9, 2, 6} {
		top = pushTop(top, Scored{Doc: i, Score: s}, 3)
	}
	if got, want := fmt.Sprint(top), "[{5 9} {7 6} {4 5}]"; got != want {
		t.Errorf("pushTop kept %s; want %s", got, want)
	}
}

func TestFusionWeight(t *testing.T) {
	for _, tt := range []struct{ coverage, want float64 }{
		{1, vectorWeight},
		{lexicalTrust, vectorWeight},
		{lexicalTrust - 0.1, vectorWeight + 0.1},
		{0.4, 0.5},
		{0.2, maxVectorWeight},
		{0, maxVectorWeight},
	} {
		if got := fusionWeight(tt.coverage); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("fusionWeight(%.2f) = %.3f, want %.3f", tt.coverage, got, tt.want)
		}
	}
}
