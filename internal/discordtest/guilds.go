package discordtest

import (
	"slices"
	"time"
)

// guild is one of the fake's guilds.
type guild struct {
	id, name string
	owner    User
}

// guilds are the guilds the bot is in: the operator's and a stranger's.
var guilds = []guild{
	{id: GuildID, name: "CSTO readers", owner: Alice},
	{id: OtherGuildID, name: "Somebody else's server", owner: Bob},
}

// guildNamed returns the guild with ID id, or nil.
func guildNamed(id string) *guild {
	i := slices.IndexFunc(guilds, func(g guild) bool { return g.id == id })
	if i < 0 {
		return nil
	}
	return &guilds[i]
}

// guildsOf returns the guilds whose events go to sess.
func guildsOf(sess *gatewaySession) []guild {
	var out []guild
	for _, g := range guilds {
		if sess.serves(g.id) {
			out = append(out, g)
		}
	}
	return out
}

// guildPayload is the GUILD_CREATE for g: its channels and threads.
func (s *Server) guildPayload(g guild) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var channels, threads []*Channel
	for _, ch := range s.channels {
		switch {
		case ch.GuildID != g.id:
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
		"id": g.id, "name": g.name, "owner_id": g.owner.ID,
		"channels": channels, "threads": threads, "roles": []any{}, "members": []any{},
		"member_count": 3, "unavailable": false, "joined_at": time.Now().UTC(),
	}
}
