package eval

import (
	"context"

	"github.com/cstobot/cstobot/retrieval"
)

// ModeSearcher searches with one ranking or both; *retrieval.Index
// implements it.
type ModeSearcher interface {
	SearchMode(ctx context.Context, query string, k int, mode retrieval.Mode) ([]retrieval.Hit, error)
}

// inMode is a ModeSearcher fixed to one mode.
type inMode struct {
	s    ModeSearcher
	mode retrieval.Mode
}

func (m inMode) Search(ctx context.Context, query string, k int) ([]retrieval.Hit, error) {
	return m.s.SearchMode(ctx, query, k, m.mode)
}

// RunModes runs items once per mode, so that what each ranking contributes
// shows side by side: report i is named name+" "+modes[i]. Answers are
// drafted, through a when it is not nil, only in the Hybrid run: the
// drafter searches in that mode, so answers in the other runs would be the
// same answers again; those reports score retrieval only (Answered false).
// Errors are Run's.
func RunModes(ctx context.Context, name string, items []Item, s ModeSearcher, a Answerer, modes []retrieval.Mode) ([]Report, error) {
	reps := make([]Report, 0, len(modes))
	for _, m := range modes {
		ans := a
		if m != retrieval.Hybrid {
			ans = nil
		}
		rep, err := Run(ctx, name+" "+m.String(), items, inMode{s, m}, ans)
		if err != nil {
			return reps, err
		}
		reps = append(reps, rep)
	}
	return reps, nil
}
