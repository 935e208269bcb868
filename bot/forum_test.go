package bot

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
)

// botUser is the bot itself, as a post's author.
var botUser = discordtest.User{ID: discordtest.BotUserID, Username: discordtest.BotUsername, Bot: true}

// answers returns the bot's answers (messages with buttons) in channel.
func answers(srv *discordtest.Server, channel string) []discordtest.Message {
	var out []discordtest.Message
	for _, m := range srv.Messages(channel) {
		if m.Author.ID == discordtest.BotUserID && hasButtons(m) {
			out = append(out, m)
		}
	}
	return out
}

// TestForumPostAnsweredOnce: a new post is answered once in its thread,
// from its title and first message, with its sources, even when its
// events are delivered again; a follow-up in the post is answered too.
func TestForumPostAnsweredOnce(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	forum := srv.NewForum("help")
	var seen questionsSeen
	h := start(t, srv, Config{ForumChannels: []string{forum.ID}, MessageContent: true}, seen.answerer(founded))
	posted := time.Now()
	post := srv.NewForumPost(forum.ID, "Founding year?", "When was the CSTO founded?", discordtest.Alice)
	a := h.botMessage(post, "the answer in the post", hasButtons)
	t.Logf("post to answer through the fake Discord: %s", time.Since(posted).Round(time.Millisecond))
	if len(a.Embeds) == 0 || !strings.Contains(a.Embeds[0].Description+a.Embeds[0].Title, article.Title) {
		t.Errorf("answer embeds = %+v; want the sources", a.Embeds)
	}
	srv.RedeliverPost(post)
	srv.PostMessage(post, "And who signed it?", discordtest.Alice)
	h.await("the follow-up's answer", func() bool { return len(answers(srv, post)) >= 2 })
	h.quiet(time.Now(), 300*time.Millisecond, wait)
	want := []string{"Founding year?\nWhen was the CSTO founded?", "And who signed it?"}
	if got := seen.all(); !slices.Equal(got, want) {
		t.Errorf("questions asked = %q; want %q (the post once, then the follow-up)", got, want)
	}
	if n := len(answers(srv, post)); n != 2 {
		t.Errorf("%d answers in the post; want 2", n)
	}
	checkNoPings(t, srv)
}

// TestForumPostStarterFirst: a post whose first message arrives before
// its thread is answered once, from its title and that message.
func TestForumPostStarterFirst(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	srv.DeliverStarterFirst()
	forum := srv.NewForum("help")
	var seen questionsSeen
	h := start(t, srv, Config{ForumChannels: []string{forum.ID}, MessageContent: true}, seen.answerer(founded))
	post := srv.NewForumPost(forum.ID, "Founding year?", "When was the CSTO founded?", discordtest.Alice)
	h.botMessage(post, "the answer in the post", hasButtons)
	h.quiet(time.Now(), 300*time.Millisecond, wait)
	if got := seen.all(); !slices.Equal(got, []string{"Founding year?\nWhen was the CSTO founded?"}) {
		t.Errorf("questions asked = %q; want the post once", got)
	}
}

// TestForumPostWithoutContentIntent: without the message content intent
// the post's first message reads empty, so the title is the question.
func TestForumPostWithoutContentIntent(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	forum := srv.NewForum("help")
	var seen questionsSeen
	h := start(t, srv, Config{ForumChannels: []string{forum.ID}}, seen.answerer(founded))
	post := srv.NewForumPost(forum.ID, "When was the CSTO founded?", "I could not find it anywhere.", discordtest.Alice)
	h.botMessage(post, "the answer in the post", hasButtons)
	if got := seen.all(); !slices.Equal(got, []string{"When was the CSTO founded?"}) {
		t.Errorf("questions asked = %q; want the title alone", got)
	}
}

// TestForumPostsNotAnswered: posts in a forum not listed, posts by bots
// (the bot itself included) and posts in a forum outside ALLOWED_CHANNELS
// are left alone; a post in the listed, allowed forum is answered.
func TestForumPostsNotAnswered(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	listed, other, disallowed := srv.NewForum("help"), srv.NewForum("chat"), srv.NewForum("elsewhere")
	var seen questionsSeen
	cfg := Config{ForumChannels: []string{listed.ID, disallowed.ID}, MessageContent: true,
		AllowedChannels: []string{listed.ID, discordtest.ChannelID}}
	h := start(t, srv, cfg, seen.answerer(founded))
	otherBot := discordtest.User{ID: "1100000000000000099", Username: "helper", Bot: true}
	ignored := []string{
		srv.NewForumPost(other.ID, "Not listed", "When was the CSTO founded?", discordtest.Alice),
		srv.NewForumPost(listed.ID, "By a bot", "When was the CSTO founded?", otherBot),
		srv.NewForumPost(listed.ID, "By the bot", "When was the CSTO founded?", botUser),
		srv.NewForumPost(disallowed.ID, "Not allowed", "When was the CSTO founded?", discordtest.Alice),
	}
	post := srv.NewForumPost(listed.ID, "Founding year?", "When was the CSTO founded?", discordtest.Bob)
	h.botMessage(post, "the answer in the listed forum", hasButtons)
	h.quiet(time.Now(), 300*time.Millisecond, wait)
	for _, id := range ignored {
		for _, m := range srv.Messages(id) {
			if m.Author.ID == discordtest.BotUserID && m.ID != id {
				th, _ := srv.Channel(id)
				t.Errorf("post %q got a reply: %q", th.Name, m.Content)
			}
		}
	}
	if got := seen.all(); len(got) != 1 {
		t.Errorf("questions asked = %q; want only the listed forum's post", got)
	}
}

// TestForumPostRateLimited: posts count against their author's rate
// limit like any question; past it the post is told to slow down.
func TestForumPostRateLimited(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	forum := srv.NewForum("help")
	var seen questionsSeen
	h := start(t, srv, Config{ForumChannels: []string{forum.ID}, MessageContent: true, QuestionsPerMinute: 1}, seen.answerer(founded))
	first := srv.NewForumPost(forum.ID, "Founding year?", "When was the CSTO founded?", discordtest.Alice)
	h.botMessage(first, "the answer to the first post", hasButtons)
	second := srv.NewForumPost(forum.ID, "Members?", "Who are its members?", discordtest.Alice)
	h.botMessage(second, "the request to slow down", func(m discordtest.Message) bool { return strings.Contains(m.Content, "asking quickly") })
	if n := len(seen.all()); n != 1 {
		t.Errorf("the answerer was asked %d questions; want 1", n)
	}
}

// TestForumRefusedPostReachesModerators: a post the bot cannot answer is
// brought to the moderators like any refused question.
func TestForumRefusedPostReachesModerators(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	forum := srv.NewForum("help")
	modCh := srv.AddChannel("moderators")
	refusal := answer.Answer{Text: "My sources don't cover that.", Refused: true}
	h := start(t, srv, Config{ForumChannels: []string{forum.ID}, MessageContent: true, ModChannelID: modCh}, answering(refusal))
	post := srv.NewForumPost(forum.ID, "Mascot?", "Does the CSTO have a mascot?", discordtest.Alice)
	h.botMessage(post, "the refusal in the post", hasButtons)
	gap := h.botMessage(modCh, "the gap post", hasButtons)
	if !strings.Contains(gap.Content, "Mascot?") || !strings.Contains(gap.Content, "Does the CSTO have a mascot?") {
		t.Errorf("gap post = %q; want the post's title and question", gap.Content)
	}
}

// TestForumSolvedTag: the asker's 👍 on the answer in their post applies
// the forum's Solved tag, keeping the post's tags; anyone else's 👍, a
// forum without such a tag, or a post with five tags changes nothing.
func TestForumSolvedTag(t *testing.T) {
	t.Parallel()
	emoji := "✅"
	tests := []struct {
		name  string
		tags  []discordtest.ForumTag
		post  int // tags the post is created with (the first ones)
		voter discordtest.User
		want  bool // the Solved tag applied
	}{
		{"the asker", []discordtest.ForumTag{{Name: "Question"}, {Name: "SOLVED", EmojiName: &emoji}}, 1, discordtest.Alice, true},
		{"someone else", []discordtest.ForumTag{{Name: "Question"}, {Name: "Solved"}}, 1, discordtest.Bob, false},
		{"no Solved tag", []discordtest.ForumTag{{Name: "Question"}, {Name: "Answered"}}, 1, discordtest.Alice, false},
		{"five tags already", []discordtest.ForumTag{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}, {Name: "e"}, {Name: "Solved"}}, 5, discordtest.Alice, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t)
			forum := srv.NewForum("help", tt.tags...)
			h := start(t, srv, Config{ForumChannels: []string{forum.ID}, MessageContent: true}, answering(founded))
			var had []string
			for _, tag := range forum.AvailableTags[:tt.post] {
				had = append(had, tag.ID)
			}
			post := srv.NewForumPost(forum.ID, "Founding year?", "When was the CSTO founded?", discordtest.Alice, had...)
			a := h.botMessage(post, "the answer in the post", hasButtons)
			click := srv.ClickButton(a.ID, button(t, a, voteUp), tt.voter)
			h.responseContaining(click.ID, "Thanks")
			want := had
			if tt.want {
				solved := forum.AvailableTags[len(forum.AvailableTags)-1].ID
				want = append(slices.Clone(had), solved)
				h.await("the Solved tag", func() bool { th, _ := srv.Channel(post); return len(th.AppliedTags) == len(want) })
			}
			h.quiet(time.Now(), 300*time.Millisecond, wait)
			if th, _ := srv.Channel(post); !slices.Equal(th.AppliedTags, want) {
				t.Errorf("applied tags = %v; want %v", th.AppliedTags, want)
			}
			var patches []discordtest.Request
			for _, r := range srv.RequestsTo("PATCH", "/channels/"+post) {
				if r.Path == "/channels/"+post { // not the edits of its messages
					patches = append(patches, r)
				}
			}
			if n := len(patches); tt.want && n != 1 || !tt.want && n != 0 {
				t.Errorf("%d PATCHes of the post; want %d", n, map[bool]int{true: 1}[tt.want])
			}
			for _, p := range patches {
				if p.Status != 200 {
					t.Errorf("%s answered %d: %s", p, p.Status, p.Response)
				}
			}
		})
	}
}

// BenchmarkForumPost measures a post's time to its complete answer (the
// message with buttons) through the fake Discord, against a mention
// answered in a new thread (THREADS) as the baseline: the post costs the
// two events and the reads of its thread and first message.
func BenchmarkForumPost(b *testing.B) {
	for _, entry := range []string{"forum post", "mention"} {
		b.Run(entry, func(b *testing.B) {
			srv := discordtest.NewServer(b)
			forum := srv.NewForum("help")
			h := start(b, srv, Config{ForumChannels: []string{forum.ID}, MessageContent: true, Threads: true}, answering(founded))
			var lat []time.Duration
			b.ResetTimer()
			for range b.N {
				t0 := time.Now()
				var where string
				if entry == "forum post" {
					where = srv.NewForumPost(forum.ID, "Founding year?", "When was the CSTO founded?", discordtest.Alice)
				} else {
					n := len(srv.Threads(discordtest.ChannelID))
					srv.PostMessage(discordtest.ChannelID, "<@"+discordtest.BotUserID+"> When was the CSTO founded?", discordtest.Alice)
					h.await("the thread", func() bool { return len(srv.Threads(discordtest.ChannelID)) > n })
					where = srv.Threads(discordtest.ChannelID)[n].ID
				}
				h.botMessage(where, "the answer", hasButtons)
				lat = append(lat, time.Since(t0))
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, "p90-ms")
		})
	}
}
