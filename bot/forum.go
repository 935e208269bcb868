package bot

import (
	"context"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Forum help channels (FORUM_CHANNELS): each new post is a question (its
// title and first message), answered once in the post's thread; the
// post's later messages are follow-ups, as in the bot's own threads.
//
// A post arrives twice, as THREAD_CREATE (the thread, with the title) and
// as MESSAGE_CREATE of its starter message (whose ID is the thread's);
// either may come first, and a resume may replay both. Whichever is
// handled first answers; the post's ID in b.seen keeps it to one answer.

const (
	// solvedTag is the forum tag the asker's 👍 applies, compared without
	// regard to case.
	solvedTag = "solved"
	// maxAppliedTags is how many tags Discord lets a post carry.
	maxAppliedTags = 5
)

// isForum reports whether channelID is one of FORUM_CHANNELS.
func (b *Bot) isForum(channelID string) bool {
	return channelID != "" && slices.Contains(b.cfg.ForumChannels, channelID)
}

// forumThread reports whether the state knows channelID as a post of one
// of FORUM_CHANNELS.
func (b *Bot) forumThread(s *discordgo.Session, channelID string) bool {
	ch, err := stateChannel(s, channelID)
	return err == nil && ch.IsThread() && b.isForum(ch.ParentID)
}

// stateChannel returns a copy of channel id from the state: the state
// overwrites its channels in place when an update arrives.
func stateChannel(s *discordgo.Session, id string) (*discordgo.Channel, error) {
	ch, err := s.State.Channel(id)
	if err != nil {
		return nil, err
	}
	return copyChannel(s, ch), nil
}

// copyChannel copies ch, which the state may hold, under the state's lock.
func copyChannel(s *discordgo.Session, ch *discordgo.Channel) *discordgo.Channel {
	s.State.RLock()
	defer s.State.RUnlock()
	c := *ch
	return &c
}

// onThreadCreate answers a new post in a forum of FORUM_CHANNELS, reading
// its starter message for the question's text.
func (b *Bot) onThreadCreate(s *discordgo.Session, tc *discordgo.ThreadCreate) {
	if !tc.NewlyCreated || tc.Channel == nil {
		return
	}
	th := copyChannel(s, tc.Channel)
	if !b.isForum(th.ParentID) || th.OwnerID == selfID(s) {
		return
	}
	b.forumPost(s, th, nil)
}

// onStarterMessage handles the MESSAGE_CREATE of a post's starter message
// (its ID is its channel's): it answers the post when its channel is a
// post of FORUM_CHANNELS, known from the state or else asked of Discord.
func (b *Bot) onStarterMessage(s *discordgo.Session, m *discordgo.Message) {
	if m.GuildID == "" || b.seen.has(m.ID) {
		return
	}
	th, err := stateChannel(s, m.ChannelID)
	if err != nil {
		ctx, cancel := context.WithTimeout(b.base, restTimeout)
		defer cancel()
		th = &discordgo.Channel{}
		if err := (api{s}).do(ctx, "GET", discordgo.EndpointChannel(m.ChannelID), nil, th); err != nil {
			b.log.Warn("look up a forum post", "channel", b.pseudonym(m.ChannelID), "err", err)
			return
		}
	}
	if th.IsThread() && b.isForum(th.ParentID) {
		b.forumPost(s, th, m)
	}
}

// forumPost answers post th once, in its thread, with starter as its
// first message (nil: read it from Discord). Posts by bots are not
// answered; nor are those outside ALLOWED_CHANNELS.
func (b *Bot) forumPost(s *discordgo.Session, th *discordgo.Channel, starter *discordgo.Message) {
	if !b.allowedPost(th) {
		return
	}
	ctx, ok := b.begin()
	if !ok {
		return // a post is not a question asked of the bot: no "restarting" reply
	}
	defer b.inflight.Done()
	if starter == nil {
		starter = b.starterMessage(ctx, s, th)
	}
	self := selfID(s)
	if starter.Author == nil || starter.Author.Bot || starter.Author.ID == self || !b.seen.add(th.ID) {
		return
	}
	if starter.GuildID == "" {
		starter.GuildID = th.GuildID
	}
	text := strings.TrimSpace(th.Name + "\n" + stripMention(starter.Content, self))
	r := &mreply{api: api{s}, channelID: th.ID}
	err := recovered(func() error { return b.converse(ctx, starter, inForum, text, r) })
	if err != nil {
		b.fail(ctx, r, err, "post", b.pseudonym(th.ID), "user", b.pseudonym(starter.Author.ID))
	}
}

// allowedPost applies ALLOWED_CHANNELS to a post: it is allowed where its
// forum is.
func (b *Bot) allowedPost(th *discordgo.Channel) bool {
	return len(b.cfg.AllowedChannels) == 0 || slices.Contains(b.cfg.AllowedChannels, th.ID) ||
		slices.Contains(b.cfg.AllowedChannels, th.ParentID)
}

// starterMessage reads the first message of post th. When Discord does
// not return it, the post is answered from its title: the message is then
// known only by its author, the post's owner.
func (b *Bot) starterMessage(ctx context.Context, s *discordgo.Session, th *discordgo.Channel) *discordgo.Message {
	var m discordgo.Message
	err := (api{s}).do(ctx, "GET", discordgo.EndpointChannelMessage(th.ID, th.ID), nil, &m)
	if err == nil && m.Author != nil {
		return &m
	}
	b.log.Warn("read a forum post's first message; answering from its title", "post", b.pseudonym(th.ID), "err", err)
	return &discordgo.Message{ID: th.ID, ChannelID: th.ID, GuildID: th.GuildID, Author: &discordgo.User{ID: th.OwnerID}}
}

// markSolved applies the forum's "Solved" tag to the post that channelID
// is, when voter owns it and the forum has such a tag, keeping the tags it
// carries. A post with Discord's maximum of tags is left as it is.
// Failures are logged: the vote has been thanked for already.
func (b *Bot) markSolved(ctx context.Context, s *discordgo.Session, channelID, voter string) {
	a := api{s}
	th, err := b.channel(ctx, s, channelID)
	if err != nil || !th.IsThread() || !b.isForum(th.ParentID) || th.OwnerID != voter {
		return
	}
	forum, err := b.channel(ctx, s, th.ParentID)
	if err != nil {
		b.log.Warn("read a forum's tags", "forum", b.pseudonym(th.ParentID), "err", err)
		return
	}
	i := slices.IndexFunc(forum.AvailableTags, func(t discordgo.ForumTag) bool {
		return strings.EqualFold(strings.TrimSpace(t.Name), solvedTag)
	})
	if i < 0 {
		return
	}
	tag := forum.AvailableTags[i].ID
	// The tags as they are now, not as the state last heard of them:
	// a moderator's tag added a moment ago must not be dropped.
	var now discordgo.Channel
	if err := a.do(ctx, "GET", discordgo.EndpointChannel(th.ID), nil, &now); err != nil {
		b.log.Warn("read a forum post's tags", "post", b.pseudonym(th.ID), "err", err)
		return
	}
	switch {
	case slices.Contains(now.AppliedTags, tag):
		return
	case len(now.AppliedTags) >= maxAppliedTags:
		b.log.Info("forum post already has the most tags Discord allows; not marked solved", "post", b.pseudonym(th.ID))
		return
	}
	tags := append(slices.Clone(now.AppliedTags), tag)
	if err := a.do(ctx, "PATCH", discordgo.EndpointChannel(th.ID), &discordgo.ChannelEdit{AppliedTags: &tags}, nil); err != nil {
		b.log.Warn("mark a forum post solved (the bot needs Manage Threads in the forum)", "post", b.pseudonym(th.ID), "err", err)
		return
	}
	b.log.Info("forum post marked solved", "post", b.pseudonym(th.ID))
}

// channel returns channel id from the state, or else from Discord.
func (b *Bot) channel(ctx context.Context, s *discordgo.Session, id string) (*discordgo.Channel, error) {
	if ch, err := stateChannel(s, id); err == nil {
		return ch, nil
	}
	var ch discordgo.Channel
	if err := (api{s}).do(ctx, "GET", discordgo.EndpointChannel(id), nil, &ch); err != nil {
		return nil, err
	}
	return &ch, nil
}
