package answer

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/cstobot/cstobot/internal/text"
	"github.com/cstobot/cstobot/retrieval"
)

// decision is what the drafter makes of the passages found: the sentences
// to quote, or a refusal and why.
type decision struct {
	chosen  []candidate
	refused bool
	why     string
}

func refuse(format string, args ...any) decision {
	return decision{refused: true, why: fmt.Sprintf(format, args...)}
}

// refusesOnCoverage reports whether no hit covers MinCoverage of the
// question: the one test made before a chat model is called, and the
// first made offline. MinCoverage 0 never refuses, nor does a question
// about an article itself ("who wrote this piece?"): its answer is in the
// article's metadata, which a passage's words do not cover.
func refusesOnCoverage(q *question, hits []retrieval.Hit, p Params) bool {
	if p.MinCoverage <= 0 || q.intent.Meta != text.MetaNone || askedMeta(q.intent) {
		return false
	}
	for _, h := range hits {
		if h.Coverage >= p.MinCoverage {
			return false
		}
	}
	return true
}

// decide is where the extractive drafter decides, from the features of
// every candidate sentence of the hits, what to quote or whether to
// refuse. It refuses when nothing covers enough of the question (the
// coverage tests, off when MinCoverage is 0); when the question names
// something the passages never mention, or a name of the kind they
// mention that they do not; and when it asks for a date, a number, a
// name, a place or a reason that no sentence holds, whatever words it
// shares, or when the sentence that would answer it shares too little of
// the question itself (MinShare: "whoever wins the US presidential
// election" names someone, but does not answer "who won the Champions
// League"). A compound question is answered part by part; a part no
// sentence answers is left out, and only when none is answered is the
// question refused. The answer is in lang's words where the drafter
// writes its own (the byline).
func decide(q *question, hits []retrieval.Hit, p Params, lang string) decision {
	if len(hits) == 0 {
		return refuse("nothing was found")
	}
	if refusesOnCoverage(q, hits, p) {
		return refuse("no passage holds %.0f%% of the question", 100*p.MinCoverage)
	}
	q.relate(hits, p.KinMinSim)
	cs := candidates(q, hits, lang)
	weight := termWeights(q.terms, cs)
	switch {
	case len(cs) == 0 || len(weight) == 0:
		return refuse("nothing to match the question with")
	case q.kin != "":
		return refuse("%q is a name the passages never use", q.kin)
	}
	if n := unknownName(q.text, func() map[string]bool { return vocabulary(cs, hits) }); n != "" {
		return refuse("%q is not in the passages", n)
	}
	parts := q.intent.Parts
	if len(parts) == 0 {
		parts = []text.Intent{q.intent}
	}
	var chosen []candidate
	var unanswered []string
	for _, in := range parts {
		q.weigh(cs, in, weight, p)
		ranked := slices.Clone(cs)
		slices.SortStableFunc(ranked, func(a, b candidate) int { return cmp.Compare(b.score, a.score) })
		got := q.pick(ranked, in, weight, p, chosen, len(parts) == 1)
		if len(got) > 0 && p.MinCoverage > 0 && got[0].share < p.MinShare {
			got = nil // what answers must itself be about the question
		}
		if len(got) == 0 {
			unanswered = append(unanswered, in.Want.String())
		}
		chosen = append(chosen, got...)
	}
	if len(chosen) == 0 {
		return refuse("no sentence holds what the question asks for (%v)", unanswered)
	}
	if p.MinCoverage > 0 {
		if held := q.heldShare(chosen, weight, p.ContextCredit); held < p.MinShare {
			return refuse("the best sentences hold %.0f%% of the question", 100*held)
		}
	}
	return decision{chosen: chosen}
}

// vocabulary is every term of the candidate sentences and of the titles
// of their articles.
func vocabulary(cs []candidate, hits []retrieval.Hit) map[string]bool {
	v := map[string]bool{}
	for _, c := range cs {
		maps.Copy(v, c.terms)
	}
	for _, h := range hits {
		for _, t := range text.Terms(h.Passage.Article.Title) {
			v[t] = true
		}
	}
	return v
}

// pick chooses, for what in asks, the best sentence, and when extras is
// set up to MaxSentences in all that score nearly as well and say
// something about the question the ones before did not, within the length
// budget left by those already chosen. For a date, a number, a name, a
// place or a reason, the first must hold it; none does: nothing is
// picked. Long sentences are cut to the clauses that answer first
// (shorten); a cut is judged on what it kept.
func (q *question) pick(ranked []candidate, in text.Intent, weight map[string]float64, p Params, before []candidate, extras bool) []candidate {
	first := slices.IndexFunc(ranked, func(c candidate) bool { return c.share > 0 && (c.answers || !hardWant(in.Want)) })
	if first < 0 {
		return nil
	}
	size, covered, tied := 0, map[string]bool{}, false
	for _, c := range before {
		size += runes(c.text)
		maps.Copy(covered, c.terms)
	}
	cut := q.cutWeight(weight, in.Focus)
	var out []candidate
	for i, c := range ranked[first:] {
		if i > 0 && (!extras || len(before)+len(out) >= p.MaxSentences || c.score < p.ExtraRatio*ranked[first].score) {
			break
		}
		if slices.ContainsFunc(before, func(b candidate) bool { return b.text == c.text }) {
			return nil // answered already, by an earlier part's sentence
		}
		if i > 0 && !c.adds(covered, tied, weight) {
			continue
		}
		limit := p.MaxSentenceChars
		if len(before)+len(out) > 0 {
			limit = min(limit, p.MaxChars-size)
		}
		short := tidyQuotes.Replace(shorten(c.text, cut, keeps(in, weight, c.lang), limit, p.ClauseTarget))
		wasCut := short != c.text
		if wasCut {
			c.text = short
			c.terms = withSynonyms(termSet(text.TermsIn(short, c.lang)))
			c.seq = nil
			c.defines = c.defines && defineBonus(short, weight, 1) > 0
		}
		if len(before)+len(out) > 0 && (runes(c.text) > limit || wasCut && runes(c.text) < p.MinExtraCut || !c.adds(covered, tied, weight)) {
			continue
		}
		out = append(out, c)
		size += runes(c.text)
		maps.Copy(covered, c.terms)
		tied = tied || c.answers
	}
	return out
}

// keeps is the test shorten keeps a clause for: what the question asks
// for, in the clause's language.
func keeps(in text.Intent, weight map[string]float64, lang string) func(string) bool {
	switch in.Want {
	case text.WantDefinition:
		return defineCueRE.MatchString
	case text.WantDate:
		return func(s string) bool { return text.HasFact(s, text.Date) }
	case text.WantNumber:
		return func(s string) bool { return text.HasFact(s, text.Count) || text.HasFact(s, text.Multiple) }
	case text.WantName, text.WantPlace, text.WantChoice:
		return func(s string) bool { return namesOther(s, weight) }
	case text.WantReason:
		return func(s string) bool { return text.GivesReason(s, lang) }
	}
	return nil
}

// cutWeight is weight with the question's focus raised above any other
// term, for cutting a sentence: a cut of "6 of the 15 republics (Russia,
// …) … the Pact of Tashkent" that answers "which countries signed the
// pact" must keep the republics, though "signed" is the rarer word.
func (q *question) cutWeight(weight map[string]float64, focus string) map[string]float64 {
	if _, ok := weight[focus]; !ok {
		return weight
	}
	w := maps.Clone(weight)
	for _, t := range inOrder(weight) {
		w[focus] += weight[t]
	}
	return w
}

// adds reports whether c says something that the sentences chosen before
// it (which hold the terms covered, and what was asked for when tied) do
// not: another term of the question, what was asked for, or what the
// subject is.
func (c candidate) adds(covered map[string]bool, tied bool, weight map[string]float64) bool {
	for t := range weight {
		if c.terms[t] && !covered[t] {
			return true
		}
	}
	return c.answers && !tied || c.defines
}

// heldShare is the weighted share of the question's terms that the chosen
// sentences hold between them, in part for a related term (held).
func (q *question) heldShare(chosen []candidate, weight map[string]float64, contextCredit float64) float64 {
	held, total := 0.0, 0.0
	for _, t := range inOrder(weight) {
		w := weight[t]
		total += w
		best := 0.0
		for i := range chosen {
			best = max(best, q.held(&chosen[i], t, contextCredit))
		}
		held += best * w
	}
	return held / total
}

// Explanation is what the extractive drafter saw and decided for one
// question, for looking at failures (cstobot eval --explain).
type Explanation struct {
	// Searched is the question as searched and weighed, after cleaning
	// and respelling.
	Searched string
	Hits     []retrieval.Hit // as weighed, best first
	Chosen   []ChosenSentence
	Refused  bool
	Why      string // why it was refused; "" when it was not
}

// ChosenSentence is one sentence the decision quoted, with its features.
type ChosenSentence struct {
	Text string
	Hit  int // index into Explanation.Hits
	// Share is the weighted share of the question's terms it holds, Score
	// what it was ranked on; Answers says it holds what the question asks
	// for, Defines that it says what the subject of a "what is" is, Meta
	// that it is an article's byline.
	Share, Score           float64
	Answers, Defines, Meta bool
}

// Explain runs the offline path of Answer for q (cleaning, respelling,
// search, the coverage test, the ordering by recency and decide) and
// reports what each step made of it instead of an answer.
func (d *Drafter) Explain(ctx context.Context, q Question) (Explanation, error) {
	q.Text = Clean(q.Text)
	if err := validate(q.Text, d.opt.MaxQuestionLen); err != nil {
		return Explanation{}, err
	}
	lang := questionLang(q)
	if d.opt.Respeller != nil {
		q.Text = d.opt.Respeller.Respell(q.Text)
	}
	ex := Explanation{Searched: q.Text}
	hits, err := d.retrieve(ctx, q, lang)
	if err != nil {
		return ex, fmt.Errorf("search passages: %w", err)
	}
	ex.Hits = hits
	if refusesOnCoverage(newQuestion(q.Text), hits, d.p) {
		ex.Refused, ex.Why = true, fmt.Sprintf("no passage holds %.0f%% of the question", 100*d.p.MinCoverage)
		return ex, nil
	}
	hits = byRecency(hits[:min(len(hits), d.opt.MaxSources)], d.p.SourceRecency)
	ex.Hits = hits
	dec := decide(newQuestion(q.Text), hits, d.p, lang)
	ex.Refused, ex.Why = dec.refused, dec.why
	for _, c := range dec.chosen {
		ex.Chosen = append(ex.Chosen, ChosenSentence{
			Text: c.text, Hit: c.hit, Share: c.share, Score: c.score,
			Answers: c.answers, Defines: c.defines, Meta: c.meta,
		})
	}
	return ex, nil
}
