package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
)

// privacyDelete is the custom ID of /privacy's delete button.
const privacyDelete = "privacy:delete"

const (
	msgPrivacy = "**What I keep about you**\n" +
		"• **Ratings**: %d 👍/👎 you gave, each with the question and answer it was about, kept %s. They are filed under a pseudonym, not your user ID.\n" +
		"• **Questions for the moderators**: %d of your questions I could not answer well are posted in the moderators' channel of the server that runs me, so that they can answer them.\n" +
		"• **Conversations**: the last few turns of the threads and DMs I answer in, in memory only and gone when I restart, to understand follow-ups.\n" +
		"• **Logs**: who asked what only under a pseudonym, and no message text.\n" +
		"The button deletes your ratings and the text of your questions in the moderators' posts."
	msgPrivacyDone   = "Deleted: %d ratings, and your question in %d posts to the moderators."
	msgKeptForever   = "until the operator deletes them"
	retentionChecked = time.Hour // how often old ratings are looked for
)

// privacy answers /privacy, privately: what the bot keeps about the user,
// and a button to delete it.
func (b *Bot) privacy(ctx context.Context, r *ireply) error {
	user := userOf(r.i).ID
	ratings, err := b.records.CountUser(ctx, b.pseudonym(user))
	if err != nil {
		return fmt.Errorf("count a user's records: %w", err)
	}
	kept := msgKeptForever
	if d := b.cfg.FeedbackRetention; d > 0 {
		kept = fmt.Sprintf("for %d days", int(d.Hours()/24))
	}
	r.private = true
	return r.send(ctx, []outMsg{{
		content: fmt.Sprintf(msgPrivacy, ratings, kept, b.gapLog.postsBy(user)),
		components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Style: discordgo.DangerButton, Label: "Delete my data", CustomID: privacyDelete},
		}}},
	}})
}

// deleteMine answers the delete button: the clicker's ratings go, and
// their question's text is removed from the moderators' posts.
func (b *Bot) deleteMine(ctx context.Context, r *ireply) error {
	user := userOf(r.i).ID
	n, err := b.records.DeleteUser(ctx, b.pseudonym(user))
	if err != nil {
		return fmt.Errorf("delete a user's records: %w", err)
	}
	posts := b.gapLog.askedBy(user)
	for _, p := range posts {
		b.gaps.forgetAsker(p.key)
		if h, s := b.home.Load(), b.sess.Load(); h != nil && s != nil {
			b.showGap(ctx, s, h.channel, p)
		}
	}
	b.log.Info("user data deleted", "user", b.pseudonym(user), "ratings", n, "gaps", len(posts))
	return r.ephemeral(ctx, fmt.Sprintf(msgPrivacyDone, n, len(posts)))
}

// startRetention runs keepRetention until ctx ends; the function it
// returns waits for that.
func (b *Bot) startRetention(ctx context.Context) (wait func()) {
	done := make(chan struct{})
	go func() { defer close(done); b.keepRetention(ctx) }()
	return func() { <-done }
}

// keepRetention deletes ratings older than FEEDBACK_RETENTION now and
// every retentionChecked, until ctx ends.
func (b *Bot) keepRetention(ctx context.Context) {
	if b.cfg.FeedbackRetention <= 0 {
		return
	}
	t := time.NewTicker(retentionChecked)
	defer t.Stop()
	for {
		n, err := b.records.DeleteBefore(ctx, time.Now().Add(-b.cfg.FeedbackRetention))
		switch {
		case err != nil:
			b.log.Error("delete old ratings (FEEDBACK_RETENTION)", "err", err)
		case n > 0:
			b.log.Info("old ratings deleted", "count", n, "retention", b.cfg.FeedbackRetention)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
