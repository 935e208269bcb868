package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/cstobot/cstobot/internal/eval"
)

func runEval(ctx context.Context, e *env, args []string) error {
	var (
		set, svg string
		asJSON   bool
	)
	cfg, rest, err := parseFlags(e, "eval", "", args, func(fs *flag.FlagSet) {
		fs.StringVar(&set, "set", "", "JSONL question set (default: the built-in dev set)")
		fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
		fs.StringVar(&svg, "svg", "", "also draw the metrics as an SVG chart into this file")
	})
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("eval takes no arguments, got %q (use --set FILE)", rest)}
	}
	items, err := readSet(set)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, newLogger(cfg, e), nil, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := eval.Run(ctx, a.index.EmbedderID(), items, a.index, a.drafter)
	if err != nil {
		return err
	}
	if svg != "" {
		if err := writeFile(svg, func(f *os.File) error { return eval.WriteSVG(f, rep) }); err != nil {
			return err
		}
	}
	if asJSON {
		return writeJSON(e.stdout, rep)
	}
	return eval.WriteTable(e.stdout, rep)
}

func readSet(path string) ([]eval.Item, error) {
	if path == "" {
		return eval.Builtin()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError{fmt.Sprintf("--set: %v", err)}
	}
	defer f.Close()
	items, err := eval.ReadSet(f)
	if err != nil {
		return nil, usageError{fmt.Sprintf("--set %s: %v", path, err)}
	}
	return items, nil
}

func writeFile(path string, write func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
