package answer

import (
	"fmt"
	"strings"
	"time"

	"github.com/cstobot/cstobot/internal/lang"
	"github.com/cstobot/cstobot/knowledge"
)

// corpusLang is the language most articles are written in, and so the one
// a question is rewritten into before retrieval.
const corpusLang = "en"

// minLangConfidence is how sure [lang.Detect] must be for the question's
// own language to win over the interaction's locale.
const minLangConfidence = 0.5

// questionLang is the language to answer q in: the one it is written in,
// or its locale ("pt-BR" → "pt") when it is too short to tell, or "" when
// neither says.
func questionLang(q Question) string {
	if l, conf := lang.Detect(q.Text); l != "" && conf >= minLangConfidence {
		return l
	}
	l, _, _ := strings.Cut(strings.ToLower(q.Locale), "-")
	return l
}

// phrases are the few sentences the drafter writes itself, in one
// language: the lead of an extractive answer and the note that the
// sources end at a date.
type phrases struct {
	name        string // the language's English name, for the prompt
	article     string // lead for one article: title and date
	articles    string // lead for several
	sourcesEnd  string // with the newest source's month
	quote       string // a title in quotes
	months      [12]string
	monthsOf    [12]string // genitive, where the language has one
	dayMonthFmt string     // day, month, year
	monthFmt    string     // month, year: "as of when"
}

var languages = map[string]phrases{
	"en": {
		name: "English", article: "According to the article %s:", articles: "According to the articles %s:",
		sourcesEnd: "My sources end in %s.", quote: "“%s”",
		months:      [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		dayMonthFmt: "%d %s %d", monthFmt: "%s %d",
	},
	"it": {
		name: "Italian", article: "Secondo l'articolo %s:", articles: "Secondo gli articoli %s:",
		sourcesEnd: "Le mie fonti si fermano a %s.", quote: "«%s»",
		months:      [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
		dayMonthFmt: "%d %s %d", monthFmt: "%s %d",
	},
	"fr": {
		name: "French", article: "Selon l'article %s :", articles: "Selon les articles %s :",
		sourcesEnd: "Mes sources s'arrêtent en %s.", quote: "« %s »",
		months:      [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		dayMonthFmt: "%d %s %d", monthFmt: "%s %d",
	},
	"ru": {
		name: "Russian", article: "Согласно статье %s:", articles: "Согласно статьям %s:",
		sourcesEnd: "Мои источники доходят только до %s.", quote: "«%s»",
		monthsOf:    [12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
		dayMonthFmt: "%d %s %d", monthFmt: "%s %d года",
	},
	"de": {
		name: "German", article: "Laut dem Artikel %s:", articles: "Laut den Artikeln %s:",
		sourcesEnd: "Meine Quellen reichen nur bis %s.", quote: "„%s“",
		months:      [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		dayMonthFmt: "%d. %s %d", monthFmt: "%s %d",
	},
	"es": {
		name: "Spanish", article: "Según el artículo %s:", articles: "Según los artículos %s:",
		sourcesEnd: "Mis fuentes llegan solo hasta %s.", quote: "«%s»",
		months:      [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		dayMonthFmt: "%d de %s de %d", monthFmt: "%s de %d",
	},
}

// phrasesFor returns the phrases of a language, English for one it lacks.
func phrasesFor(l string) phrases {
	if p, ok := languages[l]; ok {
		return p
	}
	return languages["en"]
}

func (p phrases) month(m time.Month) string {
	if p.monthsOf[m-1] != "" {
		return p.monthsOf[m-1]
	}
	return p.months[m-1]
}

// date writes a day: "26 January 2022", "26 gennaio 2022".
func (p phrases) date(t time.Time) string {
	return fmt.Sprintf(p.dayMonthFmt, t.Day(), p.month(t.Month()), t.Year())
}

// monthYear writes a month: "January 2022"; Russian takes the genitive
// that follows "до".
func (p phrases) monthYear(t time.Time) string {
	return fmt.Sprintf(p.monthFmt, p.month(t.Month()), t.Year())
}

// lead is the first line of an extractive answer: which articles it
// quotes, with their dates, in the asker's language.
func (p phrases) lead(cites []Citation) string {
	var arts []string
	seen := map[string]bool{}
	for _, c := range cites {
		m := c.Passage.Article
		if seen[m.ID] || m.Title == "" {
			continue
		}
		seen[m.ID] = true
		a := fmt.Sprintf(p.quote, m.Title)
		if !m.Published.IsZero() {
			a += " (" + p.date(m.Published) + ")"
		}
		arts = append(arts, a)
	}
	switch len(arts) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf(p.article, arts[0])
	}
	return fmt.Sprintf(p.articles, strings.Join(arts, ", "))
}

// refusalIn is the refusal sentence in a language, English when the table
// lacks it.
func refusalIn(l string) string {
	for _, r := range refusals {
		if r.lang == l {
			return r.text
		}
	}
	return RefusalText
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
