package curate

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/knowledge"
)

// TestReportLists: the regressed questions and skipped files are listed up
// to maxListed each, the rest counted, so that a report fits one message.
func TestReportLists(t *testing.T) {
	tests := []struct {
		name               string
		regressed, skipped int
		want, absent       []string
		suffix             string
	}{
		{name: "none", absent: []string{"no longer finds", "Files skipped", "•"}},
		{
			name: "one each", regressed: 1, skipped: 1,
			want:   []string{"\nQuestions it no longer finds in the top 5:\n• `q00` Question 0 (was #1, now not in the top 10)\nFiles skipped:\n• f00.md: unreadable"},
			absent: []string{"more"}, suffix: "f00.md: unreadable",
		},
		{
			name: "exactly maxListed", regressed: maxListed, skipped: maxListed,
			want:   []string{"• `q09` Question 9 (was #1, now not in the top 10)\nFiles skipped:\n• f00.md: unreadable"},
			absent: []string{"more"}, suffix: "\n• f09.md: unreadable",
		},
		{
			name: "over maxListed", regressed: maxListed + 2, skipped: maxListed + 1,
			want:   []string{"• `q09` Question 9 (was #1, now not in the top 10)\n• … and 2 more\nFiles skipped:\n• f00.md: unreadable"},
			absent: []string{"q10", "f10"}, suffix: "\n• f09.md: unreadable\n• … and 1 more",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Outcome{Checked: true, Hit5: 0.5, Before: 0.9, Floor: 0.8}
			for i := range tt.regressed {
				o.Regressed = append(o.Regressed, Regression{ID: fmt.Sprintf("q%02d", i), Question: fmt.Sprintf("Question %d", i), Before: 1})
			}
			for i := range tt.skipped {
				o.Skipped = append(o.Skipped, knowledge.FileError{Path: fmt.Sprintf("f%02d.md", i), Err: errors.New("unreadable")})
			}
			rep := o.Report()
			for _, w := range tt.want {
				if !strings.Contains(rep, w) {
					t.Errorf("report lacks %q:\n%s", w, rep)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(rep, a) {
					t.Errorf("report has %q:\n%s", a, rep)
				}
			}
			if !strings.HasSuffix(rep, tt.suffix) {
				t.Errorf("report ends otherwise than %q:\n%s", tt.suffix, rep)
			}
		})
	}
}
