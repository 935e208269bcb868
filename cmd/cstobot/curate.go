package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/internal/eval"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// goldenName is the golden set looked for in KNOWLEDGE_DIR when GOLDEN_SET
// is not set; the loader ignores .jsonl files, so it never becomes an article.
const goldenName = "golden.jsonl"

// newCurator returns the curator of ix: KNOWLEDGE_DIR, the built-in
// articles, and the golden set of GOLDEN_SET (or KNOWLEDGE_DIR/golden.jsonl),
// whose path it also returns ("" when there is none).
func newCurator(cfg config.Config, ix *retrieval.Index) (*curate.Curator, string, error) {
	builtin, err := knowledge.Builtin()
	if err != nil {
		return nil, "", fmt.Errorf("load the built-in articles: %w", err)
	}
	path := cfg.GoldenSet
	if path == "" && cfg.KnowledgeDir != "" {
		path = filepath.Join(cfg.KnowledgeDir, goldenName)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			path = ""
		}
	}
	var golden []eval.Item
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, "", fmt.Errorf("GOLDEN_SET: %w", err)
		}
		defer f.Close()
		if golden, err = eval.ReadSet(f); err != nil {
			return nil, "", fmt.Errorf("GOLDEN_SET %s: %w", path, err)
		}
	}
	return curate.New(ix, curate.Config{
		Dir: cfg.KnowledgeDir, Builtin: builtin, Split: knowledge.DefaultSplit,
		Golden: golden, Floor: cfg.GoldenFloor,
	}), path, nil
}

// notifyHUP returns a channel that receives SIGHUP, and the function that
// stops it.
func notifyHUP() (<-chan os.Signal, func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	return hup, func() { signal.Stop(hup) }
}

// watchKnowledge re-indexes the knowledge folder whenever hup receives (a
// SIGHUP) and, when every is not 0, whenever its files change, until ctx
// ends. Each outcome is logged and passed to told (the moderators'
// channel), which is how a rejected change reaches people.
func watchKnowledge(ctx context.Context, cur *curate.Curator, hup <-chan os.Signal, every time.Duration, log *slog.Logger, told func(context.Context, curate.Outcome)) {
	var tick <-chan time.Time
	if every > 0 {
		t := time.NewTicker(every)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			reindex(ctx, cur, "SIGHUP", log, told)
		case <-tick:
			if cur.Changed() {
				reindex(ctx, cur, "files changed", log, told)
			}
		}
	}
}

func reindex(ctx context.Context, cur *curate.Curator, why string, log *slog.Logger, told func(context.Context, curate.Outcome)) {
	start := time.Now()
	o, err := cur.Reindex(ctx)
	if err != nil {
		log.Error("re-index failed; the current index keeps serving", "why", why, "err", err)
		return
	}
	for _, fe := range o.Skipped {
		log.Warn("article skipped", "path", fe.Path, "err", fe.Err)
	}
	attrs := []any{"why", why, "articles", o.Stats.Articles, "passages", o.Stats.Passages, "embedded", o.Stats.Embedded,
		"removed", o.Stats.Removed, "took", time.Since(start).Round(time.Millisecond)}
	if o.Checked {
		attrs = append(attrs, "golden_hit5", o.Hit5, "golden_floor", o.Floor)
	}
	if o.Applied {
		log.Info("re-indexed", attrs...)
	} else {
		log.Warn("re-index rejected by the golden set; the current index keeps serving", append(attrs, "regressed", len(o.Regressed))...)
	}
	told(ctx, o)
}
