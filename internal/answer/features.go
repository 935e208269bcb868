package answer

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/cstobot/cstobot/internal/text"
)

// weigh computes, for what in asks, each candidate's features and score:
// the weighted share of the question's terms it holds (weight, IDF-like
// over the candidates), normalised for its length as BM25 does; raised
// when it holds what the question asks for (IntentBonus), says what the
// subject is (DefineBonus), states the newest fact of a question about now
// (RecencyBonus); lowered by its passage's rank (RankPenalty).
func (q *question) weigh(cs []candidate, in text.Intent, weight map[string]float64, p Params) {
	terms := inOrder(weight)
	total, avg := 0.0, 0.0
	for _, t := range terms {
		total += weight[t]
	}
	for _, c := range cs {
		avg += float64(c.length) / float64(len(cs))
	}
	years := latestYears(cs)
	for i := range cs {
		c := &cs[i]
		c.share, c.answers, c.defines = 0, false, false
		for _, t := range terms {
			c.share += q.held(c, t, p.ContextCredit) * weight[t] / total
		}
		c.score = c.share * lengthNorm(c.length, avg)
		if c.share > 0 {
			c.answers = q.answersWant(c, in, weight, p)
			if c.answers {
				c.score += p.IntentBonus
				if in.Want == text.WantNumber && countsFocus(c, in.Focus, p.TieWindow) {
					c.score += p.IntentBonus // counts what was asked about
				}
			}
			if in.Want == text.WantDefinition {
				b := defineBonus(c.text, weight, p.DefineBonus)
				c.defines = b > 0
				c.score += b
			}
			if in.Current && len(years) > 1 {
				c.score += p.RecencyBonus * float64(slices.Index(years, c.latest)) / float64(len(years)-1)
			}
		}
		c.score -= p.RankPenalty * float64(c.hit)
	}
}

// latestYears returns the distinct years the candidates state last,
// oldest first, and sets each candidate's.
func latestYears(cs []candidate) []int {
	var ys []int
	for i := range cs {
		c := &cs[i]
		c.latest = c.published.Year()
		if c.published.IsZero() {
			c.latest = 0
		}
		if !c.meta {
			for _, f := range text.FactsIn(c.text, c.lang) {
				if f.Kind == text.Date && f.Year > c.latest && (c.published.IsZero() || f.Year <= c.published.Year()) {
					c.latest = f.Year
				}
			}
		}
		if !slices.Contains(ys, c.latest) {
			ys = append(ys, c.latest)
		}
	}
	slices.Sort(ys)
	return ys
}

// hardWant reports whether a question asking for w is refused when no
// sentence holds it: a date, a number, a name, a place, a reason.
func hardWant(w text.Want) bool {
	switch w {
	case text.WantDate, text.WantNumber, text.WantName, text.WantPlace, text.WantReason:
		return true
	}
	return false
}

// answersWant reports whether candidate c holds what in asks for. A date
// or a number must stand next to a word of the question (TieWindow), or c
// must say most of what the question does (StrongShare): a number
// somewhere in a sentence that shares a word with the question ("two bases
// … still in use today") does not answer "how many countries are in NATO
// today". A name, a place or a reason is a name the question does not
// give, or a reason clause ("because", "due to"), or again most of what
// the question says: a source may give a reason without a word for it.
// The byline answers only a question about an article.
func (q *question) answersWant(c *candidate, in text.Intent, weight map[string]float64, p Params) bool {
	if c.meta {
		return in.Meta == text.MetaDate && in.Want == text.WantDate || in.Meta == text.MetaAuthor && in.Want == text.WantName
	}
	switch in.Want {
	case text.WantDate, text.WantNumber:
		return q.statesFact(c, in.Want, weight, p)
	case text.WantName, text.WantPlace:
		return namesOther(c.text, weight) || c.share >= p.StrongShare
	case text.WantReason:
		return text.GivesReason(c.text, c.lang) || c.share >= p.StrongShare
	case text.WantChoice:
		return c.terms[in.Focus] || namesOther(c.text, weight)
	case text.WantDefinition:
		return defineBonus(c.text, weight, 1) > 0
	}
	return false
}

// statesFact reports whether c states a fact of the kind want asks for
// next to a word of the question, or holds StrongShare of the question.
func (q *question) statesFact(c *candidate, want text.Want, weight map[string]float64, p Params) bool {
	found := false
	for _, f := range text.FactsIn(c.text, c.lang) {
		if !factAnswers(f, want) {
			continue
		}
		found = true
		if c.share >= p.StrongShare || nextToQuestion(c.seq, f, weight, p.TieWindow) {
			return true
		}
	}
	return found && c.lead != "" && c.share >= p.StrongShare
}

// countsFocus reports whether a count of c stands next to the focus of a
// "how many" question: the number of members, not of troops, for "how many
// members".
func countsFocus(c *candidate, focus string, window int) bool {
	if focus == "" {
		return false
	}
	only := map[string]float64{focus: 1}
	for _, f := range text.FactsIn(c.text, c.lang) {
		if factAnswers(f, text.WantNumber) && (f.Noun == focus || nextToQuestion(c.seq, f, only, window)) {
			return true
		}
	}
	return false
}

// factAnswers reports whether a fact is what want asks for: a date for
// "when", a count (not a year, not a number that names, not "one" in
// words, which mostly means "a") for "how many".
func factAnswers(f text.Fact, want text.Want) bool {
	if want == text.WantDate {
		return f.Kind == text.Date
	}
	if f.Lo == 1 && f.Hi == 1 && (f.Text == "" || f.Text[0] < '0' || f.Text[0] > '9') {
		return false
	}
	return f.Kind == text.Count || f.Kind == text.Multiple
}

// nextToQuestion reports whether a term of the question stands within
// window terms of fact f in a sentence whose terms are seq.
func nextToQuestion(seq []placed, f text.Fact, weight map[string]float64, window int) bool {
	first, last := -1, -1
	for i, t := range seq {
		if t.start >= f.Start && t.start < f.End {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		first = slices.IndexFunc(seq, func(t placed) bool { return t.start >= f.End })
		if first < 0 {
			first = len(seq)
		}
		last = first - 1
	}
	for j := max(0, first-window); j < min(len(seq), last+window+1); j++ {
		if j >= first && j <= last {
			continue
		}
		if _, ok := questionTerm(seq[j].term, weight); ok && !isNumber(seq[j].term) {
			return true
		}
	}
	return false
}

func isNumber(t string) bool { return t != "" && t[0] >= '0' && t[0] <= '9' }

// namesOther reports whether s names something the question does not:
// a name of its own words is no answer to "who".
func namesOther(s string, weight map[string]float64) bool {
	for _, n := range sentenceNames(s) {
		for _, w := range n.Words {
			for _, t := range text.Terms(w) {
				if _, ok := weight[t]; !ok {
					return true
				}
			}
		}
	}
	return false
}

// sentenceNames returns the names of a source's sentence: as text.Names
// does, and its first word too when the next is capitalised as well
// ("Andrey Kozyrev coined…").
func sentenceNames(s string) []text.Name {
	return text.Names("x " + s)
}

// defineCueRE finds what a defining sentence says (the source's language
// being English): a name spelled out or abbreviated, what it is, is
// called or is for, or who someone is by title. The first group says it
// outright ("also known as", "has the purpose of") and counts for more
// than the second, which only may ("is a", "was born").
var defineCueRE = regexp.MustCompile(`(?i)\b(?:(also\s+known|known\s+as|abbreviation|stands\s+for|defined\s+as|purpose|aims?\s+(?:to|at))|refer(?:s|red)?\s+to\s+as|called|definition|(?:is|was|are|were)\s+(?:an?|the)\s|founded|established|was\s+(?:now\s+)?(?:truly\s+)?born|president|minister|secretary|leader)\b`)

// defineBonus is how much a sentence's score is raised for saying what the
// subject of a "what is" question is: twice bonus for spelling out the name
// the question abbreviates, twice for saying outright what it is, once for
// perhaps.
func defineBonus(s string, weight map[string]float64, bonus float64) float64 {
	b := 0.0
	if spellsOut(s, weight) {
		b += 2 * bonus
	}
	if m := defineCueRE.FindStringSubmatch(s); m != nil && m[1] != "" {
		b += 2 * bonus
	} else if m != nil {
		b += bonus
	}
	return b
}

// spellsOut reports whether s has a run of capitalised words whose
// initials are a term of the question (the keys of weight): "Collective
// Security Treaty Organization" spells out CSTO, and so ODKB and OTSC,
// which the analyser reads as CSTO. Short linking words ("of", "the") may
// stand inside the run: "Union of Soviet Socialist Republics".
func spellsOut(s string, weight map[string]float64) bool {
	var initials []rune
	check := func() bool {
		defer func() { initials = initials[:0] }()
		if len(initials) < 2 {
			return false
		}
		ts := text.TermsIn(string(initials), "en")
		_, ok := weight[strings.Join(ts, "")]
		return len(ts) == 1 && ok
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		r := []rune(w)[0]
		switch {
		case linkWords[strings.ToLower(w)]:
			// "The Union of Soviet …": no letter, and the run goes on.
		case unicode.IsUpper(r):
			initials = append(initials, r)
		default:
			if check() {
				return true
			}
		}
	}
	return check()
}

// linkWords may stand inside a name without giving it a letter.
var linkWords = map[string]bool{"of": true, "the": true, "and": true, "for": true}

// termWeights gives each question term an IDF-like weight over the
// candidate sentences: a term found in few of them says more. A term found
// in none weighs as if found in a quarter of one: a question term that
// nothing retrieved holds is the surest sign of a question the sources
// don't cover.
func termWeights(qterms []string, cs []candidate) map[string]float64 {
	w := make(map[string]float64, len(qterms))
	n := float64(len(cs))
	for _, t := range qterms {
		df := 0
		for _, c := range cs {
			if c.terms[t] {
				df++
			}
		}
		w[t] = math.Log(1 + n/max(float64(df), 0.25))
	}
	return w
}

// inOrder returns the terms of weight sorted, for sums that come out the
// same on every run: adding floats in map order does not, and a near tie
// between two sentences or two cuts must not be decided by it.
func inOrder(weight map[string]float64) []string {
	return slices.Sorted(maps.Keys(weight))
}

// lengthNorm is BM25's length normalisation for a term found once: a long
// sentence holds more of the question's terms by chance alone, so its share
// counts for less than a short one's.
func lengthNorm(n int, avg float64) float64 {
	const k1, b = 1.2, 0.75
	return (k1 + 1) / (1 + k1*(1-b+b*float64(n)/avg))
}
