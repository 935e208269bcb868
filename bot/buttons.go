package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/store"
)

// Custom ID prefixes of the buttons under an answer; the answer's key follows.
const (
	voteUp      = "vote:up:"
	voteDown    = "vote:down:"
	showSources = "sources:"
)

const (
	msgThanks      = "Thanks for the feedback!"
	msgVotedBefore = "You've already rated this answer — thanks!"
	msgTooOld      = "That answer is too old for me to find now — ask again and use the buttons under the new one."
)

// button handles a click on 👍, 👎, Sources or Show evidence.
func (b *Bot) button(ctx context.Context, r *ireply) error {
	id := r.i.MessageComponentData().CustomID
	r.private = true // whatever a click answers, failures included, is for the clicker
	switch {
	case strings.HasPrefix(id, voteUp):
		return b.vote(ctx, r, "up", strings.TrimPrefix(id, voteUp))
	case strings.HasPrefix(id, voteDown):
		return b.vote(ctx, r, "down", strings.TrimPrefix(id, voteDown))
	case strings.HasPrefix(id, showSources):
		return b.showSources(ctx, r, strings.TrimPrefix(id, showSources))
	case strings.HasPrefix(id, postAnswer):
		return b.postAnswer(ctx, r, strings.TrimPrefix(id, postAnswer))
	case strings.HasPrefix(id, showEvidence):
		return b.showEvidence(ctx, r, strings.TrimPrefix(id, showEvidence))
	case id == privacyDelete:
		return b.deleteMine(ctx, r)
	}
	return fmt.Errorf("unknown button %q", id)
}

// vote records a 👍 or 👎, with the answer it is about, as a feedback row
// in the store, once per user.
func (b *Bot) vote(ctx context.Context, r *ireply, v, key string) error {
	user := b.pseudonym(userOf(r.i).ID)
	_, first, err := b.cfg.Store.Vote(ctx, key, store.Vote{Voter: user, Up: v == "up"})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return r.ephemeral(ctx, msgTooOld)
	case err != nil:
		return err
	case !first:
		return r.ephemeral(ctx, msgVotedBefore)
	}
	b.cfg.Metrics.Feedback(v == "up")
	b.log.Info("feedback", "vote", v, "user", user, "answer", key)
	if err := r.ephemeral(ctx, msgThanks); err != nil {
		return err
	}
	if v == "up" && r.i.GuildID != "" {
		b.markSolved(ctx, r.api.s, r.i.ChannelID, userOf(r.i).ID)
	}
	return nil
}

// showSources shows the passages an answer cites, in full, only to the user
// who clicked.
func (b *Bot) showSources(ctx context.Context, r *ireply, key string) error {
	rec, ok, err := b.getAnswer(ctx, key)
	if err != nil {
		return err
	}
	if !ok {
		return r.ephemeral(ctx, msgTooOld)
	}
	var embeds []*discordgo.MessageEmbed
	for _, c := range rec.cites {
		embeds = append(embeds, passageEmbed(c.Passage, c.N))
	}
	var msgs []outMsg
	for _, group := range packEmbeds(embeds) {
		msgs = append(msgs, outMsg{embeds: group})
	}
	if len(msgs) == 0 {
		msgs = []outMsg{{content: "This answer cites no sources."}}
	}
	return r.send(ctx, msgs)
}
