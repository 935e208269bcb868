package bot

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/internal/eval"
	"github.com/cstobot/cstobot/internal/store"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// The moderators of the tests: Carol by role, Dave by Manage Server. Bob is
// an ordinary member (set up by moderated); Alice asks.
var (
	Carol   = discordtest.User{ID: "1100000000000000012", Username: "carol", GlobalName: "Carol"}
	Dave    = discordtest.User{ID: "1100000000000000013", Username: "dave", GlobalName: "Dave"}
	modRole = "1100000000000000099"
)

const unknownQ = "Who chairs the CSTO in 2026?"

// goldenSet is the golden set of the curator's tests; the bot's moderator
// commands are tested behind the same gate, so the file is shared rather
// than copied.
const goldenSet = "../internal/curate/testdata/golden.jsonl"

// moderated is a bot over the real core (built-in embedder, offline
// drafter, an operator folder in a temporary directory, the golden set
// goldenSet) with a moderators' channel.
type moderated struct {
	*harness
	ix    *retrieval.Index
	cur   *curate.Curator
	dir   string
	store *store.DB // in storeDir
	// storeDir is the bot's data folder, where a restarted bot finds
	// the same store.
	storeDir string
	modCh    string
	golden   []eval.Item
}

// startModerated starts the bot; curator, when not nil, replaces the
// curator of the temporary folder; opts change the bot's configuration.
func startModerated(t *testing.T, curator func(m *moderated) Curator, opts ...func(*Config)) *moderated {
	t.Helper()
	ctx := context.Background()
	builtin, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(goldenSet)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	golden, err := eval.ReadSet(f)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.Open(ctx, t.TempDir(), retrieval.NewBuiltin())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(ctx, knowledge.SplitAll(builtin, knowledge.DefaultSplit), nil); err != nil {
		t.Fatal(err)
	}
	m := &moderated{ix: ix, dir: t.TempDir(), golden: golden, storeDir: t.TempDir()}
	m.store = testStore(t, m.storeDir)
	m.cur = curate.New(ix, curate.Config{Dir: m.dir, Builtin: builtin, Golden: golden, Floor: 0.8})
	var cur Curator = m.cur
	if curator != nil {
		cur = curator(m)
	}

	srv := discordtest.NewServer(t)
	m.modCh = srv.AddChannel("moderators")
	srv.SetMember(discordtest.Bob, discordtest.Member{Permissions: discordtest.PermissionSendMessages})
	srv.SetMember(Carol, discordtest.Member{Roles: []string{modRole}, Permissions: discordtest.PermissionSendMessages})
	srv.SetMember(Dave, discordtest.Member{Permissions: discordtest.PermissionSendMessages | discordtest.PermissionManageGuild})
	logs := &syncBuffer{}
	cfg := Config{
		Token: "test-token", APIURL: srv.URL(),
		ModChannelID: m.modCh, ModRoles: []string{modRole}, Curator: cur, Store: m.store,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
	}
	for _, o := range opts {
		o(&cfg)
	}
	b, err := New(cfg, answer.New(ix, nil, answer.Options{}), ix, ix)
	if err != nil {
		t.Fatal(err)
	}
	b.editEvery = time.Millisecond
	m.harness = run(t, srv, b, logs)
	return m
}

// gap waits for the moderators' post about question and returns it.
func (m *moderated) gap(question string) discordtest.Message {
	m.t.Helper()
	return m.botMessage(m.modCh, "the question in the moderators' channel", func(msg discordtest.Message) bool {
		return strings.Contains(msg.Content, question) && hasButtons(msg)
	})
}

// TestGapLoop follows a refused question through the moderators' channel
// and the Answer modal to a new article on disk, the asker being told, and
// the same question answered with the new source.
func TestGapLoop(t *testing.T) {
	m := startModerated(t, nil)
	srv := m.srv
	ask := srv.SlashCommand("ask", map[string]any{"question": unknownQ}, discordtest.Alice, "")
	first := m.final(ask.ID)
	if strings.Contains(first.Content, "[1]") || len(first.Embeds) != 0 {
		t.Fatalf("first answer %q cites a source; want a refusal", first.Content)
	}
	post := m.gap(unknownQ)
	for _, want := range []string{"(refused)", "don't cover that", "Passages used", "[1] `", "CSTO: Russian NATO?"} {
		if !strings.Contains(post.Content, want) {
			t.Errorf("moderators' post lacks %q:\n%s", want, post.Content)
		}
	}
	answerID, ignoreID := button(t, post, modAnswer), button(t, post, modIgnore)
	if strings.TrimPrefix(answerID, modAnswer) != strings.TrimPrefix(ignoreID, modIgnore) {
		t.Errorf("buttons %q and %q name different questions", answerID, ignoreID)
	}

	denied := srv.ClickButton(post.ID, answerID, discordtest.Bob)
	if r := m.responseContaining(denied.ID, msgNotAllowed); r.Flags&discordtest.FlagEphemeral == 0 {
		t.Error("the refusal to discordtest.Bob is public; want ephemeral")
	}
	click := srv.ClickButton(post.ID, answerID, Carol)
	m.await("the Answer modal", func() bool { return srv.Interaction(click.ID).Modal != nil })
	if st := srv.Interaction(click.ID); st.ResponseType != discordtest.CallbackModal {
		t.Fatalf("Answer responded with %d; want a modal", st.ResponseType)
	}

	start := time.Now()
	submit := srv.SubmitModal(modTeach+strings.TrimPrefix(answerID, modAnswer), map[string]string{
		"question": unknownQ,
		"answer":   "In 2026 the rotating chairmanship of the CSTO is held by Kyrgyzstan.",
		"url":      "https://example.org/csto-chair-2026",
	}, Carol)
	done := m.responseContaining(submit.ID, "live now")
	t.Logf("moderator's answer to live article: %v (submit to the moderator's confirmation, built-in embedder)", time.Since(start).Round(time.Millisecond))
	if done.Flags&discordtest.FlagEphemeral == 0 {
		t.Error("the confirmation to the moderator is public; want ephemeral")
	}

	files, _ := filepath.Glob(filepath.Join(m.dir, "*.md"))
	if len(files) != 1 {
		t.Fatalf("knowledge folder holds %v; want one new article", files)
	}
	data, _ := os.ReadFile(files[0])
	for _, want := range []string{`title: "` + unknownQ + `"`, `author: "Carol"`, "published: ", `url: "https://example.org/csto-chair-2026"`, "source: discord", "Kyrgyzstan"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("article lacks %q:\n%s", want, data)
		}
	}

	told := m.botMessage(discordtest.ChannelID, "the asker told", func(msg discordtest.Message) bool {
		return strings.Contains(msg.Content, "A moderator answered")
	})
	if !slices.Equal(told.Pings, []string{discordtest.Alice.ID}) || told.PingsEveryone {
		t.Errorf("the asker's message pings %v (everyone %v); want Alice alone", told.Pings, told.PingsEveryone)
	}
	settled := m.botMessage(m.modCh, "the post marked answered", func(msg discordtest.Message) bool {
		return msg.ID == post.ID && strings.Contains(msg.Content, "Answered by Carol")
	})
	if len(settled.Buttons()) != 0 {
		t.Errorf("the answered post still has buttons %+v", settled.Buttons())
	}

	again := srv.SlashCommand("ask", map[string]any{"question": unknownQ}, discordtest.Alice, "")
	got := m.final(again.ID)
	if !strings.Contains(got.Content, "Kyrgyzstan") || !strings.Contains(got.Content, "[1]") {
		t.Errorf("second answer %q; want it from the new article, cited", got.Content)
	}
	if len(got.Embeds) == 0 || !strings.Contains(got.Embeds[0].Description+fmt.Sprint(got.Embeds[0].Fields), "example.org/csto-chair-2026") {
		t.Errorf("second answer's sources %+v do not cite the new article", got.Embeds)
	}
	n := 0
	for _, msg := range srv.Messages(discordtest.ChannelID) {
		if strings.Contains(msg.Content, "A moderator answered") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the asker was told %d times; want once", n)
	}
}

// TestModerationNotAllowed: an ordinary member gets an ephemeral "not
// allowed" from every moderators' command and button, and nothing changes.
func TestModerationNotAllowed(t *testing.T) {
	m := startModerated(t, nil)
	srv := m.srv
	ask := srv.SlashCommand("ask", map[string]any{"question": unknownQ}, discordtest.Alice, "")
	m.final(ask.ID)
	post := m.gap(unknownQ)
	tests := []struct {
		name string
		act  func() *discordtest.Interaction
		want string
	}{
		{"/teach", func() *discordtest.Interaction {
			return srv.SlashCommand("teach", map[string]any{"fact": "The CSTO has a mascot.", "url": "https://example.org"}, discordtest.Bob, "")
		}, msgNotAllowed},
		{"/forget", func() *discordtest.Interaction {
			return srv.SlashCommand("forget", map[string]any{"id": "builtin/csto-russian-nato"}, discordtest.Bob, "")
		}, msgNotAllowed},
		{"/reindex", func() *discordtest.Interaction { return srv.SlashCommand("reindex", nil, discordtest.Bob, "") }, msgNotAllowed},
		{"Answer", func() *discordtest.Interaction {
			return srv.ClickButton(post.ID, button(t, post, modAnswer), discordtest.Bob)
		}, msgNotAllowed},
		{"Ignore", func() *discordtest.Interaction {
			return srv.ClickButton(post.ID, button(t, post, modIgnore), discordtest.Bob)
		}, msgNotAllowed},
		{"/teach in a DM", func() *discordtest.Interaction {
			return srv.SlashCommand("teach", map[string]any{"fact": "x", "url": "https://example.org"}, Dave, srv.DMChannel(Dave))
		}, msgNotHome},
	}
	for _, tt := range tests {
		in := tt.act()
		if r := m.responseContaining(in.ID, tt.want); r.Flags&discordtest.FlagEphemeral == 0 {
			t.Errorf("%s: the refusal is public; want ephemeral", tt.name)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(m.dir, "*")); len(files) != 0 {
		t.Errorf("the knowledge folder changed: %v", files)
	}
	if msg, _ := srv.Message(m.modCh, post.ID); len(msg.Buttons()) != 2 {
		t.Errorf("the post lost its buttons: %+v", msg.Buttons())
	}

	// Manage Server is enough: Dave ignores it.
	ign := srv.ClickButton(post.ID, button(t, post, modIgnore), Dave)
	m.await("the post marked ignored", func() bool {
		msg, _ := srv.Message(m.modCh, post.ID)
		return strings.Contains(msg.Content, "Ignored by Dave") && len(msg.Buttons()) == 0
	})
	if st := srv.Interaction(ign.ID); st.ResponseType != discordtest.CallbackUpdateMessage {
		t.Errorf("Ignore responded with %d; want an update of the post", st.ResponseType)
	}
}

// TestBrokenReindexRejected: files that crowd the golden questions' evidence
// out of the top 5 are refused on /reindex, the moderators' channel says
// which questions regressed, and the old index keeps answering.
func TestBrokenReindexRejected(t *testing.T) {
	m := startModerated(t, nil)
	srv := m.srv
	before := m.ix.Len()
	for i, it := range m.golden {
		for j := range 6 {
			// Each copy shuffles the question's words: copies that repeat
			// each other word for word would be collapsed by search as
			// near duplicates, and crowd nothing out.
			q := shuffled(it.Question+" "+it.Question, uint64(i*6+j))
			body := fmt.Sprintf("# Copy %d\n\n%s We are not sure. (%d)\n", j, q, j)
			if err := os.WriteFile(filepath.Join(m.dir, fmt.Sprintf("crowd-%02d-%d.md", i, j)), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	in := srv.SlashCommand("reindex", nil, Dave, "")
	m.responseContaining(in.ID, "Re-index rejected")
	report := m.botMessage(m.modCh, "the rejection in the moderators' channel", func(msg discordtest.Message) bool {
		return strings.Contains(msg.Content, "Re-index rejected")
	})
	for _, want := range []string{"keeps serving", "no longer finds", "`d01`"} {
		if !strings.Contains(report.Content, want) {
			t.Errorf("the moderators' report lacks %q:\n%s", want, report.Content)
		}
	}
	t.Logf("a rejected re-index, as the moderators' channel shows it:\n%s", report.Content)
	if m.ix.Len() != before {
		t.Errorf("the index holds %d passages; want the old %d", m.ix.Len(), before)
	}
	ask := srv.SlashCommand("ask", map[string]any{"question": m.golden[0].Question}, discordtest.Alice, "")
	got := m.final(ask.ID)
	if strings.Contains(got.Content, "We are not sure") || !strings.Contains(got.Content, "[1]") {
		t.Errorf("answer after the rejected change %q; want the old index's", got.Content)
	}
	checkNoPings(t, srv)
}

// shuffled returns the words of s in an order the seed picks.
func shuffled(s string, seed uint64) string {
	w := strings.Fields(s)
	r := rand.New(rand.NewPCG(seed, seed+1))
	r.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
	return strings.Join(w, " ")
}

// TestReloadDuringAnswers swaps the index while 20 answers are drafted: all
// of them complete, with no error, and those cited without reloads are
// cited with them (run with -race).
func TestReloadDuringAnswers(t *testing.T) {
	m := startModerated(t, nil)
	srv := m.srv
	cited := map[string]bool{}
	d := answer.New(m.ix, nil, answer.Options{})
	for _, it := range m.golden {
		a, err := d.Answer(context.Background(), answer.Question{Text: it.Question}, nil)
		if err != nil {
			t.Fatal(err)
		}
		cited[it.Question] = a.Grounded
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	reloads := 0
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			name := filepath.Join(m.dir, fmt.Sprintf("note-%d.md", i%3))
			os.WriteFile(name, fmt.Appendf(nil, "Note %d about the CSTO secretariat, revision %d.", i%3, i), 0o644)
			if o, err := m.cur.Reindex(context.Background()); err != nil || !o.Applied {
				t.Errorf("reload %d: %+v, %v", i, o, err)
				return
			}
			reloads++
		}
	})
	var ins []*discordtest.Interaction
	for i := range 20 {
		q := m.golden[i%len(m.golden)].Question
		ins = append(ins, srv.SlashCommand("ask", map[string]any{"question": q}, discordtest.User{
			ID: fmt.Sprintf("12000000000000000%02d", i), Username: fmt.Sprintf("user%d", i)}, ""))
	}
	for i, in := range ins {
		q := m.golden[i%len(m.golden)].Question
		got := m.final(in.ID)
		if cited[q] && !strings.Contains(got.Content, "[1]") {
			t.Errorf("answer to %q during reloads is %q; want it cited, as without reloads", q, got.Content)
		}
	}
	close(stop)
	wg.Wait()
	if reloads == 0 {
		t.Error("no reload happened during the answers")
	}
	t.Logf("%d reloads during 20 answers", reloads)
	if strings.Contains(m.log.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", m.log)
	}
}

// TestDownvoteReachesModerators: a 👎 brings an answer, with the passages it
// cited, to the moderators once, however many vote it down.
func TestDownvoteReachesModerators(t *testing.T) {
	m := startModerated(t, nil)
	srv := m.srv
	q := m.golden[0].Question
	ask := srv.SlashCommand("ask", map[string]any{"question": q}, discordtest.Alice, "")
	got := m.final(ask.ID)
	for _, u := range []discordtest.User{discordtest.Alice, discordtest.Bob} {
		in := srv.ClickButton(got.ID, button(t, got, voteDown), u)
		m.responseContaining(in.ID, "Thanks")
	}
	post := m.gap(q)
	if !strings.Contains(post.Content, "👎") || !strings.Contains(post.Content, "[1] `") {
		t.Errorf("moderators' post %q; want the 👎 and the cited passages", post.Content)
	}
	n := 0
	for _, msg := range srv.Messages(m.modCh) {
		if strings.Contains(msg.Content, q) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d posts about the answer; want 1", n)
	}
}

// TestTeachingNeedsAFolder: without a writable knowledge folder the Answer
// button and /teach say why, privately, and nothing is written.
func TestTeachingNeedsAFolder(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cur  func(m *moderated) Curator
		want string
	}{
		{"no curator", func(*moderated) Curator { return nil }, msgNoCurator},
		{"no folder", func(m *moderated) Curator { return curate.New(m.ix, curate.Config{}) }, "set KNOWLEDGE_DIR"},
		{"folder not writable", func(m *moderated) Curator { return curate.New(m.ix, curate.Config{Dir: notDir}) }, "read-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := startModerated(t, tt.cur)
			srv := m.srv
			ask := srv.SlashCommand("ask", map[string]any{"question": unknownQ}, discordtest.Alice, "")
			m.final(ask.ID)
			post := m.gap(unknownQ)
			click := srv.ClickButton(post.ID, button(t, post, modAnswer), Carol)
			if r := m.responseContaining(click.ID, tt.want); r.Flags&discordtest.FlagEphemeral == 0 {
				t.Error("the explanation is public; want ephemeral")
			}
			teach := srv.SlashCommand("teach", map[string]any{"fact": "The CSTO has a mascot.", "url": "https://example.org"}, Carol, "")
			if r := m.responseContaining(teach.ID, tt.want); strings.Contains(r.Content, notDir) {
				t.Errorf("the explanation shows the operator's path: %q", r.Content)
			}
		})
	}
}

// TestModeratorRepliesHideTheOperatorsPaths: what the moderators are told
// about a change names the operator's files relative to the knowledge
// folder, in the reply to /teach and to the Answer form alike.
func TestModeratorRepliesHideTheOperatorsPaths(t *testing.T) {
	m := startModerated(t, nil)
	srv := m.srv
	if err := os.WriteFile(filepath.Join(m.dir, "reserved.md"), []byte("---\nid: builtin/mine\n---\n\nA note.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	teach := srv.SlashCommand("teach", map[string]any{"fact": "The CSTO secretariat is in Moscow.", "url": "https://example.org/s"}, Carol, "")
	replies := []discordtest.Message{m.responseContaining(teach.ID, "Files skipped")}
	ask := srv.SlashCommand("ask", map[string]any{"question": unknownQ}, discordtest.Alice, "")
	m.final(ask.ID)
	post := m.gap(unknownQ)
	click := srv.ClickButton(post.ID, button(t, post, modAnswer), Carol)
	m.await("the Answer modal", func() bool { return srv.Interaction(click.ID).Modal != nil })
	submit := srv.SubmitModal(modTeach+strings.TrimPrefix(button(t, post, modAnswer), modAnswer), map[string]string{
		"question": unknownQ, "answer": "Kyrgyzstan chairs it in 2026.", "url": "https://example.org/c",
	}, Carol)
	replies = append(replies, m.responseContaining(submit.ID, "Files skipped"))
	for _, r := range replies {
		if strings.Contains(r.Content, m.dir) || !strings.Contains(r.Content, "• reserved.md:") {
			t.Errorf("reply names the file otherwise than by its place in the folder:\n%s", r.Content)
		}
	}
}
