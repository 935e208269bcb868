package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name is a run of capitalised words of a text, or a word in capitals:
// what a question or a sentence names ("Kassym-Jomart Tokayev", "CSTO").
type Name struct {
	Words      []string // as written, without a possessive "'s"
	Start, End int      // byte offsets of the run
}

// Text returns the name as written, its words joined by spaces.
func (n Name) Text() string { return strings.Join(n.Words, " ") }

// Names returns the names of a question: runs of capitalised words after
// its first word (which is capitalised anyway), and any word in capitals,
// the first included.
func Names(s string) []Name {
	var out []Name
	var run Name
	flush := func() {
		if len(run.Words) > 0 {
			out = append(out, run)
		}
		run = Name{}
	}
	first := true
	eachNameWord(s, func(w string, start, end int) {
		r, _ := utf8.DecodeRuneInString(w)
		caps := utf8.RuneCountInString(w) > 1 && strings.ToUpper(w) == w && unicode.IsLetter(r)
		if unicode.IsUpper(r) && (!first || caps) && !CalendarWord(w) {
			if len(run.Words) == 0 {
				run.Start = start
			}
			run.Words, run.End = append(run.Words, w), end
		} else {
			flush()
		}
		first = false
	})
	flush()
	return out
}

// weekdays holds the days of the week in the languages of the text layer,
// folded.
var weekdays = foldedSet(`monday tuesday wednesday thursday friday saturday sunday
понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье
lundi mardi mercredi jeudi vendredi samedi dimanche
montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
lunes martes miércoles jueves viernes sábado domingo
lunedì martedì mercoledì giovedì venerdì sabato domenica
понеділок вівторок середа четвер пʼятниця субота неділя`)

// CalendarWord reports whether w, as written, is the name of a weekday or
// the full name of a month in some language: capitalised in English
// ("Thursday", "February"), yet no name of a person, place or body.
func CalendarWord(w string) bool {
	f := fold(w)
	return weekdays[f] || MonthWord(Token{Text: f, Capital: true})
}

// eachNameWord calls fn with each word of s that may be part of a name:
// letters and digits, with inner hyphens and apostrophes ("Haut-Karabakh",
// "O'Neill"), without a possessive "'s".
func eachNameWord(s string, fn func(w string, start, end int)) {
	start := -1
	emit := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		trimmed := strings.TrimLeft(w, "-'’")
		from := start + len(w) - len(trimmed)
		w = strings.TrimRight(trimmed, "-'’")
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if w != "" {
			fn(w, from, from+len(w))
		}
		start = -1
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\'' || r == '’' {
			if start < 0 {
				start = i
			}
			continue
		}
		emit(i)
	}
	emit(len(s))
}

// SameName reports whether term a may name what term b does, allowing for
// misspellings and translations: equal; one or two letters apart (one when
// a has five letters, two from seven: "kazakstan" and "kazakhstan"); or one, of
// four letters or more, starting the other (the analyser cuts a misspelt
// name shorter, "kirg" for "Kyrgystan", than the right one, "kirgiz").
func SameName(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) >= 4 && strings.HasPrefix(b, a) || len(b) >= 4 && strings.HasPrefix(a, b) {
		return true
	}
	n := len(a)
	slack := 0
	switch {
	case n >= 7:
		slack = 2
	case n >= 5:
		slack = 1
	}
	return slack > 0 && a != "" && b != "" && a[0] == b[0] && WithinEdits(a, b, slack)
}

// KnownName reports whether term is, or may be (SameName), a key of vocab.
func KnownName[V any](term string, vocab map[string]V) bool {
	if _, ok := vocab[term]; ok {
		return true
	}
	for t := range vocab {
		if SameName(term, t) {
			return true
		}
	}
	return false
}
