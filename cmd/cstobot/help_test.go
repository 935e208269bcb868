package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/config"
)

// Each command's --help, from the binary: what it does, an example, its
// own flags and only the settings it reads, with their defaults.
func TestHelpGolden(t *testing.T) {
	u := newUser(t)
	for name := range commands {
		t.Run(name, func(t *testing.T) {
			out, stderr, code := u.run(name, "--help")
			if code != 0 || stderr != "" {
				t.Fatalf("cstobot %s --help: exit %d, stderr %q; want 0 and nothing", name, code, stderr)
			}
			golden(t, "help-"+name, []byte(out))
			for _, v := range config.Vars() {
				reads := slices.Contains(v.Commands, name)
				if shown := strings.Contains(out, " "+v.Env+"\n") || strings.Contains(out, " "+v.Env+"  (") ||
					strings.Contains(out, "  "+v.Env+" or "); shown != reads {
					t.Errorf("%s --help lists %s: %v; want %v", name, v.Env, shown, reads)
				}
			}
		})
	}
}

func TestServeHelpSaysTokenRequired(t *testing.T) {
	out, _, _ := newUser(t).run("serve", "-h")
	if !strings.Contains(out, "DISCORD_TOKEN or DISCORD_TOKEN_FILE (environment only)  (required)") {
		t.Errorf("serve -h does not say DISCORD_TOKEN is required:\n%s", out)
	}
}

// Every command a setting names exists.
func TestSettingsNameRealCommands(t *testing.T) {
	for _, v := range config.Vars() {
		for _, c := range v.Commands {
			if _, ok := commands[c]; !ok {
				t.Errorf("%s is read by %q, which is not a command", v.Env, c)
			}
		}
	}
}
