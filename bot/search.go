package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// searchResults is how many passages /search shows, each in a field whose
// name and value are held to searchName and searchValue so that together,
// with the title, they stay within an embed's 6,000 characters.
const (
	searchResults = 5
	searchName    = 200
	searchValue   = 900
)

const (
	msgEmptySearch = "Give me some words to look for, for example: `/search query: Tashkent treaty`"
	msgNoHits      = "I found nothing for that in my sources."
)

// search answers /search query:<text> with the best passages and their
// sources, without drafting an answer.
func (b *Bot) search(ctx context.Context, r *ireply) error {
	query := strings.TrimSpace(optString(r.i.ApplicationCommandData(), "query"))
	if query == "" {
		return r.ephemeral(ctx, msgEmptySearch)
	}
	if !b.allowedHere(r) {
		return r.ephemeral(ctx, b.onlyIn())
	}
	if ok, wait, _ := b.limiter.allow(ctx, userOf(r.i).ID); !ok {
		return r.ephemeral(ctx, slowDown(wait))
	}
	// Searching may embed the query through an API: acknowledge first.
	if err := r.deferReply(ctx); err != nil {
		return fmt.Errorf("acknowledge /search: %w", err)
	}
	sctx, cancel := context.WithTimeout(ctx, b.cfg.AnswerTimeout)
	defer cancel()
	hits, err := b.searcher.Search(sctx, query, searchResults)
	if err != nil {
		return fmt.Errorf("search %q: %w", query, err)
	}
	if len(hits) == 0 {
		return r.send(ctx, []outMsg{{content: msgNoHits}})
	}
	return r.send(ctx, []outMsg{{embeds: []*discordgo.MessageEmbed{searchEmbed(query, hits)}}})
}

// searchEmbed lays out /search's hits, one field each.
func searchEmbed(query string, hits []retrieval.Hit) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: clip("Search: "+oneLine(sanitize(query)), maxTitle), Color: embedColor}
	for i, h := range hits[:min(len(hits), searchResults)] {
		p := h.Passage
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  clip(fmt.Sprintf("%d. %s %s", i+1, oneLine(sanitize(p.Article.Title)), paragraphs(p)), searchName),
			Value: hitText(p),
		})
	}
	return e
}

// hitText is a hit's field: the passage's start, where it comes from, and
// its ID for /source, within searchValue.
func hitText(p knowledge.Passage) string {
	src := source(p)
	if width(src) > searchValue/2 {
		src = sourceLine(p, false)
	}
	tail := "\n" + src + "\n`" + clip(strings.ReplaceAll(p.ID, "`", ""), maxChoiceLen) + "`"
	return clip(sanitize(p.Text), searchValue-width(tail)) + tail
}
