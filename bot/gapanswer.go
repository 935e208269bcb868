package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/internal/store"
)

// component routes a click: the moderators' buttons here, the others to
// button. A 👎 also brings the answer to the moderators, once per answer
// whoever votes, in any process.
func (b *Bot) component(ctx context.Context, r *ireply) error {
	id := r.i.MessageComponentData().CustomID
	if strings.HasPrefix(id, modAnswer) || strings.HasPrefix(id, modIgnore) {
		return b.modButton(ctx, r)
	}
	if err := b.button(ctx, r); err != nil {
		return err
	}
	if key, ok := strings.CutPrefix(id, voteDown); ok {
		first, err := b.cfg.Store.MarkReported(ctx, key)
		if err != nil || !first {
			return err
		}
		rec, ok, err := b.getAnswer(ctx, key)
		if err != nil || !ok {
			return err
		}
		b.reportGap(ctx, "👎 from a user", rec)
	}
	return nil
}

// modButton handles a moderator's click on Answer or Ignore.
func (b *Bot) modButton(ctx context.Context, r *ireply) error {
	id := r.i.MessageComponentData().CustomID
	r.private = true
	key := strings.TrimPrefix(strings.TrimPrefix(id, modAnswer), modIgnore)
	g, err := b.cfg.Store.Gap(ctx, key)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return r.ephemeral(ctx, msgTooOld)
	case err != nil:
		return err
	case g.State == store.GapAnswered || g.State == store.GapIgnored:
		return r.ephemeral(ctx, msgGapSettled)
	case strings.HasPrefix(id, modIgnore):
		_, err := b.cfg.Store.SettleGap(ctx, key, store.GapIgnored, userOf(r.i).ID)
		if errors.Is(err, store.ErrSettled) {
			return r.ephemeral(ctx, msgGapSettled)
		}
		if err != nil {
			return err
		}
		b.audit(ctx, r.i, "ignore-gap", key, "ignored")
		return b.settleGapMessage(ctx, r, fmt.Sprintf("\n*Ignored by %s.*", sanitize(displayName(r.i))))
	}
	if msg := b.cannotTeach(); msg != "" {
		return r.ephemeral(ctx, msg)
	}
	return r.respond(ctx, discordgo.InteractionResponseModal, &discordgo.InteractionResponseData{
		CustomID: modTeach + key, Title: "Answer the question",
		Components: []discordgo.MessageComponent{
			textInput("question", "Question (the new article's title)", discordgo.TextInputShort, clip(oneLine(g.Question), 200), true, 200),
			textInput("answer", "The right answer", discordgo.TextInputParagraph, "", true, 1500),
			textInput("url", "Source URL (optional)", discordgo.TextInputShort, "", false, 500),
		},
	})
}

func textInput(id, label string, style discordgo.TextInputStyle, value string, required bool, maxLen int) discordgo.MessageComponent {
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
		CustomID: id, Label: label, Style: style, Value: value, Required: required, MaxLength: maxLen,
	}}}
}

// cannotTeach says why nothing can be taught now, or "".
func (b *Bot) cannotTeach() string {
	if b.cfg.Curator == nil {
		return msgNoCurator
	}
	if msg, ok := curateError(b.cfg.Curator.Writable()); ok {
		return msg
	}
	return ""
}

// settleGapMessage replaces the gap's buttons with a note of who handled it.
func (b *Bot) settleGapMessage(ctx context.Context, r *ireply, note string) error {
	m := r.i.Message
	if m == nil {
		return nil
	}
	content := clipLines(m.Content+note, maxContent)
	return r.respond(ctx, discordgo.InteractionResponseUpdateMessage, &discordgo.InteractionResponseData{
		Content: content, Components: []discordgo.MessageComponent{},
	})
}

// modal handles a moderator's answer submitted from the Answer modal: the
// answer becomes an article, indexed at once, and the asker is told. The
// gap is claimed in the store while the article is indexed, so that no one
// else, in any process, answers or ignores it meanwhile; it is opened again
// when the answer does not go live.
func (b *Bot) modal(ctx context.Context, r *ireply) error {
	data := r.i.ModalSubmitData()
	r.private = true
	if !strings.HasPrefix(data.CustomID, modTeach) {
		return fmt.Errorf("unknown modal %q", data.CustomID)
	}
	key := strings.TrimPrefix(data.CustomID, modTeach)
	mod := userOf(r.i).ID
	g, err := b.cfg.Store.ClaimGap(ctx, key, mod, gapClaim)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return r.ephemeral(ctx, msgTooOld)
	case errors.Is(err, store.ErrSettled):
		return r.ephemeral(ctx, msgGapSettled)
	case err != nil:
		return err
	}
	release := func() {
		if err := b.cfg.Store.ReleaseGap(context.WithoutCancel(ctx), key, mod); err != nil {
			b.log.Warn("open a gap again", "err", err)
		}
	}
	if err := r.deferReply(ctx); err != nil {
		release()
		return fmt.Errorf("acknowledge a moderator's answer: %w", err)
	}
	fields := modalFields(data)
	n := curate.Note{Title: fields["question"], Text: fields["answer"], URL: strings.TrimSpace(fields["url"]),
		Author: displayName(r.i), Question: g.Question}
	o, msg, err := b.teach(ctx, n)
	b.auditOutcome(ctx, r.i, "answer-gap", key, o, msg, err)
	if err != nil || !o.Applied {
		release()
		if err != nil {
			return err
		}
		return r.send(ctx, []outMsg{{content: clipLines(msg, maxContent)}})
	}
	if _, err := b.cfg.Store.SettleGap(ctx, key, store.GapAnswered, mod); err != nil {
		b.log.Warn("mark a gap answered in the store", "err", err)
	}
	if err := b.tellAsker(ctx, originOf(g.Asker), g.Question, n); err != nil {
		b.log.Warn("tell the asker about a moderator's answer", "err", err)
	} else {
		msg += msgToldAsker
	}
	if m := r.i.Message; m != nil {
		note := fmt.Sprintf("\n*Answered by %s: `%s`.*", sanitize(n.Author), o.ID)
		edit := outMsg{content: clipLines(m.Content+note, maxContent)}
		mr := &mreply{api: r.api, channelID: m.ChannelID, msgID: m.ID}
		if err := mr.edit(ctx, edit); err != nil {
			b.log.Warn("mark the gap answered", "err", err)
		}
	}
	return r.send(ctx, []outMsg{{content: clipLines(msg, maxContent)}})
}

// modalFields returns a modal's text inputs by custom ID.
func modalFields(data discordgo.ModalSubmitInteractionData) map[string]string {
	out := map[string]string{}
	for _, c := range data.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, in := range row.Components {
			if t, ok := in.(*discordgo.TextInput); ok {
				out[t.CustomID] = t.Value
			}
		}
	}
	return out
}

// askerMessage tells the asker (pinged by ping, when not "") the answer n
// to their question, within one message: the answer gets the room the
// rest leaves.
func askerMessage(ping, question string, n curate.Note) string {
	end := msgAskAgain
	if u, ok := cleanURL(n.URL); ok {
		end = "\nSource: <" + u + ">" + end
	}
	head := fmt.Sprintf(msgAskerAnswer, ping, clip(oneLine(sanitize(question)), 300), "")
	return head + clip(sanitize(n.Text), maxContent-width(head)-width(end)) + end
}

// tellAsker lets the asker know, once, where they asked (or in a DM when
// they asked privately), pinging them and no one else.
func (b *Bot) tellAsker(ctx context.Context, from origin, question string, n curate.Note) error {
	if from.user == "" {
		return errors.New("the asker is unknown")
	}
	s := b.sess.Load()
	if s == nil {
		return errors.New("not connected to Discord")
	}
	channel, ping := from.channel, "<@"+from.user+"> "
	if from.private || channel == "" {
		dm, err := s.UserChannelCreate(from.user, discordgo.WithContext(ctx))
		if err != nil {
			return fmt.Errorf("open a DM: %w", err)
		}
		channel, ping = dm.ID, ""
	}
	return api{s}.do(ctx, "POST", discordgo.EndpointChannelMessages(channel), &discordgo.MessageSend{
		Content: askerMessage(ping, question, n),
		AllowedMentions: &discordgo.MessageAllowedMentions{
			Parse: []discordgo.AllowedMentionType{}, Users: []string{from.user},
		},
	}, nil)
}
