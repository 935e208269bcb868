package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/knowledge"
)

const msgNoPassage = "I have no passage with the ID `%s`. Start typing in the `id` option to pick one."

// source answers /source id:<passage ID> with the passage in full. The
// library is in memory, so it responds at once, without deferring.
func (b *Bot) source(ctx context.Context, r *ireply) error {
	id := strings.TrimSpace(optString(r.i.ApplicationCommandData(), "id"))
	p, ok := b.lib.Passage(id)
	if !ok {
		return r.ephemeral(ctx, fmt.Sprintf(msgNoPassage, clip(strings.ReplaceAll(sanitize(id), "`", ""), maxChoiceLen)))
	}
	return r.send(ctx, []outMsg{{embeds: []*discordgo.MessageEmbed{passageEmbed(p, 0)}}})
}

// autocomplete suggests passages for /source id as the user types.
func (b *Bot) autocomplete(ctx context.Context, r *ireply) error {
	var typed string
	for _, o := range r.i.ApplicationCommandData().Options {
		if o.Focused {
			typed, _ = o.Value.(string)
		}
	}
	var choices []*discordgo.ApplicationCommandOptionChoice
	for _, p := range matchPassages(b.lib.Passages(), typed, maxChoices) {
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: choiceName(p), Value: p.ID})
	}
	return r.respond(ctx, discordgo.InteractionApplicationCommandAutocompleteResult,
		&discordgo.InteractionResponseData{Choices: choices})
}

// matchPassages returns at most n passages matching what the user typed:
// first those whose ID starts with it, then those whose title contains it,
// then those whose text does (all case-insensitive). IDs too long to be a
// choice value are left out.
func matchPassages(all []knowledge.Passage, typed string, n int) []knowledge.Passage {
	typed = strings.ToLower(strings.TrimSpace(typed))
	var tiers [3][]knowledge.Passage
	for _, p := range all {
		if len(p.ID) > maxChoiceLen {
			continue
		}
		switch {
		case strings.HasPrefix(strings.ToLower(p.ID), typed):
			tiers[0] = append(tiers[0], p)
		case strings.Contains(strings.ToLower(p.Article.Title), typed):
			tiers[1] = append(tiers[1], p)
		case strings.Contains(strings.ToLower(p.Text), typed):
			tiers[2] = append(tiers[2], p)
		}
	}
	out := append(append(tiers[0], tiers[1]...), tiers[2]...)
	return out[:min(n, len(out))]
}

// choiceName describes a passage in one autocomplete line: paragraphs,
// title and the start of the text.
func choiceName(p knowledge.Passage) string {
	return clip(paragraphs(p)+" "+oneLine(sanitize(p.Article.Title))+" — "+oneLine(sanitize(p.Text)), maxChoiceLen)
}
