// Package store keeps what the bot must remember across restarts and share
// between processes: answers behind buttons, votes and feedback, gap posts,
// per-user rate limits, the provenance of taught articles, the moderators'
// audit log, the knowledge version, and a row per question for statistics.
//
// Two back ends implement it: SQLite in a file (the default, one machine,
// pure Go so the binary stays static) and Postgres (several processes, e.g.
// one per Discord shard). Both run the same statements, written once with
// ? placeholders; the schema of each lives in its own versioned migrations.
// Times are stored as Unix microseconds in UTC.
//
// The package speaks plain Go types; Discord IDs are strings. A user appears
// in two forms: the Discord ID, kept only where the bot must reach the user
// again (the asker of an answer or a gap), and a pseudonym (a keyed hash the
// caller computes) everywhere else.
package store

import (
	"errors"
	"time"
)

// Errors the methods return, to be tested with errors.Is.
var (
	// ErrNotFound: no row under that key, or the row is past its time to
	// live (an answer older than AnswerTTL is gone even before Prune runs).
	ErrNotFound = errors.New("not found")
	// ErrSettled: the gap was already answered or ignored, or another
	// moderator is answering it.
	ErrSettled = errors.New("gap already handled")
)

// Defaults for Options.
const (
	DefaultAnswerTTL         = 30 * 24 * time.Hour
	DefaultFeedbackRetention = 90 * 24 * time.Hour
	DefaultPollInterval      = 2 * time.Second
)

// Options tune an open store. The zero value gives the defaults.
type Options struct {
	// AnswerTTL is how long an answer's buttons keep working.
	AnswerTTL time.Duration
	// FeedbackRetention is how long feedback, question rows and gaps are
	// kept before Prune deletes them.
	FeedbackRetention time.Duration
	// PollInterval is how often WatchKnowledge reads the knowledge version
	// (on Postgres, besides listening for notifications).
	PollInterval time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.AnswerTTL <= 0 {
		o.AnswerTTL = DefaultAnswerTTL
	}
	if o.FeedbackRetention <= 0 {
		o.FeedbackRetention = DefaultFeedbackRetention
	}
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Origin is where a question was asked and by whom, so that an answer
// given later (by a moderator) can be brought back to the asker.
type Origin struct {
	UserID    string // Discord user ID
	GuildID   string // "" in a DM
	ChannelID string
	Private   bool // asked ephemerally: tell the asker in a DM, not in the channel
}

// User names one person for the privacy operations, in both forms the
// store keeps.
type User struct {
	ID        string // Discord user ID
	Pseudonym string // the keyed hash the caller stores for this ID
}
