package bot

import (
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// access is who may use a command, button or form, and where.
type access int

const (
	// members: anyone, wherever the bot answers.
	members access = iota
	// moderators: moderators of the home guild, in that guild only. The
	// knowledge they change is shared by every guild the bot is in, and
	// anyone can invite a public bot to a server they own.
	moderators
)

// modPrefix starts the custom ID of every moderators' button and form.
const modPrefix = "mod:"

const (
	msgNotAllowed    = "Sorry, only moderators can do that."
	msgModerationOff = "Moderation is not set up on this bot."
	msgNotHome       = "Sorry, this bot is moderated only in its operator's server."
)

// accessOf says who may use what interaction i asks for.
func accessOf(i *discordgo.Interaction) access {
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		return commandHandlers[i.ApplicationCommandData().Name].access
	case discordgo.InteractionMessageComponent:
		return accessOfID(i.MessageComponentData().CustomID)
	case discordgo.InteractionModalSubmit:
		return accessOfID(i.ModalSubmitData().CustomID)
	}
	return members
}

func accessOfID(customID string) access {
	if strings.HasPrefix(customID, modPrefix) {
		return moderators
	}
	return members
}

// refusal is the one place that decides whether interaction i may be
// handled where it came from and for whom: it returns what to tell the
// user when it may not, else "". A moderators' interaction needs the home
// guild (never a DM) and a moderator.
func (b *Bot) refusal(i *discordgo.Interaction) string {
	if accessOf(i) == members {
		return ""
	}
	h := b.home.Load()
	switch {
	case h == nil || h.guild == "":
		return msgModerationOff
	case i.GuildID != h.guild:
		return msgNotHome
	case !b.isModerator(i):
		return msgNotAllowed
	}
	return ""
}

// isModerator reports whether the member behind i has Manage Server (or
// Administrator) or one of the configured roles. Discord computes the
// member's permissions in the interaction's channel.
func (b *Bot) isModerator(i *discordgo.Interaction) bool {
	m := i.Member
	if m == nil { // a DM: no server, no role
		return false
	}
	if m.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0 {
		return true
	}
	return slices.ContainsFunc(m.Roles, func(r string) bool { return slices.Contains(b.cfg.ModRoles, r) })
}
