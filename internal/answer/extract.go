package answer

import (
	"fmt"
	"math"
	"regexp"
	"sort"
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
	maxExtractChars     = 500
	// minExtractShare is the share of the question's weighted terms that the
	// best sentence must hold; below it nothing answers the question.
	minExtractShare = 0.3
	// extraScoreRatio is how close to the best sentence's score another
	// sentence must come to be added after it.
	extraScoreRatio = 0.75
)

// sentence is a candidate for an extractive answer.
type sentence struct {
	text  string
	hit   int // index of the hit it comes from
	terms map[string]bool
	score float64
	share float64 // weighted share of the question's terms it holds
}

// extract answers question from hits without a model: it picks the
// sentences of the passages that share most of the question's terms
// (weighted by how rare they are among the candidates), with a bonus when a
// sentence has what the question asks for (a date for "when", a number for
// "how many", a name for "who"), and cites each. It refuses when no sentence
// holds enough of the question.
func extract(question string, hits []retrieval.Hit) Answer {
	qterms := distinct(retrieval.Terms(question))
	cands := candidates(hits)
	weight := termWeights(qterms, cands)
	total := 0.0
	for _, w := range weight {
		total += w
	}
	want := askedFor(question)
	for i := range cands {
		c := &cands[i]
		for t, w := range weight {
			if c.terms[t] {
				c.share += w / total
			}
		}
		c.score = c.share
		if c.share > 0 && want != nil && want(c.text) {
			c.score += 0.2
		}
		// Among equals, prefer what retrieval ranked higher.
		c.score -= 0.01 * float64(c.hit)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	if len(cands) == 0 || cands[0].share < minExtractShare {
		return refusal(question, extractiveModel)
	}
	return compose(question, hits, pick(cands))
}

// pick chooses the best sentence and up to two more that score nearly as
// well and still fit the length budget.
func pick(ranked []sentence) []sentence {
	chosen := ranked[:1]
	size := len(ranked[0].text)
	for _, c := range ranked[1:] {
		if len(chosen) == maxExtractSentences || c.score < extraScoreRatio*ranked[0].score {
			break
		}
		if size+len(c.text) <= maxExtractChars {
			chosen = append(chosen, c)
			size += len(c.text)
		}
	}
	return chosen
}

// compose writes the chosen sentences, each with its [n], numbering the
// passages in order of first citation.
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
		parts = append(parts, withMarker(c.text, n))
	}
	a.Text = strings.Join(parts, " ")
	return a
}

// withMarker puts [n] before a sentence's final punctuation: "… in 1991 [1]."
func withMarker(s string, n int) string {
	end := "."
	if r, _ := utf8.DecodeLastRuneInString(s); r == '?' || r == '!' {
		end = string(r)
	}
	s = strings.TrimRightFunc(s, func(r rune) bool { return strings.ContainsRune(".;:,!?", r) || unicode.IsSpace(r) })
	return fmt.Sprintf("%s [%d]%s", s, n, end)
}

// candidates splits the hits' passages into sentences, and adds for each
// article one sentence of its metadata, so that "who wrote it" and "when was
// it published" can be answered from the source line too.
func candidates(hits []retrieval.Hit) []sentence {
	var cs []sentence
	articles := map[string]bool{}
	add := func(text string, hit int) {
		cs = append(cs, sentence{text: text, hit: hit, terms: termSet(text)})
	}
	for i, h := range hits {
		for _, s := range sentences(h.Passage.Text) {
			add(s, i)
		}
		if m := h.Passage.Article; !articles[m.ID] {
			articles[m.ID] = true
			if s := metaSentence(m); s != "" {
				add(s, i)
			}
		}
	}
	return cs
}

// metaSentence states an article's title, author and date, or is empty when
// the date is unknown.
func metaSentence(m knowledge.Meta) string {
	if m.Published.IsZero() || m.Title == "" {
		return ""
	}
	by := ""
	if m.Author != "" {
		by = " by " + m.Author
	}
	return fmt.Sprintf("%q%s was published on %s.", m.Title, by, m.Published.Format("2 January 2006"))
}

// termWeights gives each question term an IDF-like weight over the
// candidate sentences: a term found in few of them says more. A term found
// in none keeps the highest weight, so that it counts as missing.
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
		w[t] = math.Log(1 + n/float64(max(df, 1)))
	}
	return w
}

func termSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, t := range retrieval.Terms(text) {
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

var (
	// abbrevRE matches what ends a sentence-looking span without ending the
	// sentence: an initial ("A."), or a common abbreviation.
	abbrevRE  = regexp.MustCompile(`(?i)(?:^|[\s(])(?:\p{L}|mr|mrs|ms|dr|st|vs|etc|e\.g|i\.e|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|no|nr|approx)\.$`)
	sentEndRE = regexp.MustCompile(`[.!?]["”»)]?\s+`)
)

// sentences splits a passage into sentences: at line breaks (lists put one
// item on each line), and after ".", "!" or "?" followed by a space and a
// capital letter, a digit or a quote, unless the full stop ends an
// abbreviation.
func sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimLeft(strings.TrimSpace(line), "•*-–· ")
		start := 0
		for _, loc := range sentEndRE.FindAllStringIndex(line, -1) {
			next, _ := utf8.DecodeRuneInString(line[loc[1]:])
			head := strings.TrimRight(line[start:loc[1]], " \t")
			if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"“«(`, next) ||
				abbrevRE.MatchString(head) {
				continue
			}
			out = appendSentence(out, head)
			start = loc[1]
		}
		out = appendSentence(out, line[start:])
	}
	return out
}

// appendSentence keeps sentences with at least a few words: a date line or a
// photo credit alone answers nothing.
func appendSentence(out []string, s string) []string {
	s = strings.TrimSpace(s)
	if len(strings.Fields(s)) < 3 {
		return out
	}
	return append(out, s)
}

// Words of a question that say what kind of answer it wants, in the
// languages the built-in analyser knows.
var (
	whenWords    = words("when quando quand когда wann cuando cuándo date year anno année год")
	howManyWords = words("many much quanti quante quanto combien сколько viele cuántos cuántas number numero nombre")
	whoWords     = words("who whom chi qui кто wer quién")
	yearRE       = regexp.MustCompile(`\b(1[5-9]|20)\d\d\b|(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december)\b`)
	numberRE     = regexp.MustCompile(`\d|(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|thousand|million)\b`)
	nameRE       = regexp.MustCompile(`\s\p{Lu}\p{Ll}+`)
)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// askedFor returns a test for the kind of fact the question asks for, or
// nil when it asks for none in particular.
func askedFor(question string) func(sentence string) bool {
	fields := strings.FieldsFunc(strings.ToLower(question), func(r rune) bool {
		return !unicode.IsLetter(r)
	})
	for _, f := range fields {
		switch {
		case whenWords[f]:
			return yearRE.MatchString
		case howManyWords[f]:
			return numberRE.MatchString
		case whoWords[f]:
			return nameRE.MatchString
		}
	}
	return nil
}
