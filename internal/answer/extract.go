package answer

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// extractiveModel is [Answer.Model] for answers drafted without a model.
const extractiveModel = "extractive"

// An extractive answer is a few sentences, not a dump of passages.
const (
	maxExtractSentences = 3
	// maxExtractChars bounds the sentences, markers included (characters).
	// On the shipped sets 380 answers as many questions as 450 did, while
	// 350 loses one of the harder set's.
	maxExtractChars = 380
	// minExtractShare is the share of the question's weighted terms that the
	// chosen sentences must hold between them; below it nothing answers the
	// question.
	minExtractShare = 0.3
	// extraScoreRatio is how close to the best sentence's score another
	// sentence must come to be added after it (and it must say something
	// the ones before do not: see sentence.adds).
	extraScoreRatio = 0.5
	// minExtraCut is the shortest cut of a sentence added after the first:
	// a shorter one ("…the CSTO was now truly born") is a fragment.
	minExtraCut = 80
	// factBonus raises a sentence that holds what the question asks for.
	factBonus = 0.2
	// strongShare is the share of the question's weighted terms that a
	// sentence holding a number or a date must have, when the number is not
	// next to a word of the question, to be taken as answering.
	strongShare = 0.6
	// kinMinSim is how near a question's word must be to a name the
	// passages use to be taken for a name of the same kind (ask.kin):
	// countries are 0.75–0.85 from their neighbours.
	kinMinSim = 0.7
)

// sentence is a candidate for an extractive answer.
type sentence struct {
	text   string
	quote  string // the passage's sentence as it is, before shortening; "" for metadata
	hit    int    // index of the hit it comes from
	terms  map[string]bool
	length int // terms in the sentence
	score  float64
	share  float64 // weighted share of the question's terms it holds
	tied   bool    // holds the fact asked for, next to a question term
	// defines is true when the question asks what its subject is and the
	// sentence says what something is.
	defines bool
}

// extract answers question from hits without a model: it picks the
// sentences of the passages that share most of the question's terms
// (weighted by how rare they are among the candidates), with a bonus when a
// sentence has what the question asks for (a date for "when", a number for
// "how many", a name for "who"), and cites each. It refuses when the
// sentences it would pick hold too little of the question between them,
// when the question names something they never do ([unknownName]), or
// when it asks for a number or a date and they hold none next to its words.
//
// The sentences are quoted in their own language, after a one-line lead
// in the asker's (lang) that names the articles and their dates; the
// refusal is in the asker's language too.
func extract(question string, hits []retrieval.Hit, lang string) Answer {
	q := newAsk(question)
	q.relate(hits)
	ranked, weight := rank(q, hits)
	if len(ranked) == 0 || ranked[0].share == 0 || q.kin != "" || unknownName(question, func() map[string]bool { return vocabulary(ranked, hits) }) != "" {
		return refusal(question, extractiveModel, lang)
	}
	chosen := pick(ranked, weight, q)
	if q.heldShare(chosen, weight) < minExtractShare || !q.answeredBy(chosen, weight) {
		return refusal(question, extractiveModel, lang)
	}
	a := compose(question, hits, chosen)
	a.Lang = lang
	if lead := phrasesFor(lang).lead(a.Citations); lead != "" {
		a.Text = lead + "\n" + a.Text
	}
	return a
}

// vocabulary is every term of the candidate sentences and of the titles
// of their articles.
func vocabulary(cands []sentence, hits []retrieval.Hit) map[string]bool {
	v := map[string]bool{}
	for _, c := range cands {
		maps.Copy(v, c.terms)
	}
	for _, h := range hits {
		for _, t := range retrieval.Terms(h.Passage.Article.Title) {
			v[t] = true
		}
	}
	return v
}

// ask is a question as the extractive drafter reads it.
type ask struct {
	text   string
	terms  []string // distinct
	kind   factKind
	define bool   // "what is X": defining sentences first
	focus  string // the term of what "which …" asks for: "countr" for "which countries"; may be ""
	// near holds the terms related in meaning to the question's terms,
	// which a sentence may say instead ("unrest" for "riots").
	near map[string][]retrieval.RelatedTerm
	// kin is a word of the question that the passages never use and at
	// least two of whose nearest words are names they do use: a name of
	// the same kind, written in lower case ("did turkmenistan join?"
	// beside Uzbekistan and Kazakhstan), which unknownName cannot see and
	// the passages do not cover; "" for none.
	kin string
}

func newAsk(question string) ask {
	terms := distinct(retrieval.Terms(question))
	return ask{text: question, terms: terms, kind: askedKind(question), define: asksDefinition(question, len(terms)), focus: focusOf(question)}
}

// relate finds the terms related in meaning to the question's that the
// hits' passages use, not as names; a question term the passages only use
// as a name has none (see retrieval.RelatedTerms). It also finds q.kin.
func (q *ask) relate(hits []retrieval.Hit) {
	var text strings.Builder
	for _, h := range hits {
		text.WriteString(h.Passage.Text)
		text.WriteString("\n")
	}
	cases := retrieval.TermCases(text.String()) // every term of the passages
	isName := func(t string) bool { common, ok := cases[t]; return ok && !common }
	for _, r := range retrieval.RelatedTerms(q.text, func(t string) bool { return cases[t] }) {
		if isName(r.Term) {
			continue
		}
		if q.near == nil {
			q.near = make(map[string][]retrieval.RelatedTerm)
		}
		q.near[r.Term] = r.Near
	}
	for _, r := range retrieval.RelatedTerms(q.text, isName) {
		kin := 0
		for _, n := range r.Near {
			if n.Sim >= kinMinSim {
				kin++
			}
		}
		if kin >= 2 && !known(r.Term, cases) {
			q.kin = r.Term
			return
		}
	}
}

// held is how much of question term t sentence c holds: all of it when c
// has the term, part of it when c has a term related in meaning.
func (q ask) held(c sentence, t string) float64 {
	if c.terms[t] {
		return 1
	}
	for _, n := range q.near[t] { // most similar first
		if c.terms[n.Term] {
			return n.Credit()
		}
	}
	return 0
}

// cutWeight is weight with the question's focus raised above any other
// term, for cutting a sentence: a cut of "6 of the 15 republics (Russia,
// …) … the Pact of Tashkent" that answers "which countries signed the
// pact" must keep the republics, though "signed" is the rarer word.
func (q ask) cutWeight(weight map[string]float64) map[string]float64 {
	if _, ok := weight[q.focus]; !ok {
		return weight
	}
	w := maps.Clone(weight)
	for _, t := range inOrder(weight) {
		w[q.focus] += weight[t]
	}
	return w
}

// inOrder returns the terms of weight sorted, for sums that come out the
// same on every run: adding floats in map order does not, and a near tie
// between two sentences or two cuts must not be decided by it.
func inOrder(weight map[string]float64) []string {
	return slices.Sorted(maps.Keys(weight))
}

// want is the test shorten keeps a clause for: the fact asked for, or what
// defines the subject.
func (q ask) want() func(string) bool {
	switch {
	case q.define:
		return defineCueRE.MatchString
	case q.kind != noFact:
		return q.kind.has
	}
	return nil
}

// answeredBy reports whether the chosen sentences hold what the question
// asks for, when it asks for a number or a date: one of them must hold
// one next to a word of the question, or say most of what the question
// does. Otherwise the sentences only share words with the question (a
// question about NATO's members today finds sentences on NATO, and others
// with numbers), and the honest answer is that the sources don't say.
func (q ask) answeredBy(chosen []sentence, weight map[string]float64) bool {
	if q.kind != dateFact && q.kind != countFact {
		return true
	}
	for _, c := range chosen {
		if q.kind.has(c.text) && (c.tied || c.share >= strongShare) {
			return true
		}
	}
	return false
}

// rank scores the sentences of hits against the question, best first, and
// returns the weights of the question's terms. A sentence that holds what
// the question asks for (a date next to one of its words for "when", a
// number for "how many", a name for "who", what the subject is for "what
// is") is raised above one that only shares its words.
func rank(q ask, hits []retrieval.Hit) ([]sentence, map[string]float64) {
	cands := candidates(hits)
	weight := termWeights(q.terms, cands)
	terms := inOrder(weight)
	total, avg := 0.0, 0.0
	for _, t := range terms {
		total += weight[t]
	}
	for _, c := range cands {
		avg += float64(c.length) / float64(len(cands))
	}
	for i := range cands {
		c := &cands[i]
		for _, t := range terms {
			c.share += q.held(*c, t) * weight[t] / total
		}
		c.score = c.share * lengthNorm(c.length, avg)
		if c.share > 0 {
			c.tied = q.kind.tied(c.text, weight)
			if c.tied {
				c.score += factBonus
			}
			if q.define {
				b := defineBonus(c.text, weight)
				c.defines = b > 0
				c.score += b
			}
		}
		// Among equals, prefer what retrieval ranked higher.
		c.score -= 0.01 * float64(c.hit)
	}
	slices.SortStableFunc(cands, func(a, b sentence) int { return cmp.Compare(b.score, a.score) })
	return cands, weight
}

// pick chooses the best sentence and up to two more that score nearly as
// well and say something about the question the ones before did not, all
// within the length budget. Long sentences are cut to the clauses that
// answer first (shorten); a cut is judged on what it kept.
func pick(ranked []sentence, weight map[string]float64, q ask) []sentence {
	var chosen []sentence
	size := 0
	covered := map[string]bool{}
	tied := false
	cutWeight := q.cutWeight(weight)
	for i, c := range ranked {
		if len(chosen) == maxExtractSentences || c.score < extraScoreRatio*ranked[0].score {
			break
		}
		if i > 0 && !c.adds(covered, tied, weight) {
			continue
		}
		limit := maxSentenceChars
		if i > 0 {
			limit = min(limit, maxExtractChars-size)
		}
		short := tidyQuotes.Replace(shorten(c.text, cutWeight, q.want(), limit))
		cut := short != c.text
		if cut {
			c.text = short
			c.terms = withRelated(termSet(retrieval.Terms(short)))
			c.tied = c.tied && q.kind.tied(short, weight)
			c.defines = c.defines && defineBonus(short, weight) > 0
		}
		if i > 0 && (runes(c.text) > limit || cut && runes(c.text) < minExtraCut || !c.adds(covered, tied, weight)) {
			continue
		}
		chosen = append(chosen, c)
		size += runes(c.text)
		maps.Copy(covered, c.terms)
		tied = tied || c.tied
	}
	return chosen
}

// adds reports whether c says something that the sentences chosen before
// it (which hold the terms covered, and the fact asked for when tied) do
// not: another term of the question, the fact asked for, or what the
// subject is.
func (c sentence) adds(covered map[string]bool, tied bool, weight map[string]float64) bool {
	return addsTerm(c, covered, weight) || c.tied && !tied || c.defines
}

// heldShare is the weighted share of the question's terms that the chosen
// sentences hold between them, in part for a related term (held).
func (q ask) heldShare(chosen []sentence, weight map[string]float64) float64 {
	held, total := 0.0, 0.0
	for _, t := range inOrder(weight) {
		w := weight[t]
		total += w
		best := 0.0
		for _, c := range chosen {
			best = max(best, q.held(c, t))
		}
		held += best * w
	}
	return held / total
}

// addsTerm reports whether c holds a question term that covered lacks.
func addsTerm(c sentence, covered map[string]bool, weight map[string]float64) bool {
	for t := range weight {
		if c.terms[t] && !covered[t] {
			return true
		}
	}
	return false
}

// compose writes the chosen sentences, each with its [n], numbering the
// passages in order of first citation. Each sentence is quoted from the
// passage it cites, so it is reported kept, with that passage's sentence
// as evidence, without running the support check on it: the check would
// find what was just copied (TestExtractPassesSupportCheck shows it does).
func compose(question string, hits []retrieval.Hit, chosen []sentence) Answer {
	a := Answer{Question: question, Model: extractiveModel, Grounded: true}
	num := map[int]int{}
	parts := make([]string, 0, len(chosen))
	for _, c := range chosen {
		n, ok := num[c.hit]
		if !ok {
			a.Citations = append(a.Citations, Citation{N: len(a.Citations) + 1, Passage: hits[c.hit].Passage})
			n = len(a.Citations)
			num[c.hit] = n
		}
		parts = append(parts, withMarkers(c.text, []int{n}))
		cite := &a.Citations[n-1]
		if c.quote != "" && !slices.Contains(cite.Evidence, c.quote) {
			cite.Evidence = append(cite.Evidence, c.quote)
		}
		a.Sentences = append(a.Sentences, SentenceCheck{
			Text: c.text, Status: SentenceKept, From: []int{n}, To: []int{n}, Reason: fmt.Sprintf("quoted from [%d]", n),
		})
	}
	a.Text = strings.Join(parts, " ")
	return a
}

// withMarkers puts the markers of ns before a sentence's final
// punctuation: "… in 1991 [1]." A sentence without sources is left as it is.
func withMarkers(s string, ns []int) string {
	if len(ns) == 0 {
		return s
	}
	end := "."
	if r, _ := utf8.DecodeLastRuneInString(s); r == '?' || r == '!' {
		end = string(r)
	}
	s = strings.TrimRightFunc(s, func(r rune) bool { return strings.ContainsRune(".;:,!?", r) || unicode.IsSpace(r) })
	return s + " " + markers(ns) + end
}

// candidates splits the hits' passages into sentences, leaving out the
// article's title (a heading answers nothing), and adds for each article one
// sentence of its metadata, so that "who wrote it" and "when was it
// published" can be answered from the source line too.
func candidates(hits []retrieval.Hit) []sentence {
	var cs []sentence
	// A sentence is matched, and its length counted, with its lead-in: a
	// list item is read as the end of the sentence that introduced it.
	add := func(text, lead string, hit int) {
		ts := append(retrieval.Terms(lead), retrieval.Terms(text)...)
		cs = append(cs, sentence{text: text, quote: text, hit: hit, terms: withRelated(termSet(ts)), length: len(ts)})
	}
	articles := map[string]bool{}
	for i, h := range hits {
		m := h.Passage.Article
		for _, s := range sentences(h.Passage.Text) {
			if !strings.EqualFold(strings.Trim(s.text, " #"), m.Title) {
				add(s.text, s.lead, i)
			}
		}
		if !articles[m.ID] {
			articles[m.ID] = true
			if s, about := metaSentence(m); s != "" {
				ts := retrieval.Terms(about)
				cs = append(cs, sentence{text: s, hit: i, terms: termSet(ts), length: len(ts)})
			}
		}
	}
	return cs
}

// metaSentence states an article's title, author and date, or is empty when
// the date is unknown. It is matched against the question by what it says
// about the article (about), not by the title's words: those would make it
// a candidate for any question on the article's subject.
func metaSentence(m knowledge.Meta) (text, about string) {
	if m.Published.IsZero() || m.Title == "" {
		return "", ""
	}
	about = "published on " + m.Published.Format("2 January 2006")
	if m.Author != "" {
		about = "written by " + m.Author + ", " + about
	}
	return fmt.Sprintf("%q was %s.", m.Title, about), about
}

// termWeights gives each question term an IDF-like weight over the
// candidate sentences: a term found in few of them says more. A term found
// in none weighs as if found in a quarter of one: a question term that
// nothing retrieved holds is the surest sign of a question the sources
// don't cover.
func termWeights(qterms []string, cands []sentence) map[string]float64 {
	w := make(map[string]float64, len(qterms))
	n := float64(len(cands))
	for _, t := range qterms {
		df := 0
		for _, c := range cands {
			if c.terms[t] {
				df++
			}
		}
		w[t] = math.Log(1 + n/max(float64(df), 0.25))
	}
	return w
}

func termSet(terms []string) map[string]bool {
	set := map[string]bool{}
	for _, t := range terms {
		set[t] = true
	}
	return set
}

func distinct(terms []string) []string {
	seen := map[string]bool{}
	out := terms[:0:0]
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// lengthNorm is BM25's length normalisation for a term found once: a long
// sentence holds more of the question's terms by chance alone, so its share
// counts for less than a short one's.
func lengthNorm(n int, avg float64) float64 {
	const k1, b = 1.2, 0.75
	return (k1 + 1) / (1 + k1*(1-b+b*float64(n)/avg))
}
