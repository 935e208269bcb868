package deploycheck

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/config"
)

var update = flag.Bool("update", false, "rewrite .env.example from the configuration table")

// root is the module root, where the deployment files live.
const root = "../.."

const envHeader = `# cstobot settings, for docker compose (env_file: .env) or any process manager.
# Copy this file to .env and fill in DISCORD_TOKEN; everything else is
# optional. A commented line keeps the default shown.
#
# Generated from internal/config by: go test ./internal/deploycheck -update
# (change a setting's wording there, not here).
#
# Secrets may come from files instead (Docker secrets, see docker-compose.yml):
# set DISCORD_TOKEN_FILE=/run/secrets/discord_token (or OPENAI_API_KEY_FILE)
# and leave the variable itself empty.

# --- Ollama profile (docker compose --profile ollama ...): uncomment these.
# OPENAI_BASE_URL=http://ollama:11434/v1
# CHAT_MODEL=llama3.2:3b
# EMBEDDING_MODEL=nomic-embed-text
`

// envNotes adds what is particular to the container to a variable's usage.
var envNotes = map[string]string{
	"DATA_DIR":      "The image sets /data (a volume): leave it unset with Docker.",
	"KNOWLEDGE_DIR": "With Docker: /knowledge, after mounting your folder there (docker-compose.yml).",
	"HTTP_ADDR":     "The image sets :9090, reachable only where you publish the port: leave it unset with Docker.",
}

// envExample renders .env.example from the configuration table: every
// variable with its meaning and, in its assignment, its default; secrets as
// empty assignments to fill in, the rest commented so the defaults apply.
func envExample(vars []config.Var) []byte {
	var b bytes.Buffer
	b.WriteString(envHeader)
	for _, v := range vars {
		b.WriteString("\n")
		comment(&b, v.Meaning()+".")
		if note := envNotes[v.Env]; note != "" {
			comment(&b, note)
		}
		if v.Secret {
			fmt.Fprintf(&b, "%s=\n", v.Env)
		} else {
			fmt.Fprintf(&b, "# %s=%s\n", v.Env, v.Default)
		}
	}
	return b.Bytes()
}

// comment writes text as # lines of at most about 78 columns.
func comment(b *bytes.Buffer, text string) {
	line := "#"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > 78 && line != "#" {
			b.WriteString(line + "\n")
			line = "#"
		}
		line += " " + w
	}
	b.WriteString(line + "\n")
}

func TestEnvExample(t *testing.T) {
	path := filepath.Join(root, ".env.example")
	want := envExample(config.Vars())
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf(".env.example is out of date with internal/config; run go test ./internal/deploycheck -update\n%s", firstDiff(got, want))
	}
}

// A note for a variable that no longer exists would silently vanish from
// the generated file.
func TestEnvNotesNameKnownVars(t *testing.T) {
	known := knownVars()
	for name := range envNotes {
		if !known[name] {
			t.Errorf("envNotes has a note for %s, which internal/config does not know", name)
		}
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n have %q\n want %q", i+1, gl, wl)
		}
	}
	return "(only line endings differ)"
}
