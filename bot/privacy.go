package bot

import (
	"context"
	"fmt"

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
	msgPrivacyDone = "Deleted: %d ratings, and your question in %d posts to the moderators."
	msgKeptForever = "until the operator deletes them"
)

// privacy answers /privacy, privately: what the bot keeps about the user,
// and a button to delete it.
func (b *Bot) privacy(ctx context.Context, r *ireply) error {
	k, err := b.cfg.Store.UserData(ctx, b.storeUser(userOf(r.i).ID))
	if err != nil {
		return fmt.Errorf("count a user's records: %w", err)
	}
	kept := msgKeptForever
	if d := b.cfg.FeedbackRetention; d > 0 {
		kept = fmt.Sprintf("for %d days", int(d.Hours()/24))
	}
	r.private = true
	return r.send(ctx, []outMsg{{
		content: fmt.Sprintf(msgPrivacy, k.Feedback, kept, k.Gaps),
		components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Style: discordgo.DangerButton, Label: "Delete my data", CustomID: privacyDelete},
		}}},
	}})
}

// deleteMine answers the delete button: the clicker's rows go from the
// store (votes, answers to their questions, question counts), and their
// question's text is removed from the moderators' posts.
func (b *Bot) deleteMine(ctx context.Context, r *ireply) error {
	user := userOf(r.i).ID
	f, err := b.cfg.Store.ForgetUser(ctx, b.storeUser(user))
	if err != nil {
		return fmt.Errorf("delete a user's records: %w", err)
	}
	if s := b.sess.Load(); s != nil {
		for _, p := range f.Posts {
			g, err := b.cfg.Store.Gap(ctx, p.GapKey)
			if err != nil {
				b.log.Warn("read a gap to remove a question", "err", err)
				continue
			}
			b.showGap(ctx, s, g)
		}
	}
	b.log.Info("user data deleted", "user", b.pseudonym(user), "ratings", f.Feedback, "answers", f.Answers, "gaps", f.Gaps)
	return r.ephemeral(ctx, fmt.Sprintf(msgPrivacyDone, f.Feedback, len(f.Posts)))
}
