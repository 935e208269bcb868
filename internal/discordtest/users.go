package discordtest

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// What users do: the helpers below build the payloads Discord would send
// when a user acts, dispatch them to the bot and return what a test needs
// to follow up. They must be called from the test goroutine (they stop the
// test with Fatalf on misuse), after the bot is READY.

// SlashCommand dispatches an INTERACTION_CREATE for /name typed by from in
// channelID ("" for ChannelID). Option types follow the Go values: string
// (3), int (4), bool (5), float64 (10), User (6), and map[string]any for a
// subcommand (1) with its own options.
func (s *Server) SlashCommand(name string, opts map[string]any, from User, channelID string) *Interaction {
	s.tb.Helper()
	if channelID == "" {
		channelID = ChannelID
	}
	s.mu.Lock()
	guildID := ""
	if ch := s.channels[channelID]; ch != nil {
		guildID = ch.GuildID
	}
	id := s.commandIDLocked(guildID, name)
	if id == "" {
		id = s.newIDLocked()
	}
	s.mu.Unlock()
	options, err := commandOptions(opts)
	if err != nil {
		s.tb.Fatalf("discordtest: SlashCommand(%q): %v", name, err)
	}
	data := map[string]any{"id": id, "name": name, "type": 1, "options": options}
	return s.dispatchInteraction(InteractionCommand, channelID, from, data, nil)
}

// Autocomplete dispatches the autocomplete interaction Discord sends while
// from types value into option focusedOption of /name, in ChannelID.
func (s *Server) Autocomplete(name, focusedOption, value string, from User) *Interaction {
	s.tb.Helper()
	s.mu.Lock()
	id := s.commandIDLocked(GuildID, name)
	s.mu.Unlock()
	data := map[string]any{"id": id, "name": name, "type": 1, "options": []any{
		map[string]any{"name": focusedOption, "type": 3, "value": value, "focused": true},
	}}
	return s.dispatchInteraction(InteractionAutocomplete, ChannelID, from, data, nil)
}

// ClickButton dispatches a click by from on the button customID of message
// messageID; the button must be on the message.
func (s *Server) ClickButton(messageID, customID string, from User) *Interaction {
	s.tb.Helper()
	s.mu.Lock()
	m := s.findMessageLocked(messageID)
	var msg Message
	if m != nil {
		msg = m.clone()
	}
	s.mu.Unlock()
	if m == nil {
		s.tb.Fatalf("discordtest: ClickButton: no message %s", messageID)
	}
	if !slices.ContainsFunc(msg.Buttons(), func(b Button) bool { return b.CustomID == customID }) {
		s.tb.Fatalf("discordtest: ClickButton: message %s has no button %q (has %+v)", messageID, customID, msg.Buttons())
	}
	data := map[string]any{"custom_id": customID, "component_type": componentButton}
	return s.dispatchInteraction(InteractionComponent, msg.ChannelID, from, data, &msg)
}

// SubmitModal dispatches the submission by from of the modal customID that
// the bot opened most recently, with fields mapping text input custom IDs
// to values.
func (s *Server) SubmitModal(customID string, fields map[string]string, from User) *Interaction {
	s.tb.Helper()
	s.mu.Lock()
	var opener *interaction
	for _, in := range s.interactions {
		if in.modal != nil && in.modal.CustomID == customID && (opener == nil || in.dispatched.After(opener.dispatched)) {
			opener = in
		}
	}
	var msg *Message
	if opener != nil && opener.MessageID != "" {
		if m := s.findMessageLocked(opener.MessageID); m != nil {
			c := m.clone()
			msg = &c
		}
	}
	s.mu.Unlock()
	if opener == nil {
		s.tb.Fatalf("discordtest: SubmitModal: the bot opened no modal %q", customID)
	}
	rows := []any{}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		rows = append(rows, map[string]any{"type": componentActionRow, "components": []any{
			map[string]any{"type": componentTextInput, "custom_id": k, "value": fields[k]},
		}})
	}
	data := map[string]any{"custom_id": customID, "components": rows}
	return s.dispatchInteraction(InteractionModalSubmit, opener.ChannelID, from, data, msg)
}

// DispatchInteraction sends an interaction of type typ (InteractionCommand,
// InteractionComponent, InteractionModalSubmit…) by from in channelID with
// data as given, whatever the bot registered or opened: a test of what a
// bot does with interactions it did not expect, such as a modal submitted
// in another guild than the one it was opened in, or a moderator's button
// pressed outside the moderators' server.
func (s *Server) DispatchInteraction(typ int, channelID string, from User, data map[string]any) *Interaction {
	s.tb.Helper()
	return s.dispatchInteraction(typ, channelID, from, data, nil)
}

// dispatchInteraction records and sends an INTERACTION_CREATE shaped like
// Discord's: member and guild fields in a guild, user in a DM.
func (s *Server) dispatchInteraction(typ int, channelID string, from User, data map[string]any, msg *Message) *Interaction {
	s.tb.Helper()
	if channelID == "" {
		channelID = ChannelID
	}
	s.mu.Lock()
	ch, ok := s.channels[channelID]
	if !ok {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: interaction in unknown channel %s", channelID)
	}
	s.rememberUserLocked(from)
	in := &interaction{
		Interaction: Interaction{ID: s.newIDLocked(), Token: "itok-" + randomHex(32), Type: typ, ChannelID: ch.ID, GuildID: ch.GuildID},
		user:        from,
	}
	p := map[string]any{
		"id": in.ID, "application_id": AppID, "type": typ, "token": in.Token, "version": 1,
		"data": data, "channel_id": ch.ID, "channel": *ch, "locale": "en-US",
		"app_permissions": "562949953421311", "entitlements": []any{},
	}
	if ch.GuildID != "" {
		p["guild_id"], p["guild_locale"], p["context"] = ch.GuildID, "en-US", 0
		p["authorizing_integration_owners"] = map[string]string{"0": ch.GuildID}
		p["member"] = s.memberLocked(ch.GuildID, from)
	} else {
		p["user"], p["context"] = from, 1
		p["authorizing_integration_owners"] = map[string]string{"0": "0"}
	}
	if msg != nil {
		in.MessageID = msg.ID
		p["message"] = msg.wire()
	}
	in.dispatched = time.Now()
	s.interactions[in.ID] = in
	s.byToken[in.Token] = in
	s.queueEventLocked("INTERACTION_CREATE", ch.GuildID, p)
	s.mu.Unlock()
	s.requireSession("interaction", ch.GuildID)
	s.flushEvents()
	h := in.Interaction
	return &h
}

// commandOptions turns test values into interaction options, sorted by
// name so payloads are deterministic.
func commandOptions(opts map[string]any) ([]any, error) {
	out := []any{}
	for _, n := range slices.Sorted(maps.Keys(opts)) {
		o := map[string]any{"name": n}
		switch v := opts[n].(type) {
		case string:
			o["type"], o["value"] = 3, v
		case int, int64:
			o["type"], o["value"] = 4, v
		case bool:
			o["type"], o["value"] = 5, v
		case float64:
			o["type"], o["value"] = 10, v
		case User:
			o["type"], o["value"] = 6, v.ID
		case map[string]any:
			sub, err := commandOptions(v)
			if err != nil {
				return nil, err
			}
			o["type"], o["options"] = 1, sub
		default:
			return nil, fmt.Errorf("option %q: unsupported value type %T", n, v)
		}
		out = append(out, o)
	}
	return out, nil
}

// MessageOpt changes a message posted with PostMessage.
type MessageOpt func(*postOptions)

type postOptions struct {
	replyTo string
}

// ReplyTo makes the message a reply to messageID in the same channel, which
// pings its author as Discord's client does by default.
func ReplyTo(messageID string) MessageOpt {
	return func(o *postOptions) { o.replyTo = messageID }
}

// PostMessage has from post content in channelID (a guild channel, a thread
// or a DM channel from DMChannel) and dispatches MESSAGE_CREATE, with the
// mentions parsed from <@id> in content. It returns the message ID.
func (s *Server) PostMessage(channelID, content string, from User, opts ...MessageOpt) string {
	s.tb.Helper()
	var o postOptions
	for _, opt := range opts {
		opt(&o)
	}
	s.mu.Lock()
	ch, ok := s.channels[channelID]
	if !ok {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: PostMessage: unknown channel %s", channelID)
	}
	s.rememberUserLocked(from)
	m := &Message{ID: s.newIDLocked(), ChannelID: ch.ID, GuildID: ch.GuildID, Author: from, Content: content, Timestamp: time.Now().UTC()}
	if ch.GuildID != "" {
		// Guild messages carry the author's member object, without the
		// user (that is the author) and without channel permissions.
		m.Member = s.memberLocked(ch.GuildID, from)
		delete(m.Member, "user")
		delete(m.Member, "permissions")
	}
	if o.replyTo != "" {
		target := s.channelMessageLocked(ch.ID, o.replyTo)
		if target == nil {
			s.mu.Unlock()
			s.tb.Fatalf("discordtest: PostMessage: no message %s to reply to in %s", o.replyTo, ch.ID)
		}
		c := target.clone()
		m.Type, m.ReferencedMessage = MessageTypeReply, &c
		m.MessageReference = &MessageReference{MessageID: target.ID, ChannelID: ch.ID, GuildID: ch.GuildID}
	}
	s.resolveMentionsLocked(m)
	s.storeLocked(m)
	s.notifyLocked()
	s.mu.Unlock()
	s.requireSession("message", ch.GuildID)
	s.flushEvents()
	return m.ID
}

// DMChannel returns the ID of the DM channel between the bot and u,
// creating it on first use.
func (s *Server) DMChannel(u User) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rememberUserLocked(u)
	return s.dmChannelLocked(u).ID
}

// NewThread has owner start a public thread named name in parentID (a
// guild text channel) and returns its ID.
func (s *Server) NewThread(parentID, name string, owner User) string {
	s.tb.Helper()
	s.mu.Lock()
	parent, ok := s.channels[parentID]
	if !ok || parent.Type != ChannelTypeGuildText {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: NewThread: %s is not a guild text channel", parentID)
	}
	s.rememberUserLocked(owner)
	th := s.newThreadLocked(s.newIDLocked(), parent, name, ChannelTypePublicThread, owner.ID, 0)
	s.notifyLocked()
	s.mu.Unlock()
	s.flushEvents()
	return th.ID
}

// requireSession reports, as a test error, an event of guildID that the
// bot cannot receive because no shard serving it identified.
func (s *Server) requireSession(what, guildID string) {
	s.tb.Helper()
	s.gwMu.Lock()
	none := s.sessionForLocked(guildID) == nil
	s.gwMu.Unlock()
	if none {
		s.tb.Errorf("discordtest: %s dispatched before the bot identified; call WaitReady first", what)
	}
}
