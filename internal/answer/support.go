package answer

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cstobot/cstobot/internal/text"
	"github.com/cstobot/cstobot/knowledge"
)

// What the support check did with a sentence, for [SentenceCheck.Status].
const (
	SentenceKept    = "kept"    // its citations support it (or it states nothing to check)
	SentenceMoved   = "moved"   // re-pointed to a given source that supports it
	SentenceDropped = "dropped" // no given source supports it: left out
)

// Outcome is what the support check found of a sentence against its
// sources ([SentenceCheck.Outcome]).
type Outcome string

const (
	// Supported: its sources state what it states (or it states nothing
	// to check). It is kept.
	Supported Outcome = "supported"
	// Unverified: nothing it states contradicts its sources, but the
	// check could not find all of it there (other words, a name or a
	// relation it cannot read). It is kept, and marked so in the JSON.
	Unverified Outcome = "unverified"
	// Contradicted: it states a number, date, name or relation its
	// sources do not hold, and no source given does. It is left out.
	Contradicted Outcome = "contradicted"
)

// SentenceCheck reports what the support check did with one sentence of a
// drafted answer.
type SentenceCheck struct {
	Text    string  // the sentence as drafted, without its markers
	Status  string  // SentenceKept, SentenceMoved or SentenceDropped
	Outcome Outcome // SentenceDropped exactly when Contradicted
	// From lists the source numbers the draft cited, as the model numbered
	// the sources it was given (numbers never given included, up to 99).
	From []int
	// To lists the citations the sentence carries in the final answer
	// ([Citation.N]); empty when it was dropped or needs none.
	To     []int
	Reason string
}

// Thresholds of the support check, measured on the deliberately wrong
// drafts of TestSupportFigures: the share of a sentence's words (analysed
// terms other than numbers and dates) that its source must hold. An answer
// in another language than its source shares fewer words with it, so there
// the numbers, dates and names carry the check.
const (
	minWordShare      = 0.5
	minCrossWordShare = 0.2
	maxFromNumber     = 99 // larger [n] are not listed in From
)

// claim is what a sentence of an answer asserts, analysed once.
type claim struct {
	text  string
	words []string    // distinct terms other than numbers
	facts []text.Fact // numbers and dates (text.Facts)
	names []name      // capitalised words, the first unless a common opener
	// negated says the sentence denies something ("did not renew").
	negated bool
}

type name struct {
	word, term string
	first      bool // the sentence's first word
}

// checkable reports whether the claim states anything a source could back.
func (c claim) checkable() bool { return len(c.words)+len(c.facts)+len(c.names) > 0 }

// evidence is what a source (one passage, or several cited together) can
// back: the terms of its text and of its article's title, author and date,
// and the facts they state.
type evidence struct {
	terms map[string]bool
	words map[string]bool // its words folded ("москвы", "kremlin")
	facts []text.Fact
	years map[int]bool // the years its facts and its article's date name
	// negated says a sentence of it denies something ("did not renew").
	negated bool
}

func passageEvidence(p knowledge.Passage) evidence {
	e := evidence{terms: map[string]bool{}, words: map[string]bool{}, years: map[int]bool{}}
	m := p.Article
	if !m.Published.IsZero() {
		e.years[m.Published.Year()] = true
	}
	e.negated = hasNegation(p.Text)
	meta := m.Title + " " + m.Author
	if !m.Published.IsZero() {
		meta += " " + m.Published.Format("2 January 2006")
	}
	for _, s := range []string{p.Text, meta} {
		for _, t := range text.Terms(s) {
			e.terms[t] = true
		}
		for _, w := range strings.FieldsFunc(s, notWordRune) {
			e.words[text.Fold(w)] = true
		}
		for _, f := range text.Facts(s) {
			e.facts = append(e.facts, f)
			if f.Kind == text.Date && f.Year != 0 {
				e.years[f.Year] = true
			}
		}
	}
	return e
}

// covers reports whether a fact of the evidence backs claim fact f. A
// count and an ordinal of one value back each other ("the 103rd" and "the
// 103." are one brigade), and a day written without its year backs a
// claim that adds the year when the evidence names that year elsewhere
// ("January 13" in an article of 2022 backs "13 January 2022").
func (e evidence) covers(f text.Fact) bool {
	return slices.ContainsFunc(e.facts, func(g text.Fact) bool {
		switch {
		case g.Covers(f):
			return true
		case f.Kind == text.Date && g.Kind == text.Date && g.Year == 0 && f.Day != 0:
			return g.Month == f.Month && g.Day == f.Day && e.years[f.Year]
		case (f.Kind == text.Count || f.Kind == text.Ordinal) && (g.Kind == text.Count || g.Kind == text.Ordinal):
			g.Kind = f.Kind
			return g.Covers(f)
		}
		return false
	})
}

func newClaim(s string) claim {
	c := claim{text: s, facts: text.Facts(s), negated: hasNegation(s)}
	seen := map[string]bool{}
	for _, t := range text.Terms(s) {
		if seen[t] || isNumber(t) || text.NumberWord(t) {
			continue
		}
		seen[t] = true
		c.words = append(c.words, t)
	}
	for i, w := range strings.FieldsFunc(s, notWordRune) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || i == 0 && openers[strings.ToLower(w)] || text.NumberWord(text.Fold(w)) ||
			text.MonthWord(text.Token{Text: text.Fold(w), Capital: true}) {
			continue
		}
		if ts := text.Terms(w); len(ts) == 1 && !isNumber(ts[0]) {
			c.names = append(c.names, name{word: w, term: ts[0], first: i == 0})
			// A name is checked as a name, not again as a word.
			c.words = slices.DeleteFunc(c.words, func(t string) bool { return t == ts[0] })
		}
	}
	return c
}

// openers are words that often start a sentence without being names; any
// other capitalised first word is taken for a name ("Armenia joined …"),
// which its source must hold. Stop words need not be listed: they have no
// term.
var openers = wordSet(`later then however moreover furthermore finally initially
	officially today currently meanwhile instead thus therefore overall
	originally eventually subsequently afterwards yes
	poi inoltre infine oggi quindi pertanto ufficialmente inizialmente
	ensuite puis enfin cependant donc ainsi officiellement
	затем потом также однако сегодня официально`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }

// A check's failure is hard when the sentence states something the
// evidence contradicts or lacks outright (a number, a date, a known name
// the evidence does not hold), soft when the check only failed to find
// all of it there (other words, an unknown name, a multiple it cannot
// compute, a denial the evidence does not make). A hard failure drops a
// sentence that no other source given backs; a soft one leaves it
// unverified.
type failure struct {
	why  string
	hard bool
}

// supports checks a claim against evidence: every number, date and name of
// the claim must be there, and at least minShare of all it states (those
// and its other words). It returns that share, and why not when it fails
// (zero failure when it holds). Numbers, dates and names count in the
// share so that a paraphrase ("it began in 1991" for "dates back to …
// 1991") holds on its facts. known reports whether a name is one the
// check knows to be an entity of its own (a country, or a name some given
// source holds), so that its absence contradicts rather than puzzles.
//
// To move a sentence to a source it did not cite takes more (strict): at
// least one of its words or names besides the numbers, since numbers alone
// do not tie a sentence to a source ("20 days" is not backed by
// "20-30.000 units"). The source a model cited is given the benefit of a
// paraphrase that keeps only the facts ("it began in 1991").
func (e evidence) supports(c claim, minShare float64, strict bool, known func(name) bool) (share float64, fail failure) {
	var soft failure
	for _, f := range c.facts {
		if !e.covers(f) {
			if f.Kind == text.Multiple {
				soft = failure{why: fmt.Sprintf("%q is not stated as such in", f.Text)}
				continue
			}
			return 0, failure{fmt.Sprintf("%q is not in", f.Text), true}
		}
	}
	for _, n := range c.names {
		if !e.hasName(n) {
			if known(n) {
				return 0, failure{fmt.Sprintf("%q is not in", n.word), true}
			}
			if soft.why == "" {
				soft = failure{why: fmt.Sprintf("%q is not in", n.word)}
			}
		}
	}
	words := 0
	for _, w := range c.words {
		if e.terms[w] {
			words++
		}
	}
	if strict && words == 0 && len(c.names) == 0 && len(c.words) > 0 {
		return 0, failure{why: "none of its words is in"}
	}
	share = float64(words+len(c.facts)+len(c.names)) / float64(len(c.words)+len(c.facts)+len(c.names))
	switch {
	case soft.why != "":
		return share, soft
	case share < minShare:
		return share, failure{why: fmt.Sprintf("only %.0f%% of what it states is in", 100*share)}
	case c.negated && !e.negated:
		return share, failure{why: "it denies what no sentence of its source denies:"}
	}
	return share, failure{}
}

// hasName finds a name's term, or one that starts the same way (the
// Italian "Kazakistan" and the English "Kazakhstan" share their first
// letters but not their analysed form), or another name of the same place
// (Moscow or the Kremlin for Russia, "Armenian" for Armenia).
func (e evidence) hasName(n name) bool {
	term := n.term
	if e.terms[term] {
		return true
	}
	const prefix = 5
	if len(term) >= prefix {
		for t := range e.terms {
			if strings.HasPrefix(t, term[:prefix]) {
				return true
			}
		}
	}
	for _, g := range placeGroups(n.word) {
		for w := range e.words {
			if g.has(w) {
				return true
			}
		}
	}
	return false
}

func union(es ...evidence) evidence {
	if len(es) == 1 {
		return es[0]
	}
	u := evidence{terms: map[string]bool{}, words: map[string]bool{}, years: map[int]bool{}}
	for _, e := range es {
		maps.Copy(u.terms, e.terms)
		maps.Copy(u.words, e.words)
		maps.Copy(u.years, e.years)
		u.facts = append(u.facts, e.facts...)
		u.negated = u.negated || e.negated
	}
	return u
}

// checked is one sentence after the check, with its sources in the
// numbering of the sources given (1..n).
type checked struct {
	SentenceCheck
	cite      []int // sources it cites now, 1..n
	plain     string
	supported bool // kept or moved, and it states something
}

// checkSupport checks each sentence of a drafted text against the sources
// given: a sentence stays when the sources it cites back it, is re-pointed
// to the given source that backs it best when they do not (or when it
// cites none), and is dropped when none does. It returns the text rebuilt
// with the markers of the sources given (for [cite] to renumber), what it
// did with each sentence, and whether any sentence that states something
// was backed.
func checkSupport(text string, sources []knowledge.Passage, answerLang string) (string, []checked, bool) {
	ev := make([]evidence, len(sources))
	minShare := make([]float64, len(sources))
	for i, p := range sources {
		ev[i] = passageEvidence(p)
		minShare[i] = minWordShare
		if answerLang != "" && answerLang != articleLang(p.Article) {
			minShare[i] = minCrossWordShare
		}
	}
	var lines []string
	var all []checked
	anySupported := false
	for _, line := range answerLines(text) {
		var kept []string
		for _, s := range line {
			c := checkSentence(s, ev, minShare, len(sources), answerLang)
			all = append(all, c)
			anySupported = anySupported || c.supported
			if c.Status != SentenceDropped {
				kept = append(kept, withMarkers(c.plain, c.cite))
			}
		}
		if len(kept) > 0 {
			lines = append(lines, strings.Join(kept, " "))
		}
	}
	return strings.Join(lines, "\n"), all, anySupported
}

func articleLang(m knowledge.Meta) string {
	if m.Lang == "" {
		return "en"
	}
	return m.Lang
}

// checkSentence decides on one sentence: supported when the sources it
// cites back it, or another given source does (it is re-pointed there);
// contradicted when it states a number, date or known name that neither
// its sources nor any other given source hold, or cites none and no source
// backs it; unverified otherwise (kept with its citations).
func checkSentence(s string, ev []evidence, minShare []float64, n int, lang string) checked {
	plain, from := stripMarkers(s, maxFromNumber)
	c := checked{SentenceCheck: SentenceCheck{Text: plain, From: from}, plain: plain}
	var valid, invalid []int
	for _, v := range from {
		if v <= n {
			valid = append(valid, v)
		} else {
			invalid = append(invalid, v)
		}
	}
	cl := newClaim(plain)
	if !cl.checkable() {
		c.Status, c.Outcome, c.cite, c.Reason = SentenceKept, Supported, valid, "states nothing to check"
		return c
	}
	all := union(ev...)
	// A name is known when it is a place, or a name some given source
	// holds; a capitalised word inside a sentence is taken for a name of
	// its own too, except in German, which capitalises every noun.
	known := func(nm name) bool {
		return len(placeGroups(nm.word)) > 0 || all.hasName(nm) || !nm.first && lang != "de"
	}
	fail := failure{why: "cites no source", hard: true}
	if len(invalid) > 0 {
		fail.why = fmt.Sprintf("cites %s, which was not given", markers(invalid))
	}
	if len(valid) > 0 {
		cited := make([]evidence, len(valid))
		share := 1.0
		for i, v := range valid {
			cited[i] = ev[v-1]
			share = min(share, minShare[v-1])
		}
		_, f := union(cited...).supports(cl, share, false, known)
		if f.why == "" {
			c.Status, c.Outcome, c.cite, c.supported = SentenceKept, Supported, valid, true
			c.Reason = "supported by " + markers(valid)
			return c
		}
		fail = failure{f.why + " " + markers(valid), f.hard}
	}
	best, bestShare := -1, -1.0
	for i := range ev {
		if share, f := ev[i].supports(cl, minShare[i], true, known); f.why == "" && share > bestShare {
			best, bestShare = i, share
		}
	}
	switch {
	case best >= 0:
		c.Status, c.Outcome, c.cite, c.supported = SentenceMoved, Supported, []int{best + 1}, true
		c.Reason = fmt.Sprintf("%s; [%d] supports it", fail.why, best+1)
	case !fail.hard:
		c.Status, c.Outcome, c.cite = SentenceKept, Unverified, valid
		c.Reason = fail.why
	default:
		c.Status, c.Outcome, c.Reason = SentenceDropped, Contradicted, fail.why+"; no source given supports it"
	}
	return c
}

// markers writes numbers as citation markers: [1][3].
func markers(ns []int) string {
	var b strings.Builder
	for _, n := range ns {
		fmt.Fprintf(&b, "[%d]", n)
	}
	return b.String()
}

// markerAfterStopRE finds markers written after a sentence's full stop
// ("… in 1991. [1]"), so that they can be moved before it.
var markerAfterStopRE = regexp.MustCompile(`([.!?])((?:\s*\[[\d\s,;\-–]+\])+)`)

// answerLines splits a drafted text into lines (a list keeps one item per
// line) and each line into sentences, each with its markers.
func answerLines(draft string) [][]string {
	draft = markerAfterStopRE.ReplaceAllString(draft, "$2$1")
	var out [][]string
	for _, line := range strings.Split(draft, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, text.SplitSentences(line))
		}
	}
	return out
}

// stripMarkers removes the citation markers of a sentence and returns the
// numbers they name (up to limit), distinct, in order.
func stripMarkers(s string, limit int) (string, []int) {
	var b strings.Builder
	var nums []int
	for i := 0; i < len(s); {
		ns, end, ok := parseMarker(s, i, limit)
		if !ok {
			b.WriteByte(s[i])
			i++
			continue
		}
		for _, v := range ns {
			if !slices.Contains(nums, v) {
				nums = append(nums, v)
			}
		}
		i = end
	}
	plain := spaceBeforePunctRE.ReplaceAllString(b.String(), "$1")
	return strings.Join(strings.Fields(plain), " "), nums
}

var spaceBeforePunctRE = regexp.MustCompile(`\s+([.,;:!?…])`)
