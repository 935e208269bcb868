package ops

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape GETs /metrics from h and parses the exposition format, failing the
// test on anything a Prometheus server would reject.
func scrape(tb testing.TB, h http.Handler) map[string]*dto.MetricFamily {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET /metrics = %d; want 200", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		tb.Fatalf("GET /metrics Content-Type = %q; want text/plain", ct)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(rec.Body)
	if err != nil {
		tb.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value returns the value of the series of family name whose labels match
// want exactly; for a histogram, its sample count.
func value(tb testing.TB, fams map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	tb.Helper()
	f, ok := fams[name]
	if !ok {
		tb.Fatalf("metric %s missing from /metrics", name)
	}
	for _, m := range f.GetMetric() {
		if !labelsEqual(m.GetLabel(), want) {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue()
		case m.Gauge != nil:
			return m.GetGauge().GetValue()
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount())
		}
	}
	tb.Fatalf("metric %s%v missing from /metrics", name, want)
	return 0
}

func labelsEqual(got []*dto.LabelPair, want map[string]string) bool {
	if len(got) != len(want) {
		return false
	}
	for _, l := range got {
		if want[l.GetName()] != l.GetValue() {
			return false
		}
	}
	return true
}

func TestMetricsRecord(t *testing.T) {
	tests := []struct {
		name   string
		record func(m *Metrics)
		metric string
		labels map[string]string
		want   float64
	}{
		{"unasked question series exist at zero", func(*Metrics) {},
			"cstobot_questions_total", map[string]string{"entry": "thread", "outcome": "cut"}, 0},
		{"answered slash", func(m *Metrics) {
			m.Question(EntrySlash, OutcomeAnswered)
			m.Question(EntrySlash, OutcomeAnswered)
			m.Question(EntryDM, OutcomeAnswered)
		}, "cstobot_questions_total", map[string]string{"entry": "slash", "outcome": "answered"}, 2},
		{"rate-limited mention", func(m *Metrics) { m.Question(EntryMention, OutcomeRateLimited) },
			"cstobot_questions_total", map[string]string{"entry": "mention", "outcome": "rate_limited"}, 1},
		{"retrieval observed", func(m *Metrics) { m.Retrieval(3 * time.Millisecond) },
			"cstobot_retrieval_seconds", map[string]string{}, 1},
		{"model observed", func(m *Metrics) { m.Model(2 * time.Second); m.Model(90 * time.Second) },
			"cstobot_model_seconds", map[string]string{}, 2},
		{"answer observed", func(m *Metrics) { m.Answer(time.Second) },
			"cstobot_answer_seconds", map[string]string{}, 1},
		{"prompt tokens add up", func(m *Metrics) { m.Tokens(100, 20); m.Tokens(50, 0) },
			"cstobot_tokens_total", map[string]string{"kind": "prompt"}, 150},
		{"unreported tokens add nothing", func(m *Metrics) { m.Tokens(0, 0); m.Tokens(-1, -5) },
			"cstobot_tokens_total", map[string]string{"kind": "completion"}, 0},
		{"thumbs down", func(m *Metrics) { m.Feedback(true); m.Feedback(false); m.Feedback(false) },
			"cstobot_feedback_total", map[string]string{"vote": "down"}, 2},
		{"reconnects", func(m *Metrics) { m.GatewayReconnect(); m.GatewayReconnect() },
			"cstobot_gateway_reconnects_total", map[string]string{}, 2},
		{"index passages is the latest size", func(m *Metrics) { m.IndexSize(1, 40); m.IndexSize(2, 57) },
			"cstobot_index_passages", map[string]string{}, 57},
		{"index articles", func(m *Metrics) { m.IndexSize(3, 90) },
			"cstobot_index_articles", map[string]string{}, 3},
		{"build info carries the version", func(*Metrics) {},
			"cstobot_build_info", map[string]string{"version": "v1.2.3"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMetrics("v1.2.3")
			tt.record(m)
			got := value(t, scrape(t, m.Handler()), tt.metric, tt.labels)
			if got != tt.want {
				t.Errorf("%s%v = %v; want %v", tt.metric, tt.labels, got, tt.want)
			}
		})
	}
}

// The histograms must put observations where an operator reads them: a
// 3 ms retrieval below 5 ms, a 90 s local-model call below 120 s.
func TestMetricsBuckets(t *testing.T) {
	m := NewMetrics("test")
	m.Retrieval(3 * time.Millisecond)
	m.Model(90 * time.Second)
	fams := scrape(t, m.Handler())
	tests := []struct {
		metric string
		le     float64
		want   uint64
	}{
		{"cstobot_retrieval_seconds", .0025, 0},
		{"cstobot_retrieval_seconds", .005, 1},
		{"cstobot_model_seconds", 60, 0},
		{"cstobot_model_seconds", 120, 1},
	}
	for _, tt := range tests {
		h := fams[tt.metric].GetMetric()[0].GetHistogram()
		var found bool
		for _, b := range h.GetBucket() {
			if b.GetUpperBound() == tt.le {
				found = true
				if b.GetCumulativeCount() != tt.want {
					t.Errorf("%s{le=%g} = %d; want %d", tt.metric, tt.le, b.GetCumulativeCount(), tt.want)
				}
			}
		}
		if !found {
			t.Errorf("%s has no bucket le=%g", tt.metric, tt.le)
		}
	}
}

// Go and process collectors are on the private registry, so the runtime is
// visible without the global registry.
func TestMetricsRuntimeCollectors(t *testing.T) {
	fams := scrape(t, NewMetrics("test").Handler())
	for _, name := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "process_resident_memory_bytes"} {
		if _, ok := fams[name]; !ok {
			t.Errorf("%s missing from /metrics", name)
		}
	}
}

// Two Metrics in one process must not collide, as they would on the
// global registry.
func TestMetricsIndependent(t *testing.T) {
	a, b := NewMetrics("a"), NewMetrics("b")
	a.GatewayReconnect()
	if got := value(t, scrape(t, b.Handler()), "cstobot_gateway_reconnects_total", map[string]string{}); got != 0 {
		t.Errorf("b's reconnects = %v after a.GatewayReconnect; want 0", got)
	}
}

func TestNilMetrics(t *testing.T) {
	var m *Metrics
	m.Question(EntrySlash, OutcomeFailed)
	m.Retrieval(time.Millisecond)
	m.Model(time.Second)
	m.Answer(time.Second)
	m.Tokens(1, 2)
	m.Feedback(true)
	m.GatewayReconnect()
	m.IndexSize(1, 2)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("nil Metrics: GET /metrics = %d; want 404", rec.Code)
	}
}

// Handlers record from many goroutines while Prometheus scrapes; run with
// -race.
func TestMetricsConcurrent(t *testing.T) {
	m := NewMetrics("test")
	const workers, each = 8, 200
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				m.Question(EntryThread, OutcomeAnswered)
				m.Answer(time.Millisecond)
				m.Tokens(1, 1)
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			rec := httptest.NewRecorder()
			m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
			io.Copy(io.Discard, rec.Body)
		}
	})
	wg.Wait()
	fams := scrape(t, m.Handler())
	if got := value(t, fams, "cstobot_questions_total", map[string]string{"entry": "thread", "outcome": "answered"}); got != workers*each {
		t.Errorf("questions after %d concurrent increments = %v", workers*each, got)
	}
	if got := value(t, fams, "cstobot_answer_seconds", map[string]string{}); got != workers*each {
		t.Errorf("answer observations after %d concurrent ones = %v", workers*each, got)
	}
}

// What recording costs a handler, per question.
func BenchmarkQuestion(b *testing.B) {
	m := NewMetrics("bench")
	for b.Loop() {
		m.Question(EntrySlash, OutcomeAnswered)
		m.Answer(time.Millisecond)
	}
}

// What one Prometheus scrape costs the process.
func BenchmarkScrape(b *testing.B) {
	h := NewMetrics("bench").Handler()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}
