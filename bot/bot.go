// Package bot is cstobot's Discord front end: slash commands, mentions, DMs
// and threads, answered with discordgo through deferred, progressively
// edited replies that cite their sources.
//
// It depends on the core only through the small interfaces it declares
// (Answerer, Searcher, Library); discordgo types never leave it.
package bot

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// Answerer drafts a cited answer. onDelta receives the whole text written so
// far each time it grows, so that the reply can be shown while it streams.
type Answerer interface {
	Answer(ctx context.Context, q answer.Question, onDelta func(text string)) (answer.Answer, error)
}

// Searcher finds the passages best matching a query, best first.
type Searcher interface {
	Search(ctx context.Context, query string, k int) ([]retrieval.Hit, error)
}

// Library looks passages up by ID and lists them (for /source).
type Library interface {
	Passage(id string) (knowledge.Passage, bool)
	Passages() []knowledge.Passage
}

// About is what /about tells users about the bot.
type About struct {
	Embedder, ChatModel string
	Version             string
}

// Bot serves Discord users. Create it with New and start it with Run.
type Bot struct {
	cfg      Config
	apiURL   *url.URL
	answerer Answerer
	searcher Searcher
	lib      Library
	log      *slog.Logger
	userKey  []byte // HMAC key that pseudonymises user IDs in logs and feedback

	limiter *rateLimiter
	rest    *restLimiter // Discord's rate limits, for every REST call
	slots   slots
	convos  *convoStore
	seen    *idSet // messages answered, against duplicate MESSAGE_CREATEs

	// Timings that tests shorten.
	editEvery time.Duration // least time between two progressive edits
	busyWait  time.Duration // how long a question waits for a drafting slot

	ready atomic.Bool
	home  atomic.Pointer[home] // where moderation happens; nil until connected
	// downSince is when the gateway connection was lost (Unix nanoseconds);
	// 0 while it is up and before the first connection.
	downSince atomic.Int64
	// sess is the session while Run runs, for messages that answer no
	// event (the moderators' channel, an asker told of a new answer).
	sess atomic.Pointer[discordgo.Session]

	mu       sync.Mutex
	closing  bool           // no new questions once set
	inflight sync.WaitGroup // handlers running
	base     context.Context
	drafting context.Context // cancelled when the shutdown grace period ends
}

// New checks cfg and returns a bot that answers with a, searches with s and
// shows passages from lib. Errors name the setting to fix.
func New(cfg Config, a Answerer, s Searcher, lib Library) (*Bot, error) {
	if a == nil || s == nil || lib == nil {
		return nil, errors.New("bot.New needs an Answerer, a Searcher and a Library")
	}
	if cfg.Store == nil {
		return nil, errors.New("bot.New needs a Store (see internal/store)")
	}
	cfg, apiURL, err := validate(cfg)
	if err != nil {
		return nil, err
	}
	key := sha256.Sum256([]byte("cstobot user id key:" + cfg.Token))
	b := &Bot{
		cfg: cfg, apiURL: apiURL, answerer: a, searcher: s, lib: lib, log: cfg.Logger,
		userKey:   key[:],
		rest:      newRestLimiter(cfg.ShardCount),
		slots:     newSlots(cfg.MaxConcurrent),
		convos:    newConvoStore(maxConvos),
		seen:      newIDSet(maxSeen),
		editEvery: time.Second,
		busyWait:  10 * time.Second,
	}
	// The store's bucket names a user by pseudonym, as its other rows do.
	b.limiter = newRateLimiter(cfg.QuestionsPerMinute, cfg.QuestionBurst).share(cfg.Store,
		func(id string) string { return "question:" + b.pseudonym(id) }, cfg.Logger)
	return b, nil
}

// Ready reports whether the gateway connection is up (for /readyz).
func (b *Bot) Ready() bool { return b.ready.Load() }

// DownSince returns when the gateway connection was lost, or the zero time
// while it is up and before Run first connects (for /readyz).
func (b *Bot) DownSince() time.Time {
	if ns := b.downSince.Load(); ns != 0 {
		return time.Unix(0, ns)
	}
	return time.Time{}
}

// setReady records whether the gateway connection is up.
func (b *Bot) setReady(up bool) {
	if up {
		b.downSince.Store(0)
		b.ready.Store(true)
	} else if b.ready.CompareAndSwap(true, false) {
		b.downSince.Store(time.Now().UnixNano())
	}
}

// Run connects to Discord, registers the slash commands when they changed
// (or when SyncCommands is set) and serves until ctx is done. It then stops
// taking questions, lets answers in flight finish within the shutdown grace
// period (cutting the rest short, and saying so), and closes the session. It
// returns nil after a clean shutdown; a failed connection or registration
// is returned as an error.
func (b *Bot) Run(ctx context.Context) error {
	s, err := discordgo.New("Bot " + b.cfg.Token)
	if err != nil {
		return fmt.Errorf("create Discord session: %w", err)
	}
	s.Client = httpClient(b.apiURL, b.rest)
	s.ShouldRetryOnRateLimit = false // paced sends a call again after a 429
	s.Identify.Intents = b.intents()
	s.ShardID, s.ShardCount = b.cfg.ShardID, b.cfg.ShardCount
	s.LogLevel = discordgo.LogError

	// REST calls outlive ctx a little: answers cut short at shutdown still
	// have to say so. They end when Run returns.
	base, stopBase := context.WithCancel(context.WithoutCancel(ctx))
	defer stopBase()
	drafting, stopDrafting := context.WithCancel(base)
	defer stopDrafting()
	b.mu.Lock()
	b.base, b.drafting, b.closing = base, drafting, false
	b.mu.Unlock()

	var connected atomic.Bool
	reconnected := func() {
		if connected.Swap(true) {
			b.cfg.Metrics.GatewayReconnect()
		}
		b.setReady(true)
	}
	s.AddHandler(func(*discordgo.Session, *discordgo.Connect) { reconnected() })
	s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) { b.setReady(true) })
	s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { b.setReady(false) })
	s.AddHandler(b.onInteraction)
	s.AddHandler(b.onMessage)
	s.AddHandler(b.onThreadCreate)

	if err := s.Open(); err != nil {
		return b.explainOpen(err)
	}
	b.sess.Store(s)
	defer b.sess.Store(nil)
	appID := applicationID(s)
	if appID == "" {
		return errors.Join(errors.New("READY carried no application ID"), closeSession(s))
	}
	h := b.findHome(ctx, s)
	b.home.Store(&h)
	if err := b.registerCommands(ctx, s, appID, h.guild); err != nil {
		return errors.Join(err, closeSession(s))
	}
	b.log.Info("serving Discord", "shard", b.cfg.ShardID, "shards", b.cfg.ShardCount, "invite", InviteURL(appID))
	<-ctx.Done()
	b.shutdown(stopDrafting)
	b.ready.Store(false)
	return closeSession(s)
}

// ConfigError is a failure that retrying cannot fix: Discord refused the
// bot's token, or an intent the bot asked for.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// explainOpen says what to fix when the gateway refuses the bot.
func (b *Bot) explainOpen(err error) error {
	var closed *websocket.CloseError
	var rest *discordgo.RESTError
	switch {
	case errors.As(err, &closed) && closed.Code == 4004,
		errors.As(err, &rest) && rest.Response != nil && rest.Response.StatusCode == http.StatusUnauthorized:
		return &ConfigError{fmt.Errorf("DISCORD_TOKEN was rejected by Discord: copy it again from the Developer Portal (Bot → Reset Token): %w", err)}
	case errors.As(err, &closed) && closed.Code == 4014:
		return &ConfigError{fmt.Errorf("MESSAGE_CONTENT_INTENT is on but the application may not use the Message Content intent: "+
			"enable it in the Developer Portal (Bot → Privileged Gateway Intents) or turn the option off: %w", err)}
	}
	// The client names the URL discordgo built (discord.com), not the
	// origin the request went to.
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host == "discord.com" {
			u.Scheme, u.Host = b.apiURL.Scheme, b.apiURL.Host
			err = &url.Error{Op: ue.Op, URL: u.String(), Err: ue.Err}
		}
	}
	return fmt.Errorf("connect to the Discord gateway at %s: %w", b.apiURL, err)
}

// applicationID is the application's ID, from READY.
func applicationID(s *discordgo.Session) string {
	s.State.RLock()
	defer s.State.RUnlock()
	if s.State.Application == nil {
		return ""
	}
	return s.State.Application.ID
}

func closeSession(s *discordgo.Session) error {
	if err := s.Close(); err != nil {
		return fmt.Errorf("close the Discord session: %w", err)
	}
	return nil
}

// intents are the gateway events the bot needs: guilds (threads), guild
// messages (mentions) and direct messages. Message content is privileged and
// only requested when configured: mentions and DMs carry content without it.
func (b *Bot) intents() discordgo.Intent {
	in := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if b.cfg.MessageContent {
		in |= discordgo.IntentsMessageContent
	}
	return in
}

// shutdown stops new questions, waits up to the grace period for handlers in
// flight, then cancels drafting so that the rest end with what they have, and
// waits for them to say so.
func (b *Bot) shutdown(stopDrafting context.CancelFunc) {
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	grace := time.NewTimer(b.cfg.ShutdownGrace)
	defer grace.Stop()
	select {
	case <-done:
		return
	case <-grace.C:
	}
	b.log.Warn("shutdown grace period over: cutting answers in flight short", "grace", b.cfg.ShutdownGrace)
	stopDrafting()
	final := time.NewTimer(restTimeout)
	defer final.Stop()
	select {
	case <-done:
	case <-final.C:
		b.log.Error("answers still running at close")
	}
}

// begin registers a handler in flight; it returns false once shutdown began.
func (b *Bot) begin() (context.Context, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing {
		return nil, false
	}
	b.inflight.Add(1)
	return b.base, true
}

// onInteraction is the one dispatcher of interactions: it routes, and logs
// and reports whatever error the handler returns.
func (b *Bot) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	r := newIReply(s, ic.Interaction)
	ctx, ok := b.begin()
	if !ok {
		if err := r.ephemeral(context.WithoutCancel(b.base), msgRestarting); err != nil {
			b.log.Warn("tell user the bot is restarting", "interaction", ic.ID, "err", err)
		}
		return
	}
	defer b.inflight.Done()
	start := time.Now()
	err := recovered(func() error { return b.route(ctx, r) })
	b.log.Debug("interaction", "interaction", ic.ID, "type", ic.Type.String(), "user", b.pseudonym(userOf(ic.Interaction).ID), "took", time.Since(start))
	if err != nil {
		b.fail(ctx, r, err, "interaction", ic.ID, "user", b.pseudonym(userOf(ic.Interaction).ID))
	}
}

func (b *Bot) route(ctx context.Context, r *ireply) error {
	if msg := b.refusal(r.i); msg != "" {
		return r.ephemeral(ctx, msg)
	}
	switch r.i.Type {
	case discordgo.InteractionApplicationCommand:
		name := r.i.ApplicationCommandData().Name
		c, ok := commandHandlers[name]
		if !ok {
			return fmt.Errorf("unknown command %q", name)
		}
		return c.handle(b, ctx, r)
	case discordgo.InteractionApplicationCommandAutocomplete:
		return b.autocomplete(ctx, r)
	case discordgo.InteractionMessageComponent:
		return b.component(ctx, r)
	case discordgo.InteractionModalSubmit:
		return b.modal(ctx, r)
	}
	return nil
}

// recovered runs a handler, turning a panic into an error: discordgo runs
// handlers on bare goroutines, where a panic would take the whole bot down.
func recovered(handle func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return handle()
}

// reported is an error the user has already been told about, under ref.
type reported struct {
	ref string
	err error
}

func (e *reported) Error() string { return e.err.Error() }
func (e *reported) Unwrap() error { return e.err }

// fail logs err with a fresh reference and tells the user, kindly and with
// that reference, unless the handler already did.
func (b *Bot) fail(ctx context.Context, out replier, err error, attrs ...any) {
	var rep *reported
	if errors.As(err, &rep) {
		b.log.Error("answer cut short", append(attrs, "ref", rep.ref, "err", rep.err)...)
		return
	}
	ref := newRef()
	level := slog.LevelError
	switch {
	case errors.Is(err, answer.ErrQuestionTooLong), errors.Is(err, answer.ErrEmptyQuestion):
		level = slog.LevelInfo // the user's to fix, not the operator's
	case errors.Is(err, errBusy):
		level = slog.LevelWarn
	}
	b.log.Log(ctx, level, "request failed", append(attrs, "ref", ref, "err", err)...)
	if err := out.send(ctx, []outMsg{{content: b.userMessage(err, ref)}}); err != nil {
		b.log.Error("tell user about a failure", append(attrs, "ref", ref, "err", err)...)
	}
}

// Messages users see; errors get a reference the operator can find in the log.
const (
	msgRestarting = "I'm restarting — please ask again in a minute."
	msgBusy       = "I'm answering a lot of questions right now — please try again in a minute. (reference `%s`)"
	msgTimeout    = "That took me too long, so I gave up — please try again. (reference `%s`)"
	msgFailed     = "Sorry, something went wrong on my side. If it keeps happening, give the operator this reference: `%s`."
)

func (b *Bot) userMessage(err error, ref string) string {
	switch {
	case errors.Is(err, errBusy):
		return fmt.Sprintf(msgBusy, ref)
	case b.drafting.Err() != nil:
		return msgRestarting + " (reference `" + ref + "`)"
	case errors.Is(err, answer.ErrQuestionTooLong):
		return msgTooLong
	case errors.Is(err, answer.ErrEmptyQuestion):
		return msgEmptyMsg
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf(msgTimeout, ref)
	}
	return fmt.Sprintf(msgFailed, ref)
}

// newRef returns a short random reference (8 hex digits) for a log entry.
func newRef() string {
	var p [4]byte
	_, _ = rand.Read(p[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(p[:])
}

// pseudonym stands for a user, message or channel ID in logs and feedback:
// stable for one bot token, not reversible without it. With plain message
// and channel IDs, a log would say who wrote what where.
func (b *Bot) pseudonym(id string) string {
	m := hmac.New(sha256.New, b.userKey)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil)[:6])
}

// userOf returns who triggered an interaction (a member in guilds, a user in
// DMs).
func userOf(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	if i.User != nil {
		return i.User
	}
	return &discordgo.User{}
}
