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

// What source shows of an article's title and author, at most.
const (
	sourceTitle  = 150
	sourceAuthor = 80
)

// source names where a passage comes from, in one line of at most about
// 900 characters: title (linked when the article has a URL that cleanURL
// accepts), author, date, pages of a paged source (PDF) and paragraphs. Title and author are plain text:
// clipped, then escaped, so that no cut breaks an escape.
func source(p knowledge.Passage) string {
	return sourceLine(p, true)
}

func sourceLine(p knowledge.Passage, linked bool) string {
	title := escapeMarkdown(clip(oneLine(sanitize(p.Article.Title)), sourceTitle))
	if u, ok := cleanURL(p.Article.URL); ok && linked {
		title = "[" + title + "](" + u + ")"
	}
	parts := []string{"**" + title + "**"}
	if p.Article.Author != "" {
		parts = append(parts, escapeMarkdown(clip(oneLine(sanitize(p.Article.Author)), sourceAuthor)))
	}
	if !p.Article.Published.IsZero() {
		parts = append(parts, p.Article.Published.Format("2 Jan 2006"))
	}
	if pages := p.PageLabel(); pages != "" {
		parts = append(parts, pages)
	}
	if paras := paragraphs(p); paras != "" {
		parts = append(parts, paras)
	}
	return strings.Join(parts, " · ")
}

// paragraphs names the article paragraphs a passage covers: "¶3" or "¶3–5";
// "" for the article's metadata (what a byline cites), which is no paragraph.
func paragraphs(p knowledge.Passage) string {
	if p.First <= 0 {
		return ""
	}
	if p.Last > p.First {
		return fmt.Sprintf("¶%d–%d", p.First, p.Last)
	}
	return fmt.Sprintf("¶%d", p.First)
}

// markdownEscaper backslash-escapes what Markdown would read in plain
// text: emphasis, code, spoilers, and the brackets of a link.
var markdownEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "~", `\~`, "`", "\\`", "|", `\|`, "[", `\[`, "]", `\]`)

// escapeMarkdown makes s show as it is, inside bold or a link's text.
func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }

// citedURLs are the URLs of cited articles, which drafted text may link to.
func citedURLs(cites []answer.Citation) []string {
	var urls []string
	for _, c := range cites {
		if c.Passage.Article.URL != "" {
			urls = append(urls, c.Passage.Article.URL)
		}
	}
	return urls
}

// embedURL is u when Discord would take it as an embed's link, else "".
func embedURL(u string) string {
	c, _ := cleanURL(u)
	return c
}

// sourcesEmbed lists the citations of an answer, numbered as in its text.
// It returns nil when there is nothing to list.
func sourcesEmbed(cites []answer.Citation) *discordgo.MessageEmbed {
	if len(cites) == 0 {
		return nil
	}
	var b strings.Builder
	for i, c := range cites {
		line := fmt.Sprintf("**[%d]** %s\n", c.N, source(c.Passage))
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
	if paras := paragraphs(p); paras != "" {
		foot = append(foot, paras)
	}
	foot = append(foot, p.ID)
	return &discordgo.MessageEmbed{
		Title:       clip(title, maxTitle),
		URL:         embedURL(p.Article.URL),
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
// Show evidence when it cites any, and Post to channel when it is
// postable; key finds the answer again when one is clicked.
func answerButtons(key string, withSources, postable bool) []discordgo.MessageComponent {
	row := []discordgo.MessageComponent{
		discordgo.Button{Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👍"}, CustomID: voteUp + key},
		discordgo.Button{Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👎"}, CustomID: voteDown + key},
	}
	if withSources {
		row = append(row, discordgo.Button{Style: discordgo.PrimaryButton, Label: "Sources", CustomID: showSources + key},
			discordgo.Button{Style: discordgo.SecondaryButton, Label: "Show evidence", CustomID: showEvidence + key})
	}
	if postable {
		row = append(row, discordgo.Button{Style: discordgo.SecondaryButton, Label: "Post to channel", CustomID: postAnswer + key})
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}
