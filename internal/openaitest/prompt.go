package openaitest

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Prompt is what a grounded chat request, as cstobot writes it, gives the
// model: numbered sources, earlier questions and the question, in the user
// message; the language to answer in, in the system message.
type Prompt struct {
	Sources  []Source
	Question string
	// Asked holds the earlier questions of the conversation, oldest first.
	Asked []string
	// Lang is the ISO 639-1 code of the language the system message asks
	// the answer in, "" when it names none ("the language of the question").
	Lang string
}

// Source is one numbered passage of a prompt.
type Source struct {
	N     int    // the number the model cites it by
	Title string // the title attribute, unescaped ("" when absent)
	Date  string // the date attribute, as written
	Text  string // the passage, trimmed
}

var (
	sourcesRE  = regexp.MustCompile(`(?s)<sources>(.*?)</sources>`)
	sourceRE   = regexp.MustCompile(`(?s)<source((?:\s+[\w-]+="[^"]*")*)\s*>(.*?)</source>`)
	attrRE     = regexp.MustCompile(`([\w-]+)="([^"]*)"`)
	historyRE  = regexp.MustCompile(`(?s)<history>(.*?)</history>`)
	askedRE    = regexp.MustCompile(`(?s)<asked>(.*?)</asked>`)
	questionRE = regexp.MustCompile(`(?s)<question>(.*?)</question>`)
	answerInRE = regexp.MustCompile(`Answer in ([A-Z][a-z]+), the language of the question`)
)

// langNames maps the English language names the system message uses to
// their codes.
var langNames = map[string]string{
	"English": "en", "Italian": "it", "French": "fr", "German": "de",
	"Spanish": "es", "Portuguese": "pt", "Russian": "ru", "Ukrainian": "uk",
}

// ParsePrompt reads a grounded request: the last user message holding a
// <sources> element, and the system messages. It reports false for any
// other request (cstobot's request to rewrite a question, say). Text from
// outside reaches the prompt defused (a passage cannot hold "</source>"),
// so the elements are read as the bot wrote them; a source without a
// usable n attribute is numbered by its position.
func ParsePrompt(msgs []Message) (Prompt, bool) {
	var p Prompt
	user := ""
	for _, m := range msgs {
		switch {
		case m.Role == "system" && p.Lang == "":
			if sub := answerInRE.FindStringSubmatch(m.Content); sub != nil {
				p.Lang = langNames[sub[1]]
			}
		case m.Role == "user" && sourcesRE.MatchString(m.Content):
			user = m.Content
		}
	}
	if user == "" {
		return Prompt{}, false
	}
	block := sourcesRE.FindStringSubmatch(user)[1]
	for i, sub := range sourceRE.FindAllStringSubmatch(block, -1) {
		p.Sources = append(p.Sources, newSource(i+1, sub[1], sub[2]))
	}
	if h := historyRE.FindStringSubmatch(user); h != nil {
		for _, sub := range askedRE.FindAllStringSubmatch(h[1], -1) {
			p.Asked = append(p.Asked, strings.TrimSpace(sub[1]))
		}
	}
	if qs := questionRE.FindAllStringSubmatch(user, -1); len(qs) > 0 {
		p.Question = strings.TrimSpace(qs[len(qs)-1][1])
	}
	return p, true
}

func newSource(pos int, attrs, text string) Source {
	s := Source{N: pos, Text: strings.TrimSpace(text)}
	for _, a := range attrRE.FindAllStringSubmatch(attrs, -1) {
		v := html.UnescapeString(a[2])
		switch a[1] {
		case "n":
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				s.N = n
			}
		case "title":
			s.Title = v
		case "date":
			s.Date = v
		}
	}
	return s
}

// Holding returns the number of the first source whose text holds quote,
// matched on letters and digits only (case, spacing, punctuation and
// quote marks aside), or 0 when none does or quote has no words.
func (p Prompt) Holding(quote string) int {
	q := fold(quote)
	if q == "" {
		return 0
	}
	for _, s := range p.Sources {
		if strings.Contains(fold(s.Text), q) {
			return s.N
		}
	}
	return 0
}

// fold reduces text to its lower-cased letters and digits, each run of
// anything else one space, so that a quote matches a passage whatever its
// line breaks, quote marks or dashes, and a question matches however the
// bot cleaned and quoted it.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
