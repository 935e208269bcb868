package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/retrieval"
)

func runSearch(ctx context.Context, e *env, args []string) error {
	var (
		asJSON bool
		k      int
	)
	cfg, rest, err := parseFlags(e, "search", "QUERY", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print the results as JSON")
		fs.IntVar(&k, "k", 5, "how many passages to show")
	})
	if err != nil {
		return err
	}
	q := answer.Clean(strings.Join(rest, " "))
	switch {
	case q == "":
		return usageError{`the query is empty: e.g. cstobot search "Pact of Tashkent"`}
	case k < 1 || k > 100:
		return usageError{fmt.Sprintf("-k %d is out of range: give 1 to 100", k)}
	}
	log := newLogger(cfg, e)
	a, err := openApp(ctx, cfg, log, openOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	a.logChecked(log)
	hits, err := a.search.Search(ctx, q, k)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	hits = matching(hits)
	if asJSON {
		return writeSearchJSON(e.stdout, q, hits)
	}
	return writeSearchText(e.stdout, hits)
}

// matching returns hits when at least one of them shares a word with the
// query (a BM25 score or a coverage above 0, typo-corrected and related
// words included), else none: the vector ranking alone always returns the
// k nearest passages, however far from the query they are.
func matching(hits []retrieval.Hit) []retrieval.Hit {
	for _, h := range hits {
		if h.Lexical > 0 || h.Coverage > 0 {
			return hits
		}
	}
	return nil
}
