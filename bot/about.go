package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/store"
	"github.com/cstobot/cstobot/knowledge"
)

// about answers /about: which articles the bot knows, which models it
// uses, and what it did in the last 7 days (from the store, so every
// process of a sharded bot counts). The articles are counted from the
// library at the time of asking, so what moderators taught since the
// start shows.
func (b *Bot) about(ctx context.Context, r *ireply) error {
	ps := b.lib.Passages()
	week := ""
	now := time.Now().UTC()
	if days, err := b.cfg.Store.Daily(ctx, now.AddDate(0, 0, -6), now); err != nil {
		b.log.Warn("read the last week's counts for /about", "err", err)
	} else {
		week = weekText(store.Sum(days))
	}
	return r.send(ctx, []outMsg{{embeds: []*discordgo.MessageEmbed{aboutEmbed(b.cfg.About, articlesOf(ps), len(ps), week)}}})
}

// weekText lays out the counts of the last 7 days for /about.
func weekText(d store.Day) string {
	return fmt.Sprintf("%d questions: %d answered, %d refused · 👍 %d 👎 %d · %d open gaps",
		d.Questions, d.Answered, d.Refused, d.Up, d.Down, d.OpenGaps)
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

// aboutEmbed is /about's embed; week, the last 7 days' counts, is left
// out when "".
func aboutEmbed(a About, articles []knowledge.Meta, passages int, week string) *discordgo.MessageEmbed {
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
	e := &discordgo.MessageEmbed{
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
	if week != "" {
		f := field("Last 7 days", week)
		f.Inline = false
		e.Fields = append(e.Fields, f)
	}
	return e
}

// help answers /help, privately.
func (b *Bot) help(ctx context.Context, r *ireply) error {
	return r.ephemeral(ctx, helpText)
}
