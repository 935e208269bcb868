package curate

import (
	"fmt"
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
	if len(o.Regressed) > 0 {
		b.WriteString("\nQuestions it no longer finds in the top 5:")
		for i, r := range o.Regressed {
			if i == maxListed {
				fmt.Fprintf(&b, "\n• … and %d more", len(o.Regressed)-maxListed)
				break
			}
			fmt.Fprintf(&b, "\n• `%s` %s (was #%d, now %s)", r.ID, r.Question, r.Before, rank(r.After))
		}
	}
	if len(o.Skipped) > 0 {
		b.WriteString("\nFiles skipped:")
		for i, f := range o.Skipped {
			if i == maxListed {
				fmt.Fprintf(&b, "\n• … and %d more", len(o.Skipped)-maxListed)
				break
			}
			fmt.Fprintf(&b, "\n• %s", f.Error())
		}
	}
	return b.String()
}

func pct(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

func rank(r int) string {
	if r == 0 {
		return "not in the top 10"
	}
	return fmt.Sprintf("#%d", r)
}
