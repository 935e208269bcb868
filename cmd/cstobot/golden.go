package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// goldenCheck is what the golden set made of bringing the index up to date
// at start-up.
type goldenCheck struct {
	fresh   bool // the index was empty: a first build, with nothing serving to protect
	outcome curate.Outcome
}

// changed reports whether the sync changed what the index holds.
func (g goldenCheck) changed() bool {
	s := g.outcome.Stats
	return s.Embedded > 0 || s.Removed > 0
}

// syncChecked brings the index up to date with passages. When it already
// serves an index and a golden set is configured, the change goes live
// only if the set still passes: the check moderators' re-indexes get
// (internal/curate). A first build has nothing to protect and goes live.
func (a *app) syncChecked(ctx context.Context, passages []knowledge.Passage, progress func(done, total int)) (retrieval.SyncStats, error) {
	a.checked.fresh = a.index.Len() == 0
	if a.golden == "" || a.checked.fresh {
		s, err := a.index.Sync(ctx, passages, progress)
		a.checked.outcome = curate.Outcome{Applied: err == nil, Stats: s}
		return s, err
	}
	o, err := a.cur.Sync(ctx, passages, progress)
	a.checked.outcome = o
	return o.Stats, err
}

// logChecked logs what the golden set made of the start-up sync: a
// rejected change loudly, with the questions it would break; a change no
// golden set checked, plainly.
func (a *app) logChecked(log *slog.Logger) {
	o := a.checked.outcome
	switch {
	case !o.Applied:
		log.Warn("the knowledge base changed but the change was not applied: "+rejection(a.golden, o), "golden_set", a.golden)
		for _, r := range o.Regressed {
			log.Warn("golden question no longer found in the top 5", "id", r.ID, "question", r.Question, "was", r.Before, "now", r.After)
		}
	case o.Checked:
		log.Info("the golden set passed", "golden_set", a.golden, "hit5", pct(o.Hit5), "floor", pct(o.Floor))
	case a.checked.changed() && !a.checked.fresh:
		log.Info("the knowledge base changed and went live unchecked: no golden set (set GOLDEN_SET, or put golden.jsonl in KNOWLEDGE_DIR)")
	}
}

// writeChecked tells the operator of `cstobot index` what the golden set
// made of the change, and returns an error when it was rejected.
func (a *app) writeChecked(w io.Writer) error {
	o := a.checked.outcome
	var b strings.Builder
	switch {
	case !o.Applied:
		fmt.Fprintf(&b, "Not applied: %s.\n", rejection(a.golden, o))
		if len(o.Regressed) > 0 {
			b.WriteString("Questions it would no longer find in the top 5:\n")
		}
		for _, r := range o.Regressed {
			fmt.Fprintf(&b, "  %s %s (was #%d, now %s)\n", r.ID, r.Question, r.Before, rankText(r.After))
		}
	case o.Checked:
		fmt.Fprintf(&b, "Golden set %s: hit@5 %s (floor %s, was %s).\n", a.golden, pct(o.Hit5), pct(o.Floor), pct(o.Before))
	case a.checked.fresh && a.golden != "":
		fmt.Fprintf(&b, "A first index, with nothing serving before it: the golden set %s guards the changes after it.\n", a.golden)
	default:
		b.WriteString("Not checked by a golden set: set GOLDEN_SET, or put golden.jsonl in KNOWLEDGE_DIR.\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if !o.Applied {
		return fmt.Errorf("the golden set rejected the change: the index as it was keeps serving")
	}
	return nil
}

// rejection says why the golden set kept a change from going live.
func rejection(golden string, o curate.Outcome) string {
	return fmt.Sprintf("the golden set %s would fall to hit@5 %s, below its floor of %s (now %s); the index as it was keeps serving",
		golden, pct(o.Hit5), pct(o.Floor), pct(o.Before))
}

func pct(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

func rankText(r int) string {
	if r == 0 {
		return "not in the top 10"
	}
	return fmt.Sprintf("#%d", r)
}
