package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/eval"
	"github.com/cstobot/cstobot/retrieval"
)

func runEval(ctx context.Context, e *env, args []string) error {
	var (
		set, suite, svg, configs, chat string
		asJSON, explain                bool
	)
	cfg, rest, err := parseFlags(e, "eval", "", args, func(fs *flag.FlagSet) {
		fs.StringVar(&set, "set", "", "JSONL question set, asked of the configured articles (default: the shipped suites: the sets on the built-in article, the casual questions, and the fixture library's questions on that library)")
		fs.StringVar(&suite, "suite", "", "score one shipped or held-out suite by name instead of the default ones: "+strings.Join(eval.SuiteNames(), ", "))
		fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
		fs.BoolVar(&explain, "explain", false, "after the table, for each question that went wrong: the passages found with their scores, the features of the sentences chosen, or why it was refused (hybrid only, not with --json)")
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
	if suite != "" && set != "" {
		return usageError{"--suite and --set exclude each other"}
	}
	suites, err := readSuites(set, suite)
	if err != nil {
		return err
	}
	if explain && (asJSON || len(modes) != 1 || modes[0] != retrieval.Hybrid) {
		return usageError{"--explain takes neither --json nor --configs other than hybrid"}
	}
	var reps []eval.Report
	var why bytes.Buffer
	for _, s := range suites {
		var w io.Writer
		if explain {
			w = &why
		}
		more, err := runSuite(ctx, cfg, newLogger(cfg, e), s, modes, w)
		if err != nil {
			return err
		}
		reps = append(reps, more...)
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
	if err := eval.WriteTable(e.stdout, reps...); err != nil {
		return err
	}
	_, err = why.WriteTo(e.stdout)
	return err
}

// runSuite scores one suite in each mode. A suite with a library of its
// own is searched in an index of the built-in articles and that library,
// kept in DATA_DIR/eval-NAME so that later runs embed nothing again; the
// others in the configured one. Reports are named after the embedder, and
// the suite when it is not the built-in sets. With explain set, what went
// wrong is explained into it (eval.WriteExplanations).
func runSuite(ctx context.Context, cfg config.Config, log *slog.Logger, s eval.Suite, modes []retrieval.Mode, explain io.Writer) ([]eval.Report, error) {
	if s.Library != nil {
		dir, err := os.MkdirTemp("", "cstobot-eval-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		if err := s.WriteLibrary(dir); err != nil {
			return nil, fmt.Errorf("write the %s library: %w", s.Name, err)
		}
		cfg.KnowledgeDir, cfg.DataDir = dir, filepath.Join(cfg.DataDir, "eval-"+s.Name)
	}
	a, err := openApp(ctx, cfg, log, openOptions{})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	a.logChecked(log)
	name := a.index.EmbedderID()
	if s.Name != "built-in" && s.Name != "" {
		name += " " + s.Name
	}
	if len(modes) == 1 && modes[0] == retrieval.Hybrid {
		rep, err := eval.Run(ctx, name, s.Items, a.index, a.drafter)
		if err == nil && explain != nil {
			fmt.Fprintf(explain, "\n%s: explained\n", name)
			err = eval.WriteExplanations(ctx, explain, rep, a.drafter)
		}
		return []eval.Report{rep}, err
	}
	return eval.RunModes(ctx, name, s.Items, a.index, a.drafter, modes)
}

// readSuites returns the suite named name, the set at path as one suite on
// the configured articles, or the shipped suites when both are empty.
func readSuites(path, name string) ([]eval.Suite, error) {
	if name != "" {
		s, err := eval.NamedSuite(name)
		if err != nil {
			return nil, usageError{fmt.Sprintf("--suite: %v", err)}
		}
		return []eval.Suite{s}, nil
	}
	if path == "" {
		return eval.Suites()
	}
	items, err := readSet(path)
	if err != nil {
		return nil, err
	}
	return []eval.Suite{{Items: items}}, nil
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
