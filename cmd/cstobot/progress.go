package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress reports embedding progress: a bar redrawn in place on a
// terminal, or, when the output is a file or a pipe (a log, CI), a plain
// line at most once per interval, so that a long first index shows it is
// alive without flooding the output. Each report gives passages per
// second and the time left at that rate.
type progress struct {
	w     io.Writer
	tty   bool
	every time.Duration
	now   func() time.Time

	start, last time.Time
}

// barWidth is the bar's length in characters.
const barWidth = 30

func newProgress(w io.Writer, tty bool, every time.Duration) *progress {
	return &progress{w: w, tty: tty, every: every, now: time.Now}
}

// update takes in that done of total passages are embedded.
func (p *progress) update(done, total int) {
	now := p.now()
	if p.start.IsZero() {
		p.start = now
	}
	redraw := p.every
	if p.tty {
		redraw = p.every / 10
	}
	if done != total && now.Sub(p.last) < redraw {
		return
	}
	p.last = now
	rate, eta := p.pace(now, done, total)
	if !p.tty {
		fmt.Fprintf(p.w, "embedding passages: %d/%d (%d%%), %s/s, %s left\n", done, total, percent(done, total), rate, eta)
		return
	}
	fill := barWidth * done / max(total, 1)
	fmt.Fprintf(p.w, "\r\x1b[Kembedding [%s%s] %3d%% %d/%d  %s passages/s  ETA %s", strings.Repeat("#", fill), strings.Repeat(".", barWidth-fill),
		percent(done, total), done, total, rate, eta)
	if done == total {
		fmt.Fprintln(p.w)
	}
}

// pace returns the rate so far and the time left at it, formatted.
func (p *progress) pace(now time.Time, done, total int) (rate, eta string) {
	elapsed := now.Sub(p.start).Seconds()
	if elapsed <= 0 || done == 0 {
		return "–", "–"
	}
	r := float64(done) / elapsed
	left := time.Duration(float64(total-done) / r * float64(time.Second)).Round(time.Second)
	return fmt.Sprintf("%.0f", r), left.String()
}

func percent(done, total int) int { return 100 * done / max(total, 1) }

// progressPrinter returns the progress report of embedding work into w:
// a bar when w is a terminal, plain lines at most once per interval
// otherwise.
func progressPrinter(w io.Writer, every time.Duration) func(done, total int) {
	return newProgress(w, isTerminal(w), every).update
}
