package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// GapState is where a gap post stands.
type GapState string

// The states of a gap. A gap is open until a moderator answers or ignores
// it; while one is answering (the modal submitted, the article being
// indexed) it is claimed, so that no one else settles it meanwhile.
const (
	GapOpen     GapState = "open"
	GapClaimed  GapState = "claimed"
	GapAnswered GapState = "answered"
	GapIgnored  GapState = "ignored"
)

// Gap is a question posted to the moderators because it was refused or
// disliked.
type Gap struct {
	Key       string // set by PostGap; the moderators' buttons carry it
	Why       string // what brought it, for the post ("refused", "👎 from a user")
	Question  string
	Answer    string // what the bot said
	Citations []Citation
	// Dedupe is the same for the same question asked again (the caller
	// normalises it); "" is never deduplicated.
	Dedupe    string
	AnswerKey string // the answer it came from, when it had buttons
	Asker     Origin

	// Kept by the store.
	Repeats      int // times asked again after it was posted
	State        GapState
	SettledBy    string // who answered or ignored it, or holds the claim
	Settled      time.Time
	ModChannelID string // the post in the moderators' channel
	ModMessageID string
	Created      time.Time
	LastAsked    time.Time
}

// GapLimits bound how often gaps are posted.
type GapLimits struct {
	// Window: the same Dedupe within it is counted on the existing gap
	// rather than posted again; 0 never deduplicates.
	Window time.Duration
	// PerHour caps the new gaps posted in any hour; 0 for no cap.
	PerHour int
}

// GapOutcome says what PostGap did.
type GapOutcome string

// The outcomes of PostGap.
const (
	GapPosted GapOutcome = "posted" // a new gap: post it, then SetGapMessage
	GapRepeat GapOutcome = "repeat" // counted on an existing gap: update its post
	GapCapped GapOutcome = "capped" // PerHour new gaps already: post nothing
)

// GapPost is PostGap's result: the new gap, or the existing one the
// question was counted on (with Repeats updated); zero when capped.
type GapPost struct {
	Outcome GapOutcome
	Gap     Gap
}

const gapColumns = `key, why, question, answer, citations, dedupe, answer_key, asker, guild, channel, private,
	repeats, state, settled_by, settled, mod_channel, mod_message, created, last_asked`

// PostGap decides, atomically for every process, whether g becomes a new
// gap, is counted on the gap of the same question posted within
// l.Window, or is dropped because l.PerHour gaps were posted in the last
// hour.
func (s *DB) PostGap(ctx context.Context, g Gap, l GapLimits) (GapPost, error) {
	var p GapPost
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if s.d.lockGaps != "" {
			if _, err := tx.ExecContext(ctx, s.d.lockGaps); err != nil {
				return err
			}
		}
		now := s.now()
		found, err := s.countRepeat(ctx, tx, g.Dedupe, l.Window, now)
		if err != nil || found.Key != "" {
			p = GapPost{Outcome: GapRepeat, Gap: found}
			return err
		}
		if l.PerHour > 0 {
			var n int
			q := s.d.rebind(`SELECT COUNT(*) FROM gaps WHERE created > ?`)
			if err := tx.QueryRowContext(ctx, q, micros(now.Add(-time.Hour))).Scan(&n); err != nil {
				return err
			}
			if n >= l.PerHour {
				p = GapPost{Outcome: GapCapped}
				return nil
			}
		}
		g, err = s.insertGap(ctx, tx, g, now)
		p = GapPost{Outcome: GapPosted, Gap: g}
		return err
	})
	return p, wrap(err, "post a gap")
}

// countRepeat adds one to the repeats of the newest gap with key dedupe
// posted within window, and returns it; a zero Gap when there is none.
func (s *DB) countRepeat(ctx context.Context, tx *sql.Tx, dedupe string, window time.Duration, now time.Time) (Gap, error) {
	if dedupe == "" || window <= 0 {
		return Gap{}, nil
	}
	q := s.d.rebind(`UPDATE gaps SET repeats = repeats + 1, last_asked = ?
		WHERE key = (SELECT key FROM gaps WHERE dedupe = ? AND created > ? ORDER BY created DESC LIMIT 1)
		RETURNING ` + gapColumns)
	g, err := scanGap(tx.QueryRowContext(ctx, q, micros(now), dedupe, micros(now.Add(-window))))
	if errors.Is(err, ErrNotFound) {
		return Gap{}, nil
	}
	return g, err
}

func (s *DB) insertGap(ctx context.Context, tx *sql.Tx, g Gap, now time.Time) (Gap, error) {
	cites, err := json.Marshal(nonNil(g.Citations))
	if err != nil {
		return g, fmt.Errorf("encode citations: %w", err)
	}
	g.Key, g.State, g.Repeats = newKey(), GapOpen, 0
	g.Created, g.LastAsked = fromMicros(micros(now)), fromMicros(micros(now))
	g.SettledBy, g.Settled, g.ModChannelID, g.ModMessageID = "", time.Time{}, "", ""
	q := s.d.rebind(`INSERT INTO gaps (key, why, question, answer, citations, dedupe, answer_key, asker, guild, channel, private,
		state, created, last_asked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	_, err = tx.ExecContext(ctx, q, g.Key, g.Why, g.Question, g.Answer, string(cites), g.Dedupe, g.AnswerKey,
		g.Asker.UserID, g.Asker.GuildID, g.Asker.ChannelID, g.Asker.Private, string(GapOpen), micros(now), micros(now))
	return g, err
}

// SetGapMessage records where the gap under key was posted, so that a
// repeat or a privacy request can edit the post.
func (s *DB) SetGapMessage(ctx context.Context, key, channelID, messageID string) error {
	n, err := s.exec(ctx, `UPDATE gaps SET mod_channel = ?, mod_message = ? WHERE key = ?`, channelID, messageID, key)
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	return wrap(err, "record the post of gap %s", key)
}

// Gap returns the gap under key; ErrNotFound when there is none or it is
// older than FeedbackRetention.
func (s *DB) Gap(ctx context.Context, key string) (Gap, error) {
	q := s.d.rebind(`SELECT ` + gapColumns + ` FROM gaps WHERE key = ? AND created >= ?`)
	g, err := scanGap(s.r.QueryRowContext(ctx, q, key, micros(s.now().Add(-s.o.FeedbackRetention))))
	return g, wrap(err, "read gap %s", key)
}

// ClaimGap marks the open gap under key as being answered by by, for at
// most hold (after which an unsettled claim lapses, so that a crash does
// not lock the gap forever). ErrSettled when it is answered, ignored or
// claimed by someone else.
func (s *DB) ClaimGap(ctx context.Context, key, by string, hold time.Duration) (Gap, error) {
	now := s.now()
	q := s.d.rebind(`UPDATE gaps SET state = ?, settled_by = ?, claimed_until = ?
		WHERE key = ? AND (state = ? OR (state = ? AND claimed_until < ?)) RETURNING ` + gapColumns)
	g, err := scanGap(s.w.QueryRowContext(ctx, q, string(GapClaimed), by, micros(now.Add(hold)),
		key, string(GapOpen), string(GapClaimed), micros(now)))
	return s.orSettled(ctx, key, g, err, "claim")
}

// ReleaseGap opens again the gap that by claimed: their answer did not go
// live. Releasing a gap not claimed by by changes nothing.
func (s *DB) ReleaseGap(ctx context.Context, key, by string) error {
	_, err := s.exec(ctx, `UPDATE gaps SET state = ?, settled_by = '', claimed_until = 0
		WHERE key = ? AND state = ? AND settled_by = ?`, string(GapOpen), key, string(GapClaimed), by)
	return wrap(err, "release gap %s", key)
}

// SettleGap marks the gap under key answered or ignored by by: an open gap,
// one that by claimed, or one whose claim lapsed. ErrSettled otherwise.
func (s *DB) SettleGap(ctx context.Context, key string, state GapState, by string) (Gap, error) {
	if state != GapAnswered && state != GapIgnored {
		return Gap{}, fmt.Errorf("settle gap %s: %q is not a settled state", key, state)
	}
	now := s.now()
	q := s.d.rebind(`UPDATE gaps SET state = ?, settled_by = ?, settled = ?, claimed_until = 0
		WHERE key = ? AND (state = ? OR (state = ? AND (settled_by = ? OR claimed_until < ?))) RETURNING ` + gapColumns)
	g, err := scanGap(s.w.QueryRowContext(ctx, q, string(state), by, micros(now),
		key, string(GapOpen), string(GapClaimed), by, micros(now)))
	return s.orSettled(ctx, key, g, err, "settle")
}

// orSettled turns "no row changed" into ErrSettled, or ErrNotFound when the
// gap does not exist.
func (s *DB) orSettled(ctx context.Context, key string, g Gap, err error, doing string) (Gap, error) {
	if !errors.Is(err, ErrNotFound) {
		return g, wrap(err, "%s gap %s", doing, key)
	}
	if g, err = s.Gap(ctx, key); err != nil {
		return g, err
	}
	return g, fmt.Errorf("%s gap %s: %w", doing, key, ErrSettled)
}

type scanner interface{ Scan(dest ...any) error }

func scanGap(row scanner) (Gap, error) {
	var (
		g                                 Gap
		cites, state                      string
		settled, created, lastAsked, reps int64
	)
	err := row.Scan(&g.Key, &g.Why, &g.Question, &g.Answer, &cites, &g.Dedupe, &g.AnswerKey,
		&g.Asker.UserID, &g.Asker.GuildID, &g.Asker.ChannelID, &g.Asker.Private,
		&reps, &state, &g.SettledBy, &settled, &g.ModChannelID, &g.ModMessageID, &created, &lastAsked)
	if errors.Is(err, sql.ErrNoRows) {
		return g, ErrNotFound
	}
	if err != nil {
		return g, err
	}
	g.Repeats, g.State = int(reps), GapState(state)
	g.Settled, g.Created, g.LastAsked = fromMicros(settled), fromMicros(created), fromMicros(lastAsked)
	return g, decodeCitations(cites, &g.Citations)
}
