package main

import (
	"context"
	"log/slog"
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
