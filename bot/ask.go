package bot

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/ops"
)

// Messages around answers.
const (
	msgSlowDown = "You're asking quickly — try again in %ds."
	msgEmptyAsk = "Ask me something about the CSTO, for example: `/ask question: When was the CSTO founded?`"
	msgOnlyIn   = "I answer questions in %s (and in DMs)."
	msgTooLong  = "That question is too long for me — please ask it in fewer words."
)

// ask answers /ask question:<text> [private:<bool>].
func (b *Bot) ask(ctx context.Context, r *ireply) error {
	data := r.i.ApplicationCommandData()
	text := strings.TrimSpace(optString(data, "question"))
	r.private = optBool(data, "private")
	if text == "" || smallTalk(text) {
		return r.ephemeral(ctx, msgEmptyAsk)
	}
	if !b.allowedHere(r) {
		return r.ephemeral(ctx, b.onlyIn())
	}
	user := userOf(r.i).ID
	if ok, wait, _ := b.limiter.allow(ctx, user); !ok { // an interaction is always answered
		b.cfg.Metrics.Question(ops.EntrySlash, ops.OutcomeRateLimited)
		return r.ephemeral(ctx, slowDown(wait))
	}
	if err := r.deferReply(ctx); err != nil {
		b.cfg.Metrics.Question(ops.EntrySlash, ops.OutcomeFailed)
		return fmt.Errorf("acknowledge /ask: %w", err)
	}
	q := answer.Question{Text: text, History: b.convos.history(r.i.ChannelID), Locale: language(r.i.Locale)}
	a, err := b.draft(ctx, ops.EntrySlash, q, r, origin{user: user, channel: r.i.ChannelID, guild: r.i.GuildID, private: r.private})
	if err != nil {
		return err
	}
	b.convos.record(r.i.ChannelID, answer.Turn{Question: text, Answer: a.Text})
	return nil
}

// allowedHere reports whether questions may be asked where the interaction
// happened: anywhere without ALLOWED_CHANNELS, else in those channels (and
// their threads) and in DMs.
func (b *Bot) allowedHere(r *ireply) bool {
	return r.i.GuildID == "" || b.allowed(r.api.s, r.i.ChannelID)
}

func (b *Bot) onlyIn() string {
	var chans []string
	for _, c := range b.cfg.AllowedChannels {
		chans = append(chans, "<#"+c+">")
	}
	return fmt.Sprintf(msgOnlyIn, strings.Join(chans, ", "))
}

// language turns a Discord locale ("en-US", "pt-BR", "ru") into the
// ISO 639-1 code the drafter takes.
func language(l discordgo.Locale) string {
	lang, _, _ := strings.Cut(string(l), "-")
	return strings.ToLower(lang)
}

func slowDown(wait time.Duration) string {
	return fmt.Sprintf(msgSlowDown, int(math.Ceil(wait.Seconds())))
}

// draft answers q through out: it waits for a drafting slot, shows the answer
// as it streams, and sends it complete with its sources and buttons. An
// answer cut short by an error is still shown, marked as such, and the error
// comes back as *reported. A refusal is brought to the moderators, with
// from, so that their answer can reach the asker.
func (b *Bot) draft(ctx context.Context, entry ops.Entry, q answer.Question, out replier, from origin) (a answer.Answer, err error) {
	defer func() { b.countQuestion(ctx, entry, outcome(a, err), from.user) }()
	release, err := b.slots.acquire(ctx, b.busyWait)
	if err != nil {
		return answer.Answer{}, fmt.Errorf("wait for a drafting slot: %w", err)
	}
	defer release()
	actx, cancel := context.WithTimeout(b.drafting, b.cfg.AnswerTimeout)
	defer cancel()

	st := newStreamer(out, b.editEvery, b.log)
	go st.run(ctx)
	a, err = b.answerer.Answer(actx, q, st.set)
	partial := st.stop()
	if err != nil {
		if !a.Partial || strings.TrimSpace(a.Text) == "" {
			// Only the streamed text is known: its citations are
			// unchecked, so none are shown.
			a = answer.Answer{Question: q.Text, Text: partial, Partial: true, Lang: cmp.Or(a.Lang, q.Locale)}
		}
		if strings.TrimSpace(a.Text) == "" {
			return a, err // the Answerer's error says what it was doing
		}
		ref := newRef()
		msgs := b.answerMessages(ctx, a, fmt.Sprintf(notesIn(a.Lang).cutRef, ref), from)
		if serr := out.send(ctx, msgs); serr != nil {
			return a, fmt.Errorf("%w (and show what arrived: %v)", err, serr)
		}
		return a, &reported{ref: ref, err: err}
	}
	note := ""
	if a.Partial {
		note = notesIn(a.Lang).cutShort
		if b.drafting.Err() != nil {
			note = notesIn(a.Lang).cutRestart
		}
	}
	if err := out.send(ctx, b.answerMessages(ctx, a, note, from)); err != nil {
		return a, fmt.Errorf("send answer: %w", err)
	}
	if a.Refused {
		b.reportGap(ctx, "refused", answerRecord{question: q.Text, text: cmp.Or(strings.TrimSpace(a.Text), notesIn(a.Lang).refused), from: from})
	}
	return a, nil
}

// outcome classifies how drafting ended, for the questions metric.
func outcome(a answer.Answer, err error) ops.Outcome {
	switch {
	case a.Partial:
		return ops.OutcomeCut
	case err != nil:
		return ops.OutcomeFailed
	case a.Refused:
		return ops.OutcomeRefused
	}
	return ops.OutcomeAnswered
}

// answerMessages lays an answer out as messages: its text (sanitised, split
// at Discord's limit, citations without a source removed) followed by note,
// then the sources embed and the buttons under the last message. A refusal
// gets no sources, and is shown as the drafter wrote it (in the asker's
// language), or in a.Lang when it came without text. from is kept with the
// answer in the store for its buttons; when the store fails, the answer is
// shown without them.
func (b *Bot) answerMessages(ctx context.Context, a answer.Answer, note string, from origin) []outMsg {
	text := strings.TrimSpace(a.Text)
	if a.Refused && text == "" {
		text = notesIn(a.Lang).refused
	}
	var cites = a.Citations
	if a.Refused {
		cites = nil
	}
	text = neutral(dropUnknownCitations(text, cites), citedURLs(cites)) + note
	var msgs []outMsg
	for _, p := range split(text, maxContent) {
		msgs = append(msgs, outMsg{content: p})
	}
	last := &msgs[len(msgs)-1]
	if e := sourcesEmbed(cites); e != nil {
		last.embeds = []*discordgo.MessageEmbed{e}
	}
	key, err := b.putAnswer(ctx, answerRecord{question: a.Question, text: a.Text, cites: cites, model: a.Model, from: from})
	if err != nil {
		b.log.Warn("keep an answer for its buttons", "err", err)
		return msgs
	}
	// A private answer in a channel can be posted there by its asker.
	last.components = answerButtons(key, len(cites) > 0, from.private && from.guild != "" && !a.Refused)
	return msgs
}

var citationRe = regexp.MustCompile(` ?\[([0-9]{1,4})\]`)

// dropUnknownCitations removes [n] markers that no citation backs, so that a
// model inventing a [9] cannot point users at a source that is not listed.
func dropUnknownCitations(text string, cites []answer.Citation) string {
	known := map[int]bool{}
	for _, c := range cites {
		known[c.N] = true
	}
	return citationRe.ReplaceAllStringFunc(text, func(m string) string {
		n, _ := strconv.Atoi(strings.Trim(m, " []"))
		if known[n] {
			return m
		}
		return ""
	})
}

// streamer shows an answer while it is written: it keeps the latest text
// from onDelta and edits the reply with it, at most once per every, from one
// goroutine so that edits never overlap.
type streamer struct {
	out   replier
	every time.Duration
	log   *slog.Logger

	mu   sync.Mutex
	text string

	wake chan struct{} // a new text is waiting
	quit chan struct{} // drafting is over
	done chan struct{} // run returned
}

func newStreamer(out replier, every time.Duration, log *slog.Logger) *streamer {
	return &streamer{out: out, every: every, log: log,
		wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
}

// set is the Answerer's onDelta: text is the whole answer so far.
func (s *streamer) set(text string) {
	s.mu.Lock()
	s.text = text
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *streamer) latest() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.text
}

func (s *streamer) run(ctx context.Context) {
	defer close(s.done)
	shown := ""
	for {
		select {
		case <-s.quit:
			return
		case <-s.wake:
		}
		if text := preview(s.latest()); text != shown && strings.TrimSpace(text) != "" {
			if err := s.out.progress(ctx, text); err != nil {
				// The final message will still be tried; a failed
				// progress edit only costs the preview.
				s.log.Warn("show answer in progress", "err", err)
				return
			}
			shown = text
		}
		t := time.NewTimer(s.every)
		select {
		case <-s.quit:
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// stop ends the previews, waits for an edit in progress, and returns the
// last text seen.
func (s *streamer) stop() string {
	close(s.quit)
	<-s.done
	return s.latest()
}
