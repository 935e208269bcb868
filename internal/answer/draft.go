package answer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cstobot/cstobot/internal/text"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// Options tune a [Drafter]. Zero fields take the defaults given.
type Options struct {
	// K is how many passages are retrieved (default 6).
	K int
	// MaxSources is how many of them, best first, are given to the model
	// (default 5).
	MaxSources int
	// Params are the numbers the answer decision runs on (default:
	// DefaultParams()).
	Params *Params
	// MaxQuestionLen is the longest question accepted, in characters
	// (runes) after [Clean] (default 2000).
	MaxQuestionLen int
	// Model names the chat model, for [Answer.Model] (default: the
	// Chatter's ChatModel(), when it has that method, as *llm.Client does).
	Model string
	// Now dates the prompt, so that the model can tell how old a source is
	// (default time.Now).
	Now func() time.Time
	// Rewriter, when not nil, rewrites a question in another language than
	// the corpus's into it before retrieval; nil: questions are searched
	// as asked. It is usually the chat model's client.
	Rewriter Completer
	// Verify is how each drafted answer is checked against its sources:
	// VerifyLexical (the default), VerifyModel or VerifyOff.
	Verify string
	// Verifier is the chat model asked, with VerifyModel, to judge the
	// sentences the lexical check could not support; without one,
	// VerifyModel checks as VerifyLexical.
	Verifier Completer
	// VerifyTimeout bounds the Verifier's call (default 20s).
	VerifyTimeout time.Duration
	// VerifyFailed, when not nil, hears why a Verifier's call gave no
	// verdicts (an API error, a timeout, a reply that is not JSON); the
	// lexical decisions then stand and the answer is still given.
	VerifyFailed func(error)
	// Respeller, when not nil, respells the question's words the corpus
	// does not know (typos) before searching; nil: no respelling. It is
	// usually the index searched.
	Respeller Respeller
	// Library returns the articles of the whole library, whose newest date
	// is where the sources end ("My sources end in …"); *retrieval.Index's
	// Articles does. Nil: the newest of the passages retrieved.
	Library func() []knowledge.Meta
}

func (o Options) withDefaults() Options {
	if o.K <= 0 {
		o.K = 6
	}
	if o.MaxSources <= 0 {
		o.MaxSources = 5
	}
	if o.Params == nil {
		p := DefaultParams()
		o.Params = &p
	}
	if o.MaxQuestionLen <= 0 {
		o.MaxQuestionLen = 2000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Verify == "" {
		o.Verify = VerifyLexical
	}
	if o.VerifyTimeout <= 0 {
		o.VerifyTimeout = 20 * time.Second
	}
	return o
}

// Drafter answers questions from what a Searcher finds. It is safe for
// concurrent use if its Searcher and Chatter are.
type Drafter struct {
	search Searcher
	chat   Chatter // nil: extractive answers
	opt    Options
	p      Params
}

// Respeller respells a question's words the corpus does not know into
// words it does (typos); the drafter then searches, weighs coverage and
// draws sentences with the respelled question. *retrieval.Index
// implements it.
type Respeller interface {
	Respell(text string) string
}

// New returns a Drafter that retrieves through s and drafts through chat, or
// extractively, without any model, when chat is nil. Rewriting and
// respelling questions are used only when opt names them: a Searcher or
// Chatter is never asked what else it can do, so that a wrapper around one
// (timing it, say) cannot silently turn them off.
func New(s Searcher, chat Chatter, opt Options) *Drafter {
	if m, ok := chat.(interface{ ChatModel() string }); ok && opt.Model == "" {
		opt.Model = m.ChatModel()
	}
	d := &Drafter{search: s, chat: chat, opt: opt.withDefaults()}
	d.p = *d.opt.Params
	return d
}

// Answer drafts an answer to q, in the language q is written in (or its
// Locale when it is too short to tell).
//
// The question is cleaned first ([Clean]); it fails with [ErrEmptyQuestion]
// or a wrapped [ErrQuestionTooLong] before anything is searched. When no
// passage found covers enough of the question, the answer is a refusal
// ([RefusalText] or its translation, Refused set) and no model is called.
// A question in another language is also rewritten into the corpus's
// language for retrieval when [Options.Rewriter] is set. Offline, the
// sentences quoted and every other refusal are decided by the extractive
// drafter from Params (decide).
//
// Each sentence drafted is checked against the sources it cites
// ([Answer.Sentences]): one they do not support is re-pointed to the
// source that does, or dropped; a draft left with no supported sentence
// becomes the refusal. A question about a time after the newest source
// of the library ([Options.Library]) gets an answer that starts by saying
// where the sources end.
//
// onDelta, when not nil, is called with the whole answer text so far each
// time it changes, citations already checked, for progressive display; the
// returned Answer has the final text, also given to onDelta last when the
// support check changed it. It is not called for a refusal made before
// drafting, and is called once with the whole text offline.
//
// When the model's stream breaks after some text has arrived, Answer returns
// both the partial answer (Partial set) and the wrapped error; a stream cut
// at the length limit is Partial with a nil error. A model that returns no
// text at all yields [NoDraftText] with Refused set and a nil error. Errors
// from the Searcher or from the model before any text are returned wrapped,
// with a zero Answer.
func (d *Drafter) Answer(ctx context.Context, q Question, onDelta func(text string)) (Answer, error) {
	q.Text = Clean(q.Text)
	if err := validate(q.Text, d.opt.MaxQuestionLen); err != nil {
		return Answer{}, err
	}
	asked := q.Text
	lang := questionLang(q) // before respelling: a foreign word is no typo
	if d.opt.Respeller != nil {
		q.Text = d.opt.Respeller.Respell(q.Text)
	}
	a, err := d.answer(ctx, q, asked, lang, onDelta)
	if a.Question != "" {
		a.Question = asked
	}
	return a, err
}

// answer is Answer once the question is cleaned, checked and respelled;
// asked is the question as the user wrote it, which a model reads.
func (d *Drafter) answer(ctx context.Context, q Question, asked, lang string, onDelta func(text string)) (Answer, error) {
	hits, err := d.retrieve(ctx, q, lang)
	if err != nil {
		return Answer{}, fmt.Errorf("search passages: %w", err)
	}
	note := ""
	qq := newQuestion(q.Text)
	if end := d.sourcesEnd(qq.intent, hits); asksAfter(qq.intent, end) {
		note = text.Say(lang, text.MsgSourcesEnd, text.FormatMonth(lang, end))
	}
	if refusesOnCoverage(qq, hits, d.p) {
		return withNote(refusal(q.Text, d.model(), lang), note), nil
	}
	hits = byRecency(hits[:min(len(hits), d.opt.MaxSources)], d.p.SourceRecency)
	if d.chat == nil {
		a := withNote(extract(qq, hits, lang, d.p), note)
		if onDelta != nil && !a.Refused {
			onDelta(a.Text)
		}
		return a, nil
	}
	show := onDelta
	if onDelta != nil && note != "" {
		show = func(text string) { onDelta(note + " " + text) }
	}
	q.Text = asked // a model reads typos well, and a wrong respelling would mislead it
	a, err := d.draft(ctx, q, lang, passagesOf(hits), show)
	return withNote(a, note), err
}

func passagesOf(hits []retrieval.Hit) []knowledge.Passage {
	ps := make([]knowledge.Passage, len(hits))
	for i, h := range hits {
		ps[i] = h.Passage
	}
	return ps
}

// withNote puts note (where the sources end) before an answer's text.
func withNote(a Answer, note string) Answer {
	if note != "" && a.Text != "" {
		a.Text = note + " " + a.Text
	}
	return a
}

// searchQuery is what is searched for q: a follow-up ("and when did it
// leave?") rarely names its subject, so the previous question goes first.
func searchQuery(q Question) string {
	if len(q.History) == 0 {
		return q.Text
	}
	return Clean(q.History[len(q.History)-1].Question) + " " + q.Text
}

func (d *Drafter) model() string {
	if d.chat == nil {
		return extractiveModel
	}
	return d.opt.Model
}

// draft asks the chat model, streaming, and checks its citations and what
// they support.
func (d *Drafter) draft(ctx context.Context, q Question, lang string, sources []knowledge.Passage, onDelta func(string)) (Answer, error) {
	var sofar strings.Builder
	shown := ""
	comp, err := d.chat.ChatStream(ctx, prompt(sources, q, lang, d.opt.Now()), func(delta string) {
		sofar.WriteString(delta)
		if onDelta == nil {
			return
		}
		// Each piece is checked as the whole answer will be; a piece that
		// only starts a marker changes nothing shown, and is not reported.
		if text, _ := cite(trimOpenMarker(sofar.String()), sources); text != shown {
			shown = text
			onDelta(text)
		}
	})
	text := comp.Text
	if text == "" {
		text = sofar.String()
	}
	if err != nil && strings.TrimSpace(text) == "" {
		return Answer{}, fmt.Errorf("draft answer: %w", err)
	}
	a := Answer{
		Question: q.Text,
		Model:    d.opt.Model,
		Lang:     lang,
		Partial:  err != nil || comp.Truncated,
		Usage:    Usage{PromptTokens: comp.PromptTokens, CompletionTokens: comp.CompletionTokens},
	}
	raw := strings.TrimSpace(text)
	a.Text, a.Citations = cite(raw, sources)
	switch {
	case a.Text == "":
		a.Text, a.Refused = NoDraftText, true
	case len(a.Citations) == 0 && isRefusal(a.Text):
		a.Refused = true
	default:
		d.verify(ctx, &a, raw, sources, draftLang(raw, lang))
	}
	if onDelta != nil && a.Text != shown && !(a.Refused && shown == "") {
		onDelta(a.Text)
	}
	if err != nil {
		return a, fmt.Errorf("draft answer (cut short): %w", err)
	}
	return a, nil
}

// draftLang is the language a draft is written in, for the support check:
// the model is asked for the question's, but may not comply.
func draftLang(text, asked string) string {
	return questionLang(Question{Text: text, Locale: asked})
}

// verify checks what each sentence of a draft (raw, numbered as the
// sources given) says against its sources, as Options.Verify says, and
// sets a's text, citations, evidence and report from what is left; an
// answer with nothing supported becomes the refusal, in the answer's
// language. With VerifyOff only the citations are renumbered.
func (d *Drafter) verify(ctx context.Context, a *Answer, raw string, sources []knowledge.Passage, lang string) {
	if d.opt.Verify == VerifyOff {
		a.Grounded = len(a.Citations) > 0
		attachEvidence(a.Text, a.Citations)
		return
	}
	text, checks, ok := checkSupport(raw, sources, lang)
	if d.opt.Verify == VerifyModel && d.opt.Verifier != nil {
		changed, use, err := modelCheck(ctx, d.opt.Verifier, d.opt.VerifyTimeout, checks, sources)
		a.Usage.PromptTokens += use.PromptTokens
		a.Usage.CompletionTokens += use.CompletionTokens
		if err != nil && d.opt.VerifyFailed != nil {
			d.opt.VerifyFailed(err)
		}
		if changed {
			text, ok = assemble(raw, checks)
		}
	}
	a.Text, a.Citations = cite(text, sources)
	if !ok {
		a.Text, a.Citations, a.Refused = refusalIn(a.Lang), nil, true
	}
	a.Grounded = len(a.Citations) > 0
	final := map[string]int{} // passage ID → its number in the answer
	for _, c := range a.Citations {
		final[c.Passage.ID] = c.N
	}
	a.Sentences = make([]SentenceCheck, len(checks))
	for i, c := range checks {
		for _, v := range c.cite {
			if n, ok := final[sources[v-1].ID]; ok && !slices.Contains(c.To, n) {
				c.To = append(c.To, n)
			}
		}
		a.Sentences[i] = c.SentenceCheck
	}
	attachEvidence(a.Text, a.Citations)
}

// trimOpenMarker drops a citation marker still being written at the end of
// a streamed text ("… in 1991 [1, "), so that a half marker never shows.
func trimOpenMarker(s string) string {
	i := strings.LastIndexByte(s, '[')
	if i < 0 || strings.IndexByte(s[i:], ']') >= 0 {
		return s
	}
	if strings.Trim(s[i+1:], "0123456789,;- –") != "" {
		return s
	}
	return s[:i]
}
