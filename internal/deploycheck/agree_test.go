package deploycheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/config"
)

// notSettings are the variables the deployment files may name that are not
// cstobot settings, and why.
var notSettings = map[string]string{
	"VERSION":                   "build argument: the version stamped into the binary",
	"CGO_ENABLED":               "build setting of scripts/build-static.sh (0: a static binary)",
	"PWD":                       "the shell's working directory, in DEPLOY.md's backup command",
	"XDG_DATA_HOME":             "read by cstobot only to find the default DATA_DIR",
	"OLLAMA_HOST":               "Ollama's own client setting, for the ollama-pull service",
	"PULL_CHAT_MODEL":           "ollama-pull's copy of CHAT_MODEL, so compose does not expand it in the command",
	"PULL_EMBEDDING_MODEL":      "ollama-pull's copy of EMBEDDING_MODEL",
	"APP_ID":                    "a placeholder in the README's invite link (the application ID from the Developer Portal)",
	"CSTOBOT_TEST_DATABASE_URL": "the Postgres server the store's tests use, set by scripts/pg-test.sh",
	"POSTGRES_USER":             "the postgres image's own setting, in DEPLOY.md's sharded example",
	"POSTGRES_DB":               "the postgres image's own setting, in DEPLOY.md's sharded example",
	"POSTGRES_PASSWORD_FILE":    "the postgres image's own setting, in DEPLOY.md's sharded example",
}

// deployFiles are the files an operator reads to configure cstobot.
var deployFiles = []string{"Dockerfile", "docker-compose.yml", ".env.example", "docs/DEPLOY.md", "README.md"}

func knownVars() map[string]bool {
	known := map[string]bool{}
	for _, v := range config.Vars() {
		known[v.Env] = true
	}
	return known
}

var (
	// varRef is a shell or compose reference: $X, ${X}, ${X:-default}, $$X.
	varRef = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)
	// varName is a bare upper-case name with an underscore, as settings are
	// written in prose, comments, ENV lines and KEY=value lines.
	varName = regexp.MustCompile(`\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b`)
)

// mentioned returns the variable names text refers to.
func mentioned(text string) []string {
	var names []string
	for _, m := range varRef.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1])
	}
	names = append(names, varName.FindAllString(text, -1)...)
	slices.Sort(names)
	return slices.Compact(names)
}

// known reports whether name is a setting, the _FILE form of a secret, or
// a documented non-setting.
func known(name string) bool {
	for _, v := range config.Vars() {
		if name == v.Env || (v.Secret && name == v.Env+"_FILE") {
			return true
		}
	}
	_, ok := notSettings[name]
	return ok
}

func mustRead(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// No file documents a variable that the binary would ignore.
func TestNoUnknownVariables(t *testing.T) {
	for _, file := range deployFiles {
		t.Run(file, func(t *testing.T) {
			for _, name := range mentioned(mustRead(t, file)) {
				if !known(name) {
					t.Errorf("%s mentions %s, which cstobot does not read (internal/config.Vars) and notSettings does not explain", file, name)
				}
			}
		})
	}
}

func TestMentioned(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"ENV DATA_DIR=/data HTTP_ADDR=:9090", []string{"DATA_DIR", "HTTP_ADDR"}},
		{`command: ['ollama pull "$$PULL_CHAT_MODEL"']`, []string{"PULL_CHAT_MODEL"}},
		{"VERSION: ${VERSION:-dev}", []string{"VERSION"}},
		{"| `SHARD_ID` | `--shard-id` |", []string{"SHARD_ID"}},
		{"# DISCORD_TOKEN_FILE: /run/secrets/discord_token", []string{"DISCORD_TOKEN_FILE"}},
		{"USER nonroot:nonroot and CMD [\"serve\"] on HTTP", nil},
	}
	for _, tt := range tests {
		if got := mentioned(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("mentioned(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

func TestKnown(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"CHAT_MODEL", true},
		{"DISCORD_TOKEN_FILE", true},  // a secret's file form
		{"OPENAI_API_KEY_FILE", true}, // a secret's file form
		{"CHAT_MODEL_FILE", false},    // only secrets come from files
		{"VERSION", true},             // documented non-setting
		{"OPENAI_API_BASE", false},    // a plausible typo
		{"DISCORD_BOT_TOKEN", false},  // another plausible one
	}
	for _, tt := range tests {
		if got := known(tt.name); got != tt.want {
			t.Errorf("known(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}

// Every setting the binary accepts is documented: in .env.example as a
// KEY= line and in the README's configuration table as a row.
func TestEveryVariableDocumented(t *testing.T) {
	docs := []struct {
		file string
		line func(env string) *regexp.Regexp
	}{
		{".env.example", func(env string) *regexp.Regexp {
			return regexp.MustCompile(`(?m)^(# )?` + env + `=`)
		}},
		{"README.md", func(env string) *regexp.Regexp {
			return regexp.MustCompile("(?m)^\\| `" + env + "` \\|")
		}},
	}
	for _, d := range docs {
		text := mustRead(t, d.file)
		for _, v := range config.Vars() {
			if !d.line(v.Env).MatchString(text) {
				t.Errorf("%s does not document %s", d.file, v.Env)
			}
		}
	}
}

// The README's table has no row for a variable the binary does not read.
func TestReadmeTableRowsKnown(t *testing.T) {
	all := knownVars()
	row := regexp.MustCompile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\|")
	for _, m := range row.FindAllStringSubmatch(mustRead(t, "README.md"), -1) {
		if !all[m[1]] {
			t.Errorf("README.md's configuration table has a row for %s, which internal/config does not know", m[1])
		}
	}
}

// The Dockerfile's promises, each of which the image tests here rely on.
func TestDockerfile(t *testing.T) {
	df := mustRead(t, "Dockerfile")
	tests := []struct {
		name string
		want string // a regular expression that must match a line
	}{
		{"builds with the release script", `(?m)^\s+.*\bsh scripts/build-static\.sh$`},
		{"copies the script with the sources", `(?m)^COPY \. \.$`},
		{"static nonroot base", `(?m)^FROM gcr\.io/distroless/static-debian12:nonroot$`},
		{"runs as nonroot", `(?m)^USER nonroot:nonroot$`},
		{"data on a volume", `(?m)^VOLUME /data$`},
		{"DATA_DIR is the volume", `(?m)^ENV DATA_DIR=/data\b`},
		{"HTTP_ADDR on the exposed port", `(?m)^\s+HTTP_ADDR=:9090$`},
		{"exposes that port", `(?m)^EXPOSE 9090$`},
		{"healthcheck without a shell", `(?m)^\s+CMD \["/cstobot", "healthcheck"\]$`},
		{"entrypoint", `(?m)^ENTRYPOINT \["/cstobot"\]$`},
		{"serves by default", `(?m)^CMD \["serve"\]$`},
		{"version label", `(?m)org\.opencontainers\.image\.version="\$VERSION"`},
	}
	for _, tt := range tests {
		if !regexp.MustCompile(tt.want).MatchString(df) {
			t.Errorf("Dockerfile: %s: no line matches %s", tt.name, tt.want)
		}
	}
}

// The .dockerignore must not drop a file the build reads: the module files,
// the build script, the Go sources and what they embed.
func TestDockerignoreKeepsSources(t *testing.T) {
	var patterns []string
	for _, line := range strings.Split(mustRead(t, ".dockerignore"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "!") {
			t.Fatalf(".dockerignore: exceptions (%s) are not understood by this test; extend ignores", line)
		}
		patterns = append(patterns, line)
	}
	needed := buildInputs(t)
	if len(needed) < 10 {
		t.Fatalf("found only %d build inputs under %s: %q", len(needed), root, needed)
	}
	for _, path := range needed {
		for _, p := range patterns {
			if ignores(p, path) {
				t.Errorf(".dockerignore pattern %q drops %s, which the build needs", p, path)
			}
		}
	}
}

// buildInputs lists, relative to the module root, what docker build must
// see: go.mod, go.sum, the build script, every non-test Go file and the
// embedded corpus and question sets.
func buildInputs(tb testing.TB) []string {
	tb.Helper()
	files := []string{"go.mod", "go.sum", "scripts/build-static.sh"}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && rel != "." || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		embedded := strings.HasPrefix(rel, "knowledge/corpus/") || strings.HasPrefix(rel, "internal/eval/sets/")
		if embedded || strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go") {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// ignores reports whether a .dockerignore pattern excludes path: a pattern
// matches the path or one of its parent folders; a leading **/ matches at
// any depth.
func ignores(pattern, path string) bool {
	pattern = strings.TrimPrefix(pattern, "/")
	parts := strings.Split(path, "/")
	anyDepth := strings.HasPrefix(pattern, "**/")
	pattern = strings.TrimPrefix(pattern, "**/")
	for start := range parts {
		if start > 0 && !anyDepth {
			break
		}
		for end := start + 1; end <= len(parts); end++ {
			if ok, _ := filepath.Match(pattern, strings.Join(parts[start:end], "/")); ok {
				return true
			}
		}
	}
	return false
}

func TestIgnores(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{".git", ".git/HEAD", true},
		{"docs", "docs/DEPLOY.md", true},
		{"docs", "internal/docs/x.go", false},
		{"**/testdata", "internal/eval/testdata/a.golden", true},
		{"**/*_test.go", "bot/bot_test.go", true},
		{"**/*_test.go", "bot/bot.go", false},
		{"*.test", "cstobot.test", true},
		{"/cstobot", "cstobot", true},
		{"/cstobot", "cmd/cstobot/main.go", false},
		{"*.md", "knowledge/corpus/a.md", false},
		{"**/*.md", "knowledge/corpus/a.md", true},
	}
	for _, tt := range tests {
		if got := ignores(tt.pattern, tt.path); got != tt.want {
			t.Errorf("ignores(%q, %q) = %v; want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}
