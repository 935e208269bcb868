package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// about answers /about: which articles the bot knows and which models it
// uses.
func (b *Bot) about(ctx context.Context, r *ireply) error {
	return r.send(ctx, []outMsg{{embeds: []*discordgo.MessageEmbed{aboutEmbed(b.cfg.About)}}})
}

func aboutEmbed(a About) *discordgo.MessageEmbed {
	var lines strings.Builder
	for i, m := range a.Articles {
		line := "• **" + sanitize(m.Title) + "**"
		if m.Author != "" {
			line += " · " + sanitize(m.Author)
		}
		if !m.Published.IsZero() {
			line += " · " + m.Published.Format("2 Jan 2006")
		}
		line = clip(line, 300) + "\n"
		if width(lines.String())+width(line) > maxDescription-40 {
			fmt.Fprintf(&lines, "…and %d more", len(a.Articles)-i)
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
			field("Articles", fmt.Sprint(len(a.Articles))),
			field("Passages", fmt.Sprint(a.Passages)),
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
