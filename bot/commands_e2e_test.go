package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/internal/store"
)

func TestSearch(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, answering(founded))
	in := srv.SlashCommand("search", map[string]any{"query": "Tashkent"}, discordtest.Alice, "")
	h.await("search results", func() bool {
		m, ok := srv.InteractionResponse(in.ID)
		return ok && len(m.Embeds) == 1
	})
	m, _ := srv.InteractionResponse(in.ID)
	if st := srv.Interaction(in.ID); st.ResponseType != 5 {
		t.Errorf("/search responded with type %d; want deferred (5)", st.ResponseType)
	}
	fields := m.Embeds[0].Fields
	if len(fields) != 2 {
		t.Fatalf("%d results; want 2", len(fields))
	}
	for _, want := range []string{"Pact of Tashkent", "Andrea Gaspardo", "`builtin/csto#p1`"} {
		if !strings.Contains(fields[0].Value, want) {
			t.Errorf("first result %q lacks %q", fields[0].Value, want)
		}
	}

	none := srv.SlashCommand("search", map[string]any{"query": "nothing at all"}, discordtest.Alice, "")
	h.responseContaining(none.ID, msgNoHits)
	checkNoPings(t, srv)
}

func TestSourceAutocompleteAndShow(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, answering(founded))
	tests := []struct {
		typed     string
		wantFirst string
		wantN     int
	}{
		{"", "builtin/csto#p1", maxChoices},      // everything, capped
		{"builtin/csto", "builtin/csto#p1", 2},   // ID prefix
		{"russian nato", "builtin/csto#p1", 2},   // title
		{"uzbekistan", "builtin/csto#p2", 1},     // text
		{"paragraph 7 ", "builtin/filler#07", 1}, // text, trimmed
		{"no such thing", "", 0},
	}
	for _, tt := range tests {
		in := srv.Autocomplete("source", "id", tt.typed, discordtest.Alice)
		h.await("autocomplete choices", func() bool { return srv.Interaction(in.ID).Acknowledged })
		choices := srv.Interaction(in.ID).Choices
		if len(choices) != tt.wantN || (tt.wantN > 0 && choices[0].Value != tt.wantFirst) {
			t.Errorf("autocomplete %q = %d choices %v; want %d starting with %s", tt.typed, len(choices), choices, tt.wantN, tt.wantFirst)
		}
		for _, c := range choices {
			if v, _ := c.Value.(string); utf8.RuneCountInString(c.Name) > maxChoiceLen || len(v) > maxChoiceLen {
				t.Errorf("choice %+v is over %d characters", c, maxChoiceLen)
			}
		}
	}

	in := srv.SlashCommand("source", map[string]any{"id": "builtin/csto#p2"}, discordtest.Alice, "")
	h.await("the passage", func() bool { m, ok := srv.InteractionResponse(in.ID); return ok && len(m.Embeds) == 1 })
	m, _ := srv.InteractionResponse(in.ID)
	if e := m.Embeds[0]; e.Description != testPassages[1].Text || e.URL != article.URL || !strings.Contains(e.Footer.Text, "¶10–11") {
		t.Errorf("/source shows %+v; want the whole passage with its source", e)
	}

	missing := srv.SlashCommand("source", map[string]any{"id": "nope"}, discordtest.Alice, "")
	if m := h.responseContaining(missing.ID, "no passage"); m.Flags&discordtest.FlagEphemeral == 0 {
		t.Error("unknown passage message is public; want ephemeral")
	}
}

func TestAboutAndHelp(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	cfg := Config{About: About{Embedder: "builtin-v1-512", ChatModel: "llama3.2", Version: "v1.2.3"}, Store: testStore(t, "")}
	h := start(t, srv, cfg, answering(founded))
	h.final(srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "").ID)
	h.await("the question counted", func() bool {
		days, err := cfg.Store.Daily(context.Background(), time.Now(), time.Now())
		return err == nil && store.Sum(days).Questions == 1
	})
	in := srv.SlashCommand("about", nil, discordtest.Alice, "")
	h.await("about", func() bool { m, ok := srv.InteractionResponse(in.ID); return ok && len(m.Embeds) == 1 })
	m, _ := srv.InteractionResponse(in.ID)
	var all strings.Builder
	all.WriteString(m.Embeds[0].Description)
	for _, f := range m.Embeds[0].Fields {
		all.WriteString(" " + f.Name + "=" + f.Value)
	}
	for _, want := range []string{"CSTO: Russian NATO?", "26 Jan 2022", fmt.Sprintf("Passages=%d", len(testPassages)), "builtin-v1-512", "llama3.2", "v1.2.3",
		"Last 7 days=1 questions: 1 answered, 0 refused · 👍 0 👎 0 · 0 open gaps"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("/about %q lacks %q", all.String(), want)
		}
	}

	help := srv.SlashCommand("help", nil, discordtest.Alice, "")
	hm := h.responseContaining(help.ID, "/ask question:")
	if hm.Flags&discordtest.FlagEphemeral == 0 {
		t.Error("/help is public; want ephemeral")
	}
	checkNoPings(t, srv)
}

func TestCommandsRegisteredOnlyWhenChanged(t *testing.T) {
	t.Parallel()
	for _, guild := range []string{"", discordtest.GuildID} {
		srv := discordtest.NewServer(t)
		path := "/applications/" + discordtest.AppID + "/commands"
		if guild != "" {
			path = "/applications/" + discordtest.AppID + "/guilds/" + guild + "/commands"
		}
		puts := func() int { return len(srv.RequestsTo("PUT", path)) }

		start(t, srv, Config{GuildID: guild}, answering(founded)).stop()
		if n := puts(); n != 1 {
			t.Fatalf("guild %q: first start made %d PUTs; want 1", guild, n)
		}
		want := len(memberCommands())
		if guild != "" { // the home guild too, so with the moderators' commands
			want += len(modCommands())
		}
		if got := srv.Commands(guild); len(got) != want {
			t.Errorf("guild %q: %d commands registered; want %d", guild, len(got), want)
		}
		h := start(t, srv, Config{GuildID: guild}, answering(founded))
		h.stop()
		if n := puts(); n != 1 || !strings.Contains(h.log.String(), "slash commands up to date") {
			t.Errorf("guild %q: unchanged restart made %d PUTs in all; want none more", guild, n)
		}
		start(t, srv, Config{GuildID: guild, SyncCommands: true}, answering(founded)).stop()
		if n := puts(); n != 2 {
			t.Errorf("guild %q: SyncCommands made %d PUTs in all; want 2", guild, n)
		}
	}
}
