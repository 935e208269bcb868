package discordtest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
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

// gatewaySession is the bot's session on one shard. Dispatches made while
// no connection is attached are kept in log and replayed when the client
// resumes, as Discord does.
type gatewaySession struct {
	id        string
	shard     [2]int // shard ID and count; [0 1] when the client sent none
	intents   int
	seq       int64
	log       []frame
	conn      *gwConn // nil while the client is disconnected
	resumable bool
}

// serves reports whether events of guildID go to this session: Discord's
// rule (guild_id >> 22) % shard_count == shard_id, and DMs to shard 0.
func (g *gatewaySession) serves(guildID string) bool {
	if guildID == "" {
		return g.shard[0] == 0
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	return err == nil && int((id>>22)%uint64(g.shard[1])) == g.shard[0]
}

// sessionForLocked returns the session that receives events of guildID
// ("" for DMs), or nil; the caller holds gwMu.
func (s *Server) sessionForLocked(guildID string) *gatewaySession {
	for _, sess := range s.sessions {
		if sess.serves(guildID) {
			return sess
		}
	}
	return nil
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
	s.mu.Lock()
	refuse := s.refuseGateway
	s.mu.Unlock()
	if refuse {
		http.Error(w, "gateway unavailable", http.StatusServiceUnavailable)
		return
	}
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
	shard := [2]int{0, 1}
	if id.Shard != nil {
		shard = *id.Shard
	}
	if shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1] {
		return c.closeWith(4010, "Invalid shard.")
	}
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	// A new session replaces the shard's old one, and whatever session
	// this connection carried before (re-IDENTIFY after op 9).
	s.sessions = slices.DeleteFunc(s.sessions, func(old *gatewaySession) bool {
		if old.shard != shard && old.conn != c {
			return false
		}
		if old.conn != nil && old.conn != c {
			old.conn.close()
		}
		return true
	})
	sess := &gatewaySession{id: randomHex(16), shard: shard, intents: id.Intents, conn: c, resumable: true}
	s.sessions = append(s.sessions, sess)
	guilds := []any{}
	for _, g := range guildsOf(sess) {
		guilds = append(guilds, map[string]any{"id": g.id, "unavailable": true})
	}
	ready := map[string]any{
		"v":                  9,
		"session_id":         sess.id,
		"resume_gateway_url": s.gatewayURL(),
		"user":               botUser,
		"application":        map[string]any{"id": AppID, "flags": 0},
		"guilds":             guilds,
		"private_channels":   []any{},
	}
	if id.Shard != nil {
		ready["shard"] = id.Shard
	}
	s.mu.Lock()
	s.readies++
	s.notifyLocked()
	s.mu.Unlock()
	if err := s.dispatchLocked(sess, "READY", ready); err != nil || !wantsEvent("GUILD_CREATE", sess.intents) {
		return err
	}
	for _, g := range guildsOf(sess) {
		if err := s.dispatchLocked(sess, "GUILD_CREATE", s.guildPayload(g)); err != nil {
			return err
		}
	}
	return nil
}

// resume reattaches the session to c and replays what the client missed,
// or answers op 9 when the session is unknown or was invalidated.
func (s *Server) resume(c *gwConn, sessionID string, seq int64) error {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	i := slices.IndexFunc(s.sessions, func(g *gatewaySession) bool { return g.id == sessionID })
	if i < 0 || !s.sessions[i].resumable {
		return c.write(payload{Op: opInvalidSession, D: false})
	}
	sess := s.sessions[i]
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
	return s.dispatchLocked(sess, "RESUMED", map[string]any{})
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
	for _, sess := range s.sessions {
		if sess.conn == c {
			sess.conn = nil
		}
	}
}

// Dispatch sends an op 0 event with the next sequence number to the
// session serving GuildID. While the client is disconnected the event is
// kept and replayed on RESUME. Before any IDENTIFY there is no session to
// send to: that is reported as a test error, since the event would be lost
// (wait with WaitReady first).
func (s *Server) Dispatch(eventName string, data any) {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	sess := s.sessionForLocked(GuildID)
	if sess == nil {
		s.tb.Errorf("discordtest: Dispatch(%s) before the bot identified; call WaitReady first", eventName)
		return
	}
	if err := s.dispatchLocked(sess, eventName, data); err != nil {
		s.tb.Logf("discordtest: dispatch %s: %v (kept for resume)", eventName, err)
	}
}

// dispatchLocked numbers, logs and sends one event on sess; the caller
// holds gwMu. A write error leaves the event in the log for the next resume.
func (s *Server) dispatchLocked(sess *gatewaySession, eventName string, data any) error {
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

// gatewayURL is the WebSocket URL the fake hands out.
func (s *Server) gatewayURL() string {
	return "ws" + strings.TrimPrefix(s.http.URL, "http") + "/gateway"
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
