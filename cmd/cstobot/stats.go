package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/store"
)

// maxStatsDays bounds --days: a year of rows fits any terminal's scrollback
// and the chart's width.
const maxStatsDays = 366

// runStats prints, per day, the questions asked, how they ended, the votes
// and the gaps waiting for a moderator, from the store the bot writes.
func runStats(ctx context.Context, e *env, args []string) error {
	var (
		days          int
		until, svg    string
		asJSON        bool
		lastDay, from time.Time
	)
	cfg, rest, err := parseFlags(e, "stats", "", args, func(fs *flag.FlagSet) {
		fs.IntVar(&days, "days", 14, "how many days to show, ending with --until")
		fs.StringVar(&until, "until", "", "last day to show, YYYY-MM-DD in UTC (default today)")
		fs.BoolVar(&asJSON, "json", false, "print the counts as JSON")
		fs.StringVar(&svg, "svg", "", "also draw the counts as an SVG chart into this file")
	})
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("stats takes no arguments, got %q", rest)}
	}
	if lastDay, err = parseUntil(until); err != nil {
		return err
	}
	if days < 1 || days > maxStatsDays {
		return usageError{fmt.Sprintf("--days %d is out of range: give 1 to %d", days, maxStatsDays)}
	}
	from = lastDay.AddDate(0, 0, 1-days)
	counts, err := readDaily(ctx, cfg, from, lastDay)
	if err != nil {
		return err
	}
	if svg != "" {
		if err := writeFile(svg, func(f *os.File) error { return writeStatsSVG(f, counts) }); err != nil {
			return err
		}
	}
	if asJSON {
		return writeJSON(e.stdout, newStatsJSON(counts))
	}
	return writeStatsTable(e.stdout, counts)
}

func parseUntil(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, usageError{fmt.Sprintf("--until %q is not a date such as 2026-05-20", s)}
	}
	return t, nil
}

// readDaily opens the store read the way serve opens it, and counts. A
// SQLite store that does not exist yet is an error rather than created:
// stats should not leave files behind.
func readDaily(ctx context.Context, cfg config.Config, from, to time.Time) ([]store.Day, error) {
	if cfg.DatabaseURL == "" {
		path := filepath.Join(cfg.DataDir, store.SQLiteFile)
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no store at %s yet: the bot has recorded nothing in this DATA_DIR (or set DATABASE_URL)", path)
		}
	}
	s, err := store.Open(ctx, cfg.DataDir, cfg.DatabaseURL, storeOptions(cfg))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Daily(ctx, from, to)
}

// The JSON shape is a stable interface for scripts: fields may be added,
// never renamed or removed.
type statsJSON struct {
	Days  []dayJSON `json:"days"`
	Total dayJSON   `json:"total"` // open_gaps: at the end of the last day
}

type dayJSON struct {
	Date      string `json:"date"`
	Questions int    `json:"questions"`
	Answered  int    `json:"answered"`
	Refused   int    `json:"refused"`
	Failed    int    `json:"failed"`
	Up        int    `json:"up"`
	Down      int    `json:"down"`
	OpenGaps  int    `json:"open_gaps"`
}

func newStatsJSON(days []store.Day) statsJSON {
	out := statsJSON{Days: []dayJSON{}, Total: dayJSON(store.Sum(days))}
	for _, d := range days {
		out.Days = append(out.Days, dayJSON(d))
	}
	return out
}

const statsRow = "%-10s %9v %8v %7v %6v %4v %4v %9v\n"

func writeStatsTable(w io.Writer, days []store.Day) error {
	fmt.Fprintf(w, statsRow, "date", "questions", "answered", "refused", "failed", "up", "down", "open gaps")
	for _, d := range days {
		fmt.Fprintf(w, statsRow, d.Date, d.Questions, d.Answered, d.Refused, d.Failed, d.Up, d.Down, d.OpenGaps)
	}
	t := store.Sum(days)
	_, err := fmt.Fprintf(w, statsRow, "total", t.Questions, t.Answered, t.Refused, t.Failed, t.Up, t.Down, t.OpenGaps)
	return err
}
