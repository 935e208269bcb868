package config

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// load runs Load for serve, which reads most settings.
func load(t *testing.T, vars map[string]string, args ...string) (Config, []string, error) {
	t.Helper()
	return loadFor(t, "serve", vars, args...)
}

func loadFor(t *testing.T, cmd string, vars map[string]string, args ...string) (Config, []string, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if vars == nil {
		vars = map[string]string{}
	}
	if _, ok := vars["HOME"]; !ok {
		vars["HOME"] = "/home/u"
	}
	return Load(cmd, fs, args, env(vars))
}

func TestDefaults(t *testing.T) {
	c, rest, err := load(t, nil, "what", "is", "it")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rest, []string{"what", "is", "it"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rest = %q; want %q", got, want)
	}
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"DataDir", c.DataDir, "/home/u/.local/share/cstobot"},
		{"ChatModel", c.ChatModel, "gpt-4o-mini"},
		{"EmbeddingModel", c.EmbeddingModel, "text-embedding-3-small"},
		{"Embedder", c.Embedder, "auto"},
		{"MinCoverage", c.MinCoverage, 0.35},
		{"DiscordAPIURL", c.DiscordAPIURL, "https://discord.com"},
		{"RequireMention", c.RequireMention, true},
		{"Threads", c.Threads, true},
		{"UserRate", c.UserRate, 6},
		{"MaxConcurrent", c.MaxConcurrent, 4},
		{"AnswerTimeout", c.AnswerTimeout, 60 * time.Second},
		{"DatabaseURL", c.DatabaseURL, ""},
		{"AnswerButtonsTTL", c.AnswerButtonsTTL, 30 * 24 * time.Hour},
		{"FeedbackRetention", c.FeedbackRetention, 90 * 24 * time.Hour},
		{"ShardCount", c.ShardCount, 1},
		{"LogFormat", c.LogFormat, "text"},
		{"LogLevel", c.LogLevel, "info"},
		{"ModPostsPerHour", c.ModPostsPerHour, 20},
		{"UseAPI", c.UseAPI(), false},
		{"UseAPIEmbeddings", c.UseAPIEmbeddings(), false},
	}
	for _, tc := range checks {
		if tc.got != tc.want {
			t.Errorf("%s = %v; want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want func(Config) bool
	}{
		{"env sets", map[string]string{"DATA_DIR": "/d", "USER_RATE": "3"}, nil,
			func(c Config) bool { return c.DataDir == "/d" && c.UserRate == 3 }},
		{"flag beats env", map[string]string{"DATA_DIR": "/d"}, []string{"--data-dir", "/f"},
			func(c Config) bool { return c.DataDir == "/f" }},
		{"bool flag alone", nil, []string{"--sync-commands"},
			func(c Config) bool { return c.SyncCommands }},
		{"bool flag false", map[string]string{"THREADS": "true"}, []string{"--threads=false"},
			func(c Config) bool { return !c.Threads }},
		{"xdg data home", map[string]string{"XDG_DATA_HOME": "/x"}, nil,
			func(c Config) bool { return c.DataDir == "/x/cstobot" }},
		{"duration in seconds", map[string]string{"ANSWER_TIMEOUT": "90"}, nil,
			func(c Config) bool { return c.AnswerTimeout == 90*time.Second }},
		{"retention in days", map[string]string{"FEEDBACK_RETENTION": "30d"}, nil,
			func(c Config) bool { return c.FeedbackRetention == 30*24*time.Hour }},
		{"every message with its content", map[string]string{"REQUIRE_MENTION": "false", "MESSAGE_CONTENT_INTENT": "true"}, nil,
			func(c Config) bool { return !c.RequireMention && c.MessageContent }},
		{"channel list", map[string]string{"ALLOWED_CHANNELS": " 123, 456 ,"}, nil,
			func(c Config) bool { return reflect.DeepEqual(c.AllowedChannels, []string{"123", "456"}) }},
		{"forum list", map[string]string{"FORUM_CHANNELS": "789"}, nil,
			func(c Config) bool { return reflect.DeepEqual(c.ForumChannels, []string{"789"}) }},
		{"base URL alone turns the API on", map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1/"}, nil,
			func(c Config) bool {
				return c.UseAPI() && c.UseAPIEmbeddings() && c.OpenAIBaseURL == "http://localhost:11434/v1"
			}},
		{"builtin embedder with an API", map[string]string{"OPENAI_API_KEY": "k", "EMBEDDER": "builtin"}, nil,
			func(c Config) bool { return c.UseAPI() && !c.UseAPIEmbeddings() }},
		{"Postgres URL", map[string]string{"DATABASE_URL": " postgres://bot:pw@db:5432/cstobot?sslmode=disable "}, nil,
			func(c Config) bool { return c.DatabaseURL == "postgres://bot:pw@db:5432/cstobot?sslmode=disable" }},
		{"Postgres key=value pairs", map[string]string{"DATABASE_URL": "host=/run/postgresql dbname=cstobot"}, nil,
			func(c Config) bool { return c.DatabaseURL == "host=/run/postgresql dbname=cstobot" }},
		{"retention", map[string]string{"FEEDBACK_RETENTION": "720h", "ANSWER_BUTTONS_TTL": "24h"}, nil,
			func(c Config) bool {
				return c.FeedbackRetention == 30*24*time.Hour && c.AnswerButtonsTTL == 24*time.Hour
			}},
		{"model verification", map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1", "VERIFY": "model"}, nil,
			func(c Config) bool { return c.Verify == "model" }},
		{"lexical verification by default", nil, nil, func(c Config) bool { return c.Verify == "lexical" }},
		{"enum is case-insensitive", map[string]string{"LOG_FORMAT": "JSON"}, nil,
			func(c Config) bool { return c.LogFormat == "json" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _, err := load(t, tc.env, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.want(c) {
				t.Errorf("config not as expected: %q", c.Redacted())
			}
		})
	}
}

func TestErrorsNameTheSetting(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
	}{
		{"bad int", map[string]string{"USER_RATE": "many"}, nil, `USER_RATE: "many" is not a whole number`},
		{"bad bool", map[string]string{"THREADS": "yes please"}, nil, `THREADS: "yes please" is not true or false`},
		{"bad url", map[string]string{"OPENAI_BASE_URL": "localhost:11434"}, nil, "OPENAI_BASE_URL:"},
		{"bad guild", map[string]string{"DISCORD_GUILD_ID": "my-server"}, nil, "DISCORD_GUILD_ID:"},
		{"bad channel", map[string]string{"ALLOWED_CHANNELS": "1,general"}, nil, `ALLOWED_CHANNELS: "general"`},
		{"bad forum", map[string]string{"FORUM_CHANNELS": "help"}, nil, `FORUM_CHANNELS: "help"`},
		{"bad enum", map[string]string{"EMBEDDER": "magic"}, nil, "EMBEDDER:"},
		{"bad coverage", map[string]string{"MIN_COVERAGE": "2"}, nil, "MIN_COVERAGE:"},
		{"bad flag value", nil, []string{"--max-concurrent", "0"}, "max-concurrent"},
		{"shard out of range", map[string]string{"SHARD_ID": "2", "SHARD_COUNT": "2"}, nil, "SHARD_ID 2 must be less than SHARD_COUNT 2"},
		{"openai embedder without API", map[string]string{"EMBEDDER": "openai"}, nil, "EMBEDDER=openai needs an API"},
		{"model verification without API", map[string]string{"VERIFY": "model"}, nil, "VERIFY=model needs a chat model"},
		{"bad verification", map[string]string{"VERIFY": "strict"}, nil, "VERIFY:"},
		{"every message without its content", map[string]string{"REQUIRE_MENTION": "false"}, nil, "REQUIRE_MENTION=false needs MESSAGE_CONTENT_INTENT=true"},
		{"bad mod guild", map[string]string{"MOD_GUILD_ID": "home"}, nil, "MOD_GUILD_ID:"},
		{"no posts an hour", map[string]string{"MOD_POSTS_PER_HOUR": "0"}, nil, "MOD_POSTS_PER_HOUR:"},
		{"bad retention", map[string]string{"FEEDBACK_RETENTION": "a while"}, nil, "FEEDBACK_RETENTION:"},
		{"timeout too short", map[string]string{"ANSWER_TIMEOUT": "10ms"}, nil, "ANSWER_TIMEOUT"},
		{"timeout too long", map[string]string{"ANSWER_TIMEOUT": "20m"}, nil, "at most 14m"},
		{"not a Postgres URL", map[string]string{"DATABASE_URL": "mysql://bot:hunter2@db/cstobot"}, nil, "DATABASE_URL: not a Postgres connection string"},
		{"retention too short", map[string]string{"FEEDBACK_RETENTION": "0"}, nil, "FEEDBACK_RETENTION 0s is too short"},
		{"button TTL too short", map[string]string{"ANSWER_BUTTONS_TTL": "10m"}, nil, "ANSWER_BUTTONS_TTL 10m0s is too short"},
		{"no home", map[string]string{"HOME": ""}, nil, "set DATA_DIR"},
		{"secret twice", map[string]string{"DISCORD_TOKEN": "a", "DISCORD_TOKEN_FILE": "/f"}, nil, "DISCORD_TOKEN and DISCORD_TOKEN_FILE are both set"},
		{"secret file missing", map[string]string{"OPENAI_API_KEY_FILE": "/nonexistent/key"}, nil, "OPENAI_API_KEY_FILE: cannot read"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := load(t, tc.env, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error = %v; want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

func TestSecretFromFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(f, []byte("s3cret-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _, err := load(t, map[string]string{"DISCORD_TOKEN_FILE": f})
	if err != nil {
		t.Fatal(err)
	}
	if c.DiscordToken != "s3cret-token" {
		t.Errorf("DiscordToken = %q; want the file's content without the newline", c.DiscordToken)
	}
	for _, line := range c.Redacted() {
		if strings.Contains(line, "s3cret") {
			t.Errorf("Redacted leaks the secret: %q", line)
		}
	}
	if !slices.Contains(c.Redacted(), "DISCORD_TOKEN=(set)") {
		t.Errorf("Redacted = %q; want DISCORD_TOKEN=(set)", c.Redacted())
	}
}

// A malformed DATABASE_URL is reported without its password, and a good
// one is shown as set, never spelled out.
func TestDatabaseURLNeverShown(t *testing.T) {
	for _, v := range []string{"mysql://bot:hunter2@db/cstobot", "hunter2", "postgres://bot:hunter2@db/cstobot"} {
		c, _, err := load(t, map[string]string{"DATABASE_URL": v})
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("DATABASE_URL=%q: error shows the password: %v", v, err)
		}
		for _, line := range c.Redacted() {
			if strings.Contains(line, "hunter2") {
				t.Errorf("DATABASE_URL=%q: Redacted shows the password: %q", v, line)
			}
		}
	}
	f := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(f, []byte("postgres://bot:hunter2@db/cstobot\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _, err := load(t, map[string]string{"DATABASE_URL_FILE": f})
	if err != nil || c.DatabaseURL != "postgres://bot:hunter2@db/cstobot" {
		t.Errorf("DATABASE_URL_FILE: %q, %v; want the file's URL", c.DatabaseURL, err)
	}
	if !slices.Contains(c.Redacted(), "DATABASE_URL=(set)") {
		t.Errorf("Redacted = %q; want DATABASE_URL=(set)", c.Redacted())
	}
}

// FuzzDatabaseURL: whatever DATABASE_URL holds, an error never repeats
// any of it: it is always the same sentence.
func FuzzDatabaseURL(f *testing.F) {
	for _, seed := range []string{"", "postgres://bot:pw@db:5432/cstobot", "host=/run/postgresql dbname=x",
		"mysql://bot:pw@db/x", "pw", "postgres://bot:pw@[::1", "postgresql:///x?host=/tmp"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		var c Config
		err := setDatabaseURL(&c, v)
		if err != nil && err.Error() != errNotPostgres.Error() {
			t.Errorf("setDatabaseURL(%q) error depends on the value: %v", v, err)
		}
		if err == nil && c.DatabaseURL != strings.TrimSpace(v) {
			t.Errorf("setDatabaseURL(%q) kept %q", v, c.DatabaseURL)
		}
	})
}

func TestVarsAreConsistent(t *testing.T) {
	seenEnv, seenFlag := map[string]bool{}, map[string]bool{}
	for _, v := range Vars() {
		if seenEnv[v.Env] || (v.Flag != "" && seenFlag[v.Flag]) {
			t.Errorf("%s declared twice", v.Env)
		}
		seenEnv[v.Env], seenFlag[v.Flag] = true, true
		if v.Secret && v.Flag != "" {
			t.Errorf("%s is a secret but has a flag: secrets must not appear in process lists", v.Env)
		}
		if v.Usage == "" {
			t.Errorf("%s has no usage text", v.Env)
		}
		if len(v.Commands) == 0 {
			t.Errorf("%s is read by no command", v.Env)
		}
	}
}
