package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// openIndex opens the index in DATA_DIR for emb. When the manifest beside
// it says the articles are those it was built from, that is all: no
// article is read, nothing is embedded. Otherwise it takes the index's
// lock (waiting, and saying so, while another cstobot holds it), loads
// and splits the articles, brings the index up to date and writes the
// manifest.
func (a *app) openIndex(ctx context.Context, emb retrieval.Embedder, opt openOptions) error {
	dir := filepath.Join(a.cfg.DataDir, "index")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		if fi, serr := os.Stat(dir); serr != nil || !fi.IsDir() {
			return configError{fmt.Errorf("DATA_DIR %s cannot hold the index (set DATA_DIR to a folder cstobot may write): %w", a.cfg.DataDir, err)}
		}
	}
	prec := retrieval.Precision(a.cfg.VectorPrecision)
	manifest := filepath.Join(dir, manifestName(emb.ID(), prec))
	if ok, err := a.openUnchanged(ctx, dir, manifest, emb, prec); err != nil || ok {
		return a.finishOpen(ctx, emb, opt, err)
	}
	unlock, err := retrieval.LockDir(ctx, dir, func() {
		a.log.Warn("another cstobot is updating the index; waiting for it to finish", "dir", dir)
	})
	if err != nil {
		return fmt.Errorf("lock the index in DATA_DIR %s: %w", a.cfg.DataDir, err)
	}
	defer unlock()
	// The other process may have brought the index up to date meanwhile.
	if ok, err := a.openUnchanged(ctx, dir, manifest, emb, prec); err != nil || ok {
		return a.finishOpen(ctx, emb, opt, err)
	}
	return a.finishOpen(ctx, emb, opt, a.syncIndex(ctx, dir, manifest, emb, prec, opt))
}

// manifestName is the manifest file of the index of emb at prec.
func manifestName(embedder string, prec retrieval.Precision) string {
	safe := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, embedder)
	return "manifest-" + safe + "-" + string(prec) + ".json"
}

// openUnchanged opens the index when the manifest vouches for it: the
// articles are unchanged and the index is the one the manifest noted.
func (a *app) openUnchanged(ctx context.Context, dir, manifest string, emb retrieval.Embedder, prec retrieval.Precision) (bool, error) {
	m, err := knowledge.ReadManifest(manifest)
	if err != nil {
		return false, nil
	}
	// A folder that cannot be surveyed is reported by the full load.
	if ok, err := m.Unchanged(a.cfg.KnowledgeDir, knowledge.DefaultSplit); err != nil || !ok {
		return false, nil
	}
	ix, err := a.open(ctx, dir, emb, prec)
	if err != nil {
		return false, err
	}
	if ix.Version() != m.Index || ix.Len() != m.Passages {
		ix.Close()
		return false, nil
	}
	a.index = ix
	if a.cur, a.golden, err = newCurator(a.cfg, ix); err != nil {
		return false, configError{err}
	}
	a.articles = ix.Articles()
	a.synced = retrieval.SyncStats{Articles: m.Articles, Passages: ix.Len(), Reused: ix.Len()}
	a.checked.outcome = curate.Outcome{Applied: true, Stats: a.synced}
	for _, s := range m.Skipped {
		a.log.Warn("article skipped", "path", s.Path, "err", s.Reason)
	}
	if a.cfg.KnowledgeDir != "" && m.Loaded == 0 {
		warnNoArticles(a.log, a.cfg.KnowledgeDir, len(m.Skipped))
	}
	return true, nil
}

// open opens the index, saying what it repaired.
func (a *app) open(ctx context.Context, dir string, emb retrieval.Embedder, prec retrieval.Precision) (*retrieval.Index, error) {
	ix, err := retrieval.OpenWith(ctx, dir, emb, retrieval.Options{Precision: prec})
	if err != nil {
		return nil, fmt.Errorf("open the index in DATA_DIR %s: %w", a.cfg.DataDir, err)
	}
	if f := ix.CorruptFile(); f != "" {
		a.log.Warn("an index file was damaged: moved aside, rebuilding", "moved_to", f)
	}
	return ix, nil
}

// syncIndex loads the articles, brings the index up to date with them and
// notes in the manifest what it was built from.
func (a *app) syncIndex(ctx context.Context, dir, manifest string, emb retrieval.Embedder, prec retrieval.Precision, opt openOptions) error {
	// Surveyed before loading: a file changed in between is found changed
	// at the next start.
	m, merr := knowledge.NewManifest(a.cfg.KnowledgeDir, knowledge.DefaultSplit)
	arts, skipped, err := loadArticles(ctx, a.cfg, a.log)
	if err != nil {
		return err
	}
	for _, art := range arts {
		a.articles = append(a.articles, art.Meta)
	}
	if a.index, err = a.open(ctx, dir, emb, prec); err != nil {
		return err
	}
	if a.cur, a.golden, err = newCurator(a.cfg, a.index); err != nil {
		return configError{err}
	}
	a.synced, err = a.syncChecked(ctx, knowledge.SplitAll(arts, knowledge.DefaultSplit), opt.progress)
	switch {
	case errors.Is(err, retrieval.ErrReadOnly):
		return fmt.Errorf("DATA_DIR %s is read-only and its index does not match the articles (%w): index them once with a writable DATA_DIR", a.cfg.DataDir, err)
	case err != nil:
		return fmt.Errorf("index the knowledge base: %w", err)
	}
	if merr != nil || a.index.ReadOnly() || !a.checked.outcome.Applied {
		// The next start loads the articles again (and a change the golden
		// set refused is checked again).
		return nil
	}
	m.Index, m.Articles, m.Passages = a.index.Version(), len(arts), a.index.Len()
	for _, art := range arts {
		if !strings.HasPrefix(art.ID, "builtin/") {
			m.Loaded++
		}
	}
	for _, s := range skipped {
		m.Skipped = append(m.Skipped, knowledge.Skipped{Path: s.Path, Reason: s.Err.Error()})
	}
	if err := knowledge.WriteManifest(manifest, m); err != nil {
		a.log.Warn("could not save the manifest of the articles: the next start reads them again", "err", err)
	}
	return nil
}

// finishOpen wraps the open index for searching and, for `cstobot index`,
// checks that the stored vectors still fit the embedder; err is how the
// opening went.
func (a *app) finishOpen(ctx context.Context, emb retrieval.Embedder, opt openOptions, err error) error {
	if err != nil {
		if a.index != nil {
			a.index.Close()
		}
		return err
	}
	a.search = &healingIndex{Index: a.index, log: a.log}
	// A model whose vectors changed length under the same name goes
	// unnoticed while no passage needs embedding. `cstobot index` was asked
	// to check, so it spends one query embedding on it; other commands
	// keep a restart free of embedding calls and heal at the first search.
	if opt.verify && a.synced.Embedded == 0 && a.index.Len() > 0 {
		if _, err := a.search.Search(ctx, "CSTO", 1); err != nil {
			a.index.Close()
			return err
		}
		if a.search.healed != nil {
			a.synced = *a.search.healed
		}
	}
	if a.synced.Rebuilt {
		a.log.Warn("the embedding model or its dimension changed: every passage was embedded again", "embedder", emb.ID())
	}
	return nil
}
