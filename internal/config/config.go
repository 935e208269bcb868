// Package config reads cstobot's configuration from the environment and
// command-line flags into one validated Config.
//
// Every setting is declared once, in the table returned by Vars, so that
// parsing, the README's configuration table, .env.example and the Docker
// files can be checked against the same list. A flag overrides its
// environment variable, which overrides the default. Secrets come only from
// the environment, or from a file named by VAR_FILE (Docker secrets), and are
// never printed.
package config

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config is everything the binary can be told.
type Config struct {
	DataDir      string // where the index and feedback live
	KnowledgeDir string // the operator's articles, added to the built-in ones

	// The store of what the bot remembers: SQLite in DataDir, or Postgres
	// at DatabaseURL when it is set.
	DatabaseURL       string
	AnswerButtonsTTL  time.Duration // how long the buttons under an answer work
	FeedbackRetention time.Duration // how long feedback, question rows and gaps are kept

	// An OpenAI-compatible API for chat and embeddings. With neither the key
	// nor the base URL set, cstobot works offline.
	OpenAIAPIKey        string
	OpenAIBaseURL       string
	ChatModel           string
	EmbeddingModel      string
	EmbeddingDimensions int
	Embedder            string // "auto", "builtin" or "openai"
	MinCoverage         float64
	Verify              string // "lexical", "model" or "off"
	VectorPrecision     string // "float32" or "int8"

	DiscordToken    string
	DiscordGuildID  string
	DiscordAPIURL   string
	SyncCommands    bool
	AllowedChannels []string
	ForumChannels   []string
	RequireMention  bool
	Threads         bool
	MessageContent  bool
	UserRate        int // questions per user per minute
	MaxConcurrent   int
	AnswerTimeout   time.Duration
	ShardID         int
	ShardCount      int
	GatewayGrace    time.Duration // how long the gateway may be down before /readyz says so

	// Moderation and safe re-indexing.
	ModGuildID      string
	ModChannelID    string
	ModRoles        []string
	ModPostsPerHour int
	GoldenSet       string        // "" = KNOWLEDGE_DIR/golden.jsonl when that exists
	GoldenFloor     float64       // least hit@5 of GoldenSet for a re-index to go live
	KnowledgePoll   time.Duration // how often the knowledge folder is checked for changes; 0 = never

	HTTPAddr  string
	LogFormat string // "text" or "json"
	LogLevel  string // "debug", "info", "warn", "error"

	raw map[string]string // each setting as given, for Redacted
}

// UseAPI reports whether an OpenAI-compatible API is configured.
func (c Config) UseAPI() bool { return c.OpenAIAPIKey != "" || c.OpenAIBaseURL != "" }

// UseAPIEmbeddings reports whether passages are embedded through the API
// rather than by the built-in embedder.
func (c Config) UseAPIEmbeddings() bool {
	switch c.Embedder {
	case "openai":
		return true
	case "builtin":
		return false
	}
	return c.UseAPI()
}

// Var is one setting: its environment variable, its flag, its default and
// what it means.
type Var struct {
	Env     string
	Flag    string // "" when the setting has no flag (secrets)
	Default string // as documented; "" means empty or computed (see Usage)
	Usage   string
	Secret  bool // may also come from Env+"_FILE"; never printed
	Bool    bool
	// Commands are the subcommands that read the setting: they take its
	// flag and list it in their --help.
	Commands []string
	// Required is true when those commands refuse to run without it.
	Required bool
	set      func(c *Config, v string) error
}

// Meaning is what the setting does, as the README, .env.example and --help
// say it: its usage, and whether a command needs it.
func (v Var) Meaning() string {
	if v.Required {
		return v.Usage + " (required by " + strings.Join(v.Commands, ", ") + ")"
	}
	return v.Usage
}

// The subcommands that read each group of settings.
var (
	// indexing opens the knowledge base and its index.
	indexing = []string{"add", "ask", "search", "index", "eval", "serve"}
	// drafting answers questions.
	drafting = []string{"ask", "eval", "serve"}
	// guarded brings the index up to date, checked by the golden set.
	guarded = []string{"add", "ask", "search", "index", "serve"}
	serving = []string{"serve"}
	probing = []string{"serve", "healthcheck"}
	// storing opens the store.
	storing = []string{"serve", "stats"}
	// stored opens the index or the store, both in DATA_DIR.
	stored = []string{"add", "ask", "search", "index", "eval", "serve", "stats"}
)

// Vars lists every setting, in the order the README documents them.
func Vars() []Var { return vars }

var vars = []Var{
	{Env: "DATA_DIR", Commands: stored, Flag: "data-dir", Usage: "where the index, the store (store.db, unless DATABASE_URL is set) and feedback are kept (default $XDG_DATA_HOME/cstobot or ~/.local/share/cstobot)",
		set: func(c *Config, v string) error { c.DataDir = v; return nil }},
	{Env: "KNOWLEDGE_DIR", Commands: indexing, Flag: "knowledge-dir", Usage: "a folder of .md, .txt, .html and .pdf articles added to the built-in ones; cstobot add saves web pages in its web/ subfolder",
		set: func(c *Config, v string) error { c.KnowledgeDir = v; return nil }},
	{Env: "DATABASE_URL", Commands: storing, Secret: true, Usage: "Postgres connection string (postgres://user:password@host:5432/database) for a store shared by several processes, e.g. one per shard (empty: SQLite in DATA_DIR)",
		set: setDatabaseURL},
	{Env: "ANSWER_BUTTONS_TTL", Commands: storing, Flag: "answer-buttons-ttl", Default: "720h", Usage: "how long the Sources, Show evidence and 👍/👎 buttons under an answer keep working (720h: 30 days)",
		set: setDuration(func(c *Config) *time.Duration { return &c.AnswerButtonsTTL })},
	{Env: "FEEDBACK_RETENTION", Commands: storing, Flag: "feedback-retention", Default: "2160h", Usage: "how long votes with their question and answer, question counts and gap posts are kept (2160h: 90 days)",
		set: setDuration(func(c *Config) *time.Duration { return &c.FeedbackRetention })},
	{Env: "OPENAI_API_KEY", Commands: indexing, Secret: true, Usage: "key for the OpenAI-compatible API; empty for local servers such as Ollama",
		set: func(c *Config, v string) error { c.OpenAIAPIKey = v; return nil }},
	{Env: "OPENAI_BASE_URL", Commands: indexing, Flag: "openai-base-url", Usage: "base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1 (default https://api.openai.com/v1 when only the key is set)",
		set: setURL(func(c *Config) *string { return &c.OpenAIBaseURL })},
	{Env: "CHAT_MODEL", Commands: drafting, Flag: "chat-model", Default: "gpt-4o-mini", Usage: "chat model that drafts answers",
		set: func(c *Config, v string) error { c.ChatModel = v; return nil }},
	{Env: "EMBEDDING_MODEL", Commands: indexing, Flag: "embedding-model", Default: "text-embedding-3-small", Usage: "embedding model, when passages are embedded through the API",
		set: func(c *Config, v string) error { c.EmbeddingModel = v; return nil }},
	{Env: "EMBEDDING_DIMENSIONS", Commands: indexing, Flag: "embedding-dimensions", Default: "0", Usage: "ask the API for vectors of this length (0: the model's own)",
		set: setInt(func(c *Config) *int { return &c.EmbeddingDimensions }, 0, 1<<16)},
	{Env: "EMBEDDER", Commands: indexing, Flag: "embedder", Default: "auto", Usage: "auto (the API when one is configured, else built-in), builtin or openai",
		set: setEnum(func(c *Config) *string { return &c.Embedder }, "auto", "builtin", "openai")},
	{Env: "VECTOR_PRECISION", Commands: indexing, Flag: "vector-precision", Default: "float32", Usage: "how the vectors searched are kept: float32, or int8 (a quarter of the memory; the best candidates are ranked again with the exact vectors)",
		set: setEnum(func(c *Config) *string { return &c.VectorPrecision }, "float32", "int8")},
	{Env: "MIN_COVERAGE", Commands: drafting, Flag: "min-coverage", Default: "0.35", Usage: "share of the question's key terms a passage must hold for an answer to be drafted; below it the bot says its sources don't cover the question (0: never refuse)",
		set: setFloat(func(c *Config) *float64 { return &c.MinCoverage }, 0, 1)},
	{Env: "VERIFY", Commands: drafting, Flag: "verify", Default: "lexical", Usage: "how drafted answers are checked against their sources: lexical (numbers, dates, names and words), model (then the chat model judges, in one extra call, the sentences that check left unverified) or off (no check: for debugging, or a model you trust)",
		set: setEnum(func(c *Config) *string { return &c.Verify }, "lexical", "model", "off")},

	{Env: "DISCORD_TOKEN", Commands: serving, Secret: true, Required: true, Usage: "the bot's token",
		set: func(c *Config, v string) error { c.DiscordToken = v; return nil }},
	{Env: "DISCORD_GUILD_ID", Commands: serving, Flag: "guild-id", Usage: "register slash commands in this server only (instant updates); empty: globally",
		set: setSnowflake(func(c *Config) *string { return &c.DiscordGuildID })},
	{Env: "DISCORD_API_URL", Commands: serving, Flag: "discord-api-url", Default: "https://discord.com", Usage: "origin that Discord REST calls and gateway discovery go to (a Discord-compatible server or a local double)",
		set: setURL(func(c *Config) *string { return &c.DiscordAPIURL })},
	{Env: "SYNC_COMMANDS", Commands: serving, Flag: "sync-commands", Bool: true, Default: "false", Usage: "re-register slash commands even when they look unchanged",
		set: setBool(func(c *Config) *bool { return &c.SyncCommands })},
	{Env: "ALLOWED_CHANNELS", Commands: serving, Flag: "allowed-channels", Usage: "comma-separated channel IDs the bot answers in (empty: all)",
		set: setList(func(c *Config) *[]string { return &c.AllowedChannels }, "channel")},
	{Env: "FORUM_CHANNELS", Commands: serving, Flag: "forum-channels", Usage: "comma-separated IDs of forum channels where the bot answers each new post in its thread, and follow-ups there; the asker's 👍 applies the forum's \"Solved\" tag if it has one (needs Manage Threads)",
		set: setList(func(c *Config) *[]string { return &c.ForumChannels }, "channel")},
	{Env: "REQUIRE_MENTION", Commands: serving, Flag: "require-mention", Bool: true, Default: "true", Usage: "in server channels, answer messages only when the bot is mentioned",
		set: setBool(func(c *Config) *bool { return &c.RequireMention })},
	{Env: "THREADS", Commands: serving, Flag: "threads", Bool: true, Default: "true", Usage: "answer a mention in a new thread (false: reply in the channel)",
		set: setBool(func(c *Config) *bool { return &c.Threads })},
	{Env: "MESSAGE_CONTENT_INTENT", Commands: serving, Flag: "message-content-intent", Bool: true, Default: "false", Usage: "request the privileged message content intent (not needed for slash commands, mentions or DMs)",
		set: setBool(func(c *Config) *bool { return &c.MessageContent })},
	{Env: "USER_RATE", Commands: serving, Flag: "user-rate", Default: "6", Usage: "questions one user may ask per minute (0: no limit)",
		set: setInt(func(c *Config) *int { return &c.UserRate }, 0, 10000)},
	{Env: "MAX_CONCURRENT", Commands: serving, Flag: "max-concurrent", Default: "4", Usage: "answers drafted at the same time; more wait their turn",
		set: setInt(func(c *Config) *int { return &c.MaxConcurrent }, 1, 1024)},
	{Env: "ANSWER_TIMEOUT", Commands: []string{"ask", "serve"}, Flag: "answer-timeout", Default: "60s", Usage: "time budget for one answer",
		set: setDuration(func(c *Config) *time.Duration { return &c.AnswerTimeout })},
	{Env: "SHARD_ID", Commands: serving, Flag: "shard-id", Default: "0", Usage: "this process's shard (0-based), with SHARD_COUNT",
		set: setInt(func(c *Config) *int { return &c.ShardID }, 0, 1<<16)},
	{Env: "SHARD_COUNT", Commands: serving, Flag: "shard-count", Default: "1", Usage: "number of shards; one process per shard",
		set: setInt(func(c *Config) *int { return &c.ShardCount }, 1, 1<<16)},

	{Env: "GATEWAY_GRACE", Commands: serving, Flag: "gateway-grace", Default: "60s", Usage: "how long the Discord gateway may stay disconnected (a reconnect takes a second or two) before /readyz, and so cstobot healthcheck, report the bot not ready",
		set: setDuration(func(c *Config) *time.Duration { return &c.GatewayGrace })},

	{Env: "MOD_GUILD_ID", Commands: serving, Flag: "mod-guild-id", Usage: "the operator's server, the only one where moderators may /teach, /forget, /reindex and answer gaps (default: the server of MOD_CHANNEL_ID, else DISCORD_GUILD_ID; none: moderation is off)",
		set: setSnowflake(func(c *Config) *string { return &c.ModGuildID })},
	{Env: "MOD_CHANNEL_ID", Commands: serving, Flag: "mod-channel-id", Usage: "channel of the moderators' server where refused and 👎 answers to public questions asked there are posted for moderators to answer (empty: not posted)",
		set: setSnowflake(func(c *Config) *string { return &c.ModChannelID })},
	{Env: "MOD_ROLES", Commands: serving, Flag: "mod-roles", Usage: "comma-separated role IDs whose members may /teach, /forget, /reindex and answer gaps (members with Manage Server always may; allow the commands for these roles in Server Settings → Integrations)",
		set: setList(func(c *Config) *[]string { return &c.ModRoles }, "role")},
	{Env: "MOD_POSTS_PER_HOUR", Commands: serving, Flag: "mod-posts-per-hour", Default: "20", Usage: "new posts in the moderators' channel per hour at most (the same question again within a day is counted on its post)",
		set: setInt(func(c *Config) *int { return &c.ModPostsPerHour }, 1, 10000)},
	{Env: "GOLDEN_SET", Commands: guarded, Flag: "golden-set", Usage: "JSONL question set (the format of cstobot eval) that a change of the index must pass to go live, at start-up, in cstobot index and when re-indexing (default KNOWLEDGE_DIR/golden.jsonl when present; none: every change goes live)",
		set: func(c *Config, v string) error { c.GoldenSet = v; return nil }},
	{Env: "GOLDEN_FLOOR", Commands: guarded, Flag: "golden-floor", Default: "0.8", Usage: "least share of the golden set's in-scope questions whose evidence must be in the top 5 passages for a change of the index to go live",
		set: setFloat(func(c *Config) *float64 { return &c.GoldenFloor }, 0, 1)},
	{Env: "KNOWLEDGE_POLL", Commands: serving, Flag: "knowledge-poll", Default: "0", Usage: "how often serve checks KNOWLEDGE_DIR for changed files and re-indexes, e.g. 60s (0: only on SIGHUP and /reindex)",
		set: setDuration(func(c *Config) *time.Duration { return &c.KnowledgePoll })},

	{Env: "HTTP_ADDR", Commands: probing, Flag: "http-addr", Usage: "address of /healthz, /readyz and /metrics, e.g. 127.0.0.1:9090 (empty: off)",
		set: func(c *Config, v string) error { c.HTTPAddr = v; return nil }},
	{Env: "LOG_FORMAT", Commands: indexing, Flag: "log-format", Default: "text", Usage: "text or json",
		set: setEnum(func(c *Config) *string { return &c.LogFormat }, "text", "json")},
	{Env: "LOG_LEVEL", Commands: indexing, Flag: "log-level", Default: "info", Usage: "debug, info, warn or error",
		set: setEnum(func(c *Config) *string { return &c.LogLevel }, "debug", "info", "warn", "error")},
}

// Load builds the Config of subcommand cmd from defaults, then the
// environment (read through getenv), then the flags in args: the flags of
// the settings cmd reads, which it registers on fs beside the command's
// own, and parses. Flags may come before, between or after the arguments;
// "--" ends them. It returns the arguments. Every setting in the
// environment is checked, whichever command reads it, since one
// environment (a .env file) serves them all. Errors name the variable or
// flag at fault and say how to fix it; a mistake on the command line is a
// FlagError; -h and --help return flag.ErrHelp.
func Load(cmd string, fs *flag.FlagSet, args []string, getenv func(string) string) (Config, []string, error) {
	c := Config{raw: make(map[string]string, len(vars))}
	for _, v := range vars {
		if err := c.apply(v, v.Default); err != nil {
			panic(fmt.Sprintf("config: bad default for %s: %v", v.Env, err)) // a programming error
		}
	}
	for _, v := range vars {
		val, err := lookup(v, getenv)
		if err != nil {
			return c, nil, err
		}
		if val == "" {
			continue
		}
		if err := c.apply(v, val); err != nil {
			return c, nil, fmt.Errorf("%s: %w", v.Env, err)
		}
	}
	for _, v := range vars {
		if v.Flag == "" || !slices.Contains(v.Commands, cmd) {
			continue
		}
		set := func(s string) error { return c.apply(v, s) }
		usage := v.Meaning() + " (env " + v.Env + ")"
		if v.Bool {
			fs.BoolFunc(v.Flag, usage, set)
		} else {
			fs.Func(v.Flag, usage, set)
		}
	}
	rest, err := parseArgs(cmd, fs, args)
	if err != nil {
		return c, nil, err
	}
	if c.DataDir == "" && reads(cmd, "DATA_DIR") {
		dir, err := defaultDataDir(getenv)
		if err != nil {
			return c, nil, err
		}
		c.DataDir = dir
		c.raw["DATA_DIR"] = dir
	}
	return c, rest, c.validate()
}

func (c *Config) apply(v Var, val string) error {
	if err := v.set(c, val); err != nil {
		return err
	}
	c.raw[v.Env] = val
	return nil
}

// lookup reads one variable, or for a secret the file VAR_FILE names.
func lookup(v Var, getenv func(string) string) (string, error) {
	val := getenv(v.Env)
	file := getenv(v.Env + "_FILE")
	if !v.Secret || file == "" {
		return val, nil
	}
	if val != "" {
		return "", fmt.Errorf("%s and %s_FILE are both set: keep one", v.Env, v.Env)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("%s_FILE: cannot read the secret: %w", v.Env, err)
	}
	return strings.TrimSpace(string(b)), nil
}

func defaultDataDir(getenv func(string) string) (string, error) {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "cstobot"), nil
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "cstobot"), nil
	}
	return "", errors.New("DATA_DIR is not set and there is no home directory: set DATA_DIR (or --data-dir) to a writable folder")
}

func (c Config) validate() error {
	if !c.RequireMention && !c.MessageContent {
		return errors.New("REQUIRE_MENTION=false needs MESSAGE_CONTENT_INTENT=true: without the message content intent Discord sends " +
			"the bot messages that do not mention it without their text; turn the intent on (and enable it in the Developer Portal) or keep REQUIRE_MENTION=true")
	}
	if c.ShardID >= c.ShardCount {
		return fmt.Errorf("SHARD_ID %d must be less than SHARD_COUNT %d (shards are numbered from 0)", c.ShardID, c.ShardCount)
	}
	if c.Embedder == "openai" && !c.UseAPI() {
		return errors.New("EMBEDDER=openai needs an API: set OPENAI_BASE_URL or OPENAI_API_KEY, or use EMBEDDER=builtin")
	}
	if c.Verify == "model" && !c.UseAPI() {
		return errors.New("VERIFY=model needs a chat model: set OPENAI_BASE_URL or OPENAI_API_KEY, or use VERIFY=lexical")
	}
	if c.KnowledgePoll > 0 && c.KnowledgePoll < time.Second {
		return fmt.Errorf("KNOWLEDGE_POLL %v is too short: give at least 1s, or 0 to turn polling off", c.KnowledgePoll)
	}
	if err := c.validateRetention(); err != nil {
		return err
	}
	if c.GatewayGrace < time.Second {
		return fmt.Errorf("GATEWAY_GRACE %v is too short: a reconnect takes a second or two; give at least 1s", c.GatewayGrace)
	}
	if c.AnswerTimeout < time.Second {
		return fmt.Errorf("ANSWER_TIMEOUT %v is too short: give at least 1s", c.AnswerTimeout)
	}
	// Discord lets a bot answer an interaction for 15 minutes; a longer
	// budget would only let answers be lost.
	if c.AnswerTimeout > 14*time.Minute {
		return fmt.Errorf("ANSWER_TIMEOUT %v is too long: Discord drops an interaction after 15 minutes; give at most 14m", c.AnswerTimeout)
	}
	return nil
}

// validateRetention checks how long the store keeps rows: less than an
// hour would drop an answer's buttons while people still read it.
func (c Config) validateRetention() error {
	for _, d := range []struct {
		name string
		d    time.Duration
	}{{"ANSWER_BUTTONS_TTL", c.AnswerButtonsTTL}, {"FEEDBACK_RETENTION", c.FeedbackRetention}} {
		if d.d < time.Hour {
			return fmt.Errorf("%s %v is too short: give at least 1h, e.g. 720h for 30 days", d.name, d.d)
		}
	}
	return nil
}

// Redacted returns the settings as NAME=value lines with secrets hidden,
// for `cstobot config` and debug logs.
func (c Config) Redacted() []string {
	out := make([]string, 0, len(vars))
	for _, v := range vars {
		val := c.raw[v.Env]
		if v.Secret && val != "" {
			val = "(set)"
		}
		out = append(out, v.Env+"="+val)
	}
	return out
}

func setBool(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		*field(c) = b
		return nil
	}
}

func setInt(field func(*Config) *int, lo, hi int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("%q is not a whole number from %d to %d", v, lo, hi)
		}
		*field(c) = n
		return nil
	}
}

func setFloat(field func(*Config) *float64, lo, hi float64) func(*Config, string) error {
	return func(c *Config, v string) error {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		// ParseFloat accepts "NaN" and "Inf", which every comparison below
		// would let through.
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < lo || f > hi {
			return fmt.Errorf("%q is not a number from %g to %g", v, lo, hi)
		}
		*field(c) = f
		return nil
	}
}

// setDuration accepts Go durations ("90s", "2m"), days ("90d") and plain
// seconds ("90").
func setDuration(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		v = strings.TrimSpace(v)
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			*field(c) = time.Duration(n) * time.Second
			return nil
		}
		if days, ok := strings.CutSuffix(v, "d"); ok {
			if n, err := strconv.Atoi(days); err == nil && n >= 0 && n <= 100*365 {
				*field(c) = time.Duration(n) * 24 * time.Hour
				return nil
			}
		}
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("%q is not a duration such as 60s, 2m or 30d", v)
		}
		*field(c) = d
		return nil
	}
}

func setEnum(field func(*Config) *string, allowed ...string) func(*Config, string) error {
	return func(c *Config, v string) error {
		v = strings.ToLower(strings.TrimSpace(v))
		for _, a := range allowed {
			if v == a {
				*field(c) = v
				return nil
			}
		}
		return fmt.Errorf("%q is not one of %s", v, strings.Join(allowed, ", "))
	}
}

func setURL(field func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error {
		v = strings.TrimRight(strings.TrimSpace(v), "/")
		if v == "" {
			*field(c) = ""
			return nil
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%q is not an http:// or https:// URL", v)
		}
		*field(c) = v
		return nil
	}
}

var errNotPostgres = errors.New("not a Postgres connection string: give postgres://user:password@host:5432/database")

// setDatabaseURL accepts a postgres:// URL or libpq's key=value pairs. Its
// errors never repeat the value, which holds a password.
func setDatabaseURL(c *Config, v string) error {
	v = strings.TrimSpace(v)
	ok := v == "" || !strings.Contains(v, "://") && strings.Contains(v, "=")
	if u, err := url.Parse(v); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		ok = true
	}
	if !ok {
		return errNotPostgres
	}
	c.DatabaseURL = v
	return nil
}

// setSnowflake accepts a Discord ID (digits) or empty.
func setSnowflake(field func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error {
		v = strings.TrimSpace(v)
		if !isSnowflake(v) && v != "" {
			return fmt.Errorf("%q is not a Discord ID (digits only; enable Developer Mode and use Copy ID)", v)
		}
		*field(c) = v
		return nil
	}
}

// setList accepts comma-separated Discord IDs of what (a channel, a role).
func setList(field func(*Config) *[]string, what string) func(*Config, string) error {
	return func(c *Config, v string) error {
		var ids []string
		for _, s := range strings.Split(v, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			if !isSnowflake(s) {
				return fmt.Errorf("%q is not a Discord %s ID (digits only)", s, what)
			}
			ids = append(ids, s)
		}
		*field(c) = ids
		return nil
	}
}

func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
