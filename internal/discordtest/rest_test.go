package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func TestMessageLimits(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg := openSession(t, srv)
	embeds := func(n, desc int) []*discordgo.MessageEmbed {
		var out []*discordgo.MessageEmbed
		for range n {
			out = append(out, &discordgo.MessageEmbed{Description: strings.Repeat("d", desc)})
		}
		return out
	}
	tests := []struct {
		name     string
		msg      discordgo.MessageSend
		wantCode int // 0: accepted
	}{
		{"2000 characters", discordgo.MessageSend{Content: strings.Repeat("я", 2000)}, 0},
		{"2001 characters", discordgo.MessageSend{Content: strings.Repeat("я", 2001)}, codeInvalidFormBody},
		{"description of 4096", discordgo.MessageSend{Embeds: embeds(1, 4096)}, 0},
		{"description of 4097", discordgo.MessageSend{Embeds: embeds(1, 4097)}, codeInvalidFormBody},
		{"10 embeds", discordgo.MessageSend{Embeds: embeds(10, 10)}, 0},
		{"11 embeds", discordgo.MessageSend{Embeds: embeds(11, 10)}, codeInvalidFormBody},
		{"6000 characters of embeds", discordgo.MessageSend{Embeds: embeds(2, 3000)}, 0},
		{"6001 characters of embeds", discordgo.MessageSend{Embeds: append(embeds(1, 3000), embeds(1, 3001)...)}, codeInvalidFormBody},
		{"field value of 1025", discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Fields: []*discordgo.MessageEmbedField{{Name: "n", Value: strings.Repeat("v", 1025)}}}}}, codeInvalidFormBody},
		{"empty", discordgo.MessageSend{}, codeEmptyMessage},
		{"duplicate button IDs", discordgo.MessageSend{Content: "x", Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{CustomID: "a", Label: "A"}, discordgo.Button{CustomID: "a", Label: "B"},
		}}}}, codeInvalidFormBody},
	}
	for _, tt := range tests {
		_, err := dg.ChannelMessageSendComplex(ChannelID, &tt.msg)
		switch {
		case tt.wantCode == 0 && err != nil:
			t.Errorf("%s: %v; want accepted", tt.name, err)
		case tt.wantCode != 0:
			if status, code := restError(t, err); status != http.StatusBadRequest || code != tt.wantCode {
				t.Errorf("%s: %d code %d; want 400 code %d", tt.name, status, code, tt.wantCode)
			}
		}
	}
}

func TestEditMessage(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg := openSession(t, srv)
	mine, err := dg.ChannelMessageSend(ChannelID, "draft")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dg.ChannelMessageEdit(ChannelID, mine.ID, "final"); err != nil {
		t.Fatal(err)
	}
	if m, _ := srv.Message(ChannelID, mine.ID); m.Content != "final" || m.Edits != 1 || m.EditedTimestamp == nil {
		t.Errorf("edited message = %+v; want final content, one edit, an edit time", m)
	}
	theirs := srv.PostMessage(ChannelID, "hello", Alice)
	_, err = dg.ChannelMessageEdit(ChannelID, theirs, "hijacked")
	if status, code := restError(t, err); status != http.StatusForbidden || code != codeCannotEditOthers {
		t.Errorf("editing a user's message: %d code %d; want 403 code %d", status, code, codeCannotEditOthers)
	}
	_, err = dg.ChannelMessageEdit(ChannelID, "1", "nothing")
	if status, code := restError(t, err); status != http.StatusNotFound || code != codeUnknownMessage {
		t.Errorf("editing a missing message: %d code %d; want 404 code %d", status, code, codeUnknownMessage)
	}
}

func TestThreadConversation(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg := openSession(t, srv)
	question := srv.PostMessage(ChannelID, "<@"+BotUserID+"> when was the CSTO founded?", Alice)
	th, err := dg.MessageThreadStart(ChannelID, question, "CSTO founding", 60)
	if err != nil {
		t.Fatal(err)
	}
	if th.ID != question || th.Type != discordgo.ChannelTypeGuildPublicThread || th.ParentID != ChannelID || th.GuildID != GuildID {
		t.Errorf("thread = %+v; want public thread %s in %s", th, question, ChannelID)
	}
	if _, err := dg.MessageThreadStart(ChannelID, question, "again", 60); err == nil {
		t.Error("second thread on one message accepted")
	} else if _, code := restError(t, err); code != codeThreadAlreadyExists {
		t.Errorf("second thread: code %d; want %d", code, codeThreadAlreadyExists)
	}
	answer, err := dg.ChannelMessageSendReply(th.ID, "In 1992 [1].", &discordgo.MessageReference{MessageID: question, ChannelID: ChannelID})
	if err == nil {
		t.Fatalf("reply in the thread to a message of the parent channel accepted: %+v", answer)
	}
	a, err := dg.ChannelMessageSend(th.ID, "In 1992 [1].")
	if err != nil {
		t.Fatal(err)
	}
	followup := srv.PostMessage(th.ID, "and who signed?", Alice, ReplyTo(a.ID))
	history, err := dg.ChannelMessages(th.ID, 10, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 3 || history[0].ID != followup || history[1].ID != a.ID {
		t.Fatalf("thread history = %v; want the followup, the answer and the starter, newest first", ids(history))
	}
	if st := history[2]; st.Type != discordgo.MessageTypeThreadStarterMessage || st.MessageReference == nil || st.MessageReference.MessageID != question ||
		st.ReferencedMessage == nil || !strings.Contains(st.ReferencedMessage.Content, "founded") {
		t.Errorf("first thread message = %+v; want a starter message referring to the question", st)
	}
	if ref := history[0].MessageReference; ref == nil || ref.MessageID != a.ID || history[0].Type != discordgo.MessageTypeReply {
		t.Errorf("followup reference = %+v, type %d; want a reply to %s", ref, history[0].Type, a.ID)
	}
	if m, _ := srv.Message(th.ID, followup); len(m.Pings) != 1 || m.Pings[0] != BotUserID {
		t.Errorf("reply pings %v; want the bot, as the replied-to author", m.Pings)
	}
	if got := srv.Threads(ChannelID); len(got) != 1 || got[0].ID != th.ID {
		t.Errorf("Threads(%s) = %+v; want the one thread", ChannelID, got)
	}
}

func TestHistoryPaging(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg := openSession(t, srv)
	var posted []string
	for i := range 5 {
		posted = append(posted, srv.PostMessage(ChannelID, fmt.Sprint("message ", i), Alice))
	}
	tests := []struct {
		name                 string
		limit                int
		before, after, wants string
	}{
		{"newest two", 2, "", "", fmt.Sprint([]string{posted[4], posted[3]})},
		{"two before the last", 2, posted[4], "", fmt.Sprint([]string{posted[3], posted[2]})},
		{"two after the first", 2, "", posted[0], fmt.Sprint([]string{posted[2], posted[1]})},
		{"all", 0, "", "", fmt.Sprint([]string{posted[4], posted[3], posted[2], posted[1], posted[0]})},
	}
	for _, tt := range tests {
		got, err := dg.ChannelMessages(ChannelID, tt.limit, tt.before, tt.after, "")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if fmt.Sprint(ids(got)) != tt.wants {
			t.Errorf("%s: ChannelMessages(limit %d, before %s, after %s) = %v; want %s", tt.name, tt.limit, tt.before, tt.after, ids(got), tt.wants)
		}
	}
	_, err := dg.ChannelMessages(ChannelID, 101, "", "", "")
	if status, _ := restError(t, err); status != http.StatusBadRequest {
		t.Errorf("limit 101: status %d; want 400", status)
	}
}

func ids(ms []*discordgo.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func TestDirectMessages(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	var ev events
	dg := openSession(t, srv, ev.handlers()...)
	ch, err := dg.UserChannelCreate(Alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Type != discordgo.ChannelTypeDM || ch.ID != srv.DMChannel(Alice) || len(ch.Recipients) != 1 || ch.Recipients[0].ID != Alice.ID {
		t.Errorf("DM channel = %+v; want Alice's DM channel %s", ch, srv.DMChannel(Alice))
	}
	id := srv.PostMessage(ch.ID, "what is Article 4?", Alice)
	if err := srv.Await(testContext(t), func() bool { return len(ev.messagesFrom(Alice.ID)) == 1 }); err != nil {
		t.Fatal(err)
	}
	if m := ev.messagesFrom(Alice.ID)[0]; m.ID != id || m.GuildID != "" || m.Content == "" {
		t.Errorf("DM event = %+v; want message %s with content and no guild", m, id)
	}
	in := srv.SlashCommand("ask", map[string]any{"question": "q"}, Alice, ch.ID)
	if in.GuildID != "" || in.ChannelID != ch.ID {
		t.Errorf("DM interaction = %+v; want no guild", in)
	}
}

func TestCommandRegistration(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg := openSession(t, srv)
	cmds := []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask about the CSTO", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true},
		}},
		{Name: "about", Description: "What the bot knows"},
	}
	first, err := dg.ApplicationCommandBulkOverwrite(AppID, GuildID, cmds)
	if err != nil {
		t.Fatal(err)
	}
	again, err := dg.ApplicationCommandBulkOverwrite(AppID, GuildID, cmds[:1])
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 2 || first[0].ID == "" || first[0].GuildID != GuildID || len(again) != 1 || again[0].ID != first[0].ID {
		t.Errorf("overwrites = %+v then %+v; want IDs, kept for the same command", first, again)
	}
	listed, err := dg.ApplicationCommands(AppID, GuildID)
	if err != nil || len(listed) != 1 || listed[0].Name != "ask" {
		t.Errorf("ApplicationCommands = %+v, %v; want just ask", listed, err)
	}
	if global, err := dg.ApplicationCommands(AppID, ""); err != nil || len(global) != 0 {
		t.Errorf("global commands = %+v, %v; want none", global, err)
	}
	if in := srv.SlashCommand("ask", nil, Alice, ""); srv.Interaction(in.ID).Acknowledged {
		t.Error("fresh interaction acknowledged")
	}
	bad := []*discordgo.ApplicationCommand{
		{Name: "Ask", Description: "capitals are not allowed"},
		{Name: "x", Description: "optional before required", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "a", Description: "a"},
			{Type: discordgo.ApplicationCommandOptionString, Name: "b", Description: "b", Required: true},
		}},
		{Name: "nodescription"},
	}
	for _, c := range bad {
		_, err := dg.ApplicationCommandBulkOverwrite(AppID, GuildID, []*discordgo.ApplicationCommand{c})
		if status, code := restError(t, err); status != http.StatusBadRequest || code != codeInvalidFormBody {
			t.Errorf("command %q: %d code %d; want 400 code 50035", c.Name, status, code)
		}
	}
}

func TestMultipartFiles(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg := openSession(t, srv)
	m, err := dg.ChannelMessageSendComplex(ChannelID, &discordgo.MessageSend{
		Content: "sources attached",
		Files:   []*discordgo.File{{Name: "sources.txt", ContentType: "text/plain", Reader: strings.NewReader("[1] CSTO charter")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := srv.RequestsTo(http.MethodPost, "/channels/"+ChannelID+"/messages")[0]
	if r.JSON()["content"] != "sources attached" || len(r.Files) != 1 || string(r.Files[0].Data) != "[1] CSTO charter" || r.Files[0].Name != "sources.txt" {
		t.Errorf("recorded multipart = body %s, files %+v; want payload_json and the file", r.Body, r.Files)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Filename != "sources.txt" || m.Attachments[0].Size != 16 {
		t.Errorf("attachments = %+v; want sources.txt of 16 bytes", m.Attachments)
	}
}

func TestUnknownRouteIsRecorded(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg := openSession(t, srv)
	_, err := dg.GuildRoles(GuildID)
	if status, code := restError(t, err); status != http.StatusNotFound || code != 0 {
		t.Errorf("unknown route: %d code %d; want 404 code 0", status, code)
	}
	got := srv.RequestsTo("", "/guilds/")
	if len(got) != 1 || got[0].Status != http.StatusNotFound || !bytes.Contains(got[0].Response, []byte(`"message":"404: Not Found"`)) {
		t.Errorf("recorded = %v; want the 404 with Discord's body", got)
	}
}

func TestTransportRefusesOtherHosts(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	c := &http.Client{Transport: srv.Transport()}
	req, _ := http.NewRequestWithContext(testContext(t), http.MethodGet, "https://example.com/", nil)
	if resp, err := c.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("request to example.com succeeded; want refused")
	}
	req, _ = http.NewRequestWithContext(testContext(t), http.MethodGet, "https://discord.com/api/v9/users/@me", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var u User
	if err := json.NewDecoder(resp.Body).Decode(&u); err != nil || u.ID != BotUserID {
		t.Errorf("GET /users/@me through Transport = %+v, %v; want the bot", u, err)
	}
}

func TestLatencyMeetsDeadline(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg := openSession(t, srv)
	srv.SetLatency(time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := dg.ChannelMessageSend(ChannelID, "slow", discordgo.WithContext(ctx))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("send against a minute of latency: %v; want the caller's deadline", err)
	}
	srv.SetLatency(0)
	if n := len(srv.Messages(ChannelID)); n != 0 {
		t.Errorf("%d messages stored; want none from an abandoned request", n)
	}
}

// postRaw sends body to a REST path of srv with a plain HTTP client.
func postRaw(t testing.TB, srv *Server, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL()+apiPrefix+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, buf.Bytes()
}

// TestErrorBodiesGolden pins the error bodies bots parse: Discord's
// nested 50035 format and the plain ones.
func TestErrorBodiesGolden(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	long := func(n int) string { return strings.Repeat("x", n) }
	cases := []struct{ name, method, path, body string }{
		{"content too long", "POST", "/channels/" + ChannelID + "/messages", `{"content":"` + long(2001) + `"}`},
		{"embed limits", "POST", "/channels/" + ChannelID + "/messages", `{"embeds":[{"title":"` + long(257) + `","description":"` + long(4097) + `"}]}`},
		{"embeds over 6000", "POST", "/channels/" + ChannelID + "/messages", `{"embeds":[{"description":"` + long(3500) + `"},{"description":"` + long(3500) + `"}]}`},
		{"empty message", "POST", "/channels/" + ChannelID + "/messages", `{"content":""}`},
		{"invalid JSON", "POST", "/channels/" + ChannelID + "/messages", `{"content":`},
		{"unknown channel", "POST", "/channels/1/messages", `{"content":"x"}`},
		{"unknown interaction", "POST", "/interactions/1/tok/callback", `{"type":5}`},
		{"unknown webhook", "PATCH", "/webhooks/" + AppID + "/tok/messages/@original", `{"content":"x"}`},
		{"unknown route", "GET", "/guilds/" + GuildID + "/roles", ``},
		{"empty channel ID", "POST", "/channels//messages", `{"content":"x"}`},
	}
	var got bytes.Buffer
	for _, c := range cases {
		status, body := postRaw(t, srv, c.method, c.path, c.body)
		fmt.Fprintf(&got, "%s: %d %s\n", c.name, status, body)
	}
	golden := filepath.Join("testdata", "error_bodies.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("error bodies differ from %s (run with -update if intended):\n%s", golden, got.Bytes())
	}
}

// FuzzCreateMessage posts arbitrary bodies where a bot's output lands:
// the fake must answer 200 or a 4xx with a JSON error, never fail itself.
func FuzzCreateMessage(f *testing.F) {
	f.Add(`{"content":"hello"}`)
	f.Add(`{"content":"","embeds":[{"description":"x","fields":[{"name":"","value":""}]}]}`)
	f.Add(`{"content":"x","components":[{"type":1,"components":[{"type":2,"custom_id":"a"},{"type":2,"custom_id":"a"}]}]}`)
	f.Add(`{"content":"x","allowed_mentions":{"parse":null},"message_reference":{"message_id":"0"}}`)
	f.Add(`{"embeds":null,"components":[{"type":17}],"flags":"x"}`)
	f.Add(`[]`)
	srv := NewServer(f)
	f.Fuzz(func(t *testing.T, body string) {
		status, resp := postRaw(t, srv, http.MethodPost, "/channels/"+ChannelID+"/messages", body)
		var v map[string]any
		if json.Unmarshal(resp, &v) != nil {
			t.Fatalf("status %d with non-JSON body %q", status, resp)
		}
		if status != http.StatusOK && (status < 400 || status > 499) {
			t.Fatalf("status %d (%s); want 200 or 4xx", status, resp)
		}
	})
}

func TestRateLimitHeadersPaceDiscordgo(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	srv.SetRateLimit(http.MethodPost, "/channels/", 2, 100*time.Millisecond)
	dg := openSession(t, srv)
	for i := range 5 {
		if _, err := dg.ChannelMessageSend(ChannelID, fmt.Sprint("message ", i)); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	for _, r := range srv.RequestsTo(http.MethodPost, "/channels/") {
		if r.Status != http.StatusOK {
			t.Errorf("%v: discordgo, which reads the rate-limit headers, should never be limited", r)
		}
	}
	if n := len(srv.Messages(ChannelID)); n != 5 {
		t.Errorf("%d messages stored; want 5", n)
	}
}

func TestRateLimitRejectsExcess(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	srv.SetRateLimit("", "/channels/", 2, time.Minute)
	var got []int
	for range 3 {
		status, _ := postRaw(t, srv, http.MethodPost, "/channels/"+ChannelID+"/messages", `{"content":"x"}`)
		got = append(got, status)
	}
	if fmt.Sprint(got) != "[200 200 429]" {
		t.Errorf("statuses = %v; want [200 200 429]", got)
	}
	last := srv.Requests()[2]
	if !bytes.Contains(last.Response, []byte(`"retry_after"`)) || len(srv.Messages(ChannelID)) != 2 {
		t.Errorf("429 answer %s with %d messages stored; want a retry_after and no effect", last.Response, len(srv.Messages(ChannelID)))
	}
	other := srv.DMChannel(Alice)
	if status, _ := postRaw(t, srv, http.MethodPost, "/channels/"+other+"/messages", `{"content":"x"}`); status != http.StatusOK {
		t.Errorf("another channel: status %d; want 200 (its own bucket)", status)
	}
}
