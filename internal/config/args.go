package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// FlagError is a mistake on the command line (an unknown flag, a flag's
// bad value), as opposed to one in the environment.
type FlagError struct{ Err error }

func (e FlagError) Error() string { return e.Err.Error() }
func (e FlagError) Unwrap() error { return e.Err }

// parseArgs parses the flags in args onto fs, wherever they stand, and
// returns the other arguments in order: `ask "…" --json` is
// `ask --json "…"`. Everything after "--" is an argument, so a question
// may start with a dash. A flag of a setting that cmd does not read is
// refused with the command that does read it. Errors are FlagErrors, or
// flag.ErrHelp for -h and --help.
func parseArgs(cmd string, fs *flag.FlagSet, args []string) ([]string, error) {
	flags, rest := splitArgs(fs, args)
	for _, a := range flags {
		if name, ok := flagName(a); ok && fs.Lookup(name) == nil && name != "h" && name != "help" {
			return nil, FlagError{unknownFlag(cmd, name)}
		}
	}
	fs.SetOutput(io.Discard) // the caller prints help and errors
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, FlagError{fmt.Errorf("%w (see cstobot %s --help)", err, cmd)}
	}
	return rest, nil
}

// splitArgs separates args into flags, each with its value when the value
// is the next argument, and the rest.
func splitArgs(fs *flag.FlagSet, args []string) (flags, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(rest, args[i+1:]...)
		}
		name, ok := flagName(a)
		if !ok {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		if f := fs.Lookup(name); f != nil && !isBoolFlag(f) && !strings.Contains(a, "=") && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, rest
}

// flagName returns the name of a flag argument ("-k", "--json",
// "--k=3"); ok is false for an argument that is not a flag ("-" alone is
// not).
func flagName(a string) (string, bool) {
	if len(a) < 2 || a[0] != '-' {
		return "", false
	}
	name := strings.TrimPrefix(a[1:], "-")
	name, _, _ = strings.Cut(name, "=")
	return name, name != ""
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// unknownFlag explains a flag that cmd does not take: a setting of other
// commands, or no flag at all (perhaps an argument that starts with a
// dash).
func unknownFlag(cmd, name string) error {
	for _, v := range vars {
		if v.Flag == name {
			return fmt.Errorf("--%s is a setting of %s, not of %s (see cstobot %s --help)",
				name, strings.Join(v.Commands, ", "), cmd, cmd)
		}
	}
	return fmt.Errorf("unknown flag -%s (cstobot %s --help lists the flags; to give an argument that starts with a dash, put -- before it)", name, cmd)
}
