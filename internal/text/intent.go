package text

import "strings"

// Want is the kind of answer a question asks for.
type Want int

const (
	WantAny        Want = iota // nothing in particular: "what happened in Almaty?"
	WantDate                   // when: a date or a year
	WantNumber                 // how many, how much, how long: a number
	WantName                   // who: a person's or a body's name
	WantPlace                  // where: a place's name
	WantReason                 // why: a reason
	WantChoice                 // which: one or more of the things the next word names
	WantYesNo                  // is, did, can: yes or no
	WantDefinition             // what is X: what X is
)

var wantNames = [...]string{"any", "date", "number", "name", "place", "reason", "choice", "yes-no", "definition"}

func (w Want) String() string { return wantNames[w] }

// Meta is what a question asks of an article itself rather than of what it
// says.
type Meta int

const (
	MetaNone   Meta = iota
	MetaAuthor      // who wrote it
	MetaDate        // when it was published
	MetaTitle       // what it is called
)

// Intent is what a question asks, as far as its words tell.
type Intent struct {
	Text string // the question, or this part of it
	Lang string // the language it is written in, "" when too short to tell
	Want Want
	// Current says it asks how things stand now ("still", "currently",
	// "today"): the newest dated statement answers it.
	Current bool
	Meta    Meta
	// Focus is the term of what a "which" or "how many" asks about
	// ("countr" for "which countries", "how many countries"); "" for none.
	Focus string
	// Parts are the questions a compound one is made of ("who wrote it and
	// when?"), each with its own Want; nil for a simple question.
	Parts []Intent
}

// maxDefineTerms is how many terms a "what is" question may have and still
// ask what its subject is: "What is the capital of France?" asks for a
// fact.
const maxDefineTerms = 2

// ParseQuestion reads what a question asks: the kind of answer, whether it
// asks about now, about an article's author or date, and, for a compound
// question, its parts.
func ParseQuestion(q string) Intent {
	code, conf := Detect(q)
	if conf < MinConfidence {
		code = ""
	}
	pieces := splitQuestion(q, code)
	in := readPart(q, code)
	if len(pieces) > 1 {
		for _, p := range pieces {
			part := readPart(p, code)
			if part.Want == WantAny && in.Want != WantAny && part.Meta == MetaNone {
				continue
			}
			in.Parts = append(in.Parts, part)
		}
		in.Current = in.Current || anyCurrent(in.Parts)
		if len(in.Parts) < 2 {
			in.Parts = nil
		}
	}
	return in
}

func anyCurrent(ps []Intent) bool {
	for _, p := range ps {
		if p.Current {
			return true
		}
	}
	return false
}

// cueLangs are the languages whose cues a question in language code is
// read with: its own, else all.
func cueLangs(code string) []*Language {
	if l := Lang(code); l != nil {
		if l == english {
			return []*Language{l}
		}
		return []*Language{l, english}
	}
	return ordered
}

// readPart reads one simple question.
func readPart(q, code string) Intent {
	in := Intent{Text: q, Lang: code}
	words := questionWords(q)
	best, bestEnd := -1, -1
	for _, l := range cueLangs(code) {
		c := &l.cues
		in.Current = in.Current || has(c.now, words)
		if has(c.author, words) {
			in.Meta = MetaAuthor
		} else if in.Meta == MetaNone && has(c.article, words) && (has(c.date, words) || has(c.when, words)) {
			in.Meta = MetaDate
		} else if in.Meta == MetaNone && has(c.title, words) && has(c.article, words) {
			in.Meta = MetaTitle
		}
		for _, k := range []struct {
			cues  []cue
			want  Want
			focus bool // the word after the cue is what is asked about
		}{
			{c.when, WantDate, false}, {c.howMany, WantNumber, true}, {c.howLong, WantNumber, false},
			{c.who, WantName, false}, {c.where, WantPlace, false}, {c.why, WantReason, false},
			{c.which, WantChoice, true},
		} {
			at, end := find(k.cues, words)
			if at >= 0 && (best < 0 || at < best || at == best && end > bestEnd) {
				best, bestEnd, in.Want = at, end, k.want
				in.Focus = ""
				if k.focus {
					in.Focus = focusAfter(words[end:], code)
				}
			}
		}
		if has(c.define, words) && len(TermsIn(q, code)) <= maxDefineTerms {
			in.Want, best = WantDefinition, 0
		}
		if in.Want == WantAny && has(c.yesNo, words) {
			in.Want = WantYesNo
		}
	}
	switch in.Meta {
	case MetaAuthor:
		in.Want = WantName
	case MetaDate:
		in.Want = WantDate
	}
	return in
}

// fillers are words a casual question may open with before it asks:
// "so", "ok", "and", "hey".
var fillers = set("so ok okay and but well also hey hi just like um uh lol btw e et и und y quindi alors donc also entonces ну")

// questionWords returns a question's words, folded, with the fillers that
// open it dropped, so that "so did Armenia leave?" opens with "did".
func questionWords(q string) []string {
	words := Words(q)
	for len(words) > 1 && fillers[strings.TrimSuffix(words[0], "'")] {
		words = words[1:]
	}
	return words
}

// focusAfter returns the first term of words, read in language code.
func focusAfter(words []string, code string) string {
	a := Analyzer{Lang(code)}
	for _, w := range words {
		if t := a.Term(Token{Text: strings.TrimSuffix(w, "'")}); t != "" {
			return t
		}
	}
	return ""
}

// splitQuestion cuts a compound question into its parts: at each "?" that
// ends a sentence, and before a joining word ("and", "e", "и") that a
// question word follows ("who wrote it and when was it published").
func splitQuestion(q, code string) []string {
	var parts []string
	for _, s := range SplitSentences(q) {
		parts = append(parts, splitAtAnd(s, code)...)
	}
	return parts
}

func splitAtAnd(s, code string) []string {
	var parts []string
	start := 0
	var prevEnd int
	EachToken(s, func(t Token) {
		if t.Start < start {
			return
		}
		rest := questionWords(s[t.End:])
		if len(rest) > 0 && joins(t.Text, code) && opensQuestion(rest, code) {
			if p := strings.TrimSpace(strings.TrimRight(s[start:prevEnd], ",;")); p != "" {
				parts = append(parts, p)
			}
			start = t.End
		}
		prevEnd = t.End
	})
	if p := strings.TrimSpace(s[start:]); p != "" {
		parts = append(parts, p)
	}
	return parts
}

func joins(w, code string) bool {
	for _, l := range cueLangs(code) {
		if l.cues.and[w] {
			return true
		}
	}
	return false
}

// opensQuestion reports whether words start with a question word.
func opensQuestion(words []string, code string) bool {
	for _, l := range cueLangs(code) {
		c := &l.cues
		for _, cs := range [][]cue{c.when, c.howMany, c.howLong, c.who, c.where, c.why, c.which} {
			if at, _ := find(cs, words); at == 0 {
				return true
			}
		}
	}
	return false
}
