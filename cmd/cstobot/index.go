package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

func runIndex(ctx context.Context, e *env, args []string) error {
	cfg, rest, err := parseFlags(e, "index", "", args, nil)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("index takes no arguments, got %q", rest)}
	}
	start := time.Now()
	a, err := openApp(ctx, cfg, newLogger(cfg, e), openOptions{progress: progressPrinter(e.stderr, time.Second), verify: true})
	if err != nil {
		return err
	}
	defer a.Close()
	s := a.synced
	_, err = fmt.Fprintf(e.stdout, "Indexed %s, %s with %s: %d embedded now, %d reused, %d removed (%s).\n",
		plural(len(a.articles), "article"), plural(s.Passages, "passage"), a.index.EmbedderID(), s.Embedded, s.Reused, s.Removed, time.Since(start).Round(time.Millisecond))
	if err != nil {
		return err
	}
	return a.writeChecked(e.stdout)
}

// progressPrinter reports embedding progress at most once per interval, so
// a long first index shows it is alive without flooding the terminal.
func progressPrinter(w io.Writer, every time.Duration) func(done, total int) {
	var last time.Time
	return func(done, total int) {
		if now := time.Now(); done == total || now.Sub(last) >= every {
			last = now
			fmt.Fprintf(w, "embedding passages: %d/%d\n", done, total)
		}
	}
}
