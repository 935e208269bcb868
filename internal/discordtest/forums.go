package discordtest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// maxAppliedTags is how many tags a forum post may carry on Discord.
const maxAppliedTags = 5

// NewForum creates a forum channel named name in GuildID with the given
// tags (an empty tag ID is given a fresh one) and returns it. When the bot
// is connected it receives CHANNEL_CREATE; otherwise its GUILD_CREATE lists
// the forum.
func (s *Server) NewForum(name string, tags ...ForumTag) Channel {
	s.mu.Lock()
	ch := &Channel{ID: s.newIDLocked(), Type: ChannelTypeGuildForum, GuildID: GuildID, Name: name, AvailableTags: []ForumTag{}}
	for _, t := range tags {
		if t.ID == "" {
			t.ID = s.newIDLocked()
		}
		ch.AvailableTags = append(ch.AvailableTags, t)
	}
	s.channels[ch.ID] = ch
	s.queueEventLocked("CHANNEL_CREATE", ch.GuildID, *ch)
	s.notifyLocked()
	s.mu.Unlock()
	s.flushEvents()
	return *ch
}

// NewForumPost has from create a post titled title in forum forumID, its
// first message content, carrying the tags tagIDs, as Discord's client
// does: a public thread owned by from whose starter message has the
// thread's ID. The bot receives THREAD_CREATE, then MESSAGE_CREATE for the
// starter message (whose content, without the message content intent, is
// empty). It returns the post's (the thread's) ID.
func (s *Server) NewForumPost(forumID, title, content string, from User, tagIDs ...string) string {
	s.tb.Helper()
	s.mu.Lock()
	forum, ok := s.channels[forumID]
	switch {
	case !ok || forum.Type != ChannelTypeGuildForum:
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: NewForumPost: %s is not a forum channel", forumID)
	case len(tagIDs) > maxAppliedTags || len(unknownTags(forum, tagIDs)) > 0:
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: NewForumPost: tags %v are not %d or fewer of the forum's", tagIDs, maxAppliedTags)
	}
	s.rememberUserLocked(from)
	th := s.newThreadLocked(s.newIDLocked(), forum, title, ChannelTypePublicThread, from.ID, 0)
	th.AppliedTags = append([]string{}, tagIDs...)
	m := &Message{ID: th.ID, ChannelID: th.ID, GuildID: th.GuildID, Author: from, Content: content, Timestamp: time.Now().UTC()}
	m.Member = s.memberLocked(th.GuildID, from)
	delete(m.Member, "user")
	delete(m.Member, "permissions")
	s.resolveMentionsLocked(m)
	s.storeLocked(m)
	if s.starterFirst {
		n := len(s.outbox) // THREAD_CREATE, then MESSAGE_CREATE
		s.outbox[n-2], s.outbox[n-1] = s.outbox[n-1], s.outbox[n-2]
	}
	s.notifyLocked()
	s.mu.Unlock()
	s.requireSession("forum post", forum.GuildID)
	s.flushEvents()
	return th.ID
}

// DeliverStarterFirst makes NewForumPost dispatch the starter message's
// MESSAGE_CREATE before the thread's THREAD_CREATE: Discord does not
// promise their order, and a bot then meets a message in a channel it has
// not heard of.
func (s *Server) DeliverStarterFirst() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.starterFirst = true
}

// RedeliverPost dispatches the events of post postID again, as a gateway
// may after a resume: first the starter message's MESSAGE_CREATE, then the
// thread's THREAD_CREATE, the reverse of their first order.
func (s *Server) RedeliverPost(postID string) {
	s.tb.Helper()
	s.mu.Lock()
	th, m := s.channels[postID], s.channelMessageLocked(postID, postID)
	if th == nil || m == nil {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: RedeliverPost: no forum post %s", postID)
	}
	s.queueEventLocked("MESSAGE_CREATE", th.GuildID, m.wire())
	s.queueEventLocked("THREAD_CREATE", th.GuildID, struct {
		Channel
		NewlyCreated bool `json:"newly_created"`
	}{*th, true})
	s.mu.Unlock()
	s.flushEvents()
}

// unknownTags returns the indexes of the IDs in ids that are not tags of
// forum.
func unknownTags(forum *Channel, ids []string) []int {
	var out []int
	for i, id := range ids {
		if !slices.ContainsFunc(forum.AvailableTags, func(t ForumTag) bool { return t.ID == id }) {
			out = append(out, i)
		}
	}
	return out
}

// channelEdit is the body of PATCH /channels/{channel}, trimmed to what
// the fake applies.
type channelEdit struct {
	AppliedTags *[]string `json:"applied_tags"`
}

// editChannel serves PATCH /channels/{channel}. Of the fields Discord
// takes, the fake applies applied_tags, on a forum post only: at most 5,
// each one of its forum's tags (else 400 Invalid Form Body, as Discord).
// Like Discord's API, it does not remove repeated IDs. The bot receives
// THREAD_UPDATE.
func (s *Server) editChannel(w *response, r *http.Request, req *Request) {
	var b channelEdit
	if !w.readJSON(req.Body, &b) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[r.PathValue("channel")]
	if ch == nil {
		w.fail(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
		return
	}
	if b.AppliedTags == nil {
		w.json(http.StatusOK, ch)
		return
	}
	forum := s.channels[ch.ParentID]
	if ch.ThreadMetadata == nil || forum == nil || forum.Type != ChannelTypeGuildForum {
		w.fail(http.StatusBadRequest, 50024, "Cannot execute action on this channel type")
		return
	}
	tags := *b.AppliedTags
	if len(tags) > maxAppliedTags {
		w.invalidForm([]violation{tooLong("applied_tags", maxAppliedTags)})
		return
	}
	var vs []violation
	for _, i := range unknownTags(forum, tags) {
		vs = append(vs, violation{"applied_tags." + strconv.Itoa(i), "INVALID_TAG", "Tag is not one of the forum's tags."})
	}
	if len(vs) > 0 {
		w.invalidForm(vs)
		return
	}
	// Copy on write: events queued earlier keep the channel as it was.
	c := *ch
	c.AppliedTags = append([]string{}, tags...)
	s.channels[c.ID] = &c
	s.queueEventLocked("THREAD_UPDATE", c.GuildID, c)
	w.json(http.StatusOK, c)
}
