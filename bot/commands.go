package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// commandHandlers maps each slash command to its handler.
var commandHandlers = map[string]func(*Bot, context.Context, *ireply) error{
	"ask":    (*Bot).ask,
	"search": (*Bot).search,
	"source": (*Bot).source,
	"about":  (*Bot).about,
	"help":   (*Bot).help,
	// The moderators' commands; each checks the member's permission.
	"teach":   (*Bot).teachCmd,
	"forget":  (*Bot).forget,
	"reindex": (*Bot).reindex,
}

// commands are the slash commands the bot registers. Their names and
// options are product API: users and docs refer to them.
func commands() []*discordgo.ApplicationCommand {
	str := func(name, desc string, required, autocomplete bool, maxLen int) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name,
			Description: desc, Required: required, Autocomplete: autocomplete, MaxLength: maxLen}
	}
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
		// Visible to everyone, so that members of MOD_ROLES can use them
		// without a server admin granting each command; only moderators
		// get past the handlers' check.
		{Name: "teach", Description: "Moderators: teach the bot a short fact, with its source", Options: []*discordgo.ApplicationCommandOption{
			str("fact", "The fact, in a sentence or two", true, false, 1500),
			str("url", "Where it comes from (a link)", true, false, 500),
			str("title", "A title for it (default: the fact's start)", false, false, 200),
		}},
		{Name: "forget", Description: "Moderators: remove an article added from Discord", Options: []*discordgo.ApplicationCommandOption{
			str("id", "The article's ID, e.g. local/who-chairs-the-csto-1a2b3c", true, false, 200),
		}},
		{Name: "reindex", Description: "Moderators: read the knowledge folder again (goes live only if the golden set passes)"},
	}
}

// registerCommands makes the remote command set match commands(): it reads
// the remote set and overwrites it only when it differs, or always when
// SyncCommands is set, so a restart does not touch Discord's command cache.
func (b *Bot) registerCommands(ctx context.Context, s *discordgo.Session, appID string) error {
	want := commands()
	if !b.cfg.SyncCommands {
		have, err := s.ApplicationCommands(appID, b.cfg.GuildID, discordgo.WithContext(ctx))
		if err != nil {
			return fmt.Errorf("list registered commands: %w", err)
		}
		if sameCommands(have, want) {
			b.log.Info("slash commands up to date", "guild", b.cfg.GuildID)
			return nil
		}
	}
	if _, err := s.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, want, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("register commands (guild %q): %w", b.cfg.GuildID, err)
	}
	b.log.Info("slash commands registered", "guild", b.cfg.GuildID, "count", len(want))
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
		k, _ := json.Marshal(struct {
			Type       discordgo.ApplicationCommandType
			Name, Desc string
			Options    []optionKey
		}{typ, c.Name, c.Description, optionKeys(c.Options)})
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
• Mention me in a channel and I answer in a thread; reply there to follow up. DMs work too.
Under each answer: 👍 / 👎 tell the operator how it went; **Sources** shows the cited passages in full.
Moderators: ` + "`/teach fact:… url:…`" + ` adds a fact, ` + "`/forget id:…`" + ` removes one added from Discord, ` + "`/reindex`" + ` re-reads the knowledge folder.`)

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
