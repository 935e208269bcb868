package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/knowledge"
)

// about answers /about: which articles the bot knows and which models it
// uses. The articles are counted from the library at the time of asking, so
// what moderators taught since the start shows.
func (b *Bot) about(ctx context.Context, r *ireply) error {
	ps := b.lib.Passages()
	return r.send(ctx, []outMsg{{embeds: []*discordgo.MessageEmbed{aboutEmbed(b.cfg.About, articlesOf(ps), len(ps))}}})
}

// articlesOf lists the articles passages come from, in order of first
// appearance.
func articlesOf(ps []knowledge.Passage) []knowledge.Meta {
	var arts []knowledge.Meta
	seen := map[string]bool{}
	for _, p := range ps {
		if !seen[p.Article.ID] {
			seen[p.Article.ID] = true
			arts = append(arts, p.Article)
		}
	}
	return arts
}

func aboutEmbed(a About, articles []knowledge.Meta, passages int) *discordgo.MessageEmbed {
	var lines strings.Builder
	for i, m := range articles {
		line := "• **" + escapeMarkdown(clip(oneLine(sanitize(m.Title)), sourceTitle)) + "**"
		if m.Author != "" {
			line += " · " + escapeMarkdown(clip(oneLine(sanitize(m.Author)), sourceAuthor))
		}
		if !m.Published.IsZero() {
			line += " · " + m.Published.Format("2 Jan 2006")
		}
		line += "\n"
		if width(lines.String())+width(line) > maxDescription-40 {
			fmt.Fprintf(&lines, "…and %d more", len(articles)-i)
			break
		}
		lines.WriteString(line)
	}
	field := func(name, value string) *discordgo.MessageEmbedField {
		if value == "" {
			value = "—"
		}
		return &discordgo.MessageEmbedField{Name: name, Value: clip(sanitize(value), maxFieldValue), Inline: true}
	}
	return &discordgo.MessageEmbed{
		Title:       "What I know",
		Description: strings.TrimRight(lines.String(), "\n"),
		Color:       embedColor,
		Fields: []*discordgo.MessageEmbedField{
			field("Articles", fmt.Sprint(len(articles))),
			field("Passages", fmt.Sprint(passages)),
			field("Embeddings", a.Embedder),
			field("Chat model", a.ChatModel),
			field("Version", a.Version),
		},
	}
}

// help answers /help, privately.
func (b *Bot) help(ctx context.Context, r *ireply) error {
	return r.ephemeral(ctx, helpText)
}
