package bot

import (
	"cmp"
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// home is where moderation happens.
type home struct {
	guild   string // the operator's guild; "" = moderation is off
	channel string // the moderators' channel, in guild; "" = gaps are not posted
}

// findHome decides where moderation happens: MOD_GUILD_ID, else the guild
// of MOD_CHANNEL_ID, else DISCORD_GUILD_ID. The moderators' channel must be
// in that guild, or it is not used: questions from the operator's server
// would otherwise be shown to another. It logs what it decided, and why
// when moderation is off.
func (b *Bot) findHome(ctx context.Context, s *discordgo.Session) home {
	var h home
	chGuild := ""
	if id := b.cfg.ModChannelID; id != "" {
		g, err := guildOf(ctx, s, id)
		if err != nil {
			b.log.Error("MOD_CHANNEL_ID: cannot find the moderators' channel; gaps will not be posted", "err", err)
		}
		chGuild = g
	}
	h.guild = cmp.Or(b.cfg.ModGuildID, chGuild, b.cfg.GuildID)
	switch {
	case h.guild == "":
		b.log.Warn("moderation is off: set MOD_GUILD_ID (or MOD_CHANNEL_ID, or DISCORD_GUILD_ID) to the server whose moderators may teach the bot")
		return h
	case chGuild == h.guild:
		h.channel = b.cfg.ModChannelID
	case chGuild != "":
		b.log.Error("MOD_CHANNEL_ID is not in the moderators' server (MOD_GUILD_ID or DISCORD_GUILD_ID); gaps will not be posted")
	}
	b.log.Info("moderation", "guild", h.guild, "gaps_posted", h.channel != "")
	return h
}

// guildOf returns the guild of a channel, from the state when the gateway
// has delivered it, else from Discord.
func guildOf(ctx context.Context, s *discordgo.Session, channelID string) (string, error) {
	ch, err := s.State.Channel(channelID)
	if err != nil {
		if ch, err = s.Channel(channelID, discordgo.WithContext(ctx)); err != nil {
			return "", fmt.Errorf("look up channel %s: %w", channelID, err)
		}
	}
	if ch.GuildID == "" {
		return "", fmt.Errorf("channel %s is not in a server", channelID)
	}
	return ch.GuildID, nil
}
