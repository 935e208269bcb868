package discordtest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// newBotMessageLocked starts a message by the bot in channelID.
func (s *Server) newBotMessageLocked(channelID string) *Message {
	m := &Message{ID: s.newIDLocked(), ChannelID: channelID, Author: botUser, Timestamp: time.Now().UTC()}
	if ch := s.channels[channelID]; ch != nil {
		m.GuildID = ch.GuildID
	}
	return m
}

// applyLocked applies a create or edit body (and uploaded files) to m and
// checks the result; on a violation it answers w and returns false, and m
// must then be dropped. prefix nests error paths ("data" in callbacks).
func (s *Server) applyLocked(w *response, m *Message, b messageBody, files []File, prefix string, create bool) bool {
	if b.Content != nil {
		m.Content = *b.Content
	}
	if b.Embeds != nil {
		m.Embeds = *b.Embeds
	}
	if b.Components != nil {
		m.Components = *b.Components
	}
	if b.Flags != nil {
		m.Flags = *b.Flags | m.Flags&FlagEphemeral // ephemerality is fixed at creation
	}
	if !create {
		m.Flags &^= FlagLoading
		now := time.Now().UTC()
		m.EditedTimestamp = &now
		m.Edits++
	}
	if b.AllowedMentions != nil {
		m.AllowedMentions = b.AllowedMentions
	}
	for _, f := range files {
		id := s.newIDLocked()
		m.Attachments = append(m.Attachments, Attachment{
			ID: id, Filename: f.Name, ContentType: f.ContentType, Size: len(f.Data),
			URL: "https://cdn.discordapp.com/attachments/" + m.ChannelID + "/" + id + "/" + f.Name,
		})
	}
	if vs := validateMessage(m, prefix); len(vs) > 0 {
		w.invalidForm(vs)
		return false
	}
	if isEmpty(m) {
		w.fail(http.StatusBadRequest, codeEmptyMessage, "Cannot send an empty message")
		return false
	}
	s.resolveMentionsLocked(m)
	return true
}

var (
	userMention     = regexp.MustCompile(`<@!?(\d+)>`)
	roleMention     = regexp.MustCompile(`<@&(\d+)>`)
	everyoneMention = regexp.MustCompile(`@(everyone|here)\b`)
)

// resolveMentionsLocked fills Mentions from the content and works out who
// is actually notified, honouring allowed_mentions as Discord does: without
// it everyone, roles and users mentioned are pinged, and a reply pings the
// replied-to author.
func (s *Server) resolveMentionsLocked(m *Message) {
	m.Mentions, m.MentionRoles, m.Pings, m.PingsEveryone = nil, nil, nil, false
	parse := []string{"users", "roles", "everyone"}
	var allowUsers, allowRoles []string
	repliedUser := true
	if m.AllowedMentions != nil {
		var am struct {
			Parse       []string `json:"parse"`
			Users       []string `json:"users"`
			Roles       []string `json:"roles"`
			RepliedUser bool     `json:"replied_user"`
		}
		_ = json.Unmarshal(m.AllowedMentions, &am) // malformed means nothing allowed
		parse, allowUsers, allowRoles, repliedUser = am.Parse, am.Users, am.Roles, am.RepliedUser
	}
	for _, match := range roleMention.FindAllStringSubmatch(m.Content, -1) {
		if (slices.Contains(parse, "roles") || slices.Contains(allowRoles, match[1])) && !slices.Contains(m.MentionRoles, match[1]) {
			m.MentionRoles = append(m.MentionRoles, match[1])
		}
	}
	for _, match := range userMention.FindAllStringSubmatch(m.Content, -1) {
		u, ok := s.users[match[1]]
		if !ok || slices.ContainsFunc(m.Mentions, func(x User) bool { return x.ID == u.ID }) {
			continue
		}
		m.Mentions = append(m.Mentions, u)
		if slices.Contains(parse, "users") || slices.Contains(allowUsers, u.ID) {
			m.Pings = append(m.Pings, u.ID)
		}
	}
	if ref := m.ReferencedMessage; ref != nil && repliedUser && ref.Author.ID != m.Author.ID && !slices.Contains(m.Pings, ref.Author.ID) {
		m.Pings = append(m.Pings, ref.Author.ID)
		if !slices.ContainsFunc(m.Mentions, func(x User) bool { return x.ID == ref.Author.ID }) {
			m.Mentions = append(m.Mentions, ref.Author)
		}
	}
	m.PingsEveryone = everyoneMention.MatchString(m.Content) && slices.Contains(parse, "everyone")
	m.MentionEveryone = m.PingsEveryone
}

// storeLocked adds m to its channel's history and tells the gateway.
func (s *Server) storeLocked(m *Message) {
	s.messages[m.ChannelID] = append(s.messages[m.ChannelID], m)
	s.queueEventLocked("MESSAGE_CREATE", m.GuildID, m.wire())
}

// editLocked applies an edit body (and uploaded files) to a copy of target
// and, when the result is valid, stores it over target and tells the
// gateway; otherwise it answers w, leaves target as it was and returns
// false. prefix is as for applyLocked.
func (s *Server) editLocked(w *response, target *Message, b messageBody, files []File, prefix string) bool {
	edited := target.clone()
	if !s.applyLocked(w, &edited, b, files, prefix, false) {
		return false
	}
	*target = edited
	if target.Flags&FlagEphemeral == 0 {
		s.queueEventLocked("MESSAGE_UPDATE", target.GuildID, target.wire())
	}
	return true
}

// findMessageLocked finds a message by ID in any channel or among
// ephemeral interaction responses; nil when there is none.
func (s *Server) findMessageLocked(id string) *Message {
	for _, msgs := range s.messages {
		for _, m := range msgs {
			if m.ID == id {
				return m
			}
		}
	}
	for _, in := range s.interactions {
		if in.original != nil && in.original.ID == id {
			return in.original
		}
		for _, f := range in.followups {
			if f.ID == id {
				return f
			}
		}
	}
	return nil
}

// channelMessageLocked finds message id in channel ch; nil when absent.
func (s *Server) channelMessageLocked(ch, id string) *Message {
	for _, m := range s.messages[ch] {
		if m.ID == id && !m.Deleted {
			return m
		}
	}
	return nil
}

// Message returns message id of channel channelID as it is now; false
// when there is no such message.
func (s *Server) Message(channelID, id string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.messages[channelID] {
		if m.ID == id {
			return m.clone(), true
		}
	}
	return Message{}, false
}

// Messages returns the messages of a channel, oldest first, including
// deleted ones (see Message.Deleted). Ephemeral responses are not in any
// channel; find them with Interaction.
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages[channelID] {
		out = append(out, m.clone())
	}
	return out
}

// BotMessages returns the messages the bot created in any channel, oldest
// first; ephemeral responses are not included.
func (s *Server) BotMessages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, msgs := range s.messages {
		for _, m := range msgs {
			if m.Author.ID == BotUserID {
				out = append(out, m.clone())
			}
		}
	}
	slices.SortFunc(out, func(a, b Message) int { return compareIDs(a.ID, b.ID) })
	return out
}

// compareIDs orders snowflakes numerically.
func compareIDs(a, b string) int {
	x, _ := strconv.ParseUint(a, 10, 64)
	y, _ := strconv.ParseUint(b, 10, 64)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return strings.Compare(a, b)
}
