package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestSameCommands(t *testing.T) {
	remote := func(edit func([]*discordgo.ApplicationCommand)) []*discordgo.ApplicationCommand {
		cmds := append(memberCommands(), modCommands()...)
		for i, c := range cmds { // what Discord adds to a registered command
			c.ID, c.ApplicationID, c.Version = "9", "1", "2"
			if c.Type == 0 {
				c.Type = discordgo.ChatApplicationCommand
			}
			cmds[i] = c
		}
		edit(cmds)
		return cmds
	}
	tests := []struct {
		name string
		have []*discordgo.ApplicationCommand
		same bool
	}{
		{"as registered", remote(func([]*discordgo.ApplicationCommand) {}), true},
		{"other order", remote(func(c []*discordgo.ApplicationCommand) { c[0], c[1] = c[1], c[0] }), true},
		{"description changed", remote(func(c []*discordgo.ApplicationCommand) { c[0].Description = "old" }), false},
		{"option dropped", remote(func(c []*discordgo.ApplicationCommand) { c[0].Options = c[0].Options[:1] }), false},
		{"autocomplete off", remote(func(c []*discordgo.ApplicationCommand) { c[2].Options[0].Autocomplete = false }), false},
		{"command missing", remote(func([]*discordgo.ApplicationCommand) {})[:4], false},
		{"open to all", remote(func(c []*discordgo.ApplicationCommand) { c[len(c)-1].DefaultMemberPermissions = nil }), false},
		{"none registered", nil, false},
	}
	for _, tt := range tests {
		if got := sameCommands(tt.have, append(memberCommands(), modCommands()...)); got != tt.same {
			t.Errorf("%s: sameCommands = %v; want %v", tt.name, got, tt.same)
		}
	}
}

func TestNewValidates(t *testing.T) {
	ok := Config{Token: "t", Store: testStore(t, "")}
	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr string // "" for valid
	}{
		{"minimal", func(*Config) {}, ""},
		{"no token", func(c *Config) { c.Token = " " }, "DISCORD_TOKEN is required"},
		{"api url with path", func(c *Config) { c.APIURL = "http://localhost:1/api/v9" }, "DISCORD_API_URL"},
		{"api url not http", func(c *Config) { c.APIURL = "ftp://x" }, "DISCORD_API_URL"},
		{"guild not snowflake", func(c *Config) { c.GuildID = "my-guild" }, "DISCORD_GUILD_ID"},
		{"channel not snowflake", func(c *Config) { c.AllowedChannels = []string{"12", "general"} }, "ALLOWED_CHANNELS"},
		{"negative rate", func(c *Config) { c.QuestionsPerMinute = -1 }, "USER_RATE"},
		{"negative timeout", func(c *Config) { c.AnswerTimeout = -time.Second }, "ANSWER_TIMEOUT"},
		{"shard out of range", func(c *Config) { c.ShardID, c.ShardCount = 2, 2 }, "SHARD_ID"},
		{"every message without its content", func(c *Config) { c.AnswerEveryMessage = true }, "REQUIRE_MENTION=false needs MESSAGE_CONTENT_INTENT=true"},
		{"every message with its content", func(c *Config) { c.AnswerEveryMessage, c.MessageContent = true, true }, ""},
	}
	for _, tt := range tests {
		cfg := ok
		tt.edit(&cfg)
		_, err := New(cfg, answerFunc(nil), fakeSearcher{}, fakeLibrary{})
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: New = %v; want no error", tt.name, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: New = %v; want an error naming %s", tt.name, err, tt.wantErr)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	b, err := New(Config{Token: "Bot t", QuestionsPerMinute: 6, Store: testStore(t, "")}, answerFunc(nil), fakeSearcher{}, fakeLibrary{})
	if err != nil {
		t.Fatal(err)
	}
	c := b.cfg
	if c.Token != "t" || c.APIURL != "https://discord.com" || c.MaxConcurrent != 4 || c.AnswerTimeout != time.Minute ||
		c.QuestionBurst != 3 || c.ShardCount != 1 {
		t.Errorf("defaults = %+v", c)
	}
}

func TestInviteURL(t *testing.T) {
	const want = "https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands&permissions=311385212928"
	if got := InviteURL("123"); got != want {
		t.Errorf("InviteURL = %q; want %q", got, want)
	}
}

func TestLanguage(t *testing.T) {
	for in, want := range map[discordgo.Locale]string{"en-US": "en", "pt-BR": "pt", "ru": "ru", "": ""} {
		if got := language(in); got != want {
			t.Errorf("language(%q) = %q; want %q", in, got, want)
		}
	}
}
