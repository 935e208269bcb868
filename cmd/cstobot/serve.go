package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cstobot/cstobot/bot"
	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/internal/ops"
	"github.com/cstobot/cstobot/internal/webpage"
)

// runServe runs the Discord bot until SIGINT or SIGTERM, with /healthz,
// /readyz and /metrics on HTTP_ADDR when it is set. A signal is a stop on
// purpose even before the bot is up (while indexing, or registering its
// commands): it exits 0, as docker stop expects.
func runServe(ctx context.Context, e *env, args []string) error {
	err := serve(ctx, e, args)
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func serve(ctx context.Context, e *env, args []string) error {
	cfg, rest, err := parseFlags(e, "serve", "", args, nil)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", rest)}
	}
	if cfg.DiscordToken == "" {
		return configError{errors.New("DISCORD_TOKEN is required: set it to your bot's token (Developer Portal → your application → Bot → Reset Token), or name a file holding it in DISCORD_TOKEN_FILE")}
	}
	log := newLogger(cfg, e)
	st, closeStore, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeStore()
	metrics := ops.NewMetrics(version)
	ready := ops.NewReadiness("index") // the gateway is b.Ready(), below
	// Report not-ready as soon as shutdown begins, so a load balancer or
	// orchestrator stops sending work while answers in flight finish.
	stopReady := context.AfterFunc(ctx, func() { ready.Unset("shutdown", "shutting down") })
	defer stopReady()
	var running atomic.Pointer[bot.Bot]
	readyz := func() error {
		if err := ready.Err(); err != nil {
			return err
		}
		b := running.Load()
		if b == nil {
			return errors.New("gateway: connecting")
		}
		return ops.GatewayReady(b.Ready(), b.DownSince(), cfg.GatewayGrace, time.Now())
	}
	if cfg.HTTPAddr != "" {
		srv := ops.NewServer(cfg.HTTPAddr, metrics, readyz)
		if err := srv.Start(); err != nil {
			return fmt.Errorf("HTTP_ADDR: %w", err)
		}
		log.Info("health and metrics", "addr", srv.Addr())
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(ctx)
		}()
	}

	known, err := st.KnowledgeVersion(ctx) // before the folder is read
	if err != nil {
		return err
	}
	start := time.Now()
	a, answerer, err := openServing(ctx, cfg, log, metrics)
	if err != nil {
		return err
	}
	defer a.Close()
	s := a.synced
	log.Info("index ready", "embedder", a.index.EmbedderID(), "articles", len(a.articles), "passages", s.Passages,
		"embedded", s.Embedded, "reused", s.Reused, "removed", s.Removed, "took", time.Since(start).Round(time.Millisecond))
	a.logChecked(log)
	metrics.IndexSize(len(a.articles), a.index.Len())
	ready.Set("index")
	cur := a.cur
	if a.golden != "" {
		log.Info("re-indexing is checked by a golden set", "golden_set", a.golden, "floor", cfg.GoldenFloor)
	}
	shared := &sharedKnowledge{cur: cur, store: st, shard: cfg.ShardID, log: log, known: known,
		applied: func(o curate.Outcome) { metrics.IndexSize(o.Stats.Articles, o.Stats.Passages) }}

	chatModel := "extractive (offline)"
	if a.chat != nil {
		chatModel = a.chat.ChatModel()
	}
	b, err := bot.New(bot.Config{
		Token:              cfg.DiscordToken,
		APIURL:             cfg.DiscordAPIURL,
		GuildID:            cfg.DiscordGuildID,
		SyncCommands:       cfg.SyncCommands,
		AllowedChannels:    cfg.AllowedChannels,
		ForumChannels:      cfg.ForumChannels,
		AnswerEveryMessage: !cfg.RequireMention,
		Threads:            cfg.Threads,
		MessageContent:     cfg.MessageContent,
		QuestionsPerMinute: cfg.UserRate,
		MaxConcurrent:      cfg.MaxConcurrent,
		AnswerTimeout:      cfg.AnswerTimeout,
		ShardID:            cfg.ShardID,
		ShardCount:         cfg.ShardCount,
		Store:              st,
		FeedbackRetention:  cfg.FeedbackRetention,
		ModGuildID:         cfg.ModGuildID,
		ModChannelID:       cfg.ModChannelID,
		ModRoles:           cfg.ModRoles,
		ModPostsPerHour:    cfg.ModPostsPerHour,
		Curator:            announcing{cur, shared},
		Pages:              pageFetcher(webpage.Public),
		About:              bot.About{Embedder: a.index.EmbedderID(), ChatModel: chatModel, Version: version},
		Logger:             log,
		Metrics:            metrics,
	}, answerer, a.search, a.index)
	if err != nil {
		return configError{err}
	}
	running.Store(b)
	hup, stopHUP := notifyHUP()
	defer stopHUP()
	watchCtx, stopWatch := context.WithCancel(ctx)
	var watchers sync.WaitGroup
	watchers.Go(func() {
		watchKnowledge(watchCtx, cur, hup, folderPoll(cfg, log), log, func(ctx context.Context, o curate.Outcome) {
			if o.Applied {
				metrics.IndexSize(o.Stats.Articles, o.Stats.Passages)
				shared.changed(ctx, "re-index of the knowledge folder")
			}
			if err := b.NotifyModerators(ctx, o.Report()); err != nil {
				log.Warn("tell the moderators about a re-index", "err", err)
			}
		})
	})
	watchers.Go(func() { shared.follow(watchCtx) })
	// The watchers stop before the index closes: a re-index in flight
	// finishes (or is cancelled) first.
	defer func() { stopWatch(); watchers.Wait() }()
	if err := b.Run(ctx); err != nil {
		if errors.As(err, new(*bot.ConfigError)) {
			return configError{fmt.Errorf("discord: %w", err)}
		}
		return fmt.Errorf("discord: %w", err)
	}
	log.Info("stopped")
	return nil
}

// folderPoll is how often this process polls the knowledge folder for
// changes: KNOWLEDGE_POLL on the process of shard 0, never on the others,
// which follow the knowledge version instead; so that a change of the
// shared folder is checked by the golden set once, not once per process.
func folderPoll(cfg config.Config, log *slog.Logger) time.Duration {
	if cfg.ShardID != 0 && cfg.KnowledgePoll > 0 {
		log.Info("the knowledge folder is polled by the process of shard 0; this one follows its changes")
		return 0
	}
	return cfg.KnowledgePoll
}

// openServing opens the app as serve runs it: indexing progress logged,
// and retrieval, every model call and each answer timed for /metrics.
func openServing(ctx context.Context, cfg config.Config, log *slog.Logger, metrics *ops.Metrics) (*app, bot.Answerer, error) {
	a, err := openApp(ctx, cfg, log, openOptions{progress: progressLogger(log), metrics: metrics})
	if err != nil {
		return nil, nil, err
	}
	return a, timedAnswerer{a.drafter, metrics}, nil
}

// progressLogger logs embedding progress now and then during a long first
// index, so an operator watching the log sees the bot is not stuck.
func progressLogger(log interface{ Info(string, ...any) }) func(done, total int) {
	var last time.Time
	return func(done, total int) {
		if now := time.Now(); done == total || now.Sub(last) >= 5*time.Second {
			last = now
			log.Info("embedding passages", "done", done, "total", total)
		}
	}
}
