package discordtest

import (
	"strconv"
	"time"
)

// AllPermissions is the permission set members have unless SetMember says
// otherwise: every permission, Manage Server and Administrator included,
// as for the server's owner.
const AllPermissions int64 = 562949953421311

// Permission bits tests use (Discord's numbering).
const (
	PermissionAdministrator int64 = 1 << 3
	PermissionManageGuild   int64 = 1 << 5
	PermissionSendMessages  int64 = 1 << 11
)

// Member is how a user appears as a guild member in the interactions they
// make: the role IDs they hold and their permissions in the channel.
type Member struct {
	Roles       []string
	Permissions int64
}

// SetMember makes the interactions u dispatches in the channels of any
// guild carry m, unless SetMemberIn says otherwise for that guild; without
// either a member has no roles and AllPermissions.
func (s *Server) SetMember(u User, m Member) { s.SetMemberIn("", u, m) }

// SetMemberIn makes the interactions u dispatches in the channels of
// guildID carry m.
func (s *Server) SetMemberIn(guildID string, u User, m Member) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.members == nil {
		s.members = map[string]Member{}
	}
	s.members[guildID+"/"+u.ID] = m
}

// AddChannel creates a text channel named name in GuildID and returns its
// ID.
func (s *Server) AddChannel(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.newIDLocked()
	s.channels[id] = &Channel{ID: id, Type: ChannelTypeGuildText, GuildID: GuildID, Name: name}
	return id
}

// memberLocked is the member object of an interaction by u in guildID.
func (s *Server) memberLocked(guildID string, u User) map[string]any {
	m, ok := s.members[guildID+"/"+u.ID]
	if !ok {
		m, ok = s.members["/"+u.ID]
	}
	if !ok {
		m = Member{Roles: []string{}, Permissions: AllPermissions}
	}
	if m.Roles == nil {
		m.Roles = []string{}
	}
	return map[string]any{
		"user": u, "roles": m.Roles, "joined_at": time.Now().UTC().Add(-24 * time.Hour),
		"permissions": strconv.FormatInt(m.Permissions, 10), "deaf": false, "mute": false, "flags": 0,
	}
}
