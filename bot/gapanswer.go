package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/curate"
)

// component routes a click: the moderators' buttons here, the others to
// button. A 👎 also brings the answer to the moderators, once per answer.
func (b *Bot) component(ctx context.Context, r *ireply) error {
	id := r.i.MessageComponentData().CustomID
	if strings.HasPrefix(id, modAnswer) || strings.HasPrefix(id, modIgnore) {
		return b.modButton(ctx, r)
	}
	if err := b.button(ctx, r); err != nil {
		return err
	}
	if key, ok := strings.CutPrefix(id, voteDown); ok {
		// "reported" marks the answer in its voters, which are hashed IDs
		// of another shape, so it is reported once whoever votes.
		if rec, first, ok := b.answers.vote(key, "reported"); ok && first {
			b.reportGap(ctx, "👎 from a user", rec)
		}
	}
	return nil
}

// modButton handles a moderator's click on Answer or Ignore.
func (b *Bot) modButton(ctx context.Context, r *ireply) error {
	id := r.i.MessageComponentData().CustomID
	r.private = true
	key := strings.TrimPrefix(strings.TrimPrefix(id, modAnswer), modIgnore)
	rec, ok := b.gaps.get(key)
	switch {
	case !ok:
		return r.ephemeral(ctx, msgTooOld)
	case b.gaps.voted(key, settledBy):
		return r.ephemeral(ctx, msgGapSettled)
	case strings.HasPrefix(id, modIgnore):
		if _, first, _ := b.gaps.vote(key, settledBy); !first {
			return r.ephemeral(ctx, msgGapSettled)
		}
		return b.settleGapMessage(ctx, r, fmt.Sprintf("\n*Ignored by %s.*", sanitize(displayName(r.i))))
	}
	if msg := b.cannotTeach(); msg != "" {
		return r.ephemeral(ctx, msg)
	}
	return r.respond(ctx, discordgo.InteractionResponseModal, &discordgo.InteractionResponseData{
		CustomID: modTeach + key, Title: "Answer the question",
		Components: []discordgo.MessageComponent{
			textInput("question", "Question (the new article's title)", discordgo.TextInputShort, clip(oneLine(rec.question), 200), true, 200),
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
// answer becomes an article, indexed at once, and the asker is told.
func (b *Bot) modal(ctx context.Context, r *ireply) error {
	data := r.i.ModalSubmitData()
	r.private = true
	if !strings.HasPrefix(data.CustomID, modTeach) {
		return fmt.Errorf("unknown modal %q", data.CustomID)
	}
	key := strings.TrimPrefix(data.CustomID, modTeach)
	rec, first, ok := b.gaps.vote(key, settledBy)
	switch {
	case !ok:
		return r.ephemeral(ctx, msgTooOld)
	case !first:
		return r.ephemeral(ctx, msgGapSettled)
	}
	if err := r.deferReply(ctx); err != nil {
		b.gaps.unvote(key, settledBy)
		return fmt.Errorf("acknowledge a moderator's answer: %w", err)
	}
	fields := modalFields(data)
	n := curate.Note{Title: fields["question"], Text: fields["answer"], URL: strings.TrimSpace(fields["url"]),
		Author: displayName(r.i), Question: rec.question}
	o, msg, err := b.teach(ctx, n)
	if err != nil || !o.Applied {
		b.gaps.unvote(key, settledBy)
		if err != nil {
			return err
		}
		return r.send(ctx, []outMsg{{content: clipLines(msg, maxContent)}})
	}
	if err := b.tellAsker(ctx, rec.from, rec.question, n); err != nil {
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

// forgetAsker clears, in the record under key, the question, the answer
// to it and who asked: the asker had them deleted. The record is
// replaced, not changed, since readers hold it without the lock.
func (s *answerStore) forgetAsker(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec, ok := s.m[key]; ok {
		c := *rec
		c.question, c.text, c.from = "", "", origin{}
		s.m[key] = &c
	}
}
