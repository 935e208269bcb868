package discordtest

import (
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// forumEvents collects the thread and message events of forum posts.
type forumEvents struct {
	mu      sync.Mutex
	order   []string // "thread:<id>" and "message:<id>", as received
	updates []*discordgo.Channel
}

func (e *forumEvents) handlers() []any {
	return []any{
		func(_ *discordgo.Session, t *discordgo.ThreadCreate) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.order = append(e.order, "thread:"+t.ID)
		},
		func(_ *discordgo.Session, m *discordgo.MessageCreate) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.order = append(e.order, "message:"+m.ID+":"+m.Content)
		},
		func(_ *discordgo.Session, t *discordgo.ThreadUpdate) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.updates = append(e.updates, t.Channel)
		},
	}
}

func (e *forumEvents) seen() ([]string, []*discordgo.Channel) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.order), slices.Clone(e.updates)
}

func TestForumPost(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	forum := srv.NewForum("help", ForumTag{Name: "Solved"}, ForumTag{Name: "Question"})
	var ev forumEvents
	dg := openSession(t, srv, ev.handlers()...)
	// The forum comes with the guild, in GUILD_CREATE.
	if err := srv.Await(testContext(t), func() bool { _, err := dg.State.Channel(forum.ID); return err == nil }); err != nil {
		t.Fatal(err)
	}
	st, err := dg.State.Channel(forum.ID)
	if err != nil || st.Type != discordgo.ChannelTypeGuildForum || len(st.AvailableTags) != 2 || st.AvailableTags[0].Name != "Solved" {
		t.Fatalf("forum in the state = %+v, %v; want a forum with its two tags", st, err)
	}
	question := forum.AvailableTags[1].ID
	post := srv.NewForumPost(forum.ID, "Founding year?", "When was the CSTO founded?", Alice, question)
	want := []string{"thread:" + post, "message:" + post + ":"} // no message content intent
	if err := srv.Await(testContext(t), func() bool { got, _ := ev.seen(); return len(got) == 2 }); err != nil {
		t.Fatal(err)
	}
	// Handlers run on their own goroutines: the order received is not
	// the order sent.
	if got, _ := ev.seen(); !sameSet(got, want) {
		t.Errorf("events = %q; want %q", got, want)
	}
	th, err := dg.Channel(post)
	if err != nil || th.ParentID != forum.ID || th.OwnerID != Alice.ID || th.Name != "Founding year?" || !slices.Equal(th.AppliedTags, []string{question}) {
		t.Errorf("post = %+v, %v; want Alice's thread in the forum with the Question tag", th, err)
	}
	// Without the message content intent, REST reads no content either.
	starter, err := dg.ChannelMessage(post, post)
	if err != nil || starter.Content != "" || starter.Author.ID != Alice.ID {
		t.Errorf("starter message = %+v, %v; want Alice's message under the post's ID, without content", starter, err)
	}
	if m, _ := srv.Message(post, post); m.Content != "When was the CSTO founded?" {
		t.Errorf("starter message kept = %q; want Alice's question", m.Content)
	}

	srv.RedeliverPost(post)
	if err := srv.Await(testContext(t), func() bool { got, _ := ev.seen(); return len(got) == 4 }); err != nil {
		t.Fatal(err)
	}
	if got, _ := ev.seen(); !sameSet(got[2:], want) {
		t.Errorf("redelivered events = %q; want %q again", got[2:], want)
	}

	solved := forum.AvailableTags[0].ID
	tags := func(ids ...string) *discordgo.ChannelEdit { return &discordgo.ChannelEdit{AppliedTags: &ids} }
	tests := []struct {
		name     string
		edit     *discordgo.ChannelEdit
		wantCode int // 0: accepted
	}{
		{"a tag added", tags(question, solved), 0},
		{"an unknown tag", tags(question, "1"), codeInvalidFormBody},
		{"six tags", tags(solved, solved, solved, solved, solved, solved), codeInvalidFormBody},
	}
	for _, tt := range tests {
		_, err := dg.ChannelEdit(post, tt.edit)
		switch {
		case tt.wantCode == 0 && err != nil:
			t.Errorf("%s: %v; want accepted", tt.name, err)
		case tt.wantCode != 0:
			if status, code := restError(t, err); status != http.StatusBadRequest || code != tt.wantCode {
				t.Errorf("%s: %d code %d; want 400 code %d", tt.name, status, code, tt.wantCode)
			}
		}
	}
	if ch, _ := srv.Channel(post); !slices.Equal(ch.AppliedTags, []string{question, solved}) {
		t.Errorf("applied tags = %v; want the accepted edit's", ch.AppliedTags)
	}
	if err := srv.Await(testContext(t), func() bool { _, u := ev.seen(); return len(u) == 1 }); err != nil {
		t.Fatalf("no THREAD_UPDATE: %v", err)
	}
	if _, err := dg.ChannelEdit(ChannelID, tags(solved)); err == nil {
		t.Error("tags applied to a text channel")
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
