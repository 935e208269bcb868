package discordtest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Channel returns channel id; false when the fake has no such channel.
func (s *Server) Channel(id string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, ok := s.channels[id]
	if !ok {
		return Channel{}, false
	}
	return *ch, true
}

// Threads returns the threads started in parentID, oldest first.
func (s *Server) Threads(parentID string) []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Channel
	for _, ch := range s.channels {
		if ch.ParentID == parentID {
			out = append(out, *ch)
		}
	}
	slices.SortFunc(out, func(a, b Channel) int { return compareIDs(a.ID, b.ID) })
	return out
}

// decodeMessageBody reads a create or edit body, answering 400 on bad JSON.
func decodeMessageBody(w *response, req *Request) (messageBody, bool) {
	var b messageBody
	if len(req.Body) > 0 && !w.readJSON(req.Body, &b) {
		return b, false
	}
	return b, true
}

func (s *Server) getChannel(w *response, r *http.Request, _ *Request) {
	ch, ok := s.Channel(r.PathValue("channel"))
	if !ok {
		w.fail(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
		return
	}
	w.json(http.StatusOK, ch)
}

// createMessage serves POST /channels/{channel}/messages.
func (s *Server) createMessage(w *response, r *http.Request, req *Request) {
	b, ok := decodeMessageBody(w, req)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chID := r.PathValue("channel")
	if s.channels[chID] == nil {
		w.fail(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
		return
	}
	m := s.newBotMessageLocked(chID)
	if ref := b.MessageReference; ref != nil {
		target := s.channelMessageLocked(chID, ref.MessageID)
		if target == nil || ref.ChannelID != "" && ref.ChannelID != chID {
			w.invalidForm([]violation{{"message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message"}})
			return
		}
		m.Type = MessageTypeReply
		m.MessageReference = &MessageReference{MessageID: target.ID, ChannelID: chID, GuildID: m.GuildID}
		c := target.clone()
		m.ReferencedMessage = &c
	}
	if !s.applyLocked(w, m, b, req.Files, "", true) {
		return
	}
	s.storeLocked(m)
	w.json(http.StatusOK, m.wire())
}

// editMessage serves PATCH /channels/{channel}/messages/{msg}; a bot may
// edit only its own messages.
func (s *Server) editMessage(w *response, r *http.Request, req *Request) {
	b, ok := decodeMessageBody(w, req)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.channelMessageLocked(r.PathValue("channel"), r.PathValue("msg"))
	switch {
	case m == nil:
		w.fail(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
		return
	case m.Author.ID != BotUserID:
		w.fail(http.StatusForbidden, codeCannotEditOthers, "Cannot edit a message authored by another user")
		return
	}
	if !s.editLocked(w, m, b, req.Files, "") {
		return
	}
	w.json(http.StatusOK, m.wire())
}

func (s *Server) deleteMessage(w *response, r *http.Request, _ *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.channelMessageLocked(r.PathValue("channel"), r.PathValue("msg"))
	if m == nil {
		w.fail(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
		return
	}
	m.Deleted = true
	s.queueEventLocked("MESSAGE_DELETE", m.GuildID, map[string]any{"id": m.ID, "channel_id": m.ChannelID, "guild_id": m.GuildID})
	w.noContent()
}

func (s *Server) getMessage(w *response, r *http.Request, _ *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.channelMessageLocked(r.PathValue("channel"), r.PathValue("msg"))
	if m == nil {
		w.fail(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
		return
	}
	w.json(http.StatusOK, withoutContent(m.wire(), s.intentsLocked()))
}

// intentsLocked are the intents of the application's last IDENTIFY, which
// decide, as on Discord, whether REST calls read message content too.
func (s *Server) intentsLocked() int {
	if len(s.identifies) == 0 {
		return 0
	}
	return s.identifies[len(s.identifies)-1].Intents
}

// listMessages serves GET /channels/{channel}/messages: newest first, at
// most limit (1–100, default 50), before/after a message ID.
func (s *Server) listMessages(w *response, r *http.Request, req *Request) {
	limit := 50
	if v := req.Query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			w.invalidForm([]violation{{"limit", "NUMBER_TYPE_MAX", "int value should be between 1 and 100."}})
			return
		}
		limit = n
	}
	before, after := req.Query.Get("before"), req.Query.Get("after")
	s.mu.Lock()
	defer s.mu.Unlock()
	chID := r.PathValue("channel")
	if s.channels[chID] == nil {
		w.fail(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
		return
	}
	out := []Message{}
	msgs := s.messages[chID]
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.Deleted || before != "" && compareIDs(m.ID, before) >= 0 || after != "" && compareIDs(m.ID, after) <= 0 {
			continue
		}
		out = append(out, m.wire())
	}
	// The page is the newest messages, or with after those right after it;
	// either way listed newest first.
	if len(out) > limit && after != "" {
		out = out[len(out)-limit:]
	} else if len(out) > limit {
		out = out[:limit]
	}
	w.json(http.StatusOK, out)
}

// threadBody is the body of both thread-start endpoints.
type threadBody struct {
	Name                string `json:"name"`
	AutoArchiveDuration int    `json:"auto_archive_duration"`
	Type                int    `json:"type"`
}

// startThreadFromMessage serves POST /channels/{c}/messages/{m}/threads.
// As on Discord, the thread's ID is the starter message's ID.
func (s *Server) startThreadFromMessage(w *response, r *http.Request, req *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, parent, ok := s.threadStartLocked(w, r, req)
	if !ok {
		return
	}
	m := s.channelMessageLocked(parent.ID, r.PathValue("msg"))
	switch {
	case m == nil:
		w.fail(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
		return
	case m.Thread != nil:
		w.fail(http.StatusBadRequest, codeThreadAlreadyExists, "A thread has already been created for this message")
		return
	}
	th := s.newThreadLocked(m.ID, parent, b.Name, ChannelTypePublicThread, BotUserID, b.AutoArchiveDuration)
	m.Thread = th
	// The thread opens with a system message pointing at its starter, which
	// itself stays in the parent channel: a bot reading the thread's history
	// finds the question only by following this reference.
	ref := m.clone()
	s.messages[th.ID] = append(s.messages[th.ID], &Message{
		ID: s.newIDLocked(), ChannelID: th.ID, GuildID: th.GuildID, Author: m.Author,
		Timestamp: time.Now().UTC(), Type: MessageTypeThreadStarter,
		MessageReference:  &MessageReference{MessageID: m.ID, ChannelID: parent.ID, GuildID: parent.GuildID},
		ReferencedMessage: &ref,
	})
	w.json(http.StatusCreated, th)
}

// startThread serves POST /channels/{c}/threads; Discord's API v9 makes a
// private thread unless the body asks for another type.
func (s *Server) startThread(w *response, r *http.Request, req *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, parent, ok := s.threadStartLocked(w, r, req)
	if !ok {
		return
	}
	typ := b.Type
	if typ == 0 {
		typ = ChannelTypePrivateThread
	}
	th := s.newThreadLocked(s.newIDLocked(), parent, b.Name, typ, BotUserID, b.AutoArchiveDuration)
	w.json(http.StatusCreated, th)
}

// threadStartLocked reads the body of either thread-start endpoint and
// checks it and the parent channel, answering w when they are not
// acceptable.
func (s *Server) threadStartLocked(w *response, r *http.Request, req *Request) (threadBody, *Channel, bool) {
	var b threadBody
	if !w.readJSON(req.Body, &b) {
		return b, nil, false
	}
	parent := s.channels[r.PathValue("channel")]
	switch {
	case parent == nil:
		w.fail(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
		return b, nil, false
	case parent.Type != ChannelTypeGuildText:
		w.fail(http.StatusBadRequest, 50024, "Cannot execute action on this channel type")
		return b, nil, false
	}
	if n := utf8.RuneCountInString(b.Name); n < 1 || n > 100 {
		w.invalidForm([]violation{{"name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."}})
		return b, nil, false
	}
	return b, parent, true
}

// newThreadLocked creates a thread channel and announces it.
func (s *Server) newThreadLocked(id string, parent *Channel, name string, typ int, owner string, archive int) *Channel {
	if archive == 0 {
		archive = 1440
	}
	th := &Channel{
		ID: id, Type: typ, GuildID: parent.GuildID, ParentID: parent.ID, Name: name, OwnerID: owner,
		ThreadMetadata: &ThreadMetadata{AutoArchiveDuration: archive, CreateTimestamp: time.Now().UTC()},
	}
	s.channels[id] = th
	s.queueEventLocked("THREAD_CREATE", th.GuildID, struct {
		*Channel
		NewlyCreated bool `json:"newly_created"`
	}{th, true})
	return th
}

// createDM serves POST /users/@me/channels: the DM channel with a user,
// made on first use.
func (s *Server) createDM(w *response, _ *http.Request, req *Request) {
	var b struct {
		RecipientID string `json:"recipient_id"`
	}
	if json.Unmarshal(req.Body, &b) != nil || b.RecipientID == "" {
		w.invalidForm([]violation{{"recipient_id", "BASE_TYPE_REQUIRED", "This field is required"}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[b.RecipientID]
	if !ok {
		w.fail(http.StatusBadRequest, 50033, "Invalid Recipient(s)")
		return
	}
	w.json(http.StatusOK, s.dmChannelLocked(u))
}

// dmChannelLocked returns the DM channel between the bot and u.
func (s *Server) dmChannelLocked(u User) *Channel {
	for _, ch := range s.channels {
		if ch.Type == ChannelTypeDM && ch.Recipients[0].ID == u.ID {
			return ch
		}
	}
	ch := &Channel{ID: s.newIDLocked(), Type: ChannelTypeDM, Recipients: []User{u}}
	s.channels[ch.ID] = ch
	return ch
}
