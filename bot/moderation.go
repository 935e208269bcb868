package bot

import (
	"context"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/curate"
)

// Curator changes the knowledge base for moderators; *curate.Curator
// implements it.
type Curator interface {
	Teach(ctx context.Context, n curate.Note) (curate.Outcome, error)
	Forget(ctx context.Context, id string) (curate.Outcome, error)
	Reindex(ctx context.Context) (curate.Outcome, error)
	// Add re-indexes with the article write saves into the folder.
	Add(ctx context.Context, write func(dir string) (string, error)) (curate.Outcome, error)
	// Writable says why nothing can be taught (no folder, read-only), or nil.
	Writable() error
}

// Custom IDs of the moderators' buttons and modal; a gap's key follows.
const (
	modAnswer = modPrefix + "answer:"
	modIgnore = modPrefix + "ignore:"
	modTeach  = modPrefix + "teach:"
)

// curateTimeout bounds one change to the knowledge base: re-indexing embeds
// the new passages and runs the golden set, well within the 15 minutes an
// interaction token lives.
const curateTimeout = 5 * time.Minute

// gapClaim is how long a moderator's answer holds its gap: the answer's
// re-index and a margin. A process that dies meanwhile leaves the gap open
// again after it.
const gapClaim = curateTimeout + time.Minute

const (
	msgNoCurator   = "Teaching is not set up on this bot: the operator has not given it a knowledge folder."
	msgGapSettled  = "Someone already handled this question."
	msgCannotTeach = "I can't add articles: %s. The operator needs to fix that first."
	msgTaught      = "Thanks! Added as `%s` and live now.\n%s"
	msgRejected    = "Not added: the change would have made other answers worse, so I left the knowledge as it was.\n%s"
	msgToldAsker   = "\nI told the asker in their conversation."
	msgAskerAnswer = "%sA moderator answered your question “%s”:\n>>> %s"
	msgAskAgain    = "\n\nAsk me again and I'll cite it."
)

// origin is where a question was asked and by whom, so that a moderator's
// answer can be brought back to the asker.
type origin struct {
	user, channel string
	guild         string // "" in a DM
	private       bool   // asked ephemerally: tell the asker in a DM, not in the channel
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

// NotifyModerators posts text (Markdown, no pings) to the moderators'
// channel, for news that comes from outside Discord, such as a re-index on
// SIGHUP. It does nothing without a moderators' channel in the home guild
// and fails when the bot is not connected.
func (b *Bot) NotifyModerators(ctx context.Context, text string) error {
	h := b.home.Load()
	if h == nil || h.channel == "" {
		return nil
	}
	return b.postTo(ctx, h.channel, outMsg{content: clipLines(text, maxContent)})
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
