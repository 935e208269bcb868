package main

import (
	"context"
	"errors"
	"flag"
	"strings"

	"github.com/cstobot/cstobot/internal/answer"
)

func runAsk(ctx context.Context, e *env, args []string) error {
	var asJSON bool
	cfg, rest, err := parseFlags(e, "ask", "QUESTION", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print the answer as JSON")
	})
	if err != nil {
		return err
	}
	q := strings.Join(rest, " ")
	if answer.Clean(q) == "" {
		return usageError{`the question is empty: ask one, e.g. cstobot ask "When was the CSTO founded?"`}
	}
	log := newLogger(cfg, e)
	a, err := openApp(ctx, cfg, log, openOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	a.logChecked(log)
	ctx, cancel := context.WithTimeout(ctx, cfg.AnswerTimeout)
	defer cancel()
	ans, err := a.drafter.Answer(ctx, answer.Question{Text: q}, nil)
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion), errors.Is(err, answer.ErrQuestionTooLong):
		return usageError{err.Error()}
	case err != nil && !ans.Partial:
		return err // the drafter's error says what it was doing
	}
	if asJSON {
		return writeAskJSON(e.stdout, ans)
	}
	return writeAskText(e.stdout, ans)
}
