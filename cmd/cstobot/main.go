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
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// command is one subcommand: it gets its own arguments and the process's
// environment and output.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// env is what a subcommand may touch of the outside world.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

var commands = map[string]command{
	"ask":         {"answer a question from the knowledge base, with citations", runAsk},
	"search":      {"show the passages that best match a query", runSearch},
	"index":       {"build or refresh the index of the knowledge base", runIndex},
	"eval":        {"score retrieval and answers on a JSONL question set", runEval},
	"serve":       {"run the Discord bot", runServe},
	"stats":       {"print questions, answers, refusals, votes and open gaps per day, from the store", runStats},
	"healthcheck": {"exit 0 when a running cstobot's /healthz answers (for Docker)", runHealthcheck},
	"version":     {"print the version", runVersion},
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
	fmt.Fprintln(w, "\nRun 'cstobot <command> -h' for a command's flags. Settings also come from the environment (see README).")
}

func runVersion(_ context.Context, e *env, _ []string) error {
	_, err := fmt.Fprintln(e.stdout, "cstobot", version)
	return err
}

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// exitCode prints err, if any, and maps it to the process's exit status:
// 0 on success, 2 for a bad invocation or input, 1 for anything else.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var u usageError
	if errors.As(err, &u) {
		fmt.Fprintln(stderr, "cstobot:", u.msg)
		return 2
	}
	if errors.Is(err, errHelp) {
		return 0
	}
	fmt.Fprintln(stderr, "cstobot:", strings.TrimSpace(err.Error()))
	if hint := apiHint(err); hint != "" {
		fmt.Fprintln(stderr, "cstobot:", hint)
	}
	return 1
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
