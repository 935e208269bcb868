package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/curate"
)

// Curator changes the knowledge base for moderators; *curate.Curator
// implements it.
type Curator interface {
	Teach(ctx context.Context, n curate.Note) (curate.Outcome, error)
	Forget(ctx context.Context, id string) (curate.Outcome, error)
	Reindex(ctx context.Context) (curate.Outcome, error)
	// Writable says why nothing can be taught (no folder, read-only), or nil.
	Writable() error
}

// Custom IDs of the moderators' buttons and modal; a gap's key follows.
const (
	modAnswer = "mod:answer:"
	modIgnore = "mod:ignore:"
	modTeach  = "mod:teach:"
	// settledBy marks a gap as handled in the gaps store's voters, so that
	// an asker is told once and two moderators do not both answer.
	settledBy = "settled"
)

// curateTimeout bounds one change to the knowledge base: re-indexing embeds
// the new passages and runs the golden set, well within the 15 minutes an
// interaction token lives.
const curateTimeout = 5 * time.Minute

const (
	msgNotAllowed   = "Sorry, only moderators can do that."
	msgNoCurator    = "Teaching is not set up on this bot: the operator has not given it a knowledge folder."
	msgGapSettled   = "Someone already handled this question."
	msgCannotTeach  = "I can't add articles: %s. The operator needs to fix that first."
	msgTaught       = "Thanks! Added as `%s` and live now.\n%s"
	msgRejected     = "Not added: the change would have made other answers worse, so I left the knowledge as it was.\n%s"
	msgToldAsker    = "\nI told the asker in their conversation."
	msgAskerAnswer  = "%sA moderator answered your question “%s”:\n>>> %s"
	msgAskAgain     = "\n\nAsk me again and I'll cite it."
	msgGapHeader    = "**Question I couldn't answer well** (%s)\n> %s\n**My answer:** %s"
	msgGapNoPassage = "\n**Passages used:** none"
)

// origin is where a question was asked and by whom, so that a moderator's
// answer can be brought back to the asker.
type origin struct {
	user, channel string
	private       bool // asked ephemerally: tell the asker in a DM, not in the channel
}

// isModerator reports whether the member behind i may use the moderators'
// commands and buttons: Manage Server (or Administrator), or one of the
// configured roles. Discord computes the member's permissions in the
// interaction's channel, so this holds whatever the command's defaults.
func (b *Bot) isModerator(i *discordgo.Interaction) bool {
	m := i.Member
	if m == nil { // a DM: no server, no role
		return false
	}
	if m.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0 {
		return true
	}
	return slices.ContainsFunc(m.Roles, func(r string) bool { return slices.Contains(b.cfg.ModRoles, r) })
}

// displayName is how the member behind i is shown: server nickname, else
// global name, else user name.
func displayName(i *discordgo.Interaction) string {
	u := userOf(i)
	if i.Member != nil && i.Member.Nick != "" {
		return i.Member.Nick
	}
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}

// reportGap posts a refused or disliked answer to the moderators' channel,
// with buttons to answer or ignore it. It never fails the user's request:
// a failure is logged.
func (b *Bot) reportGap(ctx context.Context, why string, rec *answerRecord) {
	if b.cfg.ModChannelID == "" {
		return
	}
	cites := rec.cites
	if len(cites) == 0 {
		// A refusal cites nothing: show what retrieval found instead.
		hits, err := b.searcher.Search(ctx, rec.question, 3)
		if err != nil {
			b.log.Warn("find passages for the moderators", "err", err)
		}
		for n, h := range hits {
			cites = append(cites, answer.Citation{N: n + 1, Passage: h.Passage})
		}
	}
	key := b.gaps.put(&answerRecord{question: rec.question, text: rec.text, cites: cites, from: rec.from})
	msg := outMsg{content: gapText(why, rec.question, rec.text, cites), components: gapButtons(key)}
	if err := b.postTo(ctx, b.cfg.ModChannelID, msg); err != nil {
		b.log.Warn("post a gap to the moderators' channel", "channel", b.cfg.ModChannelID, "err", err)
	}
}

// gapText lays out what the moderators see: the question, the answer and
// the passages it was drawn from, within one message.
func gapText(why, question, text string, cites []answer.Citation) string {
	s := fmt.Sprintf(msgGapHeader, why, clip(oneLine(sanitize(question)), 300), clip(sanitize(text), 700))
	if len(cites) == 0 {
		return s + msgGapNoPassage
	}
	s += "\n**Passages used:**"
	for _, c := range cites {
		s += fmt.Sprintf("\n[%d] `%s` %s: %s", c.N, c.Passage.ID, clip(sanitize(c.Passage.Article.Title), 80),
			clip(oneLine(sanitize(c.Passage.Text)), 200))
	}
	return clip(s, maxContent)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func gapButtons(key string) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Style: discordgo.PrimaryButton, Label: "Answer", CustomID: modAnswer + key},
		discordgo.Button{Style: discordgo.SecondaryButton, Label: "Ignore", CustomID: modIgnore + key},
	}}}
}

// NotifyModerators posts text (Markdown, no pings) to the moderators'
// channel, for news that comes from outside Discord, such as a re-index on
// SIGHUP. It does nothing without MOD_CHANNEL_ID and fails when the bot is
// not connected.
func (b *Bot) NotifyModerators(ctx context.Context, text string) error {
	if b.cfg.ModChannelID == "" {
		return nil
	}
	return b.postTo(ctx, b.cfg.ModChannelID, outMsg{content: clip(text, maxContent)})
}

// postTo posts one message in a channel, pinging no one.
func (b *Bot) postTo(ctx context.Context, channelID string, m outMsg) error {
	s := b.sess.Load()
	if s == nil {
		return errors.New("not connected to Discord")
	}
	r := &mreply{api: api{s}, channelID: channelID}
	return r.post(ctx, m)
}

// voted reports whether user has voted on the record under key.
func (s *answerStore) voted(key, user string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.m[key]
	return ok && rec.voters[user]
}

// unvote takes back user's vote on the record under key: a moderator's
// answer that did not go live leaves the gap open.
func (s *answerStore) unvote(key, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec, ok := s.m[key]; ok {
		delete(rec.voters, user)
	}
}
