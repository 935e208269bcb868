package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/webpage"
	"github.com/cstobot/cstobot/knowledge"
)

// runAdd fetches web pages, saves each as a Markdown article in
// KNOWLEDGE_DIR/web, and re-indexes. A page that cannot be added is
// reported and the others are still added; the exit status is then 1.
func runAdd(ctx context.Context, e *env, args []string) error {
	var noIndex bool
	cfg, urls, err := parseFlags(e, "add", "URL…", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&noIndex, "no-index", false, "save the pages without re-indexing")
	})
	if err != nil {
		return err
	}
	switch {
	case len(urls) == 0:
		return usageError{"no URL given: e.g. cstobot add https://example.org/csto-summit"}
	case cfg.KnowledgeDir == "":
		return usageError{"add saves pages in KNOWLEDGE_DIR (or --knowledge-dir): set it to your knowledge folder"}
	}
	f := pageFetcher(webpage.CLI)
	failed := 0
	for _, u := range urls {
		s, err := f.Save(ctx, u, cfg.KnowledgeDir)
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "cstobot: could not add %s: %v\n", u, err)
			if errors.Is(err, context.Canceled) {
				break
			}
			continue
		}
		fmt.Fprintf(e.stdout, "Added %s as %s: %q, %d paragraphs.\n", u, s.Path, s.Article.Title, len(knowledge.Paragraphs(s.Article.Body)))
	}
	if failed < len(urls) && !noIndex {
		if err := addIndex(ctx, e, cfg); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d pages not added", failed, len(urls))
	}
	return nil
}

// pageFetcher fetches pages under policy p, naming this version of the
// bot as its User-Agent: `cstobot add` with the CLI policy, /teach url:…
// in serve with the Public one.
func pageFetcher(p webpage.Policy) *webpage.Fetcher {
	p.UserAgent = "cstobot/" + version + " (+https://github.com/cstobot/cstobot)"
	return webpage.New(p)
}

// addIndex brings the index up to date with the knowledge folder, as
// cstobot index does, the golden set included.
func addIndex(ctx context.Context, e *env, cfg config.Config) error {
	start := time.Now()
	a, err := openApp(ctx, cfg, newLogger(cfg, e), openOptions{progress: progressPrinter(e.stderr, time.Second), verify: true})
	if err != nil {
		return err
	}
	defer a.Close()
	s := a.synced
	_, err = fmt.Fprintf(e.stdout, "Indexed %s, %s: %d embedded now, %d reused, %d removed (%s); the pages are in %s.\n",
		plural(len(a.articles), "article"), plural(s.Passages, "passage"), s.Embedded, s.Reused, s.Removed,
		time.Since(start).Round(time.Millisecond), filepath.Join(cfg.KnowledgeDir, webpage.Folder))
	if err != nil {
		return err
	}
	return a.writeChecked(e.stdout)
}
