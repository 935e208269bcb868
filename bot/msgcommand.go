package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/ops"
)

// askMessageCommand is the message command (Apps → Ask cstobot) that
// answers a message's text as a question.
const askMessageCommand = "Ask cstobot"

const msgNoText = "That message has no text I could answer."

// askMessage answers the text of the message that the Ask cstobot message
// command was run on, privately: the asker can then post it to the channel.
func (b *Bot) askMessage(ctx context.Context, r *ireply) error {
	r.private = true
	data := r.i.ApplicationCommandData()
	var text string
	if data.Resolved != nil {
		if m := data.Resolved.Messages[data.TargetID]; m != nil {
			text = strings.TrimSpace(m.Content)
		}
	}
	if text == "" || smallTalk(text) {
		return r.ephemeral(ctx, msgNoText)
	}
	if !b.allowedHere(r) {
		return r.ephemeral(ctx, b.onlyIn())
	}
	user := userOf(r.i).ID
	if ok, wait, _ := b.limiter.allow(ctx, user); !ok {
		b.cfg.Metrics.Question(ops.EntrySlash, ops.OutcomeRateLimited)
		return r.ephemeral(ctx, slowDown(wait))
	}
	if err := r.deferReply(ctx); err != nil {
		b.cfg.Metrics.Question(ops.EntrySlash, ops.OutcomeFailed)
		return fmt.Errorf("acknowledge %s: %w", askMessageCommand, err)
	}
	q := answer.Question{Text: text, History: b.convos.history(r.i.ChannelID), Locale: language(r.i.Locale)}
	_, err := b.draft(ctx, ops.EntrySlash, q, r, origin{user: user, channel: r.i.ChannelID, guild: r.i.GuildID, private: true})
	return err
}
