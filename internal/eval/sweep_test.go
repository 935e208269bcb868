package eval

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

var sweep = flag.Bool("sweep", false, "measure the answer decision's parameters one at a time on the shipped suites (slow; prints the table docs/PERFORMANCE.md quotes)")

// TestParamsSweep moves each tuned field of answer.Params to values on
// either side of its default, the others at theirs, and prints the answer
// figures of every shipped suite offline: the measurements behind
// DefaultParams. It runs only with -sweep.
func TestParamsSweep(t *testing.T) {
	if !*sweep {
		t.Skip("run with -sweep")
	}
	suites, err := Suites()
	if err != nil {
		t.Fatal(err)
	}
	ixs := make([]*retrieval.Index, len(suites))
	for i, s := range suites {
		ixs[i] = suiteIndex(t, s)
	}
	type variant struct {
		name string
		set  func(*answer.Params)
	}
	var vs []variant
	f := func(name string, vals []float64, set func(*answer.Params, float64)) {
		for _, v := range vals {
			vs = append(vs, variant{fmt.Sprintf("%s=%g", name, v), func(p *answer.Params) { set(p, v) }})
		}
	}
	vs = append(vs, variant{"defaults", func(*answer.Params) {}})
	f("MinCoverage", []float64{0, 0.25, 0.3, 0.4, 0.45}, func(p *answer.Params, v float64) { p.MinCoverage = v })
	f("MinShare", []float64{0.2, 0.25, 0.35, 0.4}, func(p *answer.Params, v float64) { p.MinShare = v })
	f("ContextCredit", []float64{0, 0.25, 0.75}, func(p *answer.Params, v float64) { p.ContextCredit = v })
	f("StrongShare", []float64{0.5, 0.7}, func(p *answer.Params, v float64) { p.StrongShare = v })
	f("IntentBonus", []float64{0.1, 0.3}, func(p *answer.Params, v float64) { p.IntentBonus = v })
	f("DefineBonus", []float64{0.1, 0.3}, func(p *answer.Params, v float64) { p.DefineBonus = v })
	f("RecencyBonus", []float64{0, 0.3}, func(p *answer.Params, v float64) { p.RecencyBonus = v })
	f("ExtraRatio", []float64{0.4, 0.6}, func(p *answer.Params, v float64) { p.ExtraRatio = v })
	f("TieWindow", []float64{3, 6}, func(p *answer.Params, v float64) { p.TieWindow = int(v) })
	f("MaxChars", []float64{300, 450}, func(p *answer.Params, v float64) { p.MaxChars = int(v) })
	var b strings.Builder
	fmt.Fprintf(&b, "%-18s", "variant")
	for _, s := range suites {
		fmt.Fprintf(&b, " | %-8s kw  oos  fr ", s.Name)
	}
	b.WriteString("\n")
	for _, v := range vs {
		p := answer.DefaultParams()
		v.set(&p)
		fmt.Fprintf(&b, "%-18s", v.name)
		for i, s := range suites {
			rep, err := Run(context.Background(), s.Name, s.Items, ixs[i], answer.New(ixs[i], nil, answer.Options{Params: &p, Respeller: ixs[i]}))
			if err != nil {
				t.Fatal(err)
			}
			o := rep.Overall
			fmt.Fprintf(&b, " | %-8s %3.0f %4.0f %3.0f ", "", 100*o.KeywordRate, 100*o.Refusals, 100*o.FalseRefusals)
		}
		b.WriteString("\n")
	}
	t.Log("\n" + b.String())
}

// suiteIndex indexes a suite's articles offline, as cstobot eval does with
// no configuration.
func suiteIndex(tb testing.TB, s Suite) *retrieval.Index {
	tb.Helper()
	ctx := context.Background()
	arts, err := knowledge.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	if s.Library != nil {
		more, bad, err := knowledge.Load(ctx, s.Library)
		if err != nil || len(bad) > 0 {
			tb.Fatalf("load the %s library: %v %v", s.Name, err, bad)
		}
		arts = append(arts, more...)
	}
	ix, err := retrieval.Open(ctx, tb.TempDir(), retrieval.NewBuiltin())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	if _, err := ix.Sync(ctx, knowledge.SplitAll(arts, knowledge.DefaultSplit), nil); err != nil {
		tb.Fatal(err)
	}
	return ix
}
