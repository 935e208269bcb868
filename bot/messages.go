package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/ops"
)

const (
	// maxConvos bounds how many threads and DMs the bot remembers turns of.
	maxConvos = 5000
	// maxTurns is how many earlier turns help understand a follow-up.
	maxTurns = 4
	// threadArchive is how long (minutes) an idle answer thread stays open.
	threadArchive = 1440

	msgLooking  = "🔎 Looking that up…"
	msgEmptyMsg = "Ask me a question about the CSTO, for example: *When was the CSTO founded?*"
)

// addressing says why a message is for the bot.
type addressing int

const (
	notForUs  addressing = iota
	inDM                 // a direct message
	inThread             // a follow-up in a thread the bot answers in
	inChannel            // a mention (or any message, without REQUIRE_MENTION) in a channel
	inForum              // a new post in a forum of FORUM_CHANNELS
)

// onMessage answers mentions, DMs and follow-ups in the bot's threads.
func (b *Bot) onMessage(s *discordgo.Session, mc *discordgo.MessageCreate) {
	m := mc.Message
	if m.ID == m.ChannelID {
		// Only a forum post's first message has its channel's ID.
		b.onStarterMessage(s, m)
		return
	}
	self := selfID(s)
	how := b.addressed(s, m, self)
	if how == notForUs || !b.seen.add(m.ID) {
		return
	}
	r := &mreply{api: api{s}, channelID: m.ChannelID, ref: refTo(m)}
	ctx, ok := b.begin()
	if !ok {
		if err := r.send(context.WithoutCancel(b.base), []outMsg{{content: msgRestarting}}); err != nil {
			b.log.Warn("tell user the bot is restarting", "message", b.pseudonym(m.ID), "err", err)
		}
		return
	}
	defer b.inflight.Done()
	err := recovered(func() error { return b.converse(ctx, m, how, stripMention(m.Content, self), r) })
	if err != nil {
		b.fail(ctx, r, err, "message", b.pseudonym(m.ID), "channel", b.pseudonym(m.ChannelID), "user", b.pseudonym(m.Author.ID))
	}
}

// addressed decides whether the bot should answer m.
// entry is the entry point a message came through, for the metrics.
func (a addressing) entry() ops.Entry {
	switch a {
	case inDM:
		return ops.EntryDM
	case inThread:
		return ops.EntryThread
	case inForum:
		return ops.EntryForum
	}
	return ops.EntryMention
}

func (b *Bot) addressed(s *discordgo.Session, m *discordgo.Message, self string) addressing {
	switch {
	case m.Author == nil || m.Author.Bot || m.Author.ID == self:
		return notForUs
	case m.GuildID == "":
		return inDM
	case b.convos.has(m.ChannelID) || ownThread(s, m.ChannelID, self):
		return inThread
	case b.forumThread(s, m.ChannelID):
		if !b.allowed(s, m.ChannelID) {
			return notForUs
		}
		return inThread // a follow-up in a forum post
	case !b.allowed(s, m.ChannelID):
		return notForUs
	case mentions(m, self) || b.cfg.AnswerEveryMessage:
		return inChannel
	}
	return notForUs
}

// converse answers a message: in a new thread for a mention in a channel
// (when THREADS is on), else in place; with the last turns of the thread or
// DM as history.
func (b *Bot) converse(ctx context.Context, m *discordgo.Message, how addressing, text string, r *mreply) error {
	switch {
	case text == "" && how == inThread:
		// Without the message content intent, follow-ups that do not
		// mention the bot arrive empty: nothing to answer.
		return nil
	case smallTalk(text):
		return nil // "thanks", "lol", an emoji: not a question
	}
	ok, wait, tell := b.limiter.allow(ctx, m.Author.ID)
	switch {
	case !ok:
		b.cfg.Metrics.Question(how.entry(), ops.OutcomeRateLimited)
		if !tell {
			return nil // told once for this wait: a flood gets no more replies
		}
		return r.send(ctx, []outMsg{{content: slowDown(wait)}})
	case text == "":
		return r.send(ctx, []outMsg{{content: msgEmptyMsg}})
	}
	if how == inChannel && b.cfg.Threads {
		if err := b.openThread(ctx, m, text, r); err != nil {
			// Missing the thread permissions must not cost the answer.
			b.log.Warn("open thread; replying in place", "channel", b.pseudonym(m.ChannelID), "err", err)
		}
	}
	if how != inChannel || r.ref == nil { // a DM, a thread, or the thread just opened
		b.convos.add(r.channelID)
	}
	if err := r.progress(ctx, msgLooking); err != nil {
		return err
	}
	q := answer.Question{Text: text, History: b.convos.history(r.channelID)}
	a, err := b.draft(ctx, how.entry(), q, r, origin{user: m.Author.ID, channel: r.channelID, guild: m.GuildID})
	if err != nil {
		return err
	}
	b.convos.record(r.channelID, answer.Turn{Question: text, Answer: a.Text})
	return nil
}

// openThread starts a thread from the question and points r at it.
func (b *Bot) openThread(ctx context.Context, m *discordgo.Message, text string, r *mreply) error {
	name := clip(strings.Join(strings.Fields(sanitize(text)), " "), maxChoiceLen)
	var th discordgo.Channel
	err := r.api.do(ctx, "POST", discordgo.EndpointChannelMessageThread(m.ChannelID, m.ID),
		&discordgo.ThreadStart{Name: name, AutoArchiveDuration: threadArchive}, &th)
	if err != nil {
		return fmt.Errorf("start thread: %w", err)
	}
	r.channelID, r.ref = th.ID, nil
	return nil
}

// refTo points a reply at the message it answers; it never pings the author
// (allowed_mentions leaves replied_user false).
func refTo(m *discordgo.Message) *discordgo.MessageReference {
	return &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}
}

func (b *Bot) allowed(s *discordgo.Session, channelID string) bool {
	if len(b.cfg.AllowedChannels) == 0 || slices.Contains(b.cfg.AllowedChannels, channelID) {
		return true
	}
	// A thread is allowed where its channel is.
	ch, err := s.State.Channel(channelID)
	return err == nil && ch.ParentID != "" && slices.Contains(b.cfg.AllowedChannels, ch.ParentID)
}

// ownThread reports whether the state knows channelID as a thread the bot
// started (one from before a restart, say).
func ownThread(s *discordgo.Session, channelID, self string) bool {
	ch, err := s.State.Channel(channelID)
	return err == nil && ch.IsThread() && ch.OwnerID == self
}

func mentions(m *discordgo.Message, self string) bool {
	for _, u := range m.Mentions {
		if u.ID == self {
			return true
		}
	}
	return false
}

// stripMention removes the bot's own mention from a question.
func stripMention(content, self string) string {
	if self != "" {
		content = strings.NewReplacer("<@"+self+">", "", "<@!"+self+">", "").Replace(content)
	}
	return strings.TrimSpace(content)
}

func selfID(s *discordgo.Session) string {
	s.State.RLock()
	defer s.State.RUnlock()
	if s.State.User == nil {
		return ""
	}
	return s.State.User.ID
}

// convoStore remembers the last turns of the threads and DMs the bot answers
// in, for follow-ups; past max conversations, the oldest is forgotten. It is
// safe for concurrent use.
type convoStore struct {
	max   int
	mu    sync.Mutex
	m     map[string][]answer.Turn
	order []string
}

func newConvoStore(max int) *convoStore {
	return &convoStore{max: max, m: map[string][]answer.Turn{}}
}

// add starts remembering a conversation (a new thread or a DM).
func (c *convoStore) add(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[id]; ok {
		return
	}
	c.m[id] = nil
	c.order = append(c.order, id)
	if len(c.order) > c.max {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *convoStore) has(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.m[id]
	return ok
}

// history returns a copy of the remembered turns, oldest first.
func (c *convoStore) history(id string) []answer.Turn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.m[id])
}

// record adds a turn to a remembered conversation, keeping the last
// maxTurns; conversations not remembered (a channel) are left alone.
func (c *convoStore) record(id string, t answer.Turn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	turns, ok := c.m[id]
	if !ok {
		return
	}
	turns = append(turns, t)
	if len(turns) > maxTurns {
		turns = slices.Clone(turns[len(turns)-maxTurns:])
	}
	c.m[id] = turns
}
