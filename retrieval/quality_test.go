package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/knowledge"
)

// This file measures retrieval quality on question sets in the format of
// the shared dev set: which passages answer a question is known from its
// evidence strings (exact substrings of the article). testdata/quality/
// holds a copy of the shared dev set and our own harder set; the built-in
// article is read from the knowledge package's corpus and split into
// paragraphs.
//
// go test -run TestQuality -v ./retrieval prints the tables.

type evalQuestion struct {
	ID       string   `json:"id"`
	Question string   `json:"question"`
	Lang     string   `json:"lang"`
	InScope  bool     `json:"in_scope"`
	Evidence []string `json:"evidence"`
	Note     string   `json:"note"`
}

func mustLoadQuestions(tb testing.TB, path string) []evalQuestion {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var qs []evalQuestion
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q evalQuestion
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return qs
}

// mustLoadPassages returns the texts of the built-in corpus's passages as
// the knowledge package splits them, whitespace-normalised.
func mustLoadPassages(tb testing.TB) []string {
	tb.Helper()
	arts, err := knowledge.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, p := range knowledge.SplitAll(arts, knowledge.DefaultSplit) {
		out = append(out, normSpace(p.Text))
	}
	return out
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// relevant returns the passages holding any of q's evidence strings.
func relevant(q evalQuestion, passages []string) []int {
	var docs []int
	for d, p := range passages {
		for _, e := range q.Evidence {
			if strings.Contains(p, normSpace(e)) {
				docs = append(docs, d)
				break
			}
		}
	}
	return docs
}

// ranker returns its best passages for a question, best first.
type ranker func(q string) []Scored

// testIndex holds what the rankers need over one set of passages.
type testIndex struct {
	lex  *Lexical
	vecs [][]float32
}

func mustBuildIndex(tb testing.TB, passages []string) testIndex {
	tb.Helper()
	vecs, err := NewBuiltin().Embed(context.Background(), passages)
	if err != nil {
		tb.Fatal(err)
	}
	return testIndex{lex: NewLexical(passages), vecs: vecs}
}

// vectorSearch is the exhaustive cosine ranking the index performs.
func (ix testIndex) vectorSearch(q string, k int) []Scored {
	qv := embedText(q)
	top := make([]Scored, 0, k+1)
	for d, v := range ix.vecs {
		var s float64
		for i := range v {
			s += float64(v[i] * qv[i])
		}
		top = pushTop(top, Scored{Doc: d, Score: s}, k)
	}
	return top
}

// candidates is how many passages each side hands to fusion.
const candidates = 20

func (ix testIndex) rankers() map[string]ranker {
	return map[string]ranker{
		"bm25":   func(q string) []Scored { return ix.lex.Search(q, 10) },
		"vector": func(q string) []Scored { return ix.vectorSearch(q, 10) },
		"fused": func(q string) []Scored {
			rel := ix.lex.related(q)
			return fuseFor(ix.vectorSearch(q, candidates), ix.lex.search(q, rel, candidates), 10, ix.lex.coverer(q, rel))
		},
	}
}

// metrics are retrieval scores over the in-scope questions of a set.
type metrics struct {
	n                int
	hit1, hit5, mrr  float64
	misses5, misses1 []string // ids of questions answered below rank 5 / 1
}

func evaluate(qs []evalQuestion, passages []string, rank ranker, keep func(evalQuestion) bool) metrics {
	var m metrics
	for _, q := range qs {
		if !q.InScope || !keep(q) {
			continue
		}
		want := relevant(q, passages)
		m.n++
		pos := 0
		for i, s := range rank(q.Question) {
			if slices.Contains(want, s.Doc) {
				pos = i + 1
				break
			}
		}
		switch {
		case pos == 1:
			m.hit1++
		case pos == 0 || pos > 5:
			m.misses5 = append(m.misses5, q.ID)
		}
		if pos != 1 {
			m.misses1 = append(m.misses1, q.ID)
		}
		if pos >= 1 && pos <= 5 {
			m.hit5++
		}
		if pos > 0 {
			m.mrr += 1 / float64(pos)
		}
	}
	if m.n > 0 {
		m.hit1 /= float64(m.n)
		m.hit5 /= float64(m.n)
		m.mrr /= float64(m.n)
	}
	return m
}

func isEnglish(q evalQuestion) bool { return q.Lang == "en" }
func anyLang(evalQuestion) bool     { return true }

type qualitySet struct {
	name string
	qs   []evalQuestion
}

func mustLoadSets(tb testing.TB) []qualitySet {
	tb.Helper()
	dev := mustLoadQuestions(tb, "testdata/quality/dev.jsonl")
	hard := mustLoadQuestions(tb, "testdata/quality/hard.jsonl")
	held := mustLoadQuestions(tb, "testdata/quality/heldout.jsonl")
	// heldout4 to 7 were written by other sessions from the article
	// alone and scored blind during the round that added word vectors
	// (docs/PERFORMANCE.md); heldout3 avoids the article's words on purpose
	// and is left out of the floors.
	var blind []evalQuestion
	for _, name := range []string{"heldout4", "heldout5", "heldout6", "heldout7"} {
		blind = append(blind, mustLoadQuestions(tb, "testdata/quality/"+name+".jsonl")...)
	}
	return []qualitySet{{"dev", dev}, {"hard", hard}, {"both", append(slices.Clip(dev), hard...)}, {"held", held}, {"blind", blind}}
}

// TestQualitySetsValid checks that every in-scope question's evidence occurs
// in some passage and out-of-scope ones carry none, so the scores below
// measure ranking, not typos in the sets.
func TestQualitySetsValid(t *testing.T) {
	passages := mustLoadPassages(t)
	seen := map[string]bool{}
	sets := mustLoadSets(t)
	for _, set := range []qualitySet{sets[0], sets[1], sets[3], sets[4]} {
		for _, q := range set.qs {
			if seen[q.ID] {
				t.Errorf("%s: duplicate id %s", set.name, q.ID)
			}
			seen[q.ID] = true
			if q.InScope != (len(q.Evidence) > 0) {
				t.Errorf("%s %s: in_scope=%v with %d evidence strings", set.name, q.ID, q.InScope, len(q.Evidence))
			}
			for _, e := range q.Evidence {
				if !slices.ContainsFunc(passages, func(p string) bool { return strings.Contains(p, normSpace(e)) }) {
					t.Errorf("%s %s: evidence %q not in any passage", set.name, q.ID, e)
				}
			}
		}
	}
}

// qualityFloors are a little under what the offline rankers reach (see the
// report in TestQuality's log), so that a regression fails the build.
var qualityFloors = []struct {
	set, ranker string
	english     bool
	hit1, hit5  float64
}{
	{"both", "fused", true, 0.78, 0.96},
	{"both", "fused", false, 0.78, 0.96},
	{"dev", "fused", false, 0.72, 0.95},
	{"both", "bm25", false, 0.78, 0.95},
	{"both", "vector", false, 0.68, 0.90},
	{"blind", "fused", true, 0.84, 0.96},
	{"blind", "fused", false, 0.82, 0.95},
}

func TestQuality(t *testing.T) {
	passages := mustLoadPassages(t)
	ix := mustBuildIndex(t, passages)
	rankers := ix.rankers()
	sets := mustLoadSets(t)
	results := map[string]metrics{}
	var b strings.Builder
	fmt.Fprintf(&b, "%d passages\n%-5s %-7s %-3s %3s %6s %6s %6s  misses@5\n", len(passages), "set", "ranker", "lang", "n", "hit@1", "hit@5", "MRR")
	for _, set := range sets {
		for _, name := range []string{"bm25", "vector", "fused"} {
			for _, en := range []bool{true, false} {
				keep, lang := anyLang, "all"
				if en {
					keep, lang = isEnglish, "en"
				}
				m := evaluate(set.qs, passages, rankers[name], keep)
				results[fmt.Sprint(set.name, name, en)] = m
				fmt.Fprintf(&b, "%-5s %-7s %-4s %3d %6.3f %6.3f %6.3f  %v\n", set.name, name, lang, m.n, m.hit1, m.hit5, m.mrr, m.misses5)
			}
		}
	}
	t.Log("\n" + b.String())
	for _, f := range qualityFloors {
		m := results[fmt.Sprint(f.set, f.ranker, f.english)]
		if m.hit1 < f.hit1 || m.hit5 < f.hit5 {
			t.Errorf("%s/%s english=%v: hit@1 %.3f hit@5 %.3f; want at least %.2f and %.2f (misses@1 %v)",
				f.set, f.ranker, f.english, m.hit1, m.hit5, f.hit1, f.hit5, m.misses1)
		}
	}
}

// TestCoverageSeparatesScope measures how well the best Coverage among the
// fused top passages tells in-scope questions from out-of-scope ones, and
// checks that suggestedCoverageThreshold keeps doing so.
func TestCoverageSeparatesScope(t *testing.T) {
	passages := mustLoadPassages(t)
	ix := mustBuildIndex(t, passages)
	fused := ix.rankers()["fused"]
	var in, out []float64
	var b strings.Builder
	sets := mustLoadSets(t)
	for _, q := range append(slices.Clip(sets[2].qs), sets[3].qs...) {
		c, sim := 0.0, -1.0
		for _, s := range fused(q.Question)[:5] {
			c = max(c, ix.lex.Coverage(q.Question, s.Doc))
		}
		for _, s := range ix.vectorSearch(q.Question, 1) {
			sim = s.Score
		}
		if q.InScope {
			in = append(in, c)
		} else {
			out = append(out, c)
			fmt.Fprintf(&b, "out %s coverage %.2f sim %.2f %q\n", q.ID, c, sim, q.Question)
		}
		if q.InScope && c < suggestedCoverageThreshold {
			fmt.Fprintf(&b, "in  %s coverage %.2f sim %.2f %q\n", q.ID, c, sim, q.Question)
		}
	}
	slices.Sort(in)
	slices.Sort(out)
	wrongIn := countBelow(in, suggestedCoverageThreshold)
	wrongOut := len(out) - countBelow(out, suggestedCoverageThreshold)
	t.Logf("\n%sin-scope coverage: min %.2f p10 %.2f median %.2f; out-of-scope max %.2f median %.2f\nthreshold %.2f: %d/%d in-scope refused, %d/%d out-of-scope answered",
		b.String(), in[0], in[len(in)/10], in[len(in)/2], out[len(out)-1], out[len(out)/2],
		suggestedCoverageThreshold, wrongIn, len(in), wrongOut, len(out))
	if float64(wrongIn) > 0.15*float64(len(in)) || float64(wrongOut) > 0.3*float64(len(out)) {
		t.Errorf("threshold %.2f separates poorly: %d/%d in-scope below, %d/%d out-of-scope above",
			suggestedCoverageThreshold, wrongIn, len(in), wrongOut, len(out))
	}
}

// suggestedCoverageThreshold is the refusal threshold on the best Coverage
// that TestCoverageSeparatesScope measures.
const suggestedCoverageThreshold = 0.3

func countBelow(sorted []float64, x float64) int {
	i, _ := slices.BinarySearchFunc(sorted, x, func(a, b float64) int {
		if a < b {
			return -1
		}
		return 1
	})
	return i
}
