package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/store"
)

// pruneEvery is how often serve deletes expired rows from the store.
const pruneEvery = time.Hour

func storeOptions(cfg config.Config) store.Options {
	return store.Options{AnswerTTL: cfg.AnswerButtonsTTL, FeedbackRetention: cfg.FeedbackRetention}
}

// openStore opens the store the settings name (a damaged SQLite file or a
// newer schema stops serve here, saying why), prunes it, and prunes it
// again every pruneEvery. The returned close stops that and closes the
// store.
func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.DB, func(), error) {
	s, err := store.Open(ctx, cfg.DataDir, cfg.DatabaseURL, storeOptions(cfg))
	if err != nil {
		return nil, nil, err
	}
	log.Info("store ready", "store", s.String())
	if err := importFeedback(ctx, s, cfg.DataDir, log); err != nil {
		s.Close()
		return nil, nil, err
	}
	pruneOnce(ctx, s, log)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(pruneEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				pruneOnce(ctx, s, log)
			}
		}
	}()
	return s, func() { cancel(); <-done; s.Close() }, nil
}

func pruneOnce(ctx context.Context, s *store.DB, log *slog.Logger) {
	p, err := s.Prune(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Warn("prune the store", "err", err)
	case err == nil && p != store.Pruned{}:
		log.Info("pruned the store", "answers", p.Answers, "feedback", p.Feedback,
			"questions", p.Questions, "gaps", p.Gaps, "rate_limits", p.Limits)
	}
}

// feedbackFile is where earlier versions appended votes, in DATA_DIR.
const feedbackFile = "feedback.jsonl"

// importFeedback brings the votes of DATA_DIR/feedback.jsonl into the
// store, once: the file is then renamed to feedback.jsonl.imported, so a
// restart does not import it again and the operator can delete it. Lines
// that do not decode are counted and left in the renamed file. A missing
// file is nothing to do.
func importFeedback(ctx context.Context, s *store.DB, dataDir string, log *slog.Logger) error {
	if dataDir == "" {
		return nil
	}
	path := filepath.Join(dataDir, feedbackFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the old feedback file: %w", err)
	}
	var (
		votes []store.OldVote
		bad   int
	)
	for line := range bytes.Lines(data) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var v struct {
			Time     time.Time `json:"time"`
			Vote     string    `json:"vote"`
			User     string    `json:"user"`
			AnswerID string    `json:"answer_id"`
			Question string    `json:"question"`
			Answer   string    `json:"answer"`
			Passages []string  `json:"passages"`
			Model    string    `json:"model"`
		}
		if json.Unmarshal(line, &v) != nil || (v.Vote != "up" && v.Vote != "down") || v.User == "" {
			bad++
			continue
		}
		votes = append(votes, store.OldVote{Time: v.Time, Up: v.Vote == "up", Voter: v.User, AnswerID: v.AnswerID,
			Question: v.Question, Answer: v.Answer, Model: v.Model, Passages: v.Passages})
	}
	n, err := s.ImportVotes(ctx, votes)
	if err != nil {
		return err
	}
	if err := os.Rename(path, path+".imported"); err != nil {
		return fmt.Errorf("rename the imported feedback file: %w", err)
	}
	log.Info("imported the old feedback file into the store", "votes", n, "unreadable_lines", bad,
		"renamed_to", feedbackFile+".imported")
	return nil
}
