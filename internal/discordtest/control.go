package discordtest

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// What a test does to the gateway (disruptions, requirements) and what it
// reads back. Disruptions act on the session that serves GuildID.

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

// DropConnection closes the current gateway connection at the TCP level,
// without a close frame. discordgo then reconnects and resumes (after its
// own one-second pause in Close). It first waits, up to 10 s, for the
// client's first heartbeat on the connection; see settle.
func (s *Server) DropConnection() {
	s.settle()
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	if sess := s.sessionForLocked(GuildID); sess != nil && sess.conn != nil {
		sess.conn.close()
		sess.conn = nil
	}
}

// RefuseGateway makes new gateway connections fail (503 instead of the
// WebSocket upgrade) while refuse is true, so that with DropConnection the
// client stays disconnected, as in a Discord outage. The current
// connection is left as it is.
func (s *Server) RefuseGateway(refuse bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuseGateway = refuse
}

// InvalidateSession sends op 9 with d=resumable. When resumable is false the
// session can no longer be resumed, and the client must IDENTIFY again
// (discordgo always does, on the same connection).
func (s *Server) InvalidateSession(resumable bool) {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	sess := s.sessionForLocked(GuildID)
	if sess == nil {
		return
	}
	sess.resumable = resumable
	if c := sess.conn; c != nil {
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
	if sess := s.sessionForLocked(GuildID); sess != nil && sess.conn != nil {
		if err := sess.conn.write(payload{Op: opReconnect}); err != nil {
			s.tb.Logf("discordtest: reconnect: %v", err)
		}
	}
}

// DenyChannel makes the bot unable to use channelID, as in a server that
// invited it without the permissions it needs: every call on the channel
// is refused with 403 Missing Permissions (50013).
func (s *Server) DenyChannel(channelID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.denied == nil {
		s.denied = map[string]bool{}
	}
	s.denied[channelID] = true
}

// deniedLocked reports whether req is on a channel DenyChannel named.
func (s *Server) deniedLocked(req *Request) bool {
	rest, ok := strings.CutPrefix(req.Path, "/channels/")
	id, _, _ := strings.Cut(rest, "/")
	return ok && s.denied[id]
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
		sess := s.sessionForLocked(GuildID)
		if sess == nil || sess.conn == nil {
			return false
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return sess.conn.beats > 0
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

// Connected reports whether a gateway connection is attached to the
// session serving GuildID.
func (s *Server) Connected() bool {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	sess := s.sessionForLocked(GuildID)
	return sess != nil && sess.conn != nil
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
