package curate

import (
	"fmt"
	"path/filepath"
	"strings"
)

// maxListed bounds the regressed questions and skipped files a report names,
// so that it fits one Discord message.
const maxListed = 10

// Report describes o in a few lines of Markdown for the moderators: whether
// the change went live, what it changed, the golden score, and the
// questions it would have broken.
func (o Outcome) Report() string {
	var b strings.Builder
	s := o.Stats
	if o.Applied {
		fmt.Fprintf(&b, "**Knowledge re-indexed**: %d articles, %d passages (%d embedded, %d reused, %d removed).",
			s.Articles, s.Passages, s.Embedded, s.Reused, s.Removed)
		if o.Checked {
			fmt.Fprintf(&b, " Golden set hit@5 %s (was %s, floor %s).", pct(o.Hit5), pct(o.Before), pct(o.Floor))
		}
	} else {
		fmt.Fprintf(&b, "**Re-index rejected**: the golden set's hit@5 would fall to %s, below its floor of %s (now %s). "+
			"The current index keeps serving; nothing changed for users.", pct(o.Hit5), pct(o.Floor), pct(o.Before))
		fmt.Fprintf(&b, "\nThe change: %d articles, %d passages (%d new, %d removed).", s.Articles, s.Passages, s.Embedded, s.Removed)
	}
	writeList(&b, "\nQuestions it no longer finds in the top 5:", len(o.Regressed), func(i int) string {
		r := o.Regressed[i]
		return fmt.Sprintf("`%s` %s (was #%d, now %s)", r.ID, r.Question, r.Before, rank(r.After))
	})
	writeList(&b, "\nFiles skipped:", len(o.Skipped), func(i int) string { return o.inFolder(o.Skipped[i].Error()) })
	return b.String()
}

// inFolder shows s with paths relative to the knowledge folder: the
// report is for moderators, to whom where the operator keeps it is no
// business.
func (o Outcome) inFolder(s string) string {
	if o.folder == "" {
		return s
	}
	return strings.ReplaceAll(s, filepath.Clean(o.folder)+string(filepath.Separator), "")
}

// writeList writes title and the first maxListed of n items, one a line,
// then how many more there are; nothing when n is 0.
func writeList(b *strings.Builder, title string, n int, item func(i int) string) {
	if n == 0 {
		return
	}
	b.WriteString(title)
	for i := range min(n, maxListed) {
		b.WriteString("\n• " + item(i))
	}
	if n > maxListed {
		fmt.Fprintf(b, "\n• … and %d more", n-maxListed)
	}
}

func pct(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

func rank(r int) string {
	if r == 0 {
		return "not in the top 10"
	}
	return fmt.Sprintf("#%d", r)
}
