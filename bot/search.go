package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// searchResults is how many passages /search shows.
const searchResults = 5

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
	if ok, wait, _ := b.limiter.allow(userOf(r.i).ID); !ok {
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
	e := &discordgo.MessageEmbed{Title: clip("Search: "+sanitize(query), maxTitle), Color: embedColor}
	for i, h := range hits {
		p := h.Passage
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  clip(fmt.Sprintf("%d. %s %s", i+1, sanitize(p.Article.Title), paragraphs(p)), maxTitle),
			Value: clip(sanitize(p.Text), 700) + "\n" + clip(source(p), 250) + "\n`" + p.ID + "`",
		})
	}
	return r.send(ctx, []outMsg{{embeds: []*discordgo.MessageEmbed{e}}})
}
