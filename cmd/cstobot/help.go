package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/cstobot/cstobot/internal/config"
)

// errHelp is returned after --help printed a command's help: exit status 0.
var errHelp = flag.ErrHelp

// parseFlags reads the configuration of subcommand name: the settings it
// reads (internal/config says which), plus the command's own flags, which
// extra declares. Flags may stand anywhere among the arguments, which it
// returns. On -h or --help it prints the command's help to stdout and
// returns errHelp. A mistake on the command line is a usageError, one in
// the environment a configError.
func parseFlags(e *env, name, argsUsage string, args []string, extra func(*flag.FlagSet)) (config.Config, []string, error) {
	fs := flag.NewFlagSet("cstobot "+name, flag.ContinueOnError)
	if extra != nil {
		extra(fs)
	}
	cfg, rest, err := config.Load(name, fs, args, e.getenv)
	switch {
	case errors.Is(err, flag.ErrHelp):
		if err := writeHelp(e.stdout, name, argsUsage, e.cmd, fs); err != nil {
			return cfg, nil, err
		}
		return cfg, nil, errHelp
	case errors.As(err, new(config.FlagError)):
		return cfg, nil, usageError{err.Error()}
	case err != nil:
		return cfg, nil, configError{err}
	}
	return cfg, rest, nil
}

// writeHelp writes a command's --help: what it does, how it is called, an
// example, its own flags and the settings it reads.
func writeHelp(w io.Writer, name, argsUsage string, cmd command, fs *flag.FlagSet) error {
	var b strings.Builder
	fmt.Fprintf(&b, "cstobot %s: %s.\n\n", name, cmd.summary)
	fmt.Fprintf(&b, "Usage: %s\n", strings.TrimSpace("cstobot "+name+" [flags] "+argsUsage))
	fmt.Fprintf(&b, "\nExample:\n  %s\n", cmd.example)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	return config.WriteHelp(w, name, fs)
}
