package bot

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/internal/store"
	"github.com/cstobot/cstobot/internal/store/storetest"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// shardProcess is one process of a sharded bot: its own store connection,
// index and curator, on the Postgres database and knowledge folder that
// all processes share.
type shardProcess struct {
	store *store.DB
	ix    *retrieval.Index
	cur   *curate.Curator
	h     *harness
}

func newShardProcess(t *testing.T, url, folder string) *shardProcess {
	t.Helper()
	builtin, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p := &shardProcess{store: openPostgres(t, url)}
	if p.ix, err = retrieval.Open(t.Context(), t.TempDir(), retrieval.NewBuiltin()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.ix.Close() })
	if _, err := p.ix.Sync(t.Context(), knowledge.SplitAll(builtin, knowledge.DefaultSplit), nil); err != nil {
		t.Fatal(err)
	}
	p.cur = curate.New(p.ix, curate.Config{Dir: folder, Builtin: builtin})
	return p
}

// serve runs p's bot as shard id of count, stopping the one it ran before.
func (p *shardProcess) serve(t *testing.T, srv *discordtest.Server, modCh string, id, count int) {
	t.Helper()
	if p.h != nil {
		p.h.stop()
	}
	logs := &syncBuffer{}
	b, err := New(Config{
		Token: "test-token", APIURL: srv.URL(), ShardID: id, ShardCount: count,
		ModChannelID: modCh, ModRoles: []string{modRole}, Curator: p.cur, Store: p.store,
		QuestionsPerMinute: 1, QuestionBurst: 2,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
	}, answer.New(p.ix, nil, answer.Options{}), p.ix, p.ix)
	if err != nil {
		t.Fatal(err)
	}
	b.editEvery = 0
	p.h = run(t, srv, b, logs)
}

// TestTwoProcessesShareOnePostgres: two processes serve the two shards of
// one bot, through one fake Discord, on one Postgres. A user's question
// budget is spent in both (a DM goes to shard 0, the operator's server to
// shard 1); the moderators act through the process of the home guild,
// and when the processes swap shards (a redeploy), a gap the first one
// posted is answered through the other: the Answer click opens the modal,
// the answer goes live, the asker is told. The audit log holds what the
// moderators did through each process.
func TestTwoProcessesShareOnePostgres(t *testing.T) {
	url := storetest.MustURL(t)
	folder := t.TempDir()
	srv := discordtest.NewServer(t)
	modCh := srv.AddChannel("moderators")
	srv.SetMember(Carol, discordtest.Member{Roles: []string{modRole}, Permissions: discordtest.PermissionSendMessages})
	first, second := newShardProcess(t, url, folder), newShardProcess(t, url, folder)
	first.serve(t, srv, modCh, 1, 2)  // the operator's server
	second.serve(t, srv, modCh, 0, 2) // DMs
	h := first.h

	// Bob's budget of two questions is spent in a DM and at home.
	const founded = "When was the CSTO founded?"
	h.final(srv.SlashCommand("ask", map[string]any{"question": founded}, discordtest.Bob, srv.DMChannel(discordtest.Bob)).ID)
	home := h.final(srv.SlashCommand("ask", map[string]any{"question": founded}, discordtest.Bob, "").ID)
	again := srv.SlashCommand("ask", map[string]any{"question": founded}, discordtest.Bob, srv.DMChannel(discordtest.Bob))
	h.responseContaining(again.ID, "asking quickly")

	ask := srv.SlashCommand("ask", map[string]any{"question": unknownQ}, discordtest.Alice, "")
	h.final(ask.ID)
	post := (&moderated{harness: h, modCh: modCh}).gap(unknownQ)
	answerID := button(t, post, modAnswer)
	srv.ClickButton(home.ID, button(t, home, voteDown), discordtest.Bob) // a disliked answer is a gap too
	disliked := (&moderated{harness: h, modCh: modCh}).gap(founded)
	ignore := srv.ClickButton(disliked.ID, button(t, disliked, modIgnore), Carol)
	h.await("the Ignore click answered", func() bool { return srv.Interaction(ignore.ID).ResponseType != 0 })

	// A redeploy: the processes swap shards.
	first.serve(t, srv, modCh, 0, 2)
	second.serve(t, srv, modCh, 1, 2)
	h = second.h
	click := srv.ClickButton(post.ID, answerID, Carol)
	h.await("the Answer modal", func() bool { return srv.Interaction(click.ID).Modal != nil })
	submit := srv.SubmitModal(modTeach+strings.TrimPrefix(answerID, modAnswer), map[string]string{
		"question": unknownQ,
		"answer":   "In 2026 the rotating chairmanship of the CSTO is held by Kyrgyzstan.",
		"url":      "https://example.org/csto-chair-2026",
	}, Carol)
	h.responseContaining(submit.ID, "live now")
	h.botMessage(discordtest.ChannelID, "the asker told", func(msg discordtest.Message) bool {
		return strings.Contains(msg.Content, "A moderator answered")
	})
	taught := srv.SlashCommand("ask", map[string]any{"question": unknownQ}, Carol, "")
	if got := h.final(taught.ID); !strings.Contains(got.Content, "Kyrgyzstan") {
		t.Errorf("answer after the moderator's %q; want it from the new article", got.Content)
	}

	log, err := first.store.AuditLog(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action+" by "+e.ActorID+": "+e.Detail)
	}
	if len(log) != 2 || log[0].Action != "answer-gap" || !strings.HasPrefix(log[0].Detail, "live") || log[1].Action != "ignore-gap" {
		t.Errorf("audit log = %q; want Carol's ignore (through the first process) and answer (through the second)", actions)
	}
}
