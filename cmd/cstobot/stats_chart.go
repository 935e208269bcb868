package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/cstobot/cstobot/internal/store"
)

// The chart of cstobot stats --svg: per day, the questions as bars stacked
// by outcome with the open gaps as a line over them, and below them the
// votes (👍 up, 👎 down from a middle line).
const (
	chartW, chartLeft, chartRight = 720, 44, 12
	qTop, qH                      = 20, 200 // the questions panel
	vTop, vH                      = 250, 80 // the votes panel
	chartH                        = 380
)

const (
	colAnswered = "#59a14f"
	colRefused  = "#f28e2b"
	colFailed   = "#e15759"
	colOther    = "#bab0ac" // rate-limited or cut short
	colGaps     = "#4e79a7"
)

type chart struct {
	b     strings.Builder
	days  []store.Day
	slot  float64 // width per day
	scale float64 // questions panel: pixels per question
}

func writeStatsSVG(w io.Writer, days []store.Day) error {
	c := &chart{days: days, slot: float64(chartW-chartLeft-chartRight) / float64(max(len(days), 1))}
	top := 1
	for _, d := range days {
		top = max(top, d.Questions, d.OpenGaps)
	}
	top = niceCeil(top)
	c.scale = float64(qH) / float64(top)
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", chartW, chartH)
	c.b.WriteString(`<rect width="100%" height="100%" fill="white"/>` + "\n")
	c.grid(top)
	c.questions()
	c.gapLine()
	c.votes()
	c.legend()
	c.b.WriteString("</svg>\n")
	_, err := io.WriteString(w, c.b.String())
	return err
}

// niceCeil rounds n up to 1, 2 or 5 times a power of ten, so that the grid
// lines fall on round numbers.
func niceCeil(n int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if m*p >= n {
				return m * p
			}
		}
	}
}

func (c *chart) x(i int) float64 { return float64(chartLeft) + float64(i)*c.slot }

func (c *chart) grid(top int) {
	step := max(top/5, 1) // whole questions, at most six lines
	for v := 0; v <= top; v += step {
		y := float64(qTop+qH) - float64(v)*c.scale
		fmt.Fprintf(&c.b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%d</text>`+"\n",
			chartLeft, chartW-chartRight, y, y, chartLeft-4, y+4, v)
	}
	every := max(1, len(c.days)/12) // at most a dozen date labels
	for i, d := range c.days {
		if i%every == 0 {
			fmt.Fprintf(&c.b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", c.x(i)+c.slot/2, qTop+qH+14, d.Date[5:])
		}
	}
}

func (c *chart) questions() {
	for i, d := range c.days {
		y := float64(qTop + qH)
		for _, part := range []struct {
			n     int
			color string
			label string
		}{
			{d.Answered, colAnswered, "answered"},
			{d.Refused, colRefused, "refused"},
			{d.Failed, colFailed, "failed"},
			{d.Questions - d.Answered - d.Refused - d.Failed, colOther, "other"},
		} {
			if part.n <= 0 {
				continue
			}
			h := float64(part.n) * c.scale
			y -= h
			fmt.Fprintf(&c.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %d</title></rect>`+"\n",
				c.x(i)+1, y, c.slot-2, h, part.color, d.Date, part.label, part.n)
		}
	}
}

func (c *chart) gapLine() {
	if len(c.days) == 0 {
		return
	}
	pts := make([]string, len(c.days))
	for i, d := range c.days {
		pts[i] = fmt.Sprintf("%.1f,%.1f", c.x(i)+c.slot/2, float64(qTop+qH)-float64(d.OpenGaps)*c.scale)
	}
	fmt.Fprintf(&c.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(pts, " "), colGaps)
}

func (c *chart) votes() {
	top := 1
	for _, d := range c.days {
		top = max(top, d.Up, d.Down)
	}
	mid, half := float64(vTop+vH/2), float64(vH/2)/float64(top)
	fmt.Fprintf(&c.b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#999"/><text x="%d" y="%.1f" text-anchor="end">votes</text>`+"\n",
		chartLeft, chartW-chartRight, mid, mid, chartLeft-4, mid+4)
	for _, y := range []float64{mid - float64(vH/2), mid + float64(vH/2)} {
		fmt.Fprintf(&c.b, `<text x="%d" y="%.1f" text-anchor="end">%d</text>`+"\n", chartLeft-4, y+4, top)
	}
	for i, d := range c.days {
		if d.Up > 0 {
			h := float64(d.Up) * half
			fmt.Fprintf(&c.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s up: %d</title></rect>`+"\n",
				c.x(i)+1, mid-h, c.slot-2, h, colAnswered, d.Date, d.Up)
		}
		if d.Down > 0 {
			fmt.Fprintf(&c.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s down: %d</title></rect>`+"\n",
				c.x(i)+1, mid, c.slot-2, float64(d.Down)*half, colFailed, d.Date, d.Down)
		}
	}
}

func (c *chart) legend() {
	x := chartLeft
	for _, l := range []struct{ color, label string }{
		{colAnswered, "answered / up"}, {colRefused, "refused"}, {colFailed, "failed / down"},
		{colOther, "rate-limited or cut"}, {colGaps, "open gaps"},
	} {
		fmt.Fprintf(&c.b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>`+"\n",
			x, chartH-22, l.color, x+16, chartH-12, l.label)
		x += 24 + 7*len(l.label)
	}
}
