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

// Outcome is what the support check found a sentence to be.
type Outcome string

const (
	// Supported: the sources it cites (or was moved to) hold what it
	// states. It is kept.
	Supported Outcome = "supported"
	// Unverified: no source contradicts it, but none could be shown to
	// hold all of it (too few of its words are there, or a word of how
	// many times or a name that is not a place). It is kept, and
	// [SentenceCheck.Reason] says why it is unverified.
	Unverified Outcome = "unverified"
	// Contradicted: it states a number, date, place or relation its
	// sources do not give, or the opposite of what they say, or no source
	// given bears on it at all. It is dropped.
	Contradicted Outcome = "contradicted"
)

// SentenceCheck reports what the support check did with one sentence of a
// drafted answer.
type SentenceCheck struct {
	Text    string  // the sentence as drafted, without its markers
	Status  string  // SentenceKept, SentenceMoved or SentenceDropped
	Outcome Outcome // Supported, Unverified (both kept) or Contradicted (dropped)
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
	names []name      // capitalised words after the first
}

type name struct{ word, term string }

// checkable reports whether the claim states anything a source could back.
func (c claim) checkable() bool { return len(c.words)+len(c.facts)+len(c.names) > 0 }

// evidence is what a source (one passage, or several cited together) can
// back: the terms of its text and of its article's title, author and date,
// and the facts they state.
type evidence struct {
	terms     map[string]bool
	facts     []text.Fact
	years     map[int]bool    // years its facts state, to date a "January 13"
	places    map[string]bool // countries its terms stand for (text.Place)
	sentences []string        // its text's sentences, for the polarity check
	// parts are, for one passage, what each sentence of its text holds
	// and what its article's metadata holds (last), to tell whether a
	// claim's facts are stated together; nil for sources cited together.
	parts []evidence
}

func passageEvidence(p knowledge.Passage) evidence {
	e := evidence{terms: map[string]bool{}, years: map[int]bool{}, places: map[string]bool{}}
	m := p.Article
	meta := m.Title + " " + m.Author
	if !m.Published.IsZero() {
		meta += " " + m.Published.Format("2 January 2006")
	}
	for _, s := range text.Sentences(p.Text) {
		e.sentences = append(e.sentences, s.Text)
		e.parts = append(e.parts, partEvidence(s.Text))
	}
	e.parts = append(e.parts, partEvidence(meta))
	for _, part := range e.parts {
		maps.Copy(e.terms, part.terms)
		e.facts = append(e.facts, part.facts...)
	}
	e.index()
	return e
}

// partEvidence is what one sentence of a passage, or its metadata, holds.
func partEvidence(s string) evidence {
	e := evidence{terms: map[string]bool{}, facts: text.Facts(s)}
	for _, t := range text.Terms(s) {
		e.terms[t] = true
	}
	return e
}

// together reports whether the numbers, dates and names of c that the
// evidence holds are stated together in it: in one sentence of the
// passage, with its metadata. A claim that joins what the passage says
// apart may relate it wrongly ("Belarus sent the 98th Airborne Division"
// from the lines "Russia: 98th Airborne Division" and "Belarus: 103rd
// Airborne Brigade"), so it is unverified, not dropped: a summary or a
// comparison joins sentences too. Sources cited together are not tested:
// a sentence may join what two passages state.
func (e evidence) together(c claim) bool {
	var facts []text.Fact
	for _, f := range c.facts {
		if e.covers(f) {
			facts = append(facts, f)
		}
	}
	var names []string
	for _, n := range c.names {
		if e.hasName(n.term) {
			names = append(names, n.term)
		}
	}
	if len(e.parts) < 3 || len(facts)+len(names) < 2 {
		return true
	}
	meta := e.parts[len(e.parts)-1]
	for i := range len(e.parts) - 1 {
		if window([]evidence{e.parts[i], meta}, e.years).holdsAll(facts, names) {
			return true
		}
	}
	return false
}

// window is the evidence of some parts of a passage, dated by the
// passage's years.
func window(parts []evidence, years map[int]bool) evidence {
	w := evidence{terms: map[string]bool{}, years: years}
	for _, p := range parts {
		maps.Copy(w.terms, p.terms)
		w.facts = append(w.facts, p.facts...)
	}
	return w
}

func (e evidence) holdsAll(facts []text.Fact, names []string) bool {
	for _, f := range facts {
		if !e.covers(f) {
			return false
		}
	}
	for _, n := range names {
		if !e.hasName(n) {
			return false
		}
	}
	return true
}

// index fills the years and places of the evidence from its facts and
// terms.
func (e evidence) index() {
	for _, f := range e.facts {
		if f.Kind == text.Date && f.Year != 0 {
			e.years[f.Year] = true
		}
	}
	for t := range e.terms {
		if p, ok := text.Place(t); ok {
			e.places[p] = true
		}
	}
}

// covers reports whether the evidence backs claim fact f: a fact of it
// does (text.Fact.Covers), or does once read in context. A day without a
// year ("January 13") takes a year the evidence states, and a month
// without one ("in February") any year; a count and an ordinal of the
// same value back each other ("103a" and "103-ю"); and a multiple ("five
// to eight times") is the ratio of two counts.
func (e evidence) covers(f text.Fact) bool {
	for _, g := range e.facts {
		switch {
		case g.Covers(f):
			return true
		case f.Kind == text.Date && g.Kind == text.Date && g.Year == 0 && e.years[f.Year]:
			if g.Year = f.Year; g.Covers(f) {
				return true
			}
		case f.Kind == text.Date && g.Kind == text.Date && f.Year == 0 && f.Month != 0:
			if g.Year = 0; g.Covers(f) {
				return true
			}
		case f.Kind != text.Date && g.Kind != text.Date && f.Kind != text.Multiple && g.Kind != text.Multiple &&
			(f.Kind == text.Ordinal) != (g.Kind == text.Ordinal) && f.Lo == f.Hi && g.Lo == f.Lo && g.Hi == f.Hi:
			return true
		}
	}
	return f.Kind == text.Multiple && e.coversRatio(f)
}

// coversLater reports whether a day of the evidence plus a number of days
// it states is the claim's day ("10 days later"): a computed date, which
// may belong to another event than the claim's, so it leaves the claim
// unverified.
func (e evidence) coversLater(f text.Fact) bool {
	if f.Day == 0 {
		return false
	}
	for _, g := range e.facts {
		if g.Kind != text.Date || g.Day == 0 || g.Month != f.Month || g.Year != 0 && g.Year != f.Year {
			continue
		}
		for _, n := range e.facts {
			if n.Kind == text.Count && n.Unit == "day" && n.Lo == n.Hi && float64(g.Day)+n.Lo == float64(f.Day) {
				return true
			}
		}
	}
	return false
}

// coversRatio reports whether two counts of the evidence stand in the
// ratio a multiple claims, within a tenth.
func (e evidence) coversRatio(f text.Fact) bool {
	for _, a := range e.facts {
		for _, b := range e.facts {
			if a.Kind != text.Count || b.Kind != text.Count || b.Lo <= 0 || b.Hi <= 0 {
				continue
			}
			lo, hi := a.Lo/b.Hi, a.Hi/b.Lo
			if f.Lo <= hi*1.1 && f.Hi >= lo*0.9 {
				return true
			}
		}
	}
	return false
}

func newClaim(s string) claim {
	c := claim{text: s, facts: text.Facts(s)}
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
			c.names = append(c.names, name{word: w, term: ts[0]})
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

// verdict is what evidence makes of a claim.
type verdict struct {
	share  float64 // the part of what the claim states that the evidence holds
	contra string  // what of the claim the evidence contradicts; "" when nothing
	weak   string  // why the evidence does not hold all of it; "" when it does
}

func (v verdict) holds() bool { return v.contra == "" && v.weak == "" }

// judge checks a claim against evidence. A number or date the evidence
// does not back, or a place it does not name in any form (text.Place: a
// name, capital or demonym), contradicts it, as does a sentence of the
// evidence that says what the claim says with the opposite polarity. A
// word of how many times it cannot compute, a name that is not a place
// and is not there (perhaps a translation it cannot tell), and a share of what the claim
// states (numbers, dates, names and other words) under minShare, leave it
// unverified: words are not facts, and a faithful paraphrase uses its own.
//
// To move a sentence to a source it did not cite takes more (strict): at
// least one of its words or names besides the numbers, since numbers alone
// do not tie a sentence to a source ("20 days" is not backed by
// "20-30.000 units").
func (e evidence) judge(c claim, minShare float64, strict bool) verdict {
	var v verdict
	for _, f := range c.facts {
		if timesAfter(c.text[f.End:]) && f.Kind == text.Count {
			f.Kind = text.Multiple // "five to eight times"
		}
		switch {
		case e.covers(f):
		case f.Kind == text.Multiple:
			v.weak = fmt.Sprintf("%q is not in", f.Text)
		case e.coversLater(f):
			v.weak = fmt.Sprintf("%q is only computed from", f.Text)
		default:
			return verdict{contra: fmt.Sprintf("%q is not in", f.Text)}
		}
	}
	names := 0
	for _, n := range c.names {
		if e.hasName(n.term) {
			names++
			continue
		}
		if p, ok := text.Place(n.term); ok {
			if !e.places[p] {
				return verdict{contra: fmt.Sprintf("%q is not in", n.word)}
			}
			names++
			continue
		}
		v.weak = fmt.Sprintf("%q is not in", n.word)
	}
	words := 0
	for _, w := range c.words {
		if e.terms[w] {
			words++
		}
	}
	if strict && words == 0 && names == 0 && len(c.words)+len(c.names) > 0 {
		return verdict{weak: "none of its words is in"}
	}
	v.share = float64(words+len(c.facts)+names) / float64(len(c.words)+len(c.facts)+len(c.names))
	if v.share == 0 {
		return verdict{contra: "nothing it states is in"}
	}
	if v.share < minShare && v.weak == "" {
		v.weak = fmt.Sprintf("only %.0f%% of what it states is in", 100*v.share)
	}
	if s, ok := e.negates(c); ok && v.weak == "" {
		v.weak = fmt.Sprintf("it may negate %q in", s)
	}
	if v.weak == "" && !e.together(c) {
		v.weak = "what it joins is stated apart in"
	}
	return v
}

// timesAfter reports whether a text starts with a word of how many times
// ("… times", "… fois", "… volte", "… раз", "-mal"), which makes the count
// before it a multiple.
func timesAfter(s string) bool {
	s = strings.TrimLeft(s, "- ")
	w, _, _ := strings.Cut(text.Fold(s), " ")
	w = strings.TrimRight(w, ".,;:")
	return timesWords[w] || strings.HasSuffix(w, "mal")
}

var timesWords = wordSet(`times fold fois volte veces раз раза mal`)

// Polarity check: a claim that shares most of its words with a sentence of
// the evidence, but negates what that sentence affirms or the reverse
// ("members are free to join other alliances" for "cannot join other
// military alliances"), is unverified: a paraphrase may say the same with
// the opposite polarity ("left" for "opted not to renew"), so a mismatch
// alone is no proof.
const minPolarityShare = 0.6

// negates returns the sentence of the evidence that the claim says with the
// opposite polarity, when there is one.
func (e evidence) negates(c claim) (string, bool) {
	terms := slices.Clone(c.words)
	for _, n := range c.names {
		terms = append(terms, n.term)
	}
	if len(terms) < 3 {
		return "", false
	}
	best, bestShare := "", 0.0
	for _, s := range e.sentences {
		have := map[string]bool{}
		for _, t := range text.Terms(s) {
			have[t] = true
		}
		n := 0
		for _, t := range terms {
			if have[t] {
				n++
			}
		}
		if share := float64(n) / float64(len(terms)); share > bestShare {
			best, bestShare = s, share
		}
	}
	if bestShare < minPolarityShare || negative(best) == negative(c.text) {
		return "", false
	}
	return best, true
}

// negative reports whether a sentence is negated: it has a word of
// negation, or of failing or refusing, in one of the answer languages.
func negative(s string) bool {
	for _, w := range strings.FieldsFunc(text.Fold(s), notWordRune) {
		if negations[w] {
			return true
		}
	}
	return false
}

var negations = wordSet(`not no never cannot cant didnt doesnt dont wont neither nor without fail failed fails unable refused declined
	не нет никогда ни без
	non mai nessun nessuna senza
	ne pas jamais aucun aucune sans
	nicht kein keine keinen keiner nie niemals ohne
	nunca ningun ninguna sin`)

// hasName finds a name's term, or one that starts the same way: the Italian
// "Kazakistan" and the English "Kazakhstan" share their first letters but
// not their analysed form.
func (e evidence) hasName(term string) bool {
	if e.terms[term] {
		return true
	}
	const prefix = 5
	if len(term) < prefix {
		return false
	}
	for t := range e.terms {
		if strings.HasPrefix(t, term[:prefix]) {
			return true
		}
	}
	return false
}

func union(es ...evidence) evidence {
	if len(es) == 1 {
		return es[0]
	}
	u := evidence{terms: map[string]bool{}}
	u.years, u.places = map[int]bool{}, map[string]bool{}
	for _, e := range es {
		maps.Copy(u.terms, e.terms)
		u.facts = append(u.facts, e.facts...)
		u.sentences = append(u.sentences, e.sentences...)
	}
	u.index()
	return u
}

// checked is one sentence after the check, with its sources in the
// numbering of the sources given (1..n).
type checked struct {
	SentenceCheck
	cite      []int // sources it cites now, 1..n
	plain     string
	supported bool // kept or moved (supported or unverified), and it states something
}

// checkSupport checks each sentence of a drafted text against the sources
// given: a sentence stays when the sources it cites back it, is re-pointed
// to the given source that backs it best when they do not (or when it
// cites none), stays unverified when no source contradicts it, and is
// dropped when one does. It returns the text rebuilt
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
			c := checkSentence(s, ev, minShare, len(sources))
			all = append(all, c)
			anySupported = anySupported || c.supported
			if c.Outcome != Contradicted {
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

// checkSentence decides on one sentence: supported by the sources it
// cites, or by another given source (moved there); else unverified when
// no source contradicts it, contradicted (dropped) when one does or none
// bears on it.
func checkSentence(s string, ev []evidence, minShare []float64, n int) checked {
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
	why := "cites no source"
	if len(invalid) > 0 {
		why = fmt.Sprintf("cites %s, which was not given", markers(invalid))
	}
	var cited verdict
	if len(valid) > 0 {
		es := make([]evidence, len(valid))
		share := 1.0
		for i, v := range valid {
			es[i] = ev[v-1]
			share = min(share, minShare[v-1])
		}
		if cited = union(es...).judge(cl, share, false); cited.holds() {
			c.Status, c.Outcome, c.cite, c.supported = SentenceKept, Supported, valid, true
			c.Reason = "supported by " + markers(valid)
			return c
		}
		why = cited.contra + cited.weak + " " + markers(valid)
	}
	best, bestShare := -1, -1.0
	open, openShare := -1, -1.0 // the best source that does not contradict it
	for i := range ev {
		v := ev[i].judge(cl, minShare[i], true)
		if v.holds() && v.share > bestShare {
			best, bestShare = i, v.share
		}
		if v.contra == "" && v.weak != "none of its words is in" && v.share > openShare {
			open, openShare = i, v.share
		}
	}
	switch {
	case best >= 0:
		c.Status, c.Outcome, c.cite, c.supported = SentenceMoved, Supported, []int{best + 1}, true
		c.Reason = fmt.Sprintf("%s; [%d] supports it", why, best+1)
	case len(valid) > 0 && cited.contra == "":
		c.Status, c.Outcome, c.cite, c.supported = SentenceKept, Unverified, valid, true
		c.Reason = "unverified: " + why
	case len(valid) == 0 && open >= 0:
		c.Status, c.Outcome, c.cite, c.supported = SentenceMoved, Unverified, []int{open + 1}, true
		c.Reason = fmt.Sprintf("unverified: %s; [%d] bears on it", why, open+1)
	default:
		c.Status, c.Outcome, c.Reason = SentenceDropped, Contradicted, why+"; no source given supports it"
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
