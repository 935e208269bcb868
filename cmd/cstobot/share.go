package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/cstobot/cstobot/internal/curate"
)

// rewatch is how long serve waits before watching the knowledge version
// again after the store failed to read it.
const rewatch = 5 * time.Second

// knowledgeVersions is what serve needs of the store to keep the
// knowledge of several processes in step.
type knowledgeVersions interface {
	BumpKnowledge(ctx context.Context, by string) (int64, error)
	KnowledgeVersion(ctx context.Context) (int64, error)
	WatchKnowledge(ctx context.Context, seen int64, changed func(version int64)) error
}

// sharedKnowledge keeps the index of this process in step with the other
// processes that share its store and its knowledge folder (a sharded bot).
// A change made here (a moderator's /teach, /forget, /reindex or answer to
// a gap, or the folder watch) runs the golden set here, and only when it
// went live is the store's knowledge version bumped; the other processes
// then reload the folder without running the golden set again (see
// curate.Curator.Follow), so a change is checked once, by the process
// that made it. Every process follows the version, which the store
// reports at once on Postgres and within its poll interval on both.
type sharedKnowledge struct {
	cur     *curate.Curator
	store   knowledgeVersions
	shard   int
	log     *slog.Logger
	applied func(curate.Outcome) // after each reload, for the metrics

	mu sync.Mutex
	// known is the newest version this process's index holds: read from
	// the store before the index first reads the folder, so that a
	// change made meanwhile is reloaded.
	known int64
}

// changed tells the other processes that a change (what) went live here.
// When the store fails they pick it up with the next change announced.
func (k *sharedKnowledge) changed(ctx context.Context, what string) {
	v, err := k.store.BumpKnowledge(context.WithoutCancel(ctx), fmt.Sprintf("shard %d: %s", k.shard, what))
	if err != nil {
		k.log.Warn("tell the other processes of a knowledge change; they see it with the next one", "change", what, "err", err)
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.known == v-1 { // else another process's change came between: reload it
		k.known = v
	}
}

// follow reloads the knowledge folder whenever another process announces
// a change, until ctx ends.
func (k *sharedKnowledge) follow(ctx context.Context) {
	for {
		err := k.store.WatchKnowledge(ctx, k.version(), func(v int64) { k.reload(ctx, v) })
		if ctx.Err() != nil {
			return
		}
		k.log.Warn("watch the knowledge version; trying again", "in", rewatch, "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(rewatch):
		}
	}
}

func (k *sharedKnowledge) version() int64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.known
}

// reload makes version v of the folder live here, unless the index holds
// it already.
func (k *sharedKnowledge) reload(ctx context.Context, v int64) {
	if v <= k.version() {
		return
	}
	start := time.Now()
	o, err := k.cur.Follow(ctx)
	if err != nil {
		k.log.Error("reload the knowledge another process changed; the current index keeps serving", "version", v, "err", err)
		return
	}
	k.mu.Lock()
	k.known = max(k.known, v)
	k.mu.Unlock()
	k.log.Info("reloaded the knowledge another process changed", "version", v, "articles", o.Stats.Articles,
		"passages", o.Stats.Passages, "embedded", o.Stats.Embedded, "removed", o.Stats.Removed, "took", time.Since(start).Round(time.Millisecond))
	k.applied(o)
}

// announcing is the curator the bot changes the knowledge through: each
// change that goes live is announced to the other processes.
type announcing struct {
	cur *curate.Curator
	k   *sharedKnowledge
}

func (a announcing) Teach(ctx context.Context, n curate.Note) (curate.Outcome, error) {
	o, err := a.cur.Teach(ctx, n)
	a.announce(ctx, o, err, "teach "+o.ID)
	return o, err
}

func (a announcing) Forget(ctx context.Context, id string) (curate.Outcome, error) {
	o, err := a.cur.Forget(ctx, id)
	a.announce(ctx, o, err, "forget "+id)
	return o, err
}

func (a announcing) Add(ctx context.Context, write func(dir string) (string, error)) (curate.Outcome, error) {
	o, err := a.cur.Add(ctx, write)
	a.announce(ctx, o, err, "add "+o.ID)
	return o, err
}

func (a announcing) Reindex(ctx context.Context) (curate.Outcome, error) {
	o, err := a.cur.Reindex(ctx)
	a.announce(ctx, o, err, "reindex")
	return o, err
}

func (a announcing) Writable() error { return a.cur.Writable() }

func (a announcing) announce(ctx context.Context, o curate.Outcome, err error, what string) {
	if err == nil && o.Applied {
		a.k.changed(ctx, what)
	}
}
