// Package ops is what an operator watches a running cstobot through: an HTTP
// server with /healthz (the process is alive), /readyz (it can answer) and
// /metrics (Prometheus), and the Metrics the bot and the command record.
//
// Nothing here is required for the bot to work: a nil *Metrics records
// nothing, so code paths without metrics need no branches.
package ops

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Entry is the way a question reached the bot.
type Entry string

// The entry points, as the "entry" label of cstobot_questions_total.
const (
	EntrySlash   Entry = "slash"   // /ask
	EntryMention Entry = "mention" // an @mention in a channel
	EntryDM      Entry = "dm"      // a direct message
	EntryThread  Entry = "thread"  // a reply in the bot's thread
	EntryForum   Entry = "forum"   // a new post in a forum of FORUM_CHANNELS
)

// Outcome is how a question ended.
type Outcome string

// The outcomes, as the "outcome" label of cstobot_questions_total.
const (
	OutcomeAnswered    Outcome = "answered"     // a cited answer was sent
	OutcomeRefused     Outcome = "refused"      // the sources don't cover it
	OutcomeRateLimited Outcome = "rate_limited" // the user asked too often
	OutcomeFailed      Outcome = "failed"       // an error; the user was told
	OutcomeCut         Outcome = "cut"          // shutdown or the deadline cut the answer short
)

var (
	entries  = []Entry{EntrySlash, EntryMention, EntryDM, EntryThread, EntryForum}
	outcomes = []Outcome{OutcomeAnswered, OutcomeRefused, OutcomeRateLimited, OutcomeFailed, OutcomeCut}
)

// Bucket bounds in seconds. Retrieval is in-process and fast; a model call
// ranges from a fraction of a second (hosted, short answer) to a minute or
// two (a local model on CPU), and an answer spans both.
var (
	retrievalBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}
	modelBuckets     = []float64{.1, .25, .5, 1, 2.5, 5, 10, 20, 30, 60, 120}
	answerBuckets    = []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 20, 30, 60, 120}
)

// Metrics counts what the bot does, on a registry of its own (not the
// process-global one), so that two instances in one test never collide.
// All methods are safe for concurrent use, and on a nil *Metrics they do
// nothing.
type Metrics struct {
	reg        *prometheus.Registry
	questions  *prometheus.CounterVec
	retrieval  prometheus.Histogram
	model      prometheus.Histogram
	answer     prometheus.Histogram
	tokens     *prometheus.CounterVec
	feedback   *prometheus.CounterVec
	reconnects prometheus.Counter
	passages   prometheus.Gauge
	articles   prometheus.Gauge
}

// NewMetrics returns Metrics with every series at zero, plus the Go runtime
// and process collectors and cstobot_build_info{version}.
func NewMetrics(version string) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cstobot_questions_total",
			Help: "Questions asked, by entry point and outcome.",
		}, []string{"entry", "outcome"}),
		retrieval: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "cstobot_retrieval_seconds",
			Help:    "Time to retrieve passages for one question.",
			Buckets: retrievalBuckets,
		}),
		model: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "cstobot_model_seconds",
			Help:    "Time of one chat model call, from request to last token.",
			Buckets: modelBuckets,
		}),
		answer: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "cstobot_answer_seconds",
			Help:    "Time from a question arriving to its answer sent.",
			Buckets: answerBuckets,
		}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cstobot_tokens_total",
			Help: "Tokens the chat API reported using, by kind.",
		}, []string{"kind"}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cstobot_feedback_total",
			Help: "Feedback button presses on answers, by vote.",
		}, []string{"vote"}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cstobot_gateway_reconnects_total",
			Help: "Times the Discord gateway connection was re-established.",
		}),
		passages: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "cstobot_index_passages",
			Help: "Passages in the loaded index.",
		}),
		articles: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "cstobot_index_articles",
			Help: "Articles in the loaded index.",
		}),
	}
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "cstobot_build_info",
		Help: "Always 1; the version label says which build is running.",
	}, []string{"version"})
	build.WithLabelValues(version).Set(1)
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		build, m.questions, m.retrieval, m.model, m.answer, m.tokens,
		m.feedback, m.reconnects, m.passages, m.articles,
	)
	m.zero()
	return m
}

// zero creates every labelled series up front: a counter that appears only
// after its first increment makes rate() and alerts miss that increment.
func (m *Metrics) zero() {
	for _, e := range entries {
		for _, o := range outcomes {
			m.questions.WithLabelValues(string(e), string(o))
		}
	}
	m.tokens.WithLabelValues("prompt")
	m.tokens.WithLabelValues("completion")
	m.feedback.WithLabelValues("up")
	m.feedback.WithLabelValues("down")
}

// Question counts one question that reached entry and ended with outcome.
// Use the Entry and Outcome constants: each distinct value is a new series.
func (m *Metrics) Question(entry Entry, outcome Outcome) {
	if m == nil {
		return
	}
	m.questions.WithLabelValues(string(entry), string(outcome)).Inc()
}

// Retrieval records the time one retrieval took.
func (m *Metrics) Retrieval(d time.Duration) {
	if m == nil {
		return
	}
	m.retrieval.Observe(d.Seconds())
}

// Model records the time one chat model call took.
func (m *Metrics) Model(d time.Duration) {
	if m == nil {
		return
	}
	m.model.Observe(d.Seconds())
}

// Answer records the time from a question arriving to its answer sent.
func (m *Metrics) Answer(d time.Duration) {
	if m == nil {
		return
	}
	m.answer.Observe(d.Seconds())
}

// Tokens adds the tokens the API reported for one call. APIs that report
// none (zeros, or negative garbage) add nothing.
func (m *Metrics) Tokens(prompt, completion int) {
	if m == nil {
		return
	}
	if prompt > 0 {
		m.tokens.WithLabelValues("prompt").Add(float64(prompt))
	}
	if completion > 0 {
		m.tokens.WithLabelValues("completion").Add(float64(completion))
	}
}

// Feedback counts one vote on an answer: up is true for 👍.
func (m *Metrics) Feedback(up bool) {
	if m == nil {
		return
	}
	vote := "down"
	if up {
		vote = "up"
	}
	m.feedback.WithLabelValues(vote).Inc()
}

// GatewayReconnect counts one re-established Discord gateway connection
// (a resume or a new session after the first READY).
func (m *Metrics) GatewayReconnect() {
	if m == nil {
		return
	}
	m.reconnects.Inc()
}

// IndexSize sets the size of the loaded index, after it is opened or synced.
func (m *Metrics) IndexSize(articles, passages int) {
	if m == nil {
		return
	}
	m.articles.Set(float64(articles))
	m.passages.Set(float64(passages))
}

// Handler serves the metrics in the Prometheus exposition format. On a nil
// *Metrics it answers 404, as if there were no metrics endpoint.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
