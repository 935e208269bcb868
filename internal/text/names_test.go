package text

import (
	"slices"
	"testing"
)

func TestNamesSkipCalendarWords(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"What did Peskov say on Friday about Armenia?", []string{"Peskov", "Armenia"}},
		{"when in February did Pashinyan freeze it", []string{"Pashinyan"}},
		{"Qu'a dit Pachinian le Mercredi 16 Juillet ?", []string{"Pachinian"}},
		{"who is Kassym-Jomart Tokayev", []string{"Kassym-Jomart Tokayev"}},
		{"is the CSTO still around", []string{"CSTO"}},
	} {
		var got []string
		for _, n := range Names(tc.q) {
			got = append(got, n.Text())
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Names(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}
