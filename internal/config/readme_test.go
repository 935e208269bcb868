package config

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's configuration table")

const (
	tableBegin = "<!-- config table: generated from internal/config by go test ./internal/config -update -->\n"
	tableEnd   = "<!-- end of config table -->\n"
)

// table renders Vars as the README's Markdown table.
func table() string {
	var b strings.Builder
	b.WriteString("| Variable | Flag | Default | Meaning |\n|---|---|---|---|\n")
	for _, v := range Vars() {
		flagCol, def := "", v.Default
		if v.Flag != "" {
			flagCol = "`--" + v.Flag + "`"
		}
		if def != "" {
			def = "`" + def + "`"
		}
		usage := v.Meaning()
		if v.Secret {
			usage += "; or put it in a file named by `" + v.Env + "_FILE`"
		}
		b.WriteString("| `" + v.Env + "` | " + flagCol + " | " + def + " | " + strings.ReplaceAll(usage, "|", `\|`) + " |\n")
	}
	return b.String()
}

// TestReadmeTable keeps the README's configuration table equal to what the
// binary accepts: a setting cannot be added, renamed or given a new default
// without the documentation following.
func TestReadmeTable(t *testing.T) {
	const path = "../../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i, j := strings.Index(readme, tableBegin), strings.Index(readme, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no configuration table between %q and %q", tableBegin, tableEnd)
	}
	got, want := readme[i+len(tableBegin):j], table()
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(readme[:i+len(tableBegin)]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's configuration table is out of date; run go test ./internal/config -update\n--- want\n%s", want)
}
