package discordtest

import "slices"

// Gateway intents the fake honours (Discord's bits).
const (
	IntentGuilds         = 1 << 0
	IntentGuildMessages  = 1 << 9
	IntentDirectMessages = 1 << 12
	IntentMessageContent = 1 << 15
)

// event is a gateway event caused by a change of state. Changes happen
// under mu, but sending needs gwMu, which comes first in the lock order;
// so events wait in the outbox until the change is complete.
type event struct {
	name    string
	guildID string // routes the event to a shard; "" for DMs
	data    any
	msg     *Message // set for MESSAGE_* events, which intents filter
}

// queueEventLocked puts an event in the outbox; the caller holds mu and
// calls flushEvents after releasing it. A message is copied now, so later
// edits do not leak into this event.
func (s *Server) queueEventLocked(name, guildID string, data any) {
	e := event{name: name, guildID: guildID, data: data}
	if m, ok := data.(Message); ok {
		c := m.clone()
		e.data, e.msg = nil, &c
	}
	s.outbox = append(s.outbox, e)
}

// flushEvents sends the outbox, each event to the session of its shard,
// filtered by that session's intents as Discord filters them. Without a
// session the events are lost, as they would be on Discord.
func (s *Server) flushEvents() {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	s.mu.Lock()
	events := s.outbox
	s.outbox = nil
	s.mu.Unlock()
	for _, e := range events {
		sess := s.sessionForLocked(e.guildID)
		if sess == nil {
			continue
		}
		if !wantsEvent(e.name, sess.intents) {
			continue
		}
		data := e.data
		if e.msg != nil {
			m, ok := visibleMessage(*e.msg, sess.intents)
			if !ok {
				continue
			}
			data = m.wire()
		}
		if err := s.dispatchLocked(sess, e.name, data); err != nil {
			s.tb.Logf("discordtest: dispatch %s: %v (kept for resume)", e.name, err)
		}
	}
}

// wantsEvent reports whether a session with the given intents receives
// events named name, apart from messages (see visibleMessage): guild and
// thread events need the guilds intent.
func wantsEvent(name string, intents int) bool {
	switch name {
	case "GUILD_CREATE", "CHANNEL_CREATE", "THREAD_CREATE", "THREAD_UPDATE":
		return intents&IntentGuilds != 0
	}
	return true
}

// visibleMessage returns m as a session with the given intents receives
// it, and false when such a session receives no event at all. Without the
// privileged message content intent, content, embeds, attachments and
// components are empty unless the message is in a DM, mentions the bot or
// is the bot's own.
func visibleMessage(m Message, intents int) (Message, bool) {
	dm := m.GuildID == ""
	if dm && intents&IntentDirectMessages == 0 || !dm && intents&IntentGuildMessages == 0 {
		return m, false
	}
	return withoutContent(m, intents), true
}

// withoutContent returns m as an application with the given intents reads
// it, on the gateway and over REST: without the message content intent,
// content, embeds, attachments and components are empty unless the
// message is in a DM, mentions the bot or is the bot's own.
func withoutContent(m Message, intents int) Message {
	mentionsBot := slices.ContainsFunc(m.Mentions, func(u User) bool { return u.ID == BotUserID })
	if intents&IntentMessageContent == 0 && m.GuildID != "" && !mentionsBot && m.Author.ID != BotUserID {
		m.Content, m.Embeds, m.Attachments, m.Components = "", nil, nil, nil
	}
	return m
}
