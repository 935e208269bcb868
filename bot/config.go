package bot

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/cstobot/cstobot/internal/ops"
)

// Config is the bot's configuration. The environment variable or flag each
// field comes from (read by cmd/cstobot) is named in validation errors.
type Config struct {
	Token   string // DISCORD_TOKEN; required; never logged
	APIURL  string // DISCORD_API_URL: origin for REST and gateway discovery; "" = https://discord.com
	GuildID string // DISCORD_GUILD_ID: register commands in this guild; "" = globally
	// ModGuildID (MOD_GUILD_ID) is the operator's server, where moderation
	// happens; "" = the guild of ModChannelID, else GuildID.
	ModGuildID      string
	SyncCommands    bool     // register commands even when the remote set is the same
	AllowedChannels []string // ALLOWED_CHANNELS: channel IDs answered in; empty = all
	// ForumChannels (FORUM_CHANNELS) are forum channels whose new posts
	// are answered in their threads.
	ForumChannels []string
	// AnswerEveryMessage (REQUIRE_MENTION=false) answers every message in
	// the allowed channels, not only mentions; it needs MessageContent.
	AnswerEveryMessage bool
	Threads            bool // THREADS: answer a mention in a new thread, else reply in place
	MessageContent     bool // MESSAGE_CONTENT_INTENT: request the privileged intent

	QuestionsPerMinute int           // USER_RATE: per user; 0 = no limit
	QuestionBurst      int           // questions a user may ask at once; 0 = min(3, QuestionsPerMinute)
	MaxConcurrent      int           // MAX_CONCURRENT: answers drafted at once; 0 = 4
	AnswerTimeout      time.Duration // ANSWER_TIMEOUT: budget of one answer; 0 = 60s
	ShutdownGrace      time.Duration // how long answers in flight may finish at shutdown; 0 = 20s

	ShardID, ShardCount int // SHARD_ID, SHARD_COUNT; ShardCount 0 = 1

	// Store keeps answers behind buttons, votes, gaps, the audit log and
	// the question counts, shared by every process of a sharded bot;
	// required. Its retention is set when it is opened.
	Store Store
	// FeedbackRetention (FEEDBACK_RETENTION) is what /privacy says votes
	// are kept for; the store deletes older ones.
	FeedbackRetention time.Duration

	// ModChannelID (MOD_CHANNEL_ID) is where refused and 👎 answers are
	// posted for moderators to answer; "" = not posted.
	ModChannelID string
	// ModPostsPerHour (MOD_POSTS_PER_HOUR) caps the new posts in the
	// moderators' channel per hour; 0 = 20.
	ModPostsPerHour int
	// ModRoles (MOD_ROLES) are role IDs whose members may teach, forget and
	// re-index, besides members with Manage Server.
	ModRoles []string
	// Curator changes the knowledge base for /teach, /forget, /reindex and
	// the Answer button; nil = those say teaching is not set up.
	Curator Curator
	// Pages fetches the web page of /teach url:…; nil = /teach takes
	// facts only.
	Pages PageSaver
	About About
	// Metrics counts questions by entry point and outcome, feedback and
	// gateway reconnects; nil records nothing.
	Metrics *ops.Metrics
	Logger  *slog.Logger // nil = discard
}

// validate checks cfg, fills in defaults, and parses the API origin.
func validate(cfg Config) (Config, *url.URL, error) {
	cfg.Token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(cfg.Token), "Bot "))
	if cfg.Token == "" {
		return cfg, nil, errors.New("DISCORD_TOKEN is required: set it to your bot's token from the Developer Portal (Applications → your app → Bot → Reset Token)")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "https://discord.com"
	}
	apiURL, err := parseOrigin(cfg.APIURL)
	if err != nil {
		return cfg, nil, fmt.Errorf("DISCORD_API_URL must be an origin such as https://discord.com: %w", err)
	}
	if err := checkIDs(cfg); err != nil {
		return cfg, nil, err
	}
	if cfg.AnswerEveryMessage && !cfg.MessageContent {
		return cfg, nil, errors.New("REQUIRE_MENTION=false needs MESSAGE_CONTENT_INTENT=true: without the message content intent Discord sends " +
			"messages that do not mention the bot without their text, so every one of them would be answered with the help text")
	}
	switch {
	case cfg.QuestionsPerMinute < 0:
		return cfg, nil, errors.New("USER_RATE must be 0 (no limit) or more questions per minute")
	case cfg.QuestionBurst < 0, cfg.MaxConcurrent < 0, cfg.AnswerTimeout < 0, cfg.ShutdownGrace < 0, cfg.ModPostsPerHour < 0,
		cfg.FeedbackRetention < 0:
		return cfg, nil, errors.New("MAX_CONCURRENT, ANSWER_TIMEOUT, MOD_POSTS_PER_HOUR, FEEDBACK_RETENTION and the question burst and shutdown grace must not be negative")
	case cfg.ShardCount < 0 || cfg.ShardID < 0 || (cfg.ShardCount > 0 && cfg.ShardID >= cfg.ShardCount):
		return cfg, nil, fmt.Errorf("SHARD_ID (%d) must be below SHARD_COUNT (%d)", cfg.ShardID, cfg.ShardCount)
	}
	if cfg.QuestionBurst == 0 {
		cfg.QuestionBurst = min(3, cfg.QuestionsPerMinute)
	}
	cfg.MaxConcurrent = cmp.Or(cfg.MaxConcurrent, 4)
	cfg.ModPostsPerHour = cmp.Or(cfg.ModPostsPerHour, 20)
	cfg.AnswerTimeout = cmp.Or(cfg.AnswerTimeout, 60*time.Second)
	cfg.ShutdownGrace = cmp.Or(cfg.ShutdownGrace, 20*time.Second)
	cfg.ShardCount = cmp.Or(cfg.ShardCount, 1)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg, apiURL, nil
}

// checkIDs checks that the Discord IDs of cfg are IDs.
func checkIDs(cfg Config) error {
	if cfg.GuildID != "" && !isSnowflake(cfg.GuildID) {
		return fmt.Errorf("DISCORD_GUILD_ID must be a server ID (digits only), not %q", cfg.GuildID)
	}
	if cfg.ModGuildID != "" && !isSnowflake(cfg.ModGuildID) {
		return fmt.Errorf("MOD_GUILD_ID must be a server ID (digits only), not %q", cfg.ModGuildID)
	}
	if cfg.ModChannelID != "" && !isSnowflake(cfg.ModChannelID) {
		return fmt.Errorf("MOD_CHANNEL_ID must be a channel ID (digits only), not %q", cfg.ModChannelID)
	}
	for _, r := range cfg.ModRoles {
		if !isSnowflake(r) {
			return fmt.Errorf("MOD_ROLES must list role IDs (digits only); %q is not one", r)
		}
	}
	for _, c := range cfg.AllowedChannels {
		if !isSnowflake(c) {
			return fmt.Errorf("ALLOWED_CHANNELS must list channel IDs (digits only); %q is not one", c)
		}
	}
	for _, c := range cfg.ForumChannels {
		if !isSnowflake(c) {
			return fmt.Errorf("FORUM_CHANNELS must list channel IDs (digits only); %q is not one", c)
		}
	}
	return nil
}

func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
