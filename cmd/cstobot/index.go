package main

import (
	"context"
	"fmt"
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
	resumed := ""
	if s.Resumed > 0 {
		resumed = fmt.Sprintf("; of the reused, %d kept from an interrupted run", s.Resumed)
	}
	_, err = fmt.Fprintf(e.stdout, "Indexed %s, %s with %s: %d embedded now, %d reused, %d removed%s (%s).\n",
		plural(len(a.articles), "article"), plural(s.Passages, "passage"), a.index.EmbedderID(), s.Embedded, s.Reused, s.Removed, resumed, time.Since(start).Round(time.Millisecond))
	if err != nil {
		return err
	}
	return a.writeChecked(e.stdout)
}
