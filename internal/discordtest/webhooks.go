package discordtest

import (
	"net/http"
	"time"
)

// The interaction webhook: /webhooks/{app}/{token}[/messages/{msg}] edits
// the original response and sends and edits followups, for as long as the
// interaction token lives.

// tokenInteractionLocked resolves the webhook of an interaction token,
// answering w when it is unknown or expired.
func (s *Server) tokenInteractionLocked(w *response, r *http.Request) (*interaction, bool) {
	in, ok := s.byToken[r.PathValue("token")]
	switch {
	case r.PathValue("app") != AppID || !ok:
		w.fail(http.StatusNotFound, codeUnknownWebhook, "Unknown Webhook")
		return nil, false
	case time.Since(in.dispatched) > s.cfg.tokenLifetime:
		w.fail(http.StatusUnauthorized, codeInvalidWebhookToken, "Invalid Webhook Token")
		return nil, false
	}
	return in, true
}

// webhookMessageLocked finds "@original" or a followup of the token's
// interaction, answering w when there is none.
func (s *Server) webhookMessageLocked(w *response, r *http.Request) (*Message, bool) {
	in, ok := s.tokenInteractionLocked(w, r)
	if !ok {
		return nil, false
	}
	id := r.PathValue("msg")
	if id == "@original" || in.original != nil && in.original.ID == id {
		if in.original == nil || in.original.Deleted {
			w.fail(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
			return nil, false
		}
		return in.original, true
	}
	for _, f := range in.followups {
		if f.ID == id && !f.Deleted {
			return f, true
		}
	}
	w.fail(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
	return nil, false
}

func (s *Server) getWebhookMessage(w *response, r *http.Request, _ *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.webhookMessageLocked(w, r); ok {
		w.json(http.StatusOK, m.wire())
	}
}

// editWebhookMessage serves PATCH …/messages/{@original|id}. The first
// edit of a deferred response replaces the "thinking" state.
func (s *Server) editWebhookMessage(w *response, r *http.Request, req *Request) {
	b, ok := decodeMessageBody(w, req)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.webhookMessageLocked(w, r)
	if !ok {
		return
	}
	if !s.editLocked(w, m, b, req.Files, "") {
		return
	}
	w.json(http.StatusOK, m.wire())
}

func (s *Server) deleteWebhookMessage(w *response, r *http.Request, _ *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.webhookMessageLocked(w, r)
	if !ok {
		return
	}
	m.Deleted = true
	if m.Flags&FlagEphemeral == 0 {
		s.queueEventLocked("MESSAGE_DELETE", m.GuildID, map[string]any{"id": m.ID, "channel_id": m.ChannelID, "guild_id": m.GuildID})
	}
	w.noContent()
}

// createFollowup serves POST /webhooks/{app}/{token}[?wait=true]. As on
// Discord, the first followup after a deferred response fills in the
// deferred message instead of posting a new one.
func (s *Server) createFollowup(w *response, r *http.Request, req *Request) {
	b, ok := decodeMessageBody(w, req)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.tokenInteractionLocked(w, r)
	if !ok {
		return
	}
	if !in.acked {
		w.fail(http.StatusNotFound, codeUnknownWebhook, "Unknown Webhook")
		return
	}
	var m *Message
	if o := in.original; o != nil && o.Flags&FlagLoading != 0 && in.responseType == CallbackDeferredMessage {
		if !s.editLocked(w, o, b, req.Files, "") {
			return
		}
		m = o
	} else {
		m = s.newBotMessageLocked(in.ChannelID)
		m.ApplicationID, m.WebhookID = AppID, AppID
		m.InteractionMetadata = &InteractionMetadata{ID: in.ID, Type: in.Type, User: in.user}
		if !s.applyLocked(w, m, b, req.Files, "", true) {
			return
		}
		in.followups = append(in.followups, m)
		if m.Flags&FlagEphemeral == 0 {
			s.storeLocked(m)
		}
	}
	if req.Query.Get("wait") == "true" {
		w.json(http.StatusOK, m.wire())
		return
	}
	w.noContent()
}
