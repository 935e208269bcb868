package eval

import (
	"fmt"
	"html"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteTable writes the reports as a readable table, one row per report
// and language, then the questions each report got wrong. The answer
// columns of a report without answers show "-".
func WriteTable(w io.Writer, reps ...Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "config\tlang\tquestions\thit@1\thit@5\tMRR\tkeywords\tcited\tOOS refused\tfalse refusals\terrors\t")
	row := func(r Report, lang string, s Summary) {
		answers := []string{pct(s.KeywordRate), pct(s.CitedRate), pct(s.Refusals), pct(s.FalseRefusals)}
		if s.OutOfScope == 0 {
			answers[2] = "–" // no out-of-scope question to refuse
		}
		if !r.Answered {
			answers = []string{"-", "-", "-", "-"}
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%.3f\t%s\t%d\t\n", r.Name, lang, s.Questions,
			pct(s.Hit1), pct(s.Hit5), s.MRR, strings.Join(answers, "\t"), s.Errors)
	}
	for _, r := range reps {
		row(r, "all", r.Overall)
		if len(r.ByLang) > 1 {
			for _, l := range r.Langs() {
				row(r, l, r.ByLang[l])
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range reps {
		var misses []string
		for _, res := range r.Results {
			if m := miss(res); m != "" {
				misses = append(misses, fmt.Sprintf("  %s [%s] %s — %s", res.ID, res.Lang, clip(res.Question, 70), m))
			}
		}
		if len(misses) > 0 {
			fmt.Fprintf(w, "\n%s: %d to look at\n%s\n", r.Name, len(misses), strings.Join(misses, "\n"))
		}
	}
	return nil
}

// miss says what went wrong with one result, or "" when nothing did.
func miss(r Result) string {
	var why []string
	if r.Err != "" {
		why = append(why, r.Err)
	}
	if r.InScope {
		switch {
		case r.Rank == 0:
			why = append(why, "evidence not in the top 10")
		case r.Rank > 5:
			why = append(why, fmt.Sprintf("evidence at rank %d", r.Rank))
		}
		if r.Answer != "" && r.Refused {
			why = append(why, "refused")
		} else if r.Answer != "" && !r.Keywords {
			why = append(why, "answer lacks keywords")
		}
	} else if r.Answer != "" && !r.Refused {
		why = append(why, "answered an out-of-scope question")
	}
	return strings.Join(why, "; ")
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// chartMetrics are the bars drawn for each report, in order.
// Metrics of answers (answer set) are not drawn for reports without answers.
var chartMetrics = []struct {
	label  string
	answer bool
	get    func(Summary) float64
}{
	{"hit@1", false, func(s Summary) float64 { return s.Hit1 }},
	{"hit@5", false, func(s Summary) float64 { return s.Hit5 }},
	{"MRR", false, func(s Summary) float64 { return s.MRR }},
	{"keywords", true, func(s Summary) float64 { return s.KeywordRate }},
	{"OOS refused", true, func(s Summary) float64 { return s.Refusals }},
}

var chartColors = []string{"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1"}

// WriteSVG draws the overall metrics of each report as grouped bars: one
// group per metric, one bar per report, so configurations compare at a
// glance. A report without answers has no bars for the answer metrics.
func WriteSVG(w io.Writer, reps ...Report) error {
	const (
		width, height     = 720, 320
		left, bottom, top = 40, 50, 20
		plotH             = height - bottom - top
	)
	groupW := float64(width-left-10) / float64(len(chartMetrics))
	barW := (groupW - 16) / float64(max(len(reps), 1))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", width, height+20*len(reps))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	for _, f := range []float64{0, 0.25, 0.5, 0.75, 1} {
		y := float64(top) + float64(plotH)*(1-f)
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%.0f%%</text>`+"\n",
			left, width-10, y, y, left-4, y+4, f*100)
	}
	for gi, m := range chartMetrics {
		x0 := float64(left) + float64(gi)*groupW + 8
		for ri, r := range reps {
			if m.answer && !r.Answered {
				continue
			}
			v := m.get(r.Overall)
			h := v * float64(plotH)
			x := x0 + float64(ri)*barW
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %.1f%%</title></rect>`+"\n",
				x, float64(top)+float64(plotH)-h, barW-2, h, chartColors[ri%len(chartColors)], html.EscapeString(r.Name), m.label, v*100)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", x0+groupW/2-8, height-bottom+16, m.label)
	}
	for ri, r := range reps {
		y := height - bottom + 36 + 20*ri
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>`+"\n",
			left, y-10, chartColors[ri%len(chartColors)], left+18, y, html.EscapeString(r.Name))
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
