package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/internal/store"
	"github.com/cstobot/cstobot/internal/store/storetest"
)

// process is what serve wires for the knowledge of one process of a
// sharded bot: its app, its store connection and its sharedKnowledge,
// following the version until the test ends.
type process struct {
	app    *app
	shared *sharedKnowledge
	logs   *lockedBuffer
}

func startProcess(t *testing.T, shard int, env map[string]string) *process {
	t.Helper()
	env["DATA_DIR"], env["SHARD_ID"] = t.TempDir(), string(rune('0'+shard))
	cfg, _, err := config.Load("serve", flag.NewFlagSet("serve", flag.ContinueOnError), nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenPostgres(t.Context(), cfg.DatabaseURL, store.Options{PollInterval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	known, err := st.KnowledgeVersion(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	p := &process{logs: &lockedBuffer{}}
	log := slog.New(slog.NewTextHandler(p.logs, nil))
	if p.app, err = openApp(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), openOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.app.Close() })
	p.shared = &sharedKnowledge{cur: p.app.cur, store: st, shard: shard, log: log, known: known, applied: func(curate.Outcome) {}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); p.shared.follow(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return p
}

// cites reports whether p answers q citing the article id.
func (p *process) cites(t *testing.T, q, id string) bool {
	t.Helper()
	a, err := p.app.drafter.Answer(t.Context(), answer.Question{Text: q}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(a.Citations, func(c answer.Citation) bool { return c.Passage.Article.ID == id })
}

// TestKnowledgeReachesEveryProcess: two processes on one Postgres and one
// knowledge folder; what a moderator teaches on one is answered on the
// other soon after, and the one that taught does not reload its own
// change.
func TestKnowledgeReachesEveryProcess(t *testing.T) {
	env := map[string]string{"DATABASE_URL": storetest.MustURL(t), "KNOWLEDGE_DIR": t.TempDir(),
		"EMBEDDER": "builtin", "DISCORD_TOKEN": "token", "SHARD_COUNT": "2"}
	teacher, other := startProcess(t, 0, env), startProcess(t, 1, env)
	const q = "Who chairs the CSTO in 2026?"
	start := time.Now()
	o, err := announcing{teacher.app.cur, teacher.shared}.Teach(t.Context(), curate.Note{Title: q,
		Text: "The rotating chairmanship of the CSTO in 2026 is held by Kyrgyzstan.", Author: "Carol"})
	if err != nil || !o.Applied {
		t.Fatalf("Teach = %+v, %v; want applied", o, err)
	}
	if !teacher.cites(t, q, o.ID) {
		t.Fatalf("the teaching process does not cite %s", o.ID)
	}
	taught := time.Now()
	deadline := time.Now().Add(time.Minute) // generous: the store reports a change within a second
	for !other.cites(t, q, o.ID) {
		if time.Now().After(deadline) {
			t.Fatalf("the other process never cited %s; its log:\n%s", o.ID, other.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("taught in %v; answered on the other process %v later", taught.Sub(start).Round(time.Millisecond),
		time.Since(taught).Round(time.Millisecond))
	if v := teacher.shared.version(); v != 1 {
		t.Errorf("the teaching process holds version %d; want 1", v)
	}
	if logs := teacher.logs.String(); logs != "" {
		t.Errorf("the teaching process logged %q; want nothing (no reload of its own change)", logs)
	}
}
