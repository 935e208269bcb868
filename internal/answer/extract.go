package answer

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cstobot/cstobot/internal/text"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// extractiveModel is [Answer.Model] for answers drafted without a model.
const extractiveModel = "extractive"

// extract answers a question from hits without a model: decide picks the
// sentences, and each is quoted in its own language with its [n], after a
// one-line lead in the asker's (lang) that names the articles and their
// dates; a refusal is in the asker's language too.
func extract(q *question, hits []retrieval.Hit, lang string, p Params) Answer {
	d := decide(q, hits, p, lang)
	if d.refused {
		return refusal(q.text, extractiveModel, lang)
	}
	a := compose(q.text, hits, d.chosen)
	a.Lang = lang
	if l := lead(lang, a.Citations); l != "" {
		a.Text = l + "\n" + a.Text
	}
	return a
}

// compose writes the chosen sentences, each with its [n], numbering the
// passages in order of first citation. Each sentence is quoted from the
// passage it cites, so it is reported kept, with that passage's sentence
// as evidence, without running the support check on it: the check would
// find what was just copied (TestExtractPassesSupportCheck shows it does).
func compose(question string, hits []retrieval.Hit, chosen []candidate) Answer {
	a := Answer{Question: question, Model: extractiveModel, Grounded: true}
	type source struct {
		hit  int
		meta bool
	}
	num := map[source]int{}
	parts := make([]string, 0, len(chosen))
	for _, c := range chosen {
		n, ok := num[source{c.hit, c.meta}]
		if !ok {
			a.Citations = append(a.Citations, Citation{N: len(a.Citations) + 1, Passage: cited(hits[c.hit].Passage, c)})
			n = len(a.Citations)
			num[source{c.hit, c.meta}] = n
		}
		parts = append(parts, withMarkers(c.text, []int{n}))
		cite := &a.Citations[n-1]
		if c.quote != "" && !slices.Contains(cite.Evidence, c.quote) {
			cite.Evidence = append(cite.Evidence, c.quote)
		}
		a.Sentences = append(a.Sentences, SentenceCheck{
			Text: c.text, Status: SentenceKept, Outcome: Supported, From: []int{n}, To: []int{n}, Reason: fmt.Sprintf("quoted from [%d]", n),
		})
	}
	a.Text = strings.Join(parts, " ")
	return a
}

// cited is the passage a chosen sentence cites: the hit's passage, or for
// the byline the article's metadata itself (no paragraph, the byline as
// its text), since no paragraph of the article states who wrote it.
func cited(p knowledge.Passage, c candidate) knowledge.Passage {
	if !c.meta {
		return p
	}
	return knowledge.Passage{ID: p.Article.ID, Article: p.Article, Text: c.text}
}

// lead is the first line of an extractive answer: which articles it
// quotes, with their dates, in the asker's language.
func lead(lang string, cites []Citation) string {
	var arts []string
	seen := map[string]bool{}
	for _, c := range cites {
		m := c.Passage.Article
		if seen[m.ID] || m.Title == "" {
			continue
		}
		seen[m.ID] = true
		a := text.Say(lang, text.MsgQuote, m.Title)
		if !m.Published.IsZero() {
			a += " (" + text.FormatDate(lang, m.Published) + ")"
		}
		arts = append(arts, a)
	}
	switch len(arts) {
	case 0:
		return ""
	case 1:
		return text.Say(lang, text.MsgLeadOne, arts[0])
	}
	return text.Say(lang, text.MsgLeadMany, strings.Join(arts, ", "))
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

func refusal(question, model, lang string) Answer {
	return Answer{Question: question, Text: refusalIn(lang), Refused: true, Model: model, Lang: lang}
}
