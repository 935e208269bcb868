package store

import (
	"context"
	"time"
)

// The interfaces below group what *DB offers by the part of the bot that
// needs it, so that a caller can ask for only what it uses. Store is all
// of them.

// Answers keeps the answers shown with buttons, and the votes on them.
type Answers interface {
	PutAnswer(ctx context.Context, a Answer) (key string, err error)
	Answer(ctx context.Context, key string) (Answer, error)
	Vote(ctx context.Context, key string, v Vote) (a Answer, first bool, err error)
	MarkReported(ctx context.Context, key string) (first bool, err error)
	MarkPosted(ctx context.Context, key string) (first bool, err error)
}

// Gaps keeps the questions posted to the moderators and their state.
type Gaps interface {
	PostGap(ctx context.Context, g Gap, l GapLimits) (GapPost, error)
	SetGapMessage(ctx context.Context, key, channelID, messageID string) error
	Gap(ctx context.Context, key string) (Gap, error)
	ClaimGap(ctx context.Context, key, by string, hold time.Duration) (Gap, error)
	ReleaseGap(ctx context.Context, key, by string) error
	SettleGap(ctx context.Context, key string, state GapState, by string) (Gap, error)
}

// Limits takes from rate-limit budgets that every process shares.
type Limits interface {
	Take(ctx context.Context, bucket string, r Rate) (Taken, error)
}

// Moderation records who changed the knowledge, and tells every process
// that it changed.
type Moderation interface {
	RecordTaught(ctx context.Context, t Taught) error
	Taught(ctx context.Context, file string) (Taught, error)
	ForgetTaught(ctx context.Context, file string) error
	Audit(ctx context.Context, e AuditEntry) error
	AuditLog(ctx context.Context, limit int) ([]AuditEntry, error)
	BumpKnowledge(ctx context.Context, by string) (version int64, err error)
	KnowledgeVersion(ctx context.Context) (int64, error)
	WatchKnowledge(ctx context.Context, seen int64, changed func(version int64)) error
}

// Stats records every question and counts them by day.
type Stats interface {
	RecordQuestion(ctx context.Context, q Question) error
	Daily(ctx context.Context, from, to time.Time) ([]Day, error)
}

// Privacy tells a user what is kept about them and deletes it.
type Privacy interface {
	UserData(ctx context.Context, u User) (Kept, error)
	ForgetUser(ctx context.Context, u User) (Forgotten, error)
}

// Store is everything the bot keeps.
type Store interface {
	Answers
	Gaps
	Limits
	Moderation
	Stats
	Privacy
	Prune(ctx context.Context) (Pruned, error)
	Close() error
}

var _ Store = (*DB)(nil)
