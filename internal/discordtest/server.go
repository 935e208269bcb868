// Package discordtest is a fake Discord at the wire: a REST API over
// httptest and a gateway over a WebSocket, which a real discordgo Session
// connects to.
//
// The fake records every REST call the bot makes, keeps the state a user
// would see (channel messages, interaction responses and their edits,
// followups, threads, DM channels, registered commands), and rejects what
// Discord rejects (over-long content and embeds, late or repeated interaction
// callbacks, expired interaction tokens), so that bugs surface in tests instead
// of in a server. Tests drive it from the user's side with helpers such as
// SlashCommand, ClickButton and PostMessage, and from the network's side with
// DropConnection, InvalidateSession and FailNext.
//
// Point a Session at the fake either with the rewriting Transport
// (session.Client = &http.Client{Transport: srv.Transport()}) or, for a bot
// that supports it, with the origin URL as its API base: discordgo's paths
// are /api/v9/... on that origin. A test of a bot then reads:
//
//	srv := discordtest.NewServer(t)
//	// start the bot against srv.URL(), then:
//	if err := srv.WaitReady(ctx); err != nil {
//		t.Fatal(err)
//	}
//	in := srv.SlashCommand("ask", map[string]any{"question": "Who founded the CSTO?"}, discordtest.Alice, "")
//	err := srv.Await(ctx, func() bool {
//		m, ok := srv.InteractionResponse(in.ID)
//		return ok && m.Flags&discordtest.FlagLoading == 0
//	})
//
// Close a discordgo v0.29.0 session only after its first heartbeat on the
// current connection (WaitHeartbeat): closing earlier makes it reconnect
// forever.
package discordtest

import (
	"context"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Fixed IDs of the world the fake simulates. They are realistic snowflakes
// so that code deriving timestamps from IDs keeps working.
const (
	AppID       = "1100000000000000001" // the application, and its webhook ID
	BotUserID   = "1100000000000000002" // the bot user; equal to AppID on Discord, distinct here to catch mix-ups
	GuildID     = "1100000000000000003" // the operator's guild
	ChannelID   = "1100000000000000004" // a text channel in that guild
	BotUsername = "cstobot"

	// OtherGuildID is a second guild the bot was invited to, by someone
	// else: its members (who have every permission there, as its owner
	// would) are strangers to the operator. OtherChannelID is a text
	// channel in it.
	OtherGuildID   = "1100000000000000005"
	OtherChannelID = "1100000000000000006"
)

// Alice and Bob are ordinary guild members for tests to act as.
var (
	Alice = User{ID: "1100000000000000010", Username: "alice", GlobalName: "Alice"}
	Bob   = User{ID: "1100000000000000011", Username: "bob", GlobalName: "Bob"}
)

// botUser is the bot as it appears in READY, /users/@me and message authors.
var botUser = User{ID: BotUserID, Username: BotUsername, Bot: true}

// Server is a fake Discord. All its methods are safe for concurrent use.
// Methods that take no testing.TB report misuse through the TB given to
// NewServer.
type Server struct {
	tb   testing.TB
	http *httptest.Server

	// gwMu serialises everything that writes to the gateway, so sequence
	// numbers go out in order. Lock order: gwMu before mu.
	gwMu     sync.Mutex
	sessions []*gatewaySession // one per shard, oldest first

	mu      sync.Mutex
	changed chan struct{} // closed and replaced whenever state changes; see Await
	cfg     config
	lastID  uint64

	requests     []Request
	failures     []*failure
	rateLimits   []*rateLimit
	enforce      bool                    // Discord's limits, see EnforceRateLimits
	buckets      map[string]*limitWindow // Discord's buckets by key
	global       limitWindow             // the global limit's window
	identifies   []Identify
	readies      int
	resumes      int
	heartbeats   int
	commands     map[string][]map[string]any // scope ("" or guild ID) -> registered set
	channels     map[string]*Channel
	messages     map[string][]*Message // channel ID -> messages, oldest first
	users        map[string]User
	members      map[string]Member       // "guild ID/user ID" ("" guild: any) -> roles and permissions, see SetMemberIn
	interactions map[string]*interaction // by interaction ID
	byToken      map[string]*interaction
	outbox       []event // gateway events waiting for flushEvents

	denied         map[string]bool // channel IDs the bot may not use, see DenyChannel
	token          string          // required bot token without "Bot "; "" accepts any
	denyPrivileged bool
	refuseGateway  bool // see RefuseGateway
	starterFirst   bool // see DeliverStarterFirst
}

// config holds what a test may change; all durations are read under mu.
type config struct {
	heartbeat     time.Duration
	deadline      time.Duration // first callback must arrive within this
	tokenLifetime time.Duration // webhook calls on an interaction token
	latency       time.Duration
}

// NewServer starts a fake Discord with two guilds (GuildID and
// OtherGuildID) of one text channel each, the bot user and the users Alice
// and Bob. It is closed when the test ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{
		tb:      tb,
		changed: make(chan struct{}),
		cfg: config{
			heartbeat:     45 * time.Second,
			deadline:      3 * time.Second,
			tokenLifetime: 15 * time.Minute,
		},
		commands:     map[string][]map[string]any{},
		channels:     map[string]*Channel{},
		messages:     map[string][]*Message{},
		users:        map[string]User{},
		interactions: map[string]*interaction{},
		byToken:      map[string]*interaction{},
		buckets:      map[string]*limitWindow{},
	}
	for _, u := range []User{botUser, Alice, Bob} {
		s.users[u.ID] = u
	}
	s.channels[ChannelID] = &Channel{ID: ChannelID, Type: ChannelTypeGuildText, GuildID: GuildID, Name: "general"}
	s.channels[OtherChannelID] = &Channel{ID: OtherChannelID, Type: ChannelTypeGuildText, GuildID: OtherGuildID, Name: "lobby"}
	s.http = httptest.NewServer(s.routes())
	tb.Cleanup(s.close)
	return s
}

// close ends gateway connections first: httptest.Server.Close waits for
// hijacked WebSocket handlers only if their sockets are closed.
func (s *Server) close() {
	s.gwMu.Lock()
	for _, sess := range s.sessions {
		if sess.conn != nil {
			sess.conn.close()
			sess.conn = nil
		}
	}
	s.gwMu.Unlock()
	s.http.CloseClientConnections()
	s.http.Close()
}

// URL returns the origin of the fake, such as http://127.0.0.1:4321. The
// REST API lives under URL()+"/api/v9".
func (s *Server) URL() string { return s.http.URL }

// SetHeartbeatInterval sets the interval sent in HELLO (default 45 s) for
// connections made after the call.
func (s *Server) SetHeartbeatInterval(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.heartbeat = d
}

// SetInteractionDeadline sets how long after its dispatch an interaction
// accepts its first callback (default 3 s, as on Discord). A test shrinks it
// to see how a bot handles 10062 Unknown interaction.
func (s *Server) SetInteractionDeadline(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.deadline = d
}

// SetTokenLifetime sets how long an interaction token accepts webhook calls
// (default 15 minutes); later calls get 401 Invalid Webhook Token (50027).
func (s *Server) SetTokenLifetime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.tokenLifetime = d
}

// SetLatency delays every REST response by d, to show what a slow Discord
// does to a bot (use it with deadlines, not timed assertions). A request
// whose client gives up during the delay is dropped unrecorded and without
// effect, as if lost on the way.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.latency = d
}

// Await blocks until cond returns true or ctx ends. cond is evaluated now,
// after every change to the fake's state (a request, a gateway event), and
// every few milliseconds in between, so it may look at the client's state
// (what a bot's handlers saw) as well as the Server's getters.
func (s *Server) Await(ctx context.Context, cond func() bool) error {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// notifyLocked wakes every Await; the caller holds mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// discordEpoch is the start of Discord's snowflake clock (2015-01-01, in ms).
const discordEpoch = 1420070400000

// newIDLocked returns a snowflake for now, strictly greater than any issued
// before, so IDs sort in creation order like Discord's.
func (s *Server) newIDLocked() string {
	id := uint64(time.Now().UnixMilli()-discordEpoch) << 22
	if id <= s.lastID {
		id = s.lastID + 1
	}
	s.lastID = id
	return strconv.FormatUint(id, 10)
}

// rememberUserLocked records u so that mentions of it resolve.
func (s *Server) rememberUserLocked(u User) {
	if u.ID != "" {
		s.users[u.ID] = u
	}
}
