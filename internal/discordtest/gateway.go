package discordtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Gateway opcodes (Discord's numbering).
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opResume         = 6
	opReconnect      = 7
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11
)

// Identify is what a client sent in an op 2 IDENTIFY.
type Identify struct {
	Token    string  `json:"token"`
	Intents  int     `json:"intents"`
	Shard    *[2]int `json:"shard,omitempty"`
	Compress bool    `json:"compress"`
}

// gatewaySession is the one gateway session the fake serves: the bot's.
// Dispatches made while no connection is attached are kept in log and
// replayed when the client resumes, as Discord does.
type gatewaySession struct {
	id        string
	intents   int
	seq       int64
	log       []frame
	conn      *gwConn // nil while the client is disconnected
	resumable bool
}

// frame is one sent dispatch, kept for replay.
type frame struct {
	seq  int64
	data []byte
}

// gwConn is one WebSocket connection; gorilla allows one writer at a time.
type gwConn struct {
	mu    sync.Mutex
	ws    *websocket.Conn
	beats int // heartbeats received; guarded by Server.mu
}

func (c *gwConn) write(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(v)
}

// closeWith ends the connection with a close frame carrying a gateway
// close code, and returns an error so the read loop stops.
func (c *gwConn) closeWith(code int, reason string) error {
	c.mu.Lock()
	err := c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(5*time.Second))
	c.mu.Unlock()
	c.close()
	if err != nil {
		return fmt.Errorf("close with %d: %w", code, err)
	}
	return fmt.Errorf("closed with %d %s", code, reason)
}

// close drops the TCP connection without a close frame, as a network
// failure would; the client sees a read error and resumes.
func (c *gwConn) close() { _ = c.ws.UnderlyingConn().Close() }

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway speaks the gateway protocol on one connection: HELLO, then
// IDENTIFY or RESUME, then heartbeats until the connection ends.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the client
	}
	c := &gwConn{ws: ws}
	defer s.detach(c)
	s.mu.Lock()
	hb := s.cfg.heartbeat
	s.mu.Unlock()
	if c.write(payload{Op: opHello, D: map[string]any{"heartbeat_interval": hb.Milliseconds()}}) != nil {
		return
	}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var p struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if json.Unmarshal(data, &p) != nil {
			return
		}
		if s.handleOp(c, p.Op, p.D) != nil {
			return
		}
	}
}

// payload is a gateway frame as sent by the fake.
type payload struct {
	Op int    `json:"op"`
	D  any    `json:"d"`
	S  int64  `json:"s,omitempty"`
	T  string `json:"t,omitempty"`
}

// handleOp answers one client frame; an error ends the connection.
func (s *Server) handleOp(c *gwConn, op int, d json.RawMessage) error {
	switch op {
	case opHeartbeat:
		s.mu.Lock()
		s.heartbeats++
		c.beats++
		s.notifyLocked()
		s.mu.Unlock()
		return c.write(payload{Op: opHeartbeatACK})
	case opIdentify:
		var id Identify
		if err := json.Unmarshal(d, &id); err != nil {
			return err
		}
		return s.identify(c, id)
	case opResume:
		var res struct {
			SessionID string `json:"session_id"`
			Seq       int64  `json:"seq"`
		}
		if err := json.Unmarshal(d, &res); err != nil {
			return err
		}
		return s.resume(c, res.SessionID, res.Seq)
	}
	return nil // presence, voice and member requests need no answer here
}

// identify starts a new session on c and sends READY and GUILD_CREATE.
func (s *Server) identify(c *gwConn, id Identify) error {
	s.mu.Lock()
	s.identifies = append(s.identifies, id)
	token, denied := s.token, s.denyPrivileged
	s.notifyLocked()
	s.mu.Unlock()
	if token != "" && id.Token != "Bot "+token && id.Token != token {
		return c.closeWith(4004, "Authentication failed.")
	}
	if denied && id.Intents&privilegedIntents != 0 {
		return c.closeWith(4014, "Disallowed intent(s).")
	}
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	if s.session != nil && s.session.conn != nil && s.session.conn != c {
		s.session.conn.close()
	}
	s.session = &gatewaySession{id: randomHex(16), intents: id.Intents, conn: c, resumable: true}
	ready := map[string]any{
		"v":                  9,
		"session_id":         s.session.id,
		"resume_gateway_url": s.gatewayURL(),
		"user":               botUser,
		"application":        map[string]any{"id": AppID, "flags": 0},
		"guilds":             []any{map[string]any{"id": GuildID, "unavailable": true}},
		"private_channels":   []any{},
	}
	if id.Shard != nil {
		ready["shard"] = id.Shard
	}
	s.mu.Lock()
	s.readies++
	s.notifyLocked()
	s.mu.Unlock()
	if err := s.dispatchLocked("READY", ready); err != nil {
		return err
	}
	return s.dispatchLocked("GUILD_CREATE", s.guildPayload())
}

// resume reattaches the session to c and replays what the client missed,
// or answers op 9 when the session is unknown or was invalidated.
func (s *Server) resume(c *gwConn, sessionID string, seq int64) error {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	sess := s.session
	if sess == nil || sess.id != sessionID || !sess.resumable {
		return c.write(payload{Op: opInvalidSession, D: false})
	}
	if sess.conn != nil && sess.conn != c {
		sess.conn.close()
	}
	sess.conn = c
	for _, f := range sess.log {
		if f.seq > seq {
			if err := c.writeRaw(f.data); err != nil {
				return err
			}
		}
	}
	s.mu.Lock()
	s.resumes++
	s.notifyLocked()
	s.mu.Unlock()
	return s.dispatchLocked("RESUMED", map[string]any{})
}

func (c *gwConn) writeRaw(data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

// detach forgets c when its connection ends, so later dispatches are kept
// for a resume instead of written to a dead socket.
func (s *Server) detach(c *gwConn) {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	c.close()
	if s.session != nil && s.session.conn == c {
		s.session.conn = nil
	}
}

// privilegedIntents are the intents an application must be approved for:
// guild members, presences and message content.
const privilegedIntents = 1<<1 | 1<<8 | IntentMessageContent

// RequireToken makes the fake accept only token (with or without the "Bot "
// prefix): REST calls with another Authorization get 401, and an IDENTIFY
// with another token is closed with 4004 Authentication failed. By default
// any token is accepted. GET /gateway needs no token, as on Discord.
func (s *Server) RequireToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = strings.TrimPrefix(token, "Bot ")
}

// DenyPrivilegedIntents makes the application unapproved for privileged
// intents: an IDENTIFY asking for guild members, presences or message
// content is closed with 4014 Disallowed intent(s).
func (s *Server) DenyPrivilegedIntents() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.denyPrivileged = true
}

// Dispatch sends an op 0 event with the next sequence number. While the
// client is disconnected the event is kept and replayed on RESUME. Before
// any IDENTIFY there is no session to send to: that is reported as a test
// error, since the event would be lost (wait with WaitReady first).
func (s *Server) Dispatch(eventName string, data any) {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	if s.session == nil {
		s.tb.Errorf("discordtest: Dispatch(%s) before the bot identified; call WaitReady first", eventName)
		return
	}
	if err := s.dispatchLocked(eventName, data); err != nil {
		s.tb.Logf("discordtest: dispatch %s: %v (kept for resume)", eventName, err)
	}
}

// dispatchLocked numbers, logs and sends one event; the caller holds gwMu.
// A write error leaves the event in the log for the next resume.
func (s *Server) dispatchLocked(eventName string, data any) error {
	sess := s.session
	sess.seq++
	raw, err := json.Marshal(payload{Op: opDispatch, S: sess.seq, T: eventName, D: data})
	if err != nil {
		return fmt.Errorf("encode %s: %w", eventName, err)
	}
	sess.log = append(sess.log, frame{seq: sess.seq, data: raw})
	if sess.conn == nil {
		return nil
	}
	return sess.conn.writeRaw(raw)
}

// DropConnection closes the current gateway connection at the TCP level,
// without a close frame. discordgo then reconnects and resumes (after its
// own one-second pause in Close). It first waits, up to 10 s, for the
// client's first heartbeat on the connection; see settle.
func (s *Server) DropConnection() {
	s.settle()
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	if s.session != nil && s.session.conn != nil {
		s.session.conn.close()
		s.session.conn = nil
	}
}

// InvalidateSession sends op 9 with d=resumable. When resumable is false the
// session can no longer be resumed, and the client must IDENTIFY again
// (discordgo always does, on the same connection).
func (s *Server) InvalidateSession(resumable bool) {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	if s.session == nil {
		return
	}
	s.session.resumable = resumable
	if c := s.session.conn; c != nil {
		if err := c.write(payload{Op: opInvalidSession, D: resumable}); err != nil {
			s.tb.Logf("discordtest: invalidate session: %v", err)
		}
	}
}

// RequestReconnect sends op 7: the client should close and resume. Like
// DropConnection, it first waits for the connection's first heartbeat.
func (s *Server) RequestReconnect() {
	s.settle()
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	if s.session != nil && s.session.conn != nil {
		if err := s.session.conn.write(payload{Op: opReconnect}); err != nil {
			s.tb.Logf("discordtest: reconnect: %v", err)
		}
	}
}

// WaitReady blocks until the fake has sent READY at least once and a
// gateway connection is attached, or ctx ends.
func (s *Server) WaitReady(ctx context.Context) error {
	err := s.Await(ctx, func() bool { return s.ReadyCount() > 0 && s.Connected() })
	if err != nil {
		return fmt.Errorf("wait for READY: %w", err)
	}
	return nil
}

// WaitHeartbeat blocks until the client has sent a heartbeat on the
// current gateway connection, or ctx ends.
//
// Wait for it before closing a discordgo v0.29.0 Session that has just
// connected or resumed: Open starts the heartbeat goroutine on its way out,
// and if Close sends its close frame before that goroutine's first
// heartbeat, the failed write makes the session reconnect forever.
func (s *Server) WaitHeartbeat(ctx context.Context) error {
	err := s.Await(ctx, func() bool {
		s.gwMu.Lock()
		defer s.gwMu.Unlock()
		if s.session == nil || s.session.conn == nil {
			return false
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.session.conn.beats > 0
	})
	if err != nil {
		return fmt.Errorf("wait for heartbeat: %w", err)
	}
	return nil
}

// settle waits, up to 10 s, for the first heartbeat on the current
// connection. A discordgo v0.29.0 session that loses its connection before
// its heartbeat goroutine's first write gets two reconnect loops (the
// reader's and the heartbeat's), which close each other's connections; the
// fake's disruptions should test the bot, not that race. A client that
// never heartbeats is disrupted after the wait anyway.
func (s *Server) settle() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = s.WaitHeartbeat(ctx)
}

// Connected reports whether a gateway connection is attached to the session.
func (s *Server) Connected() bool {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	return s.session != nil && s.session.conn != nil
}

// ReadyCount returns how many READY events the fake has sent.
func (s *Server) ReadyCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readies
}

// Identifies returns every IDENTIFY received, oldest first.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.identifies...)
}

// Resumes returns how many RESUMEs the fake accepted.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Heartbeats returns how many op 1 heartbeats the fake has answered.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// intents returns the intents of the current session; 0 without one.
func (s *Server) intentsLocked() int {
	if s.session == nil {
		return 0
	}
	return s.session.intents
}

// gatewayURL is the WebSocket URL the fake hands out.
func (s *Server) gatewayURL() string {
	return "ws" + strings.TrimPrefix(s.http.URL, "http") + "/gateway"
}

// guildPayload is the GUILD_CREATE for the fake's guild.
func (s *Server) guildPayload() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var channels, threads []*Channel
	for _, ch := range s.channels {
		switch {
		case ch.GuildID != GuildID:
		case ch.ThreadMetadata != nil:
			threads = append(threads, ch)
		default:
			channels = append(channels, ch)
		}
	}
	byID := func(a, b *Channel) int { return compareIDs(a.ID, b.ID) }
	slices.SortFunc(channels, byID)
	slices.SortFunc(threads, byID)
	return map[string]any{
		"id": GuildID, "name": "CSTO readers", "owner_id": Alice.ID,
		"channels": channels, "threads": threads, "roles": []any{}, "members": []any{},
		"member_count": 3, "unavailable": false, "joined_at": time.Now().UTC(),
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
