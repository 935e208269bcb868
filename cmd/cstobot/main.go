// Command cstobot answers questions about the CSTO from a knowledge base of
// articles, with cited sources: on the command line (ask, search) or as a
// Discord bot (serve).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/cstobot/cstobot/internal/llm"
)

// version is stamped at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal cancels ctx, and the command winds down; a second
	// one gets the default action back and ends the process at once.
	context.AfterFunc(ctx, stop)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// command is one subcommand: it gets its own arguments and the process's
// environment and output.
type command struct {
	summary string // what it does, in one line
	example string // a typical call, for its --help
	run     func(ctx context.Context, e *env, args []string) error
}

// env is what a subcommand may touch of the outside world.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
	cmd    command // the subcommand running, for its --help
}

var commands = map[string]command{
	"add": {"fetch web pages into KNOWLEDGE_DIR as articles, then re-index",
		`KNOWLEDGE_DIR=./articles cstobot add https://example.org/csto-summit`, runAdd},
	"ask": {"answer a question from the knowledge base, with citations",
		`cstobot ask "Which countries founded the Pact of Tashkent?" --json`, runAsk},
	"search": {"show the passages that best match a query, without drafting an answer",
		`cstobot search "Pact of Tashkent" -k 3`, runSearch},
	"index": {"build or refresh the index of the knowledge base",
		`KNOWLEDGE_DIR=./articles cstobot index`, runIndex},
	"eval": {"score retrieval and answers on a JSONL question set",
		`cstobot eval --set questions.jsonl --configs hybrid,bm25`, runEval},
	"serve": {"run the Discord bot",
		`DISCORD_TOKEN=… cstobot serve`, runServe},
	"stats": {"print questions, answers, refusals, votes and open gaps per day, from the store",
		`cstobot stats --days 30 --svg stats.svg`, runStats},
	"healthcheck": {"exit 0 when a running cstobot's /readyz says it can answer (for Docker)",
		`HTTP_ADDR=127.0.0.1:9090 cstobot healthcheck`, runHealthcheck},
	"version": {"print the version",
		`cstobot version`, runVersion},
}

// run is main made testable: it takes its inputs and returns what went wrong.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return usageError{"no command given"}
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		usage(stdout)
		return nil
	}
	cmd, ok := commands[name]
	if !ok {
		usage(stderr)
		return usageError{fmt.Sprintf("unknown command %q", name)}
	}
	e.cmd = cmd
	return cmd.run(ctx, e, args[1:])
}

func usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "Usage: cstobot <command> [flags] [arguments]")
	fmt.Fprintln(w, "\nCommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'cstobot <command> --help' for what it does, an example, its flags and the settings it reads.")
}

func runVersion(_ context.Context, e *env, args []string) error {
	_, rest, err := parseFlags(e, "version", "", args, nil)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("version takes no arguments, got %q", rest)}
	}
	_, err = fmt.Fprintln(e.stdout, "cstobot", version)
	return err
}

// Exit statuses, documented in the README.
const (
	exitFailure = 1  // something failed that may work another time
	exitUsage   = 2  // the command line or its input is wrong
	exitConfig  = 78 // the settings are wrong: running again will not help (EX_CONFIG)
)

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// configError is a setting the process cannot run with (a malformed or
// missing value, a folder it names that is missing, a token Discord
// rejects): exit status 78, so that a supervisor can tell it from a crash.
type configError struct{ err error }

func (c configError) Error() string { return c.err.Error() }
func (c configError) Unwrap() error { return c.err }

// exitCode prints err, if any, and maps it to the process's exit status:
// 0 on success or after --help, 2 for a bad invocation or input, 78 for a
// configuration error, 1 for anything else.
func exitCode(err error, stderr io.Writer) int {
	var (
		u usageError
		c configError
	)
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.As(err, &u):
		fmt.Fprintln(stderr, "cstobot:", u.msg)
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "cstobot: interrupted")
		return exitFailure
	}
	fmt.Fprintln(stderr, "cstobot:", strings.TrimSpace(err.Error()))
	if hint := apiHint(err); hint != "" {
		fmt.Fprintln(stderr, "cstobot:", hint)
	}
	if errors.As(err, &c) {
		return exitConfig
	}
	return exitFailure
}

// apiHint says which setting to look at when the chat or embeddings API
// failed in a way the operator can fix.
func apiHint(err error) string {
	var e *llm.Error
	if !errors.As(err, &e) {
		return ""
	}
	switch {
	case e.Kind == llm.KindUnavailable:
		return "is OPENAI_BASE_URL right, and is the server running? (unset it and OPENAI_API_KEY to work offline)"
	case e.Kind == llm.KindAuth:
		return "the API refused the key: check OPENAI_API_KEY (and the account's quota)"
	case e.Kind == llm.KindBadRequest && e.Status == 404:
		return "the server does not know the model: check CHAT_MODEL and EMBEDDING_MODEL (with Ollama, `ollama pull NAME` first)"
	}
	return ""
}
