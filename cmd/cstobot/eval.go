package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/cstobot/cstobot/internal/eval"
	"github.com/cstobot/cstobot/retrieval"
)

func runEval(ctx context.Context, e *env, args []string) error {
	var (
		set, svg, configs, chat string
		asJSON                  bool
	)
	cfg, rest, err := parseFlags(e, "eval", "", args, func(fs *flag.FlagSet) {
		fs.StringVar(&set, "set", "", "JSONL question set (default: the sets shipped in internal/eval/sets)")
		fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
		fs.StringVar(&svg, "svg", "", "also draw the metrics as an SVG chart into this file")
		fs.StringVar(&configs, "configs", "hybrid", "comma-separated search configurations to score side by side: hybrid, bm25, vector (answers are drafted in hybrid only; --json prints a list when there are several)")
		fs.StringVar(&chat, "chat", "", "draft with a scripted chat model instead, good or fabricating, served in-process, to measure what the support check keeps; --set then names a scripted set: "+strings.Join(eval.ChatSetNames(), ", ")+" (default: all)")
	})
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("eval takes no arguments, got %q (use --set FILE)", rest)}
	}
	modes, err := parseModes(configs)
	if err != nil {
		return err
	}
	if chat != "" {
		return runChatEval(ctx, e, cfg, chatEval{mode: chat, set: set, modes: modes, json: asJSON, svg: svg})
	}
	items, err := readSet(set)
	if err != nil {
		return err
	}
	log := newLogger(cfg, e)
	a, err := openApp(ctx, cfg, log, openOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	a.logChecked(log)
	var reps []eval.Report
	if len(modes) == 1 && modes[0] == retrieval.Hybrid {
		// The default keeps its plain name: the embedder's ID.
		rep, err := eval.Run(ctx, a.index.EmbedderID(), items, a.index, a.drafter)
		if err != nil {
			return err
		}
		reps = []eval.Report{rep}
	} else if reps, err = eval.RunModes(ctx, a.index.EmbedderID(), items, a.index, a.drafter, modes); err != nil {
		return err
	}
	if svg != "" {
		if err := writeFile(svg, func(f *os.File) error { return eval.WriteSVG(f, reps...) }); err != nil {
			return err
		}
	}
	if asJSON && len(reps) == 1 {
		return writeJSON(e.stdout, reps[0])
	}
	if asJSON {
		return writeJSON(e.stdout, reps)
	}
	return eval.WriteTable(e.stdout, reps...)
}

// parseModes reads --configs: search modes, comma-separated, each once.
func parseModes(list string) ([]retrieval.Mode, error) {
	var modes []retrieval.Mode
	for _, name := range strings.Split(list, ",") {
		m, err := retrieval.ParseMode(name)
		if err != nil {
			return nil, usageError{fmt.Sprintf("--configs: %v", err)}
		}
		if slices.Contains(modes, m) {
			return nil, usageError{fmt.Sprintf("--configs: %v twice", m)}
		}
		modes = append(modes, m)
	}
	return modes, nil
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
