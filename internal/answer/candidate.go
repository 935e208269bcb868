package answer

import (
	"strings"
	"time"

	"github.com/cstobot/cstobot/internal/text"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// candidate is a sentence an extractive answer may quote, with what the
// decision weighs of it (features.go).
type candidate struct {
	text  string
	quote string // the passage's sentence as it is, before shortening; "" for metadata
	lead  string // the lead-in of a list item
	hit   int    // index of the hit it comes from
	lang  string // the language of its passage
	terms map[string]bool
	// context holds the terms of its article's title, which it may rely
	// on without repeating them (Params.ContextCredit).
	context map[string]bool
	// seq is its terms in order with their byte offsets in text, for
	// telling whether a fact stands next to a word of the question.
	seq       []placed
	length    int  // terms in it, with its lead-in
	meta      bool // the byline: an article's title, author and date
	published time.Time

	share   float64 // weighted share of the question's terms it holds
	score   float64
	answers bool // holds what the question asks for (want)
	defines bool // says what the subject of a "what is" is
	latest  int  // the latest year it states, else its article's
}

// placed is a term and where its word starts.
type placed struct {
	term  string
	start int
}

// candidates splits the hits' passages into sentences, leaving out the
// article's title (a heading answers nothing), and adds for each article
// one sentence of its metadata (byline), so that "who wrote it" and "when
// was it published" can be answered from the source line too. A sentence
// is matched, and its length counted, with its lead-in: a list item is
// read as the end of the sentence that introduced it.
func candidates(q *question, hits []retrieval.Hit, lang string) []candidate {
	var cs []candidate
	articles := map[string]bool{}
	titles := map[string]map[string]bool{}
	for i, h := range hits {
		m := h.Passage.Article
		if titles[m.ID] == nil {
			titles[m.ID] = termSet(text.Terms(m.Title))
		}
		an := text.AnalyzerFor(h.Passage.Text)
		code := ""
		if an.Lang != nil {
			code = an.Lang.Code
		}
		for _, s := range text.Sentences(h.Passage.Text) {
			if strings.EqualFold(strings.Trim(s.Text, " #"), m.Title) {
				continue
			}
			c := newCandidate(an, s.Text, s.Lead)
			c.quote, c.hit, c.lang, c.published, c.context = s.Text, i, code, m.Published, titles[m.ID]
			cs = append(cs, c)
		}
		if !articles[m.ID] {
			articles[m.ID] = true
			if c, ok := bylineCandidate(q, m, lang); ok {
				c.hit = i
				cs = append(cs, c)
			}
		}
	}
	return cs
}

// newCandidate analyses a sentence and its lead-in.
func newCandidate(an text.Analyzer, s, lead string) candidate {
	c := candidate{text: s, lead: lead}
	var ts []string
	if lead != "" {
		ts = an.Terms(lead)
	}
	text.EachToken(s, func(t text.Token) {
		if term := an.Term(t); term != "" {
			ts = append(ts, term)
			c.seq = append(c.seq, placed{term, t.Start})
		}
	})
	c.terms, c.length = withSynonyms(termSet(ts)), len(ts)
	return c
}

// bylineCandidate states an article's title, author and date, in the
// asker's language, or nothing when the date is unknown. It is matched
// against the question by what it says about the article (written by,
// published or posted on: in English, the terms every language's cues meet), not by
// the title's words, which would make it a candidate for any question on
// the article's subject; when the question asks about an article, the
// title's words count too, so that "when was the article about X
// published" finds X's.
func bylineCandidate(q *question, m knowledge.Meta, lang string) (candidate, bool) {
	if m.Published.IsZero() || m.Title == "" {
		return candidate{}, false
	}
	about := "published posted on " + m.Published.Format("2 January 2006")
	shown := text.Say(lang, text.MsgDateline, m.Title, text.FormatDate(lang, m.Published))
	if m.Author != "" {
		about = "author written by " + m.Author + ", " + about
		shown = text.Say(lang, text.MsgByline, m.Title, m.Author, text.FormatDate(lang, m.Published))
	}
	if q.intent.Meta != text.MetaNone || askedMeta(q.intent) {
		about += " " + m.Title + " " + articleWords
	}
	c := newCandidate(text.Analyzer{Lang: text.Lang("en")}, about, "")
	c.text, c.meta, c.published, c.seq = shown, true, m.Published, nil
	return c, true
}

// articleWords are what a question may call the article it asks about
// ("who wrote this piece?"), matched by the byline of an article asked
// about.
const articleWords = "article piece text story post essay report"

// askedMeta reports whether a part of a compound question asks about an
// article.
func askedMeta(in text.Intent) bool {
	for _, p := range in.Parts {
		if p.Meta != text.MetaNone {
			return true
		}
	}
	return false
}
