package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/store"
)

const (
	// gapWindow is how long a question posted to the moderators is counted
	// on its post rather than posted again.
	gapWindow = 24 * time.Hour
	// gapRoom is what a gap post leaves free of Discord's 2,000 characters
	// for the lines added later: how often it was asked, who handled it.
	gapRoom = 250

	msgGapHeader    = "**Question I couldn't answer well** (%s)\n> %s\n**My answer:** %s"
	msgGapNoPassage = "\n**Passages used:** none"
	msgGapCount     = "\n*Asked %d times.*"
	msgGapRemoved   = "*(removed at the asker's request)*"
)

// normalQuestion is question as compared for duplicates: its words in
// lower case, without punctuation.
func normalQuestion(question string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(question), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}), " ")
}

// reportGap brings a refused or disliked answer to the moderators' channel,
// with buttons to answer or ignore it. Only public questions from the home
// guild are brought: the moderators' channel is the operator's, and a
// private question is the asker's. The same question again within a day is
// counted on its post, and at most MOD_POSTS_PER_HOUR new posts are made in
// any hour, by all processes together: the store decides. It never fails
// the user's request: a failure is logged.
func (b *Bot) reportGap(ctx context.Context, why string, rec answerRecord) {
	h, s := b.home.Load(), b.sess.Load()
	if h == nil || h.channel == "" || rec.from.guild != h.guild || rec.from.private || s == nil {
		return
	}
	p, err := b.cfg.Store.PostGap(ctx, store.Gap{Why: why, Question: rec.question, Answer: rec.text,
		Citations: storeCites(b.gapPassages(ctx, rec)), Dedupe: normalQuestion(rec.question),
		AnswerKey: rec.key, Asker: rec.from.store()},
		store.GapLimits{Window: gapWindow, PerHour: b.cfg.ModPostsPerHour})
	switch {
	case err != nil:
		b.log.Warn("keep a gap for the moderators", "err", err)
		return
	case p.Outcome == store.GapRepeat:
		b.showGap(ctx, s, p.Gap)
		return
	case p.Outcome == store.GapCapped:
		b.log.Info("gap not posted: MOD_POSTS_PER_HOUR reached", "why", why)
		return
	}
	r := &mreply{api: api{s}, channelID: h.channel}
	if err := r.post(ctx, gapMessage(p.Gap)); err != nil {
		b.log.Warn("post a gap to the moderators' channel", "err", err)
		return
	}
	if err := b.cfg.Store.SetGapMessage(ctx, p.Gap.Key, h.channel, r.msgID); err != nil {
		b.log.Warn("keep where a gap was posted", "err", err)
		return
	}
	// It may have been asked again while it was being posted.
	if g, err := b.cfg.Store.Gap(ctx, p.Gap.Key); err == nil && g.Repeats > 0 {
		b.showGap(ctx, s, g)
	}
}

// gapPassages are the passages shown with a gap: those the answer cited,
// or for a refusal, which cites none, what retrieval found.
func (b *Bot) gapPassages(ctx context.Context, rec answerRecord) []answer.Citation {
	if len(rec.cites) > 0 {
		return rec.cites
	}
	hits, err := b.searcher.Search(ctx, rec.question, 3)
	if err != nil {
		b.log.Warn("find passages for the moderators", "err", err)
	}
	var cites []answer.Citation
	for n, h := range hits {
		cites = append(cites, answer.Citation{N: n + 1, Passage: h.Passage})
	}
	return cites
}

// showGap edits the post of g to show it as the store holds it now (how
// often it was asked, a question removed), unless it is not posted yet or a
// moderator has handled it.
func (b *Bot) showGap(ctx context.Context, s *discordgo.Session, g store.Gap) {
	if g.ModMessageID == "" || g.State != store.GapOpen {
		return
	}
	r := &mreply{api: api{s}, channelID: g.ModChannelID, msgID: g.ModMessageID}
	if err := r.edit(ctx, gapMessage(g)); err != nil {
		b.log.Warn("update a gap in the moderators' channel", "err", err)
	}
}

// gapMessage is the post about g.
func gapMessage(g store.Gap) outMsg {
	content := gapText(g.Why, g.Question, g.Answer, answerCites(g.Citations))
	if g.Repeats > 0 {
		content += fmt.Sprintf(msgGapCount, g.Repeats+1)
	}
	return outMsg{content: content, components: gapButtons(g.Key)}
}

// gapText lays out what the moderators see: the question, the answer and
// as many of the passages it was drawn from as fit, leaving gapRoom of the
// message free. An empty question or text was removed at the asker's
// request.
func gapText(why, question, text string, cites []answer.Citation) string {
	q, a := clip(oneLine(sanitize(question)), 300), clip(sanitize(text), 700)
	if question == "" {
		q, a = msgGapRemoved, msgGapRemoved
	}
	s := fmt.Sprintf(msgGapHeader, why, q, a)
	if len(cites) == 0 {
		return s + msgGapNoPassage
	}
	s += "\n**Passages used:**"
	for i, c := range cites {
		line := fmt.Sprintf("\n[%d] `%s` %s: %s", c.N, strings.ReplaceAll(c.Passage.ID, "`", ""),
			clip(oneLine(sanitize(c.Passage.Article.Title)), 80), clip(oneLine(sanitize(c.Passage.Text)), 200))
		if width(s)+width(line) > maxContent-gapRoom {
			return s + fmt.Sprintf("\n…and %d more", len(cites)-i)
		}
		s += line
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func gapButtons(key string) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Style: discordgo.PrimaryButton, Label: "Answer", CustomID: modAnswer + key},
		discordgo.Button{Style: discordgo.SecondaryButton, Label: "Ignore", CustomID: modIgnore + key},
	}}}
}
