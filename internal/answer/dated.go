package answer

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/cstobot/cstobot/retrieval"
)

// recencyBonus is how much a newer source's score is raised, at most (for
// the newest of those retrieved), when ordering the sources given to the
// model: enough to put it first among sources nearly as relevant, so that
// where sources disagree the model reads the newer one first, and too
// little to put a barely relevant new source above a relevant old one.
const recencyBonus = 0.05

// byRecency orders hits by score with the recency bonus; undated sources
// count as the oldest.
func byRecency(hits []retrieval.Hit) []retrieval.Hit {
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
		return h.Score * (1 + recencyBonus*float64(i+1)/float64(len(dates)))
	}
	out := slices.Clone(hits)
	slices.SortStableFunc(out, func(a, b retrieval.Hit) int { return cmp.Compare(key(b), key(a)) })
	return out
}

var yearRE4 = regexp.MustCompile(`\b(1[89]|2\d)\d\d\b`)

// nowWords are words of a question that ask how things stand at present,
// in the languages of [languages]: the sources can only say how they stood
// when written.
var nowWords = words(`now today nowadays currently current presently latest still
	oggi ora adesso attualmente attuale tuttora
	aujourd maintenant actuellement actuel actuelle actuels
	сейчас сегодня теперь нынешний нынешняя нынче текущий текущая настоящее
	heute jetzt derzeit aktuell gegenwärtig
	hoy ahora actualmente actual todavía`)

// asksAfter reports whether a question asks about a time after the newest
// source: it names a later year, or asks how things stand now.
func asksAfter(question string, newest time.Time) bool {
	if newest.IsZero() {
		return false
	}
	for _, y := range yearRE4.FindAllString(question, -1) {
		if n, _ := strconv.Atoi(y); n > newest.Year() {
			return true
		}
	}
	for _, f := range strings.FieldsFunc(strings.ToLower(question), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if nowWords[f] {
			return true
		}
	}
	return false
}
