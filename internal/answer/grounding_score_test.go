package answer

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/knowledge"
)

// The grounding corpus (testdata/grounding) scored against the support
// check: each sentence is checked against the passages holding its quotes,
// cited as the model would cite them.

var groundingScoreFile = flag.String("grounding.score", "", "score this grounding corpus file instead of testdata/grounding/fit.jsonl")

type scoredRow struct {
	ID, Lang, Sentence, Label, Class string
	Sources                          []struct{ Article, Quote string }
	Note                             string
}

// groundingPassages returns, by the corpus's article names, the passages
// of the built-in article and of the fixture library.
func groundingPassages(t *testing.T) map[string][]knowledge.Passage {
	t.Helper()
	builtin, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	lib, _, err := knowledge.Load(context.Background(), os.DirFS("../eval/library/articles"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]knowledge.Passage{"builtin": knowledge.Split(builtin[0], knowledge.DefaultSplit)}
	for _, a := range lib {
		out[a.Path] = knowledge.Split(a, knowledge.DefaultSplit)
	}
	return out
}

func readScoredRows(t *testing.T, path string) []scoredRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []scoredRow
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r scoredRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rows = append(rows, r)
	}
	return rows
}

// groundingOutcome checks one row's sentence, cited to the passages that
// hold its quotes, and returns what the check decided.
func groundingOutcome(t *testing.T, r scoredRow, arts map[string][]knowledge.Passage) SentenceCheck {
	t.Helper()
	var sources []knowledge.Passage
	var marks strings.Builder
	for _, s := range r.Sources {
		i := slices.IndexFunc(arts[s.Article], func(p knowledge.Passage) bool { return strings.Contains(p.Text, s.Quote) })
		if i < 0 {
			t.Fatalf("%s: quote not in a passage of %s", r.ID, s.Article)
		}
		sources = append(sources, arts[s.Article][i])
		fmt.Fprintf(&marks, "[%d]", len(sources))
	}
	_, checks, _ := checkSupport(r.Sentence+" "+marks.String(), sources, r.Lang)
	if len(checks) == 0 {
		t.Fatalf("%s: no sentence checked", r.ID)
	}
	// A row is one sentence, but a splitter may cut it: the row's outcome
	// is its worst part.
	worst := checks[0].SentenceCheck
	for _, c := range checks[1:] {
		if outcomeRank[c.Outcome] > outcomeRank[worst.Outcome] {
			worst = c.SentenceCheck
		}
	}
	return worst
}

var outcomeRank = map[Outcome]int{Supported: 0, Unverified: 1, Contradicted: 2}

// groundingTally counts outcomes by label, class and language.
type groundingTally map[string]map[Outcome]int

func (g groundingTally) add(key string, o Outcome) {
	if g[key] == nil {
		g[key] = map[Outcome]int{}
	}
	g[key][o]++
}

func (g groundingTally) table() string {
	keys := make([]string, 0, len(g))
	for k := range g {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%-36s %5s %10s %10s %12s\n", "group", "n", "supported", "unverified", "contradicted")
	for _, k := range keys {
		m := g[k]
		n := m[Supported] + m[Unverified] + m[Contradicted]
		fmt.Fprintf(&b, "%-36s %5d %10d %10d %12d\n", k, n, m[Supported], m[Unverified], m[Contradicted])
	}
	return b.String()
}

// TestGroundingScore scores the check on the fit part and holds it to the
// floors docs/GROUNDING.md reports: correct sentences kept (supported or
// unverified), and wrong ones dropped or flagged (contradicted or
// unverified), with contradicted counted apart.
func TestGroundingScore(t *testing.T) {
	path := "testdata/grounding/fit.jsonl"
	if *groundingScoreFile != "" {
		path = *groundingScoreFile
	}
	arts := groundingPassages(t)
	tally := groundingTally{}
	var right, kept, supported, wrong, flagged, dropped int
	for _, r := range readScoredRows(t, path) {
		c := groundingOutcome(t, r, arts)
		tally.add(r.Label+" / "+r.Class, c.Outcome)
		tally.add(r.Label+" / lang "+r.Lang, c.Outcome)
		miss := false
		if r.Label == "supported" {
			right++
			kept += b2i(c.Outcome != Contradicted)
			supported += b2i(c.Outcome == Supported)
			miss = c.Outcome == Contradicted
		} else {
			wrong++
			flagged += b2i(c.Outcome != Supported)
			dropped += b2i(c.Outcome == Contradicted)
			miss = c.Outcome == Supported
		}
		if miss && testing.Verbose() {
			t.Logf("miss %s %s/%s %q: %s (%s)", r.ID, r.Label, r.Class, r.Sentence, c.Outcome, c.Reason)
		}
	}
	t.Logf("%s\ncorrect kept %d/%d (%.1f%%), of them supported %d; wrong dropped or flagged %d/%d (%.1f%%), of them contradicted %d",
		tally.table(), kept, right, pct(kept, right), supported, flagged, wrong, pct(flagged, wrong), dropped)
	if *groundingScoreFile != "" {
		return
	}
	for _, f := range []struct {
		what    string
		got, of int
		floor   float64
	}{
		{"correct sentences kept", kept, right, groundingFloors.kept},
		{"correct sentences supported", supported, right, groundingFloors.supported},
		{"wrong sentences dropped or flagged", flagged, wrong, groundingFloors.flagged},
		{"wrong sentences contradicted", dropped, wrong, groundingFloors.dropped},
	} {
		if pct(f.got, f.of) < f.floor {
			t.Errorf("%s: %d of %d (%.1f%%); the floor is %.1f%%", f.what, f.got, f.of, pct(f.got, f.of), f.floor)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func pct(n, of int) float64 { return 100 * float64(n) / float64(max(of, 1)) }

// groundingFloors are the figures TestGroundingScore holds the fit part
// to, in percent, set a little under those measured (docs/GROUNDING.md).
var groundingFloors = struct{ kept, supported, flagged, dropped float64 }{92, 74, 50, 42}
