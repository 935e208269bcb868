package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// goldenLine is one golden question the built-in article answers.
const goldenLine = `{"id": "g1", "question": "What did the Anglo-Saxon press call the CSTO?", "lang": "en", "in_scope": true, "evidence": ["Russian NATO"]}` + "\n"

func builtinIndex(t *testing.T) *retrieval.Index {
	t.Helper()
	arts, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.Open(context.Background(), t.TempDir(), retrieval.NewBuiltin())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(context.Background(), knowledge.SplitAll(arts, knowledge.DefaultSplit), nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestNewCuratorFindsTheGoldenSet(t *testing.T) {
	withGolden := t.TempDir()
	if err := os.WriteFile(filepath.Join(withGolden, "golden.jsonl"), []byte(goldenLine), 0o644); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(t.TempDir(), "set.jsonl")
	if err := os.WriteFile(elsewhere, []byte(goldenLine), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		cfg          config.Config
		want, errHas string
	}{
		{"none", config.Config{KnowledgeDir: t.TempDir()}, "", ""},
		{"beside the knowledge", config.Config{KnowledgeDir: withGolden}, filepath.Join(withGolden, "golden.jsonl"), ""},
		{"GOLDEN_SET wins", config.Config{KnowledgeDir: withGolden, GoldenSet: elsewhere}, elsewhere, ""},
		{"GOLDEN_SET missing", config.Config{GoldenSet: filepath.Join(withGolden, "nope.jsonl")}, "", "GOLDEN_SET"},
		{"GOLDEN_SET malformed", config.Config{GoldenSet: bad}, "", "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got, err := newCurator(tt.cfg, builtinIndex(t))
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Errorf("newCurator error = %v; want one naming %q", err, tt.errHas)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("newCurator = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestWatchKnowledge: a SIGHUP re-indexes and a broken change is rejected
// and told; polling picks up a fixed folder by itself.
func TestWatchKnowledge(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "golden.jsonl"), []byte(goldenLine), 0o644); err != nil {
		t.Fatal(err)
	}
	crowd := filepath.Join(dir, "crowd")
	if err := os.Mkdir(crowd, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		body := fmt.Sprintf("What did the Anglo-Saxon press call the CSTO? Nobody knows, copy %d.", i)
		if err := os.WriteFile(filepath.Join(crowd, fmt.Sprintf("%d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The curator starts with the broken folder as seen, so that only the
	// SIGHUP tries it, and polling waits for the fix.
	ix := builtinIndex(t)
	before := ix.Len()
	cur, _, err := newCurator(config.Config{KnowledgeDir: dir, GoldenFloor: 1}, ix)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	hup := make(chan os.Signal, 1)
	told := make(chan curate.Outcome)
	done := make(chan struct{})
	go func() {
		defer close(done)
		watchKnowledge(ctx, cur, hup, 1e6, slog.New(slog.DiscardHandler), func(_ context.Context, o curate.Outcome) { told <- o })
	}()
	defer func() { cancel(); <-done }()

	hup <- os.Interrupt // any signal value: the channel is what counts
	if o := <-told; o.Applied || len(o.Regressed) != 1 || ix.Len() != before {
		t.Fatalf("after SIGHUP: applied %v, regressed %v, %d passages; want rejected, g1 regressed, %d passages", o.Applied, o.Regressed, ix.Len(), before)
	}
	// The fix, in one step: hidden folders are not read.
	if err := os.Rename(crowd, filepath.Join(dir, ".crowd")); err != nil {
		t.Fatal(err)
	}
	if o := <-told; !o.Applied || o.Stats.Embedded != 0 || ix.Len() != before {
		t.Fatalf("after the fix, polled: %+v, %d passages; want applied, the built-in %d", o, ix.Len(), before)
	}
}
