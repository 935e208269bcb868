package discordtest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// newSession returns a real discordgo Session whose REST calls go to srv,
// not yet opened.
func newSession(t *testing.T, srv *Server) *discordgo.Session {
	t.Helper()
	dg, err := discordgo.New("Bot test-token")
	if err != nil {
		t.Fatalf("discordgo.New: %v", err)
	}
	dg.Client = &http.Client{Transport: srv.Transport(), Timeout: 10 * time.Second}
	dg.LogLevel = discordgo.LogError
	return dg
}

// openSession opens a new session with handlers added before Open, so no
// event is missed. It is closed when the test ends (discordgo's Close
// sleeps one second).
func openSession(t *testing.T, srv *Server, handlers ...any) *discordgo.Session {
	t.Helper()
	dg := newSession(t, srv)
	for _, h := range handlers {
		dg.AddHandler(h)
	}
	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		// Closing before the first heartbeat of a connection makes
		// discordgo reconnect forever; see WaitHeartbeat.
		if err := srv.WaitHeartbeat(testContext(t)); err != nil {
			t.Errorf("before close: %v", err)
		}
		_ = dg.Close()
	})
	return dg
}

// testContext is a deadline for waits that only a broken fake or bot reaches.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestOpenReceivesReady(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	ready := make(chan *discordgo.Ready, 1)
	dg := openSession(t, srv, func(_ *discordgo.Session, r *discordgo.Ready) { ready <- r })
	var r *discordgo.Ready
	select {
	case r = <-ready:
	case <-testContext(t).Done():
		t.Fatal("no READY")
	}
	if r.User.ID != BotUserID || !r.User.Bot || r.Application.ID != AppID || r.SessionID == "" {
		t.Errorf("READY = user %+v, app %+v, session %q; want bot %s, app %s, a session", r.User, r.Application, r.SessionID, BotUserID, AppID)
	}
	if err := srv.WaitReady(testContext(t)); err != nil {
		t.Fatal(err)
	}
	ids := srv.Identifies()
	if len(ids) != 1 || ids[0].Token != "Bot test-token" || ids[0].Intents != int(discordgo.IntentsAllWithoutPrivileged) {
		t.Errorf("Identifies() = %+v; want one with token %q and intents %d", ids, "Bot test-token", discordgo.IntentsAllWithoutPrivileged)
	}
	if got := srv.RequestsTo(http.MethodGet, "/gateway"); len(got) != 1 || got[0].Header.Get("Authorization") != "Bot test-token" {
		t.Errorf("GET /gateway requests = %v; want one, authorised", got)
	}
	if _, err := dg.Guild(GuildID); err == nil {
		t.Error("Guild over REST succeeded; want the fake's 404 for an unknown route")
	}
}

func TestDeferThenEditOriginal(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	errs := make(chan error, 2)
	openSession(t, srv, func(s *discordgo.Session, i *discordgo.InteractionCreate) {
		errs <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
		content := "The CSTO has six members [1]. @everyone"
		_, err := s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{
			Content:         &content,
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
		})
		errs <- err
	})
	in := srv.SlashCommand("ask", map[string]any{"question": "Who is in the CSTO?"}, Alice, "")
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("bot call: %v", err)
		}
	}
	got, ok := srv.InteractionResponse(in.ID)
	if !ok || got.Content != "The CSTO has six members [1]. @everyone" || got.Flags&FlagLoading != 0 || got.Edits != 1 {
		t.Errorf("InteractionResponse = %+v, %v; want the edited content, no longer loading, one edit", got, ok)
	}
	if got.PingsEveryone {
		t.Error("response pings @everyone despite allowed_mentions parse []")
	}
	edits := srv.RequestsTo(http.MethodPatch, "/webhooks/"+AppID+"/"+in.Token+"/messages/@original")
	if len(edits) != 1 {
		t.Fatalf("PATCH @original requests = %v; want 1", edits)
	}
	if parse, present := edits[0].AllowedMentions(); !present || parse == nil || len(parse) != 0 {
		t.Errorf("AllowedMentions() = %v, %v; want [], true", parse, present)
	}
	cb := srv.RequestsTo(http.MethodPost, "/interactions/"+in.ID)
	if len(cb) != 1 || cb[0].Status != http.StatusNoContent {
		t.Errorf("callbacks = %v; want one answered 204", cb)
	}
}

func TestChannelMessageSend(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg := openSession(t, srv)
	m, err := dg.ChannelMessageSend(ChannelID, "hello <@"+Alice.ID+">")
	if err != nil {
		t.Fatalf("ChannelMessageSend: %v", err)
	}
	stored, ok := srv.Message(ChannelID, m.ID)
	if !ok || stored.Content != m.Content || stored.Author.ID != BotUserID || len(stored.Pings) != 1 {
		t.Errorf("Message(%s) = %+v, %v; want the bot's message pinging Alice", m.ID, stored, ok)
	}
}

func TestIdentifyRejected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		setup   func(*Server)
		intents discordgo.Intent
		want    string // in Open's error
	}{
		{"wrong token", func(s *Server) { s.RequireToken("Bot the-real-token") }, discordgo.IntentsAllWithoutPrivileged, "4004"},
		{"unapproved message content intent", (*Server).DenyPrivilegedIntents, discordgo.IntentsAllWithoutPrivileged | discordgo.IntentMessageContent, "4014"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := NewServer(t)
			tt.setup(srv)
			dg := newSession(t, srv)
			dg.Identify.Intents = tt.intents
			err := dg.Open()
			if err == nil {
				_ = dg.Close()
				t.Fatalf("Open succeeded; want close code %s", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || srv.ReadyCount() != 0 || len(srv.Identifies()) != 1 {
				t.Errorf("Open = %v, %d READY, %d IDENTIFY; want close %s, no READY, one IDENTIFY", err, srv.ReadyCount(), len(srv.Identifies()), tt.want)
			}
		})
	}
}

func TestRequireTokenOnREST(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	srv.RequireToken("test-token")
	dg := openSession(t, srv)
	if _, err := dg.ChannelMessageSend(ChannelID, "authorised"); err != nil {
		t.Fatalf("send with the right token: %v", err)
	}
	dg.Token = "Bot stolen"
	_, err := dg.ChannelMessageSend(ChannelID, "not authorised")
	if status, _ := restError(t, err); status != http.StatusUnauthorized {
		t.Errorf("send with a wrong token: status %d; want 401", status)
	}
}
