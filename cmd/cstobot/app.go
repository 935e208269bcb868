package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
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

// openApp opens the index of the knowledge base, bringing it up to date
// with the articles when they changed, and builds the drafter.
func openApp(ctx context.Context, cfg config.Config, log *slog.Logger, opt openOptions) (*app, error) {
	a := &app{cfg: cfg, log: log}
	if cfg.UseAPI() {
		var err error
		a.chat, err = llm.New(llmConfig(cfg))
		if err != nil {
			return nil, fmt.Errorf("configure the API: %w", err)
		}
	}
	var emb retrieval.Embedder = retrieval.NewBuiltin()
	if cfg.UseAPIEmbeddings() {
		emb = a.chat.Embedder()
	}
	if err := a.openIndex(ctx, emb, opt); err != nil {
		return nil, err
	}
	a.drafter = a.newDrafter(opt.metrics)
	return a, nil
}

// newDrafter builds the drafter over the index and, when an API is
// configured, the chat model; m, when not nil, times both for /metrics.
// The index's respelling and the client's non-streamed completion (which
// rewrites questions in other languages and, with VERIFY=model, judges
// the sentences the support check could not back) are given to the
// drafter as options, so that the timing wrappers need not pass them
// through.
func (a *app) newDrafter(m *ops.Metrics) *answer.Drafter {
	var (
		search answer.Searcher = a.search
		chat   answer.Chatter  // stays nil offline: a nil *llm.Client would not be a nil Chatter
	)
	opts := drafterOptions(a.cfg)
	opts.Respeller = a.search
	opts.Library = a.search.Articles
	if m != nil {
		search = timedSearcher{a.search, m}
	}
	if a.chat != nil {
		var c interface {
			answer.Chatter
			answer.Completer
		} = a.chat
		if m != nil {
			c = timedChatter{a.chat, m}
		}
		chat, opts.Rewriter, opts.Verifier = c, c, c
		opts.Model = a.chat.ChatModel()
		opts.VerifyFailed = func(err error) {
			a.log.Warn("model verification failed: the support check's decisions stand", "err", err)
		}
	}
	return answer.New(search, chat, opts)
}

// drafterOptions are the drafter's settings from the configuration.
func drafterOptions(cfg config.Config) answer.Options {
	p := answer.DefaultParams()
	p.MinCoverage = cfg.MinCoverage // 0: never refuse for lack of coverage
	return answer.Options{Params: &p, Verify: cfg.Verify}
}

func (a *app) Close() error { return a.index.Close() }

// loadArticles returns the built-in articles and the operator's, and the
// files skipped. A file that cannot be read is logged and skipped; a folder
// that holds no article yet is logged (the built-in articles still answer,
// and moderators may teach into it); a folder that cannot be read at all is
// a configuration error.
func loadArticles(ctx context.Context, cfg config.Config, log *slog.Logger) ([]knowledge.Article, []knowledge.FileError, error) {
	arts, err := knowledge.Builtin()
	if err != nil {
		return nil, nil, fmt.Errorf("load the built-in articles: %w", err)
	}
	if cfg.KnowledgeDir == "" {
		return arts, nil, nil
	}
	more, skipped, err := knowledge.LoadDir(ctx, cfg.KnowledgeDir)
	for _, fe := range skipped {
		log.Warn("article skipped", "path", fe.Path, "err", fe.Err)
	}
	switch {
	case errors.Is(err, knowledge.ErrNoArticles):
		warnNoArticles(log, cfg.KnowledgeDir, len(skipped))
	case ctx.Err() != nil:
		return nil, nil, err
	case err != nil:
		if _, serr := os.Stat(cfg.KnowledgeDir); errors.Is(serr, fs.ErrNotExist) {
			err = fmt.Errorf("%w (create it; with Docker, mount your folder there, see docker-compose.yml)", err)
		}
		return nil, nil, configError{fmt.Errorf("KNOWLEDGE_DIR: %w", err)}
	}
	return append(arts, more...), skipped, nil
}

// warnNoArticles says that the folder dir holds no article yet.
func warnNoArticles(log *slog.Logger, dir string, skipped int) {
	log.Warn("KNOWLEDGE_DIR holds no article yet: answering from the built-in articles alone", "dir", dir, "skipped", skipped)
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
