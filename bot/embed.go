package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/knowledge"
)

// embedColor is the accent of every embed the bot sends (a muted blue).
const embedColor = 0x4a6fa5

// source names where a passage comes from, in one line: title (linked when
// the article has a URL), author, date and paragraphs.
func source(p knowledge.Passage) string {
	title := escapeLinkText(sanitize(p.Article.Title))
	if p.Article.URL != "" {
		title = "[" + title + "](" + p.Article.URL + ")"
	}
	parts := []string{"**" + title + "**"}
	if p.Article.Author != "" {
		parts = append(parts, sanitize(p.Article.Author))
	}
	if !p.Article.Published.IsZero() {
		parts = append(parts, p.Article.Published.Format("2 Jan 2006"))
	}
	parts = append(parts, paragraphs(p))
	return strings.Join(parts, " · ")
}

// paragraphs names the article paragraphs a passage covers: "¶3" or "¶3–5".
func paragraphs(p knowledge.Passage) string {
	if p.Last > p.First {
		return fmt.Sprintf("¶%d–%d", p.First, p.Last)
	}
	return fmt.Sprintf("¶%d", p.First)
}

// escapeLinkText keeps a title from closing the [text](url) it sits in.
func escapeLinkText(s string) string {
	return strings.NewReplacer("[", "\\[", "]", "\\]").Replace(s)
}

// sourcesEmbed lists the citations of an answer, numbered as in its text.
// It returns nil when there is nothing to list.
func sourcesEmbed(cites []answer.Citation) *discordgo.MessageEmbed {
	if len(cites) == 0 {
		return nil
	}
	var b strings.Builder
	for i, c := range cites {
		line := clip(fmt.Sprintf("**[%d]** %s", c.N, source(c.Passage)), 600) + "\n"
		if width(b.String())+width(line) > maxDescription-40 {
			fmt.Fprintf(&b, "…and %d more", len(cites)-i)
			break
		}
		b.WriteString(line)
	}
	return &discordgo.MessageEmbed{Title: "Sources", Description: strings.TrimRight(b.String(), "\n"), Color: embedColor}
}

// passageEmbed shows one passage in full (as far as an embed allows), with
// where it comes from; n > 0 numbers it as a citation.
func passageEmbed(p knowledge.Passage, n int) *discordgo.MessageEmbed {
	title := sanitize(p.Article.Title)
	if n > 0 {
		title = fmt.Sprintf("[%d] %s", n, title)
	}
	foot := []string{}
	if p.Article.Author != "" {
		foot = append(foot, sanitize(p.Article.Author))
	}
	if !p.Article.Published.IsZero() {
		foot = append(foot, p.Article.Published.Format("2 Jan 2006"))
	}
	foot = append(foot, paragraphs(p), p.ID)
	return &discordgo.MessageEmbed{
		Title:       clip(title, maxTitle),
		URL:         p.Article.URL,
		Description: clip(sanitize(p.Text), maxDescription),
		Footer:      &discordgo.MessageEmbedFooter{Text: clip(strings.Join(foot, " · "), 2048)},
		Color:       embedColor,
	}
}

// embedSize is what an embed counts against the 6,000 characters a message's
// embeds may hold together.
func embedSize(e *discordgo.MessageEmbed) int {
	n := width(e.Title) + width(e.Description)
	if e.Footer != nil {
		n += width(e.Footer.Text)
	}
	if e.Author != nil {
		n += width(e.Author.Name)
	}
	for _, f := range e.Fields {
		n += width(f.Name) + width(f.Value)
	}
	return n
}

// packEmbeds groups embeds into as few messages as Discord allows: at most 10
// per message and 6,000 characters between them.
func packEmbeds(embeds []*discordgo.MessageEmbed) [][]*discordgo.MessageEmbed {
	var out [][]*discordgo.MessageEmbed
	var cur []*discordgo.MessageEmbed
	size := 0
	for _, e := range embeds {
		n := embedSize(e)
		if len(cur) == maxEmbeds || (len(cur) > 0 && size+n > maxEmbedsTotal) {
			out = append(out, cur)
			cur, size = nil, 0
		}
		cur = append(cur, e)
		size += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// answerButtons are the 👍 / 👎 buttons under an answer, and Sources and
// Show evidence when it cites any; key finds the answer again when one is
// clicked.
func answerButtons(key string, withSources bool) []discordgo.MessageComponent {
	row := []discordgo.MessageComponent{
		discordgo.Button{Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👍"}, CustomID: voteUp + key},
		discordgo.Button{Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👎"}, CustomID: voteDown + key},
	}
	if withSources {
		row = append(row, discordgo.Button{Style: discordgo.PrimaryButton, Label: "Sources", CustomID: showSources + key},
			discordgo.Button{Style: discordgo.SecondaryButton, Label: "Show evidence", CustomID: showEvidence + key})
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}
