package discordtest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// events collects what a session's handlers received, for assertions
// after the fact.
type events struct {
	mu       sync.Mutex
	readies  int
	resumed  int
	messages []*discordgo.Message
}

func (e *events) handlers() []any {
	return []any{
		func(_ *discordgo.Session, _ *discordgo.Ready) { e.mu.Lock(); e.readies++; e.mu.Unlock() },
		func(_ *discordgo.Session, _ *discordgo.Resumed) { e.mu.Lock(); e.resumed++; e.mu.Unlock() },
		func(_ *discordgo.Session, m *discordgo.MessageCreate) {
			e.mu.Lock()
			e.messages = append(e.messages, m.Message)
			e.mu.Unlock()
		},
	}
}

// messagesFrom returns the MESSAGE_CREATEs received from user id.
func (e *events) messagesFrom(id string) []*discordgo.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []*discordgo.Message
	for _, m := range e.messages {
		if m.Author != nil && m.Author.ID == id {
			out = append(out, m)
		}
	}
	return out
}

func (e *events) counts() (readies, resumed int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.readies, e.resumed
}

func TestDropConnectionResumesAndReplays(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	var ev events
	openSession(t, srv, ev.handlers()...)
	srv.DropConnection()
	// Posted while the bot is away: Discord keeps it for the resume.
	id := srv.PostMessage(ChannelID, "missed <@"+BotUserID+">", Alice)
	ctx := testContext(t)
	if err := srv.Await(ctx, func() bool { return len(ev.messagesFrom(Alice.ID)) == 1 && srv.Resumes() == 1 }); err != nil {
		t.Fatalf("no resume with replay: resumes %d, messages %d: %v", srv.Resumes(), len(ev.messagesFrom(Alice.ID)), err)
	}
	if got := ev.messagesFrom(Alice.ID)[0]; got.ID != id || got.Content != "missed <@"+BotUserID+">" {
		t.Errorf("replayed message = %s %q; want %s with its content", got.ID, got.Content, id)
	}
	if err := srv.Await(ctx, func() bool { _, r := ev.counts(); return r == 1 }); err != nil {
		t.Fatalf("no RESUMED event: %v", err)
	}
	if readies, _ := ev.counts(); readies != 1 || len(srv.Identifies()) != 1 {
		t.Errorf("READY %d times, IDENTIFY %d times; want 1 each (a resume, not a new session)", readies, len(srv.Identifies()))
	}
}

func TestInvalidSessionIdentifiesAgain(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	var ev events
	openSession(t, srv, ev.handlers()...)
	srv.InvalidateSession(false)
	if err := srv.Await(testContext(t), func() bool { r, _ := ev.counts(); return r == 2 }); err != nil {
		t.Fatalf("no second READY: %v", err)
	}
	if n := len(srv.Identifies()); n != 2 || srv.ReadyCount() != 2 || srv.Resumes() != 0 {
		t.Errorf("identifies %d, readies %d, resumes %d; want 2, 2, 0", n, srv.ReadyCount(), srv.Resumes())
	}
}

func TestRequestReconnectResumes(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	var ev events
	openSession(t, srv, ev.handlers()...)
	srv.RequestReconnect()
	if err := srv.Await(testContext(t), func() bool { return srv.Resumes() == 1 && srv.Connected() }); err != nil {
		t.Fatalf("no resume after op 7: %v", err)
	}
}

// rawGateway dials the fake's gateway with a bare WebSocket, to check the
// protocol frame by frame.
func rawGateway(t *testing.T, srv *Server) *websocket.Conn {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(srv.gatewayURL()+"/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatalf("dial gateway: %v", err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	return ws
}

type rawFrame struct {
	Op int             `json:"op"`
	S  int64           `json:"s"`
	T  string          `json:"t"`
	D  json.RawMessage `json:"d"`
}

func TestGatewayProtocol(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	srv.SetHeartbeatInterval(41250 * time.Millisecond)
	ws := rawGateway(t, srv)
	read := func() rawFrame {
		t.Helper()
		// A safety net against a hang, not a timed assertion.
		_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		var f rawFrame
		if err := ws.ReadJSON(&f); err != nil {
			t.Fatalf("read: %v", err)
		}
		return f
	}
	send := func(v string) {
		t.Helper()
		if err := ws.WriteMessage(websocket.TextMessage, []byte(v)); err != nil {
			t.Fatalf("write: %v", err)
		}
	}
	if f := read(); f.Op != opHello || string(f.D) != `{"heartbeat_interval":41250}` {
		t.Fatalf("first frame = %d %s; want HELLO with the interval set", f.Op, f.D)
	}
	send(`{"op":1,"d":null}`)
	if f := read(); f.Op != opHeartbeatACK {
		t.Errorf("answer to heartbeat = op %d; want 11", f.Op)
	}
	// The shard that serves GuildID (and OtherGuildID, whose ID has the
	// same timestamp) gets READY and then a GUILD_CREATE for each.
	gid, _ := strconv.ParseUint(GuildID, 10, 64)
	shard := [2]int{int((gid >> 22) % 2), 2}
	send(fmt.Sprintf(`{"op":2,"d":{"token":"Bot x","intents":513,"shard":[%d,2],"compress":false}}`, shard[0]))
	ready, guild, other := read(), read(), read()
	if ready.T != "READY" || ready.S != 1 || guild.T != "GUILD_CREATE" || guild.S != 2 || other.T != "GUILD_CREATE" || other.S != 3 {
		t.Errorf("after IDENTIFY: %s s=%d, %s s=%d, %s s=%d; want READY s=1, GUILD_CREATE s=2 and 3",
			ready.T, ready.S, guild.T, guild.S, other.T, other.S)
	}
	var r struct {
		SessionID string              `json:"session_id"`
		Resume    string              `json:"resume_gateway_url"`
		Shard     [2]int              `json:"shard"`
		App       struct{ ID string } `json:"application"`
	}
	if err := json.Unmarshal(ready.D, &r); err != nil || r.SessionID == "" || r.Resume == "" || r.Shard != shard || r.App.ID != AppID {
		t.Errorf("READY = %s (%v); want a session, resume URL, shard %v, application %s", ready.D, err, shard, AppID)
	}
	if ids := srv.Identifies(); len(ids) != 1 || ids[0].Intents != 513 || ids[0].Shard == nil || *ids[0].Shard != shard {
		t.Errorf("Identifies() = %+v; want intents 513, shard %v", ids, shard)
	}
	send(`{"op":6,"d":{"token":"Bot x","session_id":"not-this-one","seq":2}}`)
	if f := read(); f.Op != opInvalidSession || string(f.D) != "false" {
		t.Errorf("answer to RESUME of an unknown session = op %d d=%s; want op 9 d=false", f.Op, f.D)
	}
}

func TestMessageContentIntent(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	var ev events
	openSession(t, srv, ev.handlers()...) // default intents: no message content
	dm := srv.DMChannel(Alice)
	srv.SetMember(Alice, Member{Roles: []string{"1100000000000000020"}, Permissions: PermissionSendMessages})
	tests := []struct {
		name, channel, content string
		wantContent            bool
	}{
		{"plain guild message", ChannelID, "what is the CSTO?", false},
		{"mention of the bot", ChannelID, "<@" + BotUserID + "> what is the CSTO?", true},
		{"direct message", dm, "what is the CSTO?", true},
	}
	for _, tt := range tests {
		id := srv.PostMessage(tt.channel, tt.content, Alice)
		var got *discordgo.Message
		err := srv.Await(testContext(t), func() bool {
			for _, m := range ev.messagesFrom(Alice.ID) {
				if m.ID == id {
					got = m
					return true
				}
			}
			return false
		})
		if err != nil {
			t.Fatalf("%s: not received: %v", tt.name, err)
		}
		if (got.Content != "") != tt.wantContent {
			t.Errorf("%s: content %q; want content %v", tt.name, got.Content, tt.wantContent)
		}
		if inGuild := tt.channel == ChannelID; (got.Member != nil) != inGuild || inGuild && len(got.Member.Roles) != 1 {
			t.Errorf("%s: member %+v; want Alice's roles in a guild, none in a DM", tt.name, got.Member)
		}
	}
}

func TestWantsEvent(t *testing.T) {
	tests := []struct {
		name    string
		intents int
		want    bool
	}{
		{"GUILD_CREATE", IntentGuildMessages, false},
		{"GUILD_CREATE", IntentGuilds, true},
		{"THREAD_CREATE", 0, false},
		{"THREAD_CREATE", IntentGuilds, true},
		{"INTERACTION_CREATE", 0, true},
	}
	for _, tt := range tests {
		if got := wantsEvent(tt.name, tt.intents); got != tt.want {
			t.Errorf("wantsEvent(%s, %b) = %v; want %v", tt.name, tt.intents, got, tt.want)
		}
	}
}

func TestVisibleMessage(t *testing.T) {
	guild := Message{GuildID: GuildID, Author: Alice, Content: "hi"}
	dm := Message{Author: Alice, Content: "hi"}
	mention := Message{GuildID: GuildID, Author: Alice, Content: "<@" + BotUserID + ">", Mentions: []User{botUser}}
	own := Message{GuildID: GuildID, Author: botUser, Content: "answer"}
	tests := []struct {
		name      string
		m         Message
		intents   int
		wantSent  bool
		wantEmpty bool
	}{
		{"guild without guild messages intent", guild, IntentDirectMessages, false, false},
		{"guild without content intent", guild, IntentGuildMessages, true, true},
		{"guild with content intent", guild, IntentGuildMessages | IntentMessageContent, true, false},
		{"dm without dm intent", dm, IntentGuildMessages, false, false},
		{"dm keeps content", dm, IntentDirectMessages, true, false},
		{"mention keeps content", mention, IntentGuildMessages, true, false},
		{"own message keeps content", own, IntentGuildMessages, true, false},
	}
	for _, tt := range tests {
		got, sent := visibleMessage(tt.m, tt.intents)
		if sent != tt.wantSent || sent && (got.Content == "") != tt.wantEmpty {
			t.Errorf("%s: visibleMessage = %q, %v; want sent %v, empty %v", tt.name, got.Content, sent, tt.wantSent, tt.wantEmpty)
		}
	}
}

func TestDispatchCustomEvent(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	typing := make(chan *discordgo.TypingStart, 1)
	openSession(t, srv, func(_ *discordgo.Session, e *discordgo.TypingStart) { typing <- e })
	srv.Dispatch("TYPING_START", map[string]any{"channel_id": ChannelID, "guild_id": GuildID, "user_id": Alice.ID, "timestamp": 1})
	select {
	case e := <-typing:
		if e.UserID != Alice.ID || e.ChannelID != ChannelID {
			t.Errorf("TYPING_START = %+v; want Alice in %s", e, ChannelID)
		}
	case <-testContext(t).Done():
		t.Fatal("no TYPING_START")
	}
}

func TestShardsGetTheirOwnEvents(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	gid, _ := strconv.ParseUint(GuildID, 10, 64)
	guildShard := int((gid >> 22) % 2)
	got := [2]chan string{make(chan string, 4), make(chan string, 4)}
	for shard := range 2 {
		dg := newSession(t, srv)
		dg.ShardID, dg.ShardCount = shard, 2
		dg.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got[shard] <- i.ChannelID })
		if err := dg.Open(); err != nil {
			t.Fatalf("open shard %d: %v", shard, err)
		}
		t.Cleanup(func() { _ = dg.Close() })
	}
	dm := srv.DMChannel(Alice)
	srv.SlashCommand("ask", nil, Alice, ChannelID)
	srv.SlashCommand("ask", nil, Alice, dm)
	want := [2][]string{}
	want[guildShard] = append(want[guildShard], ChannelID)
	want[0] = append(want[0], dm) // DMs go to shard 0
	for shard := range 2 {
		for _, ch := range want[shard] {
			select {
			case c := <-got[shard]:
				if c != ch {
					t.Errorf("shard %d got an interaction in %s; want %s", shard, c, ch)
				}
			case <-testContext(t).Done():
				t.Fatalf("shard %d got nothing; want an interaction in %s", shard, ch)
			}
		}
	}
	if ids := srv.Identifies(); len(ids) != 2 || ids[0].Shard == nil || ids[1].Shard == nil {
		t.Errorf("Identifies() = %+v; want two, with shards", ids)
	}
	if err := srv.Await(testContext(t), func() bool { return srv.Heartbeats() >= 2 }); err != nil {
		t.Fatal(err) // both heartbeat goroutines have started; closing is safe
	}
}
