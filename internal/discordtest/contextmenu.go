package discordtest

// Application command types other than slash commands.
const commandTypeMessage = 3

// MessageCommand dispatches the message command name (Apps → name) that
// from runs on message messageID, as Discord does: data.type 3, the message
// as target_id and in resolved.messages. The message must exist.
func (s *Server) MessageCommand(name, messageID string, from User) *Interaction {
	s.tb.Helper()
	s.mu.Lock()
	m := s.findMessageLocked(messageID)
	if m == nil {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: MessageCommand: no message %s", messageID)
	}
	msg := m.clone()
	guildID := ""
	if ch := s.channels[msg.ChannelID]; ch != nil {
		guildID = ch.GuildID
	}
	id := s.commandIDLocked(guildID, name)
	if id == "" {
		id = s.newIDLocked()
	}
	s.mu.Unlock()
	data := map[string]any{"id": id, "name": name, "type": commandTypeMessage, "target_id": messageID,
		"resolved": map[string]any{"messages": map[string]any{messageID: msg.wire()}}}
	return s.dispatchInteraction(InteractionCommand, msg.ChannelID, from, data, nil)
}
