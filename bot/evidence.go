package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/answer"
)

// showEvidence is the custom ID prefix of the "Show evidence" button; the
// answer's key follows.
const showEvidence = "evidence:"

const (
	msgNoEvidence = "This answer cites no sources, so there is no evidence to show."
	// msgOpening heads a citation whose evidence the drafter did not single
	// out: what follows is the start of the passage, not a matched sentence,
	// and the reader should know the difference.
	msgOpening = "*No sentence was singled out; the passage begins:*"
)

// Room kept for an evidence embed's title and footer, which are clipped to
// these, so that the quotes can have the rest of a message's 6,000
// characters.
const (
	evidenceTitle  = 200
	evidenceFooter = 200
	// minOpening is how much of a passage's start (in characters) stands in
	// for evidence: whole sentences until at least this much.
	minOpening = 120
)

// showEvidence answers a click on "Show evidence": for each [n] of the
// answer, the sentences of the cited passage that back it, quoted, with the
// article, author, date and paragraphs they come from. Only the clicker
// sees it (button sets r.private).
func (b *Bot) showEvidence(ctx context.Context, r *ireply, key string) error {
	rec, ok, err := b.getAnswer(ctx, key)
	if err != nil {
		return err
	}
	if !ok {
		return r.ephemeral(ctx, msgTooOld)
	}
	return r.send(ctx, evidenceMessages(rec.cites))
}

// evidenceMessages lays out the evidence of cites as embeds, one per
// citation, packed into as few messages as Discord's limits allow. Each
// quote gets an equal share of a message's room, so that up to ten
// citations fit in one message.
func evidenceMessages(cites []answer.Citation) []outMsg {
	if len(cites) == 0 {
		return []outMsg{{content: msgNoEvidence}}
	}
	room := min(maxDescription, maxEmbedsTotal/min(len(cites), maxEmbeds)-evidenceTitle-evidenceFooter)
	embeds := make([]*discordgo.MessageEmbed, 0, len(cites))
	for _, c := range cites {
		embeds = append(embeds, evidenceEmbed(c, room))
	}
	var msgs []outMsg
	for _, group := range packEmbeds(embeds) {
		msgs = append(msgs, outMsg{embeds: group})
	}
	return msgs
}

// evidenceEmbed quotes what backs citation c, within room characters: its
// Evidence, or the opening of its passage when it has none. The title names
// the citation and article (linked when it has a URL); the footer its
// author, date and paragraphs. Everything taken from the article is
// sanitised: the bot did not write it.
func evidenceEmbed(c answer.Citation, room int) *discordgo.MessageEmbed {
	p := c.Passage
	spans := c.Evidence
	lead := ""
	if len(spans) == 0 {
		spans, lead = []string{opening(p.Text)}, msgOpening+"\n"
	}
	quotes := make([]string, len(spans))
	for i, s := range spans {
		quotes[i] = quote(sanitize(s))
	}
	var foot []string
	if p.Article.Author != "" {
		foot = append(foot, sanitize(p.Article.Author))
	}
	if !p.Article.Published.IsZero() {
		foot = append(foot, p.Article.Published.Format("2 Jan 2006"))
	}
	if paras := paragraphs(p); paras != "" {
		foot = append(foot, paras)
	}
	return &discordgo.MessageEmbed{
		Title:       clip(fmt.Sprintf("[%d] %s", c.N, sanitize(p.Article.Title)), evidenceTitle),
		URL:         embedURL(p.Article.URL),
		Description: clip(lead+strings.Join(quotes, "\n"), room),
		Footer:      &discordgo.MessageEmbedFooter{Text: clip(strings.Join(foot, " · "), evidenceFooter)},
		Color:       embedColor,
	}
}

// quote makes s a Markdown block quote, every line of it.
func quote(s string) string {
	return "> " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n> ")
}

// sentenceEndRe matches where a sentence may end: a full stop, question or
// exclamation mark (and a closing quote or bracket) before a space, or a
// line break.
var sentenceEndRe = regexp.MustCompile(`[.!?]["”»)]?(?:\s|$)|\n`)

// opening returns the first sentences of a passage: whole sentences until
// at least minOpening characters, or the whole text when it is shorter.
// It stands in for evidence the drafter did not single out; a cut after an
// abbreviation only makes it longer, never wrong.
func opening(text string) string {
	text = strings.TrimSpace(text)
	end := 0
	for width(text[:end]) < minOpening {
		loc := sentenceEndRe.FindStringIndex(text[end:])
		if loc == nil {
			return text
		}
		end += loc[1]
	}
	return strings.TrimSpace(text[:end])
}
