package main

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/eval"
	"github.com/cstobot/cstobot/internal/openaitest"
	"github.com/cstobot/cstobot/retrieval"
)

// chatEval is what `cstobot eval --chat` was asked for.
type chatEval struct {
	mode, set string
	modes     []retrieval.Mode
	json      bool
	svg       string
}

// runChatEval runs the scripted sets through the chat path with a scripted
// model, each on the articles it was written on, and prints what the
// support check kept.
func runChatEval(ctx context.Context, e *env, cfg config.Config, c chatEval) error {
	mode, err := openaitest.ParseMode(c.mode)
	if err != nil {
		return usageError{"--chat: " + err.Error()}
	}
	if len(c.modes) != 1 || c.modes[0] != retrieval.Hybrid {
		return usageError{"--chat drafts in the hybrid configuration only: leave out --configs"}
	}
	var names []string
	if c.set != "" {
		if !slices.Contains(eval.ChatSetNames(), c.set) {
			return usageError{fmt.Sprintf("--set %q: with --chat, name a scripted set: %v", c.set, eval.ChatSetNames())}
		}
		names = []string{c.set}
	}
	sets, err := eval.ChatSets(ctx, names...)
	if err != nil {
		return err
	}
	var reps []eval.ChatReport
	for _, cs := range sets {
		rep, err := eval.RunChat(ctx, cs, mode, drafterOptions(cfg))
		if err != nil {
			return err
		}
		reps = append(reps, rep)
	}
	return writeChatReports(e, reps, c)
}

func writeChatReports(e *env, reps []eval.ChatReport, c chatEval) error {
	if c.svg != "" {
		plain := make([]eval.Report, len(reps))
		for i, r := range reps {
			plain[i] = r.Report
		}
		if err := writeFile(c.svg, func(f *os.File) error { return eval.WriteSVG(f, plain...) }); err != nil {
			return err
		}
	}
	switch {
	case c.json && len(reps) == 1:
		return writeJSON(e.stdout, reps[0])
	case c.json:
		return writeJSON(e.stdout, reps)
	}
	return eval.WriteChatTable(e.stdout, reps...)
}
