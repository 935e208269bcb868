package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// outMsg is one message of a reply.
type outMsg struct {
	content    string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent
}

// replier is where an answer goes: an interaction's response, or messages in
// a channel, thread or DM.
type replier interface {
	// progress shows content in the reply's first message while the answer
	// is still being written.
	progress(ctx context.Context, content string) error
	// send completes the reply: msgs[0] replaces what progress showed (or is
	// the first message), the others follow it. Once a send has delivered
	// a message, later sends (a failure after it) add new messages: what a
	// user has been shown is never taken back.
	send(ctx context.Context, msgs []outMsg) error
}

// noPings stops every message from pinging anyone. discordgo's zero
// MessageAllowedMentions sends "parse": null, which Discord reads as "the
// defaults" (pings allowed), so Parse must be a non-nil empty slice.
func noPings() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// ireply answers one interaction. It is used by the one goroutine handling
// that interaction.
type ireply struct {
	i         *discordgo.Interaction
	api       api
	private   bool // ephemeral: only the user sees the reply
	acked     bool // the interaction has been responded to (deferred or not)
	delivered bool // send has shown a message: later ones follow it
}

func newIReply(s *discordgo.Session, i *discordgo.Interaction) *ireply {
	return &ireply{i: i, api: api{s}}
}

func (r *ireply) flags() discordgo.MessageFlags {
	if r.private {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// respond sends the interaction's one callback.
func (r *ireply) respond(ctx context.Context, typ discordgo.InteractionResponseType, data *discordgo.InteractionResponseData) error {
	if data != nil && data.AllowedMentions == nil {
		data.AllowedMentions = noPings()
	}
	err := r.api.do(ctx, "POST", discordgo.EndpointInteractionResponse(r.i.ID, r.i.Token),
		discordgo.InteractionResponse{Type: typ, Data: data}, nil)
	if err != nil {
		return fmt.Errorf("respond to interaction: %w", err)
	}
	r.acked = true
	return nil
}

// deferReply acknowledges the interaction at once ("thinking…"), so that the
// 3-second deadline never depends on retrieval or the model.
func (r *ireply) deferReply(ctx context.Context) error {
	return r.respond(ctx, discordgo.InteractionResponseDeferredChannelMessageWithSource,
		&discordgo.InteractionResponseData{Flags: r.flags()})
}

// ephemeral answers with a message only the user sees: it is the response
// when nothing was sent yet, else a private follow-up.
func (r *ireply) ephemeral(ctx context.Context, content string) error {
	r.private = true
	return r.send(ctx, []outMsg{{content: content}})
}

func (r *ireply) progress(ctx context.Context, content string) error {
	return r.edit(ctx, &discordgo.WebhookEdit{Content: &content, AllowedMentions: noPings()})
}

func (r *ireply) edit(ctx context.Context, e *discordgo.WebhookEdit) error {
	err := r.api.do(ctx, "PATCH", discordgo.EndpointWebhookMessage(r.i.AppID, r.i.Token, "@original"), e, nil)
	if err != nil {
		return fmt.Errorf("edit interaction response: %w", err)
	}
	return nil
}

func (r *ireply) send(ctx context.Context, msgs []outMsg) error {
	for n, m := range msgs {
		var err error
		switch {
		case !r.acked:
			err = r.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource, &discordgo.InteractionResponseData{
				Content: m.content, Embeds: m.embeds, Components: m.components, Flags: r.flags(),
			})
		case n == 0 && !r.delivered:
			embeds, components := nonNil(m.embeds), nonNil(m.components)
			err = r.edit(ctx, &discordgo.WebhookEdit{Content: &m.content, Embeds: &embeds, Components: &components, AllowedMentions: noPings()})
		default:
			err = r.followup(ctx, m)
		}
		if err != nil {
			if tokenExpired(err) && !r.private {
				return r.inChannel(ctx, msgs[n:])
			}
			return err
		}
		r.delivered = true
	}
	return nil
}

// msgLate opens an answer posted in the channel because the interaction's
// token expired.
const msgLate = "<@%s>, this answer took longer than Discord waits for a reply, so here it is:"

// tokenExpired reports whether err is Discord refusing an interaction's
// webhook because its token expired (15 minutes after the question).
func tokenExpired(err error) bool {
	var rest *discordgo.RESTError
	return errors.As(err, &rest) && rest.Message != nil && rest.Message.Code == discordgo.ErrCodeInvalidWebhookTokenProvided
}

// inChannel posts msgs in the interaction's channel, naming who asked, when
// the interaction's token has expired: the answer then still arrives. Only
// public replies do; a private one cannot be shown to its asker alone.
func (r *ireply) inChannel(ctx context.Context, msgs []outMsg) error {
	m := &mreply{api: r.api, channelID: r.i.ChannelID}
	msgs = append([]outMsg{{content: fmt.Sprintf(msgLate, userOf(r.i).ID)}}, msgs...)
	if err := m.send(ctx, msgs); err != nil {
		return fmt.Errorf("interaction token expired, and posting in the channel failed: %w", err)
	}
	return nil
}

func (r *ireply) followup(ctx context.Context, m outMsg) error {
	err := r.api.do(ctx, "POST", discordgo.EndpointFollowupMessage(r.i.AppID, r.i.Token)+"?wait=true", &discordgo.WebhookParams{
		Content: m.content, Embeds: m.embeds, Components: m.components, Flags: r.flags(), AllowedMentions: noPings(),
	}, nil)
	if err != nil {
		return fmt.Errorf("send follow-up message: %w", err)
	}
	return nil
}

// nonNil makes an empty list explicit, so that an edit clears what the
// message had (a nil pointer would leave it as it was).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// mreply answers in a channel (a thread, a DM, or in place under the
// question). It is used by the one goroutine handling that message.
type mreply struct {
	api       api
	channelID string
	ref       *discordgo.MessageReference // the question, when replying in place
	msgID     string                      // the first message, once posted
	delivered bool                        // send has shown a message: later ones follow it
}

func (r *mreply) progress(ctx context.Context, content string) error {
	if r.msgID == "" {
		return r.post(ctx, outMsg{content: content})
	}
	return r.edit(ctx, outMsg{content: content})
}

func (r *mreply) send(ctx context.Context, msgs []outMsg) error {
	for n, m := range msgs {
		var err error
		if n == 0 && r.msgID != "" && !r.delivered {
			err = r.edit(ctx, m)
		} else {
			err = r.post(ctx, m)
		}
		if err != nil {
			return err
		}
		r.delivered = true
	}
	return nil
}

func (r *mreply) post(ctx context.Context, m outMsg) error {
	var sent discordgo.Message
	err := r.api.do(ctx, "POST", discordgo.EndpointChannelMessages(r.channelID), &discordgo.MessageSend{
		Content: m.content, Embeds: m.embeds, Components: m.components, AllowedMentions: noPings(), Reference: r.ref,
	}, &sent)
	if err != nil {
		return fmt.Errorf("post message: %w", err)
	}
	if r.msgID == "" {
		r.msgID = sent.ID
	}
	return nil
}

func (r *mreply) edit(ctx context.Context, m outMsg) error {
	embeds, components := nonNil(m.embeds), nonNil(m.components)
	err := r.api.do(ctx, "PATCH", discordgo.EndpointChannelMessage(r.channelID, r.msgID), &discordgo.MessageEdit{
		Content: &m.content, Embeds: &embeds, Components: &components, AllowedMentions: noPings(),
	}, nil)
	if err != nil {
		return fmt.Errorf("edit message: %w", err)
	}
	return nil
}
