package answer

import (
	"cmp"
	"slices"
	"time"

	"github.com/cstobot/cstobot/internal/text"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// byRecency orders hits by score, a newer source's raised by up to
// SourceRecency of it (for the newest of those retrieved): enough to put it
// first among sources nearly as relevant, too little to put a barely
// relevant new source above a relevant old one. Undated sources count as
// the oldest.
func byRecency(hits []retrieval.Hit, bonus float64) []retrieval.Hit {
	var dates []time.Time
	for _, h := range hits {
		if t := h.Passage.Article.Published; !t.IsZero() && !slices.ContainsFunc(dates, t.Equal) {
			dates = append(dates, t)
		}
	}
	if len(dates) < 2 {
		return hits
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	key := func(h retrieval.Hit) float64 {
		i := slices.IndexFunc(dates, h.Passage.Article.Published.Equal)
		return h.Score * (1 + bonus*float64(i+1)/float64(len(dates)))
	}
	out := slices.Clone(hits)
	slices.SortStableFunc(out, func(a, b retrieval.Hit) int { return cmp.Compare(key(b), key(a)) })
	return out
}

// asksAfter reports whether a question asks about a time after the newest
// source: it names a later year, or asks how things stand now.
func asksAfter(in text.Intent, newest time.Time) bool {
	if newest.IsZero() {
		return false
	}
	for _, y := range text.Years(in.Text) {
		if y > newest.Year() {
			return true
		}
	}
	return in.Current
}

// newest returns the latest publication date among passages, zero when
// none is dated.
func newest(ps []knowledge.Passage) time.Time {
	var t time.Time
	for _, p := range ps {
		if p.Article.Published.After(t) {
			t = p.Article.Published
		}
	}
	return t
}

// sourcesEnd returns where the sources end for a question that may ask
// about a later time: the newest date of the library when the drafter
// knows it, else of the passages retrieved. A question that names no year
// and does not ask how things stand now needs none.
func (d *Drafter) sourcesEnd(in text.Intent, hits []retrieval.Hit) time.Time {
	if !in.Current && len(text.Years(in.Text)) == 0 {
		return time.Time{}
	}
	if d.opt.Library == nil {
		return newest(passagesOf(hits))
	}
	var t time.Time
	for _, m := range d.opt.Library() {
		if m.Published.After(t) {
			t = m.Published
		}
	}
	return t
}
