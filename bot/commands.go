package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// command is a slash command's handler and who may use it.
type command struct {
	handle func(*Bot, context.Context, *ireply) error
	access access
}

// commandHandlers maps each slash command to its handler.
var commandHandlers = map[string]command{
	"ask":     {(*Bot).ask, members},
	"search":  {(*Bot).search, members},
	"source":  {(*Bot).source, members},
	"about":   {(*Bot).about, members},
	"help":    {(*Bot).help, members},
	"privacy": {(*Bot).privacy, members},
	"teach":   {(*Bot).teachCmd, moderators},
	"forget":  {(*Bot).forget, moderators},
	"reindex": {(*Bot).reindex, moderators},

	askMessageCommand: {(*Bot).askMessage, members},
}

func str(name, desc string, required, autocomplete bool, maxLen int) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name,
		Description: desc, Required: required, Autocomplete: autocomplete, MaxLength: maxLen}
}

// memberCommands are the slash commands and the message command (Apps →
// Ask cstobot) everyone may use. Their names and
// options are product API: users and docs refer to them.
func memberCommands() []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask a question about the CSTO; the answer cites its sources", Options: []*discordgo.ApplicationCommandOption{
			str("question", "What you want to know", true, false, 500),
			{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private", Description: "Show the answer only to you"},
		}},
		{Name: "search", Description: "Find the passages that match, without drafting an answer", Options: []*discordgo.ApplicationCommandOption{
			str("query", "Words to look for", true, false, 200),
		}},
		{Name: "source", Description: "Show one passage in full", Options: []*discordgo.ApplicationCommandOption{
			str("id", "The passage (start typing to pick one)", true, true, maxChoiceLen),
		}},
		{Name: "about", Description: "What the bot knows and which models it uses"},
		{Name: "help", Description: "How to use the bot"},
		{Name: "privacy", Description: "What the bot keeps about you, and deleting it"},
		{Name: askMessageCommand, Type: discordgo.MessageApplicationCommand},
	}
}

// manageServer is the default_member_permissions of the moderators'
// commands: Discord shows them only to members with Manage Server, unless
// the server's admins allow them for a role (Server Settings →
// Integrations), as they should for MOD_ROLES.
var manageServer int64 = discordgo.PermissionManageGuild

// modCommands are the moderators' slash commands, registered in the home
// guild only.
func modCommands() []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{Name: "teach", Description: "Moderators: teach the bot a short fact with its source, or a web page by its link", DefaultMemberPermissions: &manageServer,
			Options: []*discordgo.ApplicationCommandOption{
				str("fact", "The fact, in a sentence or two (leave out to add the web page at url)", false, false, 1500),
				str("url", "Where the fact comes from; alone, the web page to add", false, false, 500),
				str("title", "A title for it (default: the fact's start)", false, false, 200),
			}},
		{Name: "forget", Description: "Moderators: remove an article added from Discord", DefaultMemberPermissions: &manageServer,
			Options: []*discordgo.ApplicationCommandOption{
				str("id", "The article's ID, e.g. local/who-chairs-the-csto-1a2b3c4d", true, false, 200),
			}},
		{Name: "reindex", Description: "Moderators: read the knowledge folder again (goes live only if the golden set passes)",
			DefaultMemberPermissions: &manageServer},
	}
}

// commandSets are the command sets to register, by scope: the members'
// commands in DISCORD_GUILD_ID or globally (""), the moderators' in the
// home guild modGuild (none when moderation is off).
func (b *Bot) commandSets(modGuild string) map[string][]*discordgo.ApplicationCommand {
	sets := map[string][]*discordgo.ApplicationCommand{b.cfg.GuildID: memberCommands()}
	if modGuild != "" {
		sets[modGuild] = append(sets[modGuild], modCommands()...)
	}
	return sets
}

// registerCommands makes each remote command set match commandSets: it
// reads the remote set and overwrites it only when it differs, or always
// when SyncCommands is set, so a restart does not touch Discord's command
// cache.
func (b *Bot) registerCommands(ctx context.Context, s *discordgo.Session, appID, modGuild string) error {
	sets := b.commandSets(modGuild)
	for _, scope := range slices.Sorted(maps.Keys(sets)) {
		if err := b.registerSet(ctx, s, appID, scope, sets[scope]); err != nil {
			return err
		}
	}
	return nil
}

// registerSet makes the commands of one scope (a guild, or "" for global)
// be want.
func (b *Bot) registerSet(ctx context.Context, s *discordgo.Session, appID, scope string, want []*discordgo.ApplicationCommand) error {
	if !b.cfg.SyncCommands {
		have, err := s.ApplicationCommands(appID, scope, discordgo.WithContext(ctx))
		if err != nil {
			return fmt.Errorf("list registered commands: %w", err)
		}
		if sameCommands(have, want) {
			b.log.Info("slash commands up to date", "guild", scope)
			return nil
		}
	}
	if _, err := s.ApplicationCommandBulkOverwrite(appID, scope, want, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("register commands (guild %q): %w", scope, err)
	}
	b.log.Info("slash commands registered", "guild", scope, "count", len(want))
	return nil
}

// sameCommands reports whether two command sets are the same in everything
// the bot sets; fields Discord adds (IDs, versions, defaults) are ignored.
func sameCommands(a, b []*discordgo.ApplicationCommand) bool {
	return slices.Equal(commandKeys(a), commandKeys(b))
}

func commandKeys(cmds []*discordgo.ApplicationCommand) []string {
	keys := make([]string, len(cmds))
	for i, c := range cmds {
		typ := c.Type
		if typ == 0 {
			typ = discordgo.ChatApplicationCommand
		}
		var perms int64 = -1
		if c.DefaultMemberPermissions != nil {
			perms = *c.DefaultMemberPermissions
		}
		k, _ := json.Marshal(struct {
			Type       discordgo.ApplicationCommandType
			Name, Desc string
			Perms      int64
			Options    []optionKey
		}{typ, c.Name, c.Description, perms, optionKeys(c.Options)})
		keys[i] = string(k)
	}
	slices.Sort(keys)
	return keys
}

type optionKey struct {
	Type                   discordgo.ApplicationCommandOptionType
	Name, Desc             string
	Required, Autocomplete bool
	MaxLength              int
	Options                []optionKey
}

func optionKeys(opts []*discordgo.ApplicationCommandOption) []optionKey {
	var keys []optionKey
	for _, o := range opts {
		keys = append(keys, optionKey{o.Type, o.Name, o.Description, o.Required, o.Autocomplete, o.MaxLength, optionKeys(o.Options)})
	}
	return keys
}

// option finds a command option by name.
func option(data discordgo.ApplicationCommandInteractionData, name string) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range data.Options {
		if o.Name == name {
			return o
		}
	}
	return nil
}

func optString(data discordgo.ApplicationCommandInteractionData, name string) string {
	if o := option(data, name); o != nil {
		if s, ok := o.Value.(string); ok {
			return s
		}
	}
	return ""
}

func optBool(data discordgo.ApplicationCommandInteractionData, name string) bool {
	if o := option(data, name); o != nil {
		if v, ok := o.Value.(bool); ok {
			return v
		}
	}
	return false
}

// helpText is what /help shows.
var helpText = strings.TrimSpace(`
**Ask me about the CSTO** — I answer from a library of articles and cite them like [1].
• ` + "`/ask question:…`" + ` — an answer with its sources (add ` + "`private:true`" + ` to see it alone)
• ` + "`/search query:…`" + ` — the best matching passages, without an answer
• ` + "`/source id:…`" + ` — one passage in full (start typing to pick it)
• ` + "`/about`" + ` — which articles and models I use
• ` + "`/privacy`" + ` — what I keep about you, and deleting it
• Mention me in a channel and I answer in a thread; reply there to follow up. DMs work too.
Under each answer: 👍 / 👎 tell the operator how it went; **Sources** shows the cited passages in full.
Moderators of the operator's server: ` + "`/teach fact:… url:…`" + ` adds a fact, ` + "`/teach url:…`" + ` a web page, ` + "`/forget id:…`" + ` removes one added from Discord, ` + "`/reindex`" + ` re-reads the knowledge folder.`)

// Permissions are what the bot needs where it answers: Send Messages, Send
// Messages in Threads, Create Public Threads, Read Message History, Embed
// Links and Use Slash Commands (311385212928).
const Permissions int64 = discordgo.PermissionSendMessages | discordgo.PermissionSendMessagesInThreads |
	discordgo.PermissionCreatePublicThreads | discordgo.PermissionReadMessageHistory |
	discordgo.PermissionEmbedLinks | discordgo.PermissionUseApplicationCommands

// InviteURL is the link that adds the application appID to a server with
// the bot and its slash commands, asking for Permissions.
func InviteURL(appID string) string {
	return "https://discord.com/oauth2/authorize?client_id=" + url.QueryEscape(appID) +
		"&scope=bot+applications.commands&permissions=" + strconv.FormatInt(Permissions, 10)
}
