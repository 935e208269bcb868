package config

import (
	"flag"
	"io"
	"slices"
	"strings"
)

// helpWidth is where --help wraps the meaning of a flag, which it indents
// by helpIndent.
const (
	helpWidth  = 78
	helpIndent = "        "
)

// For returns the settings that subcommand cmd reads, in the table's order.
func For(cmd string) []Var {
	var out []Var
	for _, v := range vars {
		if slices.Contains(v.Commands, cmd) {
			out = append(out, v)
		}
	}
	return out
}

// reads reports whether cmd reads the setting env.
func reads(cmd, env string) bool {
	return slices.ContainsFunc(vars, func(v Var) bool { return v.Env == env && slices.Contains(v.Commands, cmd) })
}

// WriteHelp writes the end of cmd's --help: the command's own flags
// (those of fs that are not settings) and the settings that cmd reads, each
// with its flag and environment variable, its default, whether it is
// required, and its meaning.
func WriteHelp(w io.Writer, cmd string, fs *flag.FlagSet) error {
	var b strings.Builder
	title := "\nFlags:\n"
	fs.VisitAll(func(f *flag.Flag) {
		if IsSetting(f.Name) {
			return
		}
		b.WriteString(title + "  " + dashes(f.Name))
		title = ""
		if f.DefValue != "" && f.DefValue != "false" {
			b.WriteString("  (default " + f.DefValue + ")")
		}
		b.WriteString("\n")
		wrap(&b, f.Usage, helpIndent)
	})
	title = "\nSettings (a flag wins over its environment variable):\n"
	for _, v := range For(cmd) {
		b.WriteString(title + "  " + v.helpName())
		title = ""
		switch {
		case v.Required:
			b.WriteString("  (required)")
		case v.Default != "":
			b.WriteString("  (default " + v.Default + ")")
		}
		b.WriteString("\n")
		wrap(&b, v.Usage, helpIndent)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// dashes writes a flag as it is usually typed: -k, --json.
func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// helpName is how --help names a setting: "--data-dir, DATA_DIR", or for a
// secret, which has no flag, "DISCORD_TOKEN or DISCORD_TOKEN_FILE".
func (v Var) helpName() string {
	if v.Secret {
		return v.Env + " or " + v.Env + "_FILE (environment only)"
	}
	return "--" + v.Flag + ", " + v.Env
}

// wrap writes text in lines of at most helpWidth columns, each after indent.
func wrap(b *strings.Builder, text, indent string) {
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line)+1+len(word) > helpWidth && line != indent {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
}

// IsSetting reports whether name is the flag of a setting, so that a
// command's help can tell its own flags from the settings' flags.
func IsSetting(name string) bool {
	return slices.ContainsFunc(vars, func(v Var) bool { return v.Flag == name })
}
