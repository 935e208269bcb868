package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/ops"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// app is the core wired together: the knowledge base indexed, a drafter on
// top, and the chat client when an API is configured.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	articles []knowledge.Meta
	index    *retrieval.Index
	search   *healingIndex // a.index, searched
	chat     *llm.Client   // nil offline
	drafter  *answer.Drafter
	synced   retrieval.SyncStats
	cur      *curate.Curator // re-indexes, checked by the golden set
	golden   string          // the golden set's path; "" when there is none
	checked  goldenCheck     // what the golden set made of the start-up sync
}

// openOptions are what commands differ in when they open the app.
type openOptions struct {
	progress func(done, total int) // hears about embedding work; may be nil
	metrics  *ops.Metrics          // times retrieval and the model; may be nil
	verify   bool                  // check the stored vectors still fit the embedder
}

// openApp loads the articles, brings the index up to date with them and
// builds the drafter.
func openApp(ctx context.Context, cfg config.Config, log *slog.Logger, opt openOptions) (*app, error) {
	a := &app{cfg: cfg, log: log}
	arts, err := loadArticles(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	for _, art := range arts {
		a.articles = append(a.articles, art.Meta)
	}
	if cfg.UseAPI() {
		a.chat, err = llm.New(llmConfig(cfg))
		if err != nil {
			return nil, fmt.Errorf("configure the API: %w", err)
		}
	}
	var emb retrieval.Embedder = retrieval.NewBuiltin()
	if cfg.UseAPIEmbeddings() {
		emb = a.chat.Embedder()
	}
	if err := a.openIndex(ctx, emb, knowledge.SplitAll(arts, knowledge.DefaultSplit), opt); err != nil {
		return nil, err
	}
	a.drafter = a.newDrafter(opt.metrics)
	return a, nil
}

// openIndex opens the index in DATA_DIR for emb and brings it up to date
// with passages, saying what it had to repair.
func (a *app) openIndex(ctx context.Context, emb retrieval.Embedder, passages []knowledge.Passage, opt openOptions) error {
	dir := filepath.Join(a.cfg.DataDir, "index")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return configError{fmt.Errorf("DATA_DIR %s is not writable (set DATA_DIR to a folder cstobot may write): %w", a.cfg.DataDir, err)}
	}
	var err error
	a.index, err = retrieval.Open(ctx, dir, emb)
	if err != nil {
		return fmt.Errorf("open the index: %w", err)
	}
	if f := a.index.CorruptFile(); f != "" {
		a.log.Warn("the index file was damaged: moved aside, rebuilding", "moved_to", f)
	}
	if a.cur, a.golden, err = newCurator(a.cfg, a.index); err != nil {
		a.index.Close()
		return configError{err}
	}
	a.synced, err = a.syncChecked(ctx, passages, opt.progress)
	if err != nil {
		a.index.Close()
		return fmt.Errorf("index the knowledge base: %w", err)
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

// newDrafter builds the drafter over the index and, when an API is
// configured, the chat model; m, when not nil, times both for /metrics.
func (a *app) newDrafter(m *ops.Metrics) *answer.Drafter {
	var (
		search answer.Searcher = a.search
		chat   answer.Chatter  // stays nil offline: a nil *llm.Client would not be a nil Chatter
	)
	if m != nil {
		search = timedSearcher{a.search, m}
	}
	if a.chat != nil {
		chat = a.chat
		if m != nil {
			chat = timedChatter{a.chat, m}
		}
	}
	opts := answer.Options{MinCoverage: a.cfg.MinCoverage}
	if a.cfg.MinCoverage == 0 {
		opts.MinCoverage = -1 // MIN_COVERAGE=0: never refuse; answer.Options reads 0 as "the default"
	}
	if a.chat != nil {
		opts.Model = a.chat.ChatModel()
	}
	return answer.New(search, chat, opts)
}

func (a *app) Close() error { return a.index.Close() }

// loadArticles returns the built-in articles and the operator's. A file
// that cannot be read is logged and skipped; a folder that holds no
// article yet is logged (the built-in articles still answer, and
// moderators may teach into it); a folder that cannot be read at all is a
// configuration error.
func loadArticles(ctx context.Context, cfg config.Config, log *slog.Logger) ([]knowledge.Article, error) {
	arts, err := knowledge.Builtin()
	if err != nil {
		return nil, fmt.Errorf("load the built-in articles: %w", err)
	}
	if cfg.KnowledgeDir == "" {
		return arts, nil
	}
	more, skipped, err := knowledge.LoadDir(ctx, cfg.KnowledgeDir)
	for _, fe := range skipped {
		log.Warn("article skipped", "path", fe.Path, "err", fe.Err)
	}
	switch {
	case errors.Is(err, knowledge.ErrNoArticles):
		log.Warn("KNOWLEDGE_DIR holds no article yet: answering from the built-in articles alone",
			"dir", cfg.KnowledgeDir, "skipped", len(skipped))
	case ctx.Err() != nil:
		return nil, err
	case err != nil:
		if _, serr := os.Stat(cfg.KnowledgeDir); errors.Is(serr, fs.ErrNotExist) {
			err = fmt.Errorf("%w (create it; with Docker, mount your folder there, see docker-compose.yml)", err)
		}
		return nil, configError{fmt.Errorf("KNOWLEDGE_DIR: %w", err)}
	}
	return append(arts, more...), nil
}

func llmConfig(cfg config.Config) llm.Config {
	return llm.Config{
		BaseURL:             cfg.OpenAIBaseURL,
		APIKey:              cfg.OpenAIAPIKey,
		ChatModel:           cfg.ChatModel,
		EmbeddingModel:      cfg.EmbeddingModel,
		EmbeddingDimensions: cfg.EmbeddingDimensions,
	}
}

// newLogger builds the process's logger from LOG_FORMAT and LOG_LEVEL.
func newLogger(cfg config.Config, e *env) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel)) // validated by config
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

// healingIndex searches the index and, when the embedder's vectors turn out
// to have changed length under the same model name, embeds every passage
// again and searches once more, so the first question after such a change
// is answered rather than failed.
type healingIndex struct {
	*retrieval.Index
	log *slog.Logger

	mu     sync.Mutex
	healed *retrieval.SyncStats // the re-embedding's outcome, once it happened
}

func (h *healingIndex) Search(ctx context.Context, q string, k int) ([]retrieval.Hit, error) {
	hits, err := h.Index.Search(ctx, q, k)
	if !errors.Is(err, retrieval.ErrDimensionMismatch) {
		return hits, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	// Another search may have healed the index while this one waited.
	if hits, err = h.Index.Search(ctx, q, k); !errors.Is(err, retrieval.ErrDimensionMismatch) {
		return hits, err
	}
	h.log.Warn("the embedding model's vectors changed length: embedding every passage again", "embedder", h.EmbedderID())
	s, err := h.Index.Sync(ctx, h.Index.Passages(), nil)
	if err != nil {
		return nil, fmt.Errorf("embed the passages again for the new vector length: %w", err)
	}
	h.healed = &s
	return h.Index.Search(ctx, q, k)
}
