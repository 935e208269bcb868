package bot

import (
	"context"
	"fmt"

	"github.com/cstobot/cstobot/internal/answer"
)

// postAnswer is the custom ID prefix of Post to channel, under a private
// answer; the answer's key follows.
const postAnswer = "post:"

// maxAskedQuestion bounds how much of the question the posted answer quotes.
const maxAskedQuestion = 300

const (
	msgAskedBy      = "**%s** — asked by %s"
	msgPosted       = "Posted in the channel."
	msgPostedBefore = "This answer is already in the channel."
	msgNotYourPost  = "Only the person who asked can post this answer."
)

// postAnswer re-posts a private answer publicly in the channel it was given
// in, naming who asked (as text: no one is pinged), once, and only at the
// asker's request.
func (b *Bot) postAnswer(ctx context.Context, r *ireply, key string) error {
	rec, ok, err := b.getAnswer(ctx, key)
	switch {
	case err != nil:
		return fmt.Errorf("post answer %s: %w", key, err)
	case !ok:
		return r.ephemeral(ctx, msgTooOld)
	case userOf(r.i).ID != rec.from.user:
		return r.ephemeral(ctx, msgNotYourPost)
	case !b.allowedHere(r):
		return r.ephemeral(ctx, b.onlyIn())
	}
	first, err := b.cfg.Store.MarkPosted(ctx, key)
	if err != nil {
		return fmt.Errorf("post answer %s: %w", key, err)
	}
	if !first {
		return r.ephemeral(ctx, msgPostedBefore)
	}
	a := answer.Answer{Question: rec.question, Text: rec.text, Citations: rec.cites, Model: rec.model}
	msgs := b.answerMessages(ctx, a, "", origin{user: rec.from.user, channel: r.i.ChannelID, guild: r.i.GuildID})
	msgs = withHeader(fmt.Sprintf(msgAskedBy, clip(oneLine(rec.question), maxAskedQuestion), displayName(r.i)), msgs)
	out := &mreply{api: r.api, channelID: r.i.ChannelID}
	if err := out.send(ctx, msgs); err != nil {
		return fmt.Errorf("post answer %s to the channel: %w", key, err)
	}
	return r.ephemeral(ctx, msgPosted)
}

// withHeader puts header above msgs: in the first message when it fits,
// else as a message of its own.
func withHeader(header string, msgs []outMsg) []outMsg {
	if joined := header + "\n\n" + msgs[0].content; width(joined) <= maxContent {
		msgs[0].content = joined
		return msgs
	}
	return append([]outMsg{{content: header}}, msgs...)
}
