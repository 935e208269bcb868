package bot

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// UserRecords is what the bot keeps about users beyond a conversation, as
// /privacy and FEEDBACK_RETENTION need it: count a user's records, delete
// them, and delete those older than a time. Users are named by their
// pseudonym (see Bot.pseudonym). The feedback log implements it; a
// database keeping the same records would too.
type UserRecords interface {
	CountUser(ctx context.Context, user string) (int, error)
	DeleteUser(ctx context.Context, user string) (int, error)
	DeleteBefore(ctx context.Context, t time.Time) (int, error)
}

// feedback is one line of the feedback file.
type feedback struct {
	Time     time.Time `json:"time"`
	Vote     string    `json:"vote"` // "up" or "down"
	User     string    `json:"user"` // pseudonymised user ID
	AnswerID string    `json:"answer_id"`
	Question string    `json:"question"`
	Answer   string    `json:"answer"`
	Passages []string  `json:"passages"` // IDs of the cited passages
	Model    string    `json:"model,omitempty"`
}

// feedbackLog appends votes to a JSONL file, one line per vote, written
// whole under a lock so that concurrent votes never interleave. Deleting
// rewrites the file beside it and renames it over, so that a crash leaves
// the old file or the new one. Lines it cannot read are kept as they are.
// Without a path it keeps nothing.
type feedbackLog struct {
	path string
	mu   sync.Mutex
}

var _ UserRecords = (*feedbackLog)(nil)

func (f *feedbackLog) append(fb feedback) error {
	if f.path == "" {
		return nil
	}
	line, err := json.Marshal(fb)
	if err != nil {
		return fmt.Errorf("encode feedback: %w", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	file, err := os.OpenFile(f.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("open feedback file: %w", err)
	}
	if _, err := file.Write(append(line, '\n')); err != nil {
		file.Close()
		return fmt.Errorf("write feedback to %s: %w", f.path, err)
	}
	if err := file.Close(); err != nil {
		return fmt.Errorf("close feedback file %s: %w", f.path, err)
	}
	return nil
}

// CountUser returns how many votes of user the file holds.
func (f *feedbackLog) CountUser(_ context.Context, user string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	err := f.scan(func(fb feedback, ok bool, _ []byte) { n += boolInt(ok && fb.User == user) })
	return n, err
}

// DeleteUser deletes the votes of user.
func (f *feedbackLog) DeleteUser(_ context.Context, user string) (int, error) {
	return f.drop(func(fb feedback) bool { return fb.User == user })
}

// DeleteBefore deletes the votes cast before t.
func (f *feedbackLog) DeleteBefore(_ context.Context, t time.Time) (int, error) {
	return f.drop(func(fb feedback) bool { return fb.Time.Before(t) })
}

// drop rewrites the file without the votes for which gone is true.
func (f *feedbackLog) drop(gone func(feedback) bool) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var kept bytes.Buffer
	n := 0
	err := f.scan(func(fb feedback, ok bool, line []byte) {
		if ok && gone(fb) {
			n++
			return
		}
		kept.Write(line)
		kept.WriteByte('\n')
	})
	if err != nil || n == 0 {
		return 0, err
	}
	return n, replaceFile(f.path, kept.Bytes())
}

// scan calls each with every line of the file, decoded when ok; a missing
// file has no lines.
func (f *feedbackLog) scan(each func(fb feedback, ok bool, line []byte)) error {
	if f.path == "" {
		return nil
	}
	file, err := os.Open(f.path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open feedback file: %w", err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var fb feedback
		err := json.Unmarshal(sc.Bytes(), &fb)
		each(fb, err == nil, sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read feedback file %s: %w", f.path, err)
	}
	return nil
}

// replaceFile writes data beside path, syncs it and renames it over path.
func replaceFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".feedback-*.tmp")
	if err != nil {
		return fmt.Errorf("rewrite %s: %w", path, err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("rewrite %s: %w", path, err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
