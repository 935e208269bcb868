// Package curate lets the knowledge base grow without breaking answers: it
// writes the articles moderators teach the bot into the operator's knowledge
// folder, removes them again, and re-indexes the folder so that a change
// goes live only if a golden question set still passes its floor.
//
// A re-index is staged (retrieval.Index.Prepare: only new passages are
// embedded, nothing is live yet), checked against the golden set, and then
// committed or discarded. Searches in flight keep the snapshot they started
// with, so a swap never interrupts an answer; the staged snapshot exists
// only while it is checked.
package curate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/cstobot/cstobot/internal/eval"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// Config says where the knowledge lives and how a change is checked.
type Config struct {
	// Dir is the operator's knowledge folder (KNOWLEDGE_DIR); "" means
	// there is none, so nothing can be taught.
	Dir string
	// Builtin are the articles compiled into the binary, always indexed.
	Builtin []knowledge.Article
	// Split cuts articles into passages; zero fields take the defaults.
	Split knowledge.SplitOptions
	// Golden is the question set a new index must pass (GOLDEN_SET); nil
	// lets every change through.
	Golden []eval.Item
	// Floor is the least share (0..1) of Golden's in-scope questions whose
	// evidence must be in the top 5 passages (GOLDEN_FLOOR).
	Floor float64
	// Now dates taught articles; nil is time.Now.
	Now func() time.Time
}

// Curator changes the knowledge base, one change at a time. It is safe for
// concurrent use.
type Curator struct {
	cfg    Config
	ix     *retrieval.Index
	suffix func() string // of taught articles' file names; randomSuffix but in tests

	mu   sync.Mutex
	live *eval.Report // the golden report of the live index; nil until needed
	seen string       // signature of Dir at the last re-index, for Changed
}

// New returns a curator of ix, which must already hold what cfg describes
// (the caller's first Sync): the golden report of the live index is taken
// lazily, at the first change.
func New(ix *retrieval.Index, cfg Config) *Curator {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &Curator{cfg: cfg, ix: ix, suffix: randomSuffix}
	c.seen, _ = signature(cfg.Dir)
	return c
}

// Outcome reports a re-index: whether it went live, what it changed, and
// how the golden set fared.
type Outcome struct {
	// Applied is true when the new index went live; false when the golden
	// set rejected it and the old one keeps serving.
	Applied bool
	Stats   retrieval.SyncStats
	// Skipped lists files of the folder that could not be used.
	Skipped []knowledge.FileError
	// Checked is true when a golden set was run; Hit5 is its score on the
	// new index, Before on the live one, Floor the least it needs.
	Checked             bool
	Hit5, Before, Floor float64
	// Regressed are the golden questions whose evidence the live index
	// finds in its top 5 and the new one does not.
	Regressed []Regression
	// ID is the article taught or forgotten, when the change was one.
	ID string

	folder string // the knowledge folder, which Report leaves out of paths
}

// Regression is a golden question the change would break.
type Regression struct {
	ID, Question  string
	Before, After int // rank of the evidence, 0 when not in the top 10
}

// Reindex re-reads the knowledge folder and the built-in articles, embeds
// only passages that are new, and makes the result live if the golden set
// still passes (see Outcome). It fails, changing nothing, when the folder
// cannot be read or the embedder fails.
func (c *Curator) Reindex(ctx context.Context) (Outcome, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reindexLocked(ctx)
}

// Changed reports whether the files of the knowledge folder (names, sizes,
// modification times) differ from the last re-index, applied or rejected,
// for polling; cheap, since it reads no file.
func (c *Curator) Changed() bool {
	sig, err := signature(c.cfg.Dir)
	c.mu.Lock()
	defer c.mu.Unlock()
	return err == nil && sig != c.seen
}

// Sync is Reindex for passages the caller has already read from the
// knowledge folder and the built-in articles (at start-up): it embeds
// only what is new, calling progress as retrieval.Index.Sync does, and
// makes the result live if the golden set still passes.
func (c *Curator) Sync(ctx context.Context, passages []knowledge.Passage, progress func(done, total int)) (Outcome, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sig, _ := signature(c.cfg.Dir)
	return c.applyLocked(ctx, sig, passages, nil, progress)
}

// Follow re-reads the knowledge folder and the built-in articles and makes
// them live without running the golden set: for a process of a sharded
// bot whose folder another process changed, after that process's golden
// set passed the change. It embeds only passages that are new to this
// index. The golden report of the live index is taken again at the next
// change checked here.
func (c *Curator) Follow(ctx context.Context) (Outcome, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sig, _ := signature(c.cfg.Dir)
	arts, skipped, err := c.articles(ctx)
	if err != nil {
		return Outcome{}, err
	}
	staged, err := c.ix.Prepare(ctx, knowledge.SplitAll(arts, c.cfg.Split), nil)
	if err != nil {
		return Outcome{}, fmt.Errorf("re-index: %w", err)
	}
	defer staged.Discard()
	o := Outcome{Stats: staged.Stats(), Skipped: skipped, Floor: c.cfg.Floor, folder: c.cfg.Dir}
	if _, err := staged.Commit(); err != nil {
		return Outcome{}, fmt.Errorf("re-index: %w", err)
	}
	o.Applied, c.seen, c.live = true, sig, nil
	return o, nil
}

func (c *Curator) reindexLocked(ctx context.Context) (Outcome, error) {
	sig, _ := signature(c.cfg.Dir)
	arts, skipped, err := c.articles(ctx)
	if err != nil {
		return Outcome{}, err
	}
	return c.applyLocked(ctx, sig, knowledge.SplitAll(arts, c.cfg.Split), skipped, nil)
}

// applyLocked stages passages, checks them against the golden set, and
// commits them or not; sig is the folder's signature they were read at.
func (c *Curator) applyLocked(ctx context.Context, sig string, passages []knowledge.Passage, skipped []knowledge.FileError, progress func(done, total int)) (Outcome, error) {
	staged, err := c.ix.Prepare(ctx, passages, progress)
	if err != nil {
		return Outcome{}, fmt.Errorf("re-index: %w", err)
	}
	defer staged.Discard()
	o := Outcome{Stats: staged.Stats(), Skipped: skipped, Floor: c.cfg.Floor, folder: c.cfg.Dir}
	var next eval.Report
	if len(c.cfg.Golden) > 0 {
		if c.live == nil {
			rep, err := eval.Run(ctx, "golden", c.cfg.Golden, c.ix, nil)
			if err != nil {
				return Outcome{}, fmt.Errorf("golden set on the live index: %w", err)
			}
			c.live = &rep
		}
		if next, err = eval.Run(ctx, "golden", c.cfg.Golden, staged, nil); err != nil {
			return Outcome{}, fmt.Errorf("golden set on the new index: %w", err)
		}
		o.Checked, o.Hit5, o.Before = true, next.Overall.Hit5, c.live.Overall.Hit5
		o.Regressed = regressions(*c.live, next)
		if o.Hit5 < c.cfg.Floor {
			// Seen, so that polling waits for the next change (a fix)
			// instead of trying this one again and again.
			c.seen = sig
			return o, nil
		}
	}
	if _, err := staged.Commit(); err != nil {
		return Outcome{}, fmt.Errorf("re-index: %w", err)
	}
	o.Applied = true
	c.seen = sig
	if o.Checked {
		c.live = &next
	}
	return o, nil
}

// articles returns the built-in articles and the folder's.
func (c *Curator) articles(ctx context.Context) ([]knowledge.Article, []knowledge.FileError, error) {
	arts := append([]knowledge.Article(nil), c.cfg.Builtin...)
	if c.cfg.Dir == "" {
		return arts, nil, nil
	}
	more, skipped, err := knowledge.LoadDir(ctx, c.cfg.Dir)
	if err != nil && !errors.Is(err, knowledge.ErrNoArticles) {
		return nil, skipped, fmt.Errorf("re-index: %w", err)
	}
	return append(arts, more...), skipped, nil
}

// regressions lists the questions found in the top 5 before and not after.
func regressions(before, after eval.Report) []Regression {
	was := make(map[string]int, len(before.Results))
	for _, r := range before.Results {
		was[r.ID] = r.Rank
	}
	var out []Regression
	for _, r := range after.Results {
		if b := was[r.ID]; b >= 1 && b <= 5 && (r.Rank < 1 || r.Rank > 5) {
			out = append(out, Regression{ID: r.ID, Question: r.Question, Before: b, After: r.Rank})
		}
	}
	return out
}

// signature sums up the files under dir that the loader reads (path, size,
// modification time; hidden ones skipped, like an editor's swap files), or
// "" when there is no dir.
func signature(dir string) (string, error) {
	if dir == "" {
		return "", nil
	}
	var sig []byte
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case p != "." && strings.HasPrefix(path.Base(p), "."):
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir():
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		sig = fmt.Appendf(sig, "%s\x00%d\x00%d\n", p, fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	return string(sig), err
}
