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
	r := &mreply{lane: newLane(s, "channel:"+channelID), channelID: channelID}
	return r.post(ctx, m)
}

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
	if !b.isModerator(r.i) {
		return r.ephemeral(ctx, msgNotAllowed)
	}
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
	if err := b.cfg.Curator.Writable(); err != nil {
		return fmt.Sprintf(msgCannotTeach, err)
	}
	return ""
}

// settleGapMessage replaces the gap's buttons with a note of who handled it.
func (b *Bot) settleGapMessage(ctx context.Context, r *ireply, note string) error {
	m := r.i.Message
	if m == nil {
		return nil
	}
	content := clip(m.Content+note, maxContent)
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
	if !b.isModerator(r.i) {
		return r.ephemeral(ctx, msgNotAllowed)
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
		return r.send(ctx, []outMsg{{content: msg}})
	}
	if err := b.tellAsker(ctx, rec.from, rec.question, n); err != nil {
		b.log.Warn("tell the asker about a moderator's answer", "err", err)
	} else {
		msg += msgToldAsker
	}
	if m := r.i.Message; m != nil {
		note := fmt.Sprintf("\n*Answered by %s: `%s`.*", sanitize(n.Author), o.ID)
		edit := outMsg{content: clip(m.Content+note, maxContent)}
		mr := &mreply{lane: r.lane, channelID: m.ChannelID, msgID: m.ID}
		if err := mr.edit(ctx, edit); err != nil {
			b.log.Warn("mark the gap answered", "err", err)
		}
	}
	return r.send(ctx, []outMsg{{content: msg}})
}

// teach adds n through the curator and says how it went, for the
// moderator; a rejected change is also posted to the moderators' channel.
// The error is a failure to report (the user has not been told).
func (b *Bot) teach(ctx context.Context, n curate.Note) (curate.Outcome, string, error) {
	ctx, cancel := context.WithTimeout(ctx, curateTimeout)
	defer cancel()
	o, err := b.cfg.Curator.Teach(ctx, n)
	if msg, ok := curateError(err); ok {
		return o, msg, nil
	}
	if err != nil {
		return o, "", fmt.Errorf("teach: %w", err)
	}
	if !o.Applied {
		b.rejected(ctx, o)
		return o, fmt.Sprintf(msgRejected, o.Report()), nil
	}
	return o, fmt.Sprintf(msgTaught, o.ID, o.Report()), nil
}

// rejected tells the moderators' channel about a change the golden set
// turned down.
func (b *Bot) rejected(ctx context.Context, o curate.Outcome) {
	if err := b.NotifyModerators(ctx, o.Report()); err != nil {
		b.log.Warn("tell the moderators about a rejected change", "err", err)
	}
}

// curateError turns the curator's errors that a moderator can act on into
// a message; ok is false for the rest.
func curateError(err error) (string, bool) {
	switch {
	case errors.Is(err, curate.ErrNoFolder), errors.Is(err, curate.ErrReadOnly):
		return fmt.Sprintf(msgCannotTeach, err), true
	case errors.Is(err, curate.ErrBadNote):
		return "I can't add that: " + strings.TrimPrefix(err.Error(), curate.ErrBadNote.Error()+": ") + ".", true
	case errors.Is(err, curate.ErrNotFound):
		return "No article has that ID (the ID is shown when an article is added, e.g. `local/who-chairs-the-csto-1a2b3c`).", true
	case errors.Is(err, curate.ErrNotTaught):
		return "I can only forget articles added from Discord; built-in articles and the operator's files stay.", true
	}
	return "", false
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
	text := fmt.Sprintf(msgAskerAnswer, ping, clip(oneLine(sanitize(question)), 300), clip(sanitize(n.Text), 1500))
	if n.URL != "" {
		text += "\nSource: <" + n.URL + ">"
	}
	text = clip(text+msgAskAgain, maxContent)
	l := newLane(s, "channel:"+channel)
	return l.do(ctx, "POST", discordgo.EndpointChannelMessages(channel), &discordgo.MessageSend{
		Content: text,
		AllowedMentions: &discordgo.MessageAllowedMentions{
			Parse: []discordgo.AllowedMentionType{}, Users: []string{from.user},
		},
	}, nil)
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
