package text

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Script is the writing system a language's words are in.
type Script int

const (
	Latin Script = iota
	Cyrillic
)

// Language is everything the text layer knows of one language. Each lives
// in its own file (lang_en.go, lang_ru.go, …) that registers it in init:
// adding a language is adding such a file. Word lists are written as
// people write them, accents and capitals included; they are folded when
// registered.
type Language struct {
	Code   string // ISO 639-1
	Name   string // in English, for prompts
	Script Script
	// Stop holds function words and question words, separated by white
	// space: they say how a question is put (see Cues), not what it is
	// about.
	Stop string
	// Keep holds words of this language that another language's stop list
	// has ("war", a German "was"): when a text's language cannot be told,
	// they are kept as content.
	Keep string
	// Stem reduces a lower-cased, accent-folded word to its stem; name
	// says it was capitalised (some languages leave names' endings alone).
	Stem func(word string, name bool) string
	// Glossary maps words, as "word:english" pairs, to the English word for
	// the same thing, so that a question in this language meets a source
	// in English, and a source in this language meets an English question.
	// A word is also found by its stem, so one form of a word is enough.
	Glossary string
	// Synonyms holds groups of words, comma-separated, that questions and
	// sources on security use for the same thing ("troops soldiers
	// peacekeepers"): close on purpose, for telling which sentence of a
	// passage answers.
	Synonyms string
	// Months holds, for each month, its names and forms, space-separated;
	// the first is the one written in dates (DateForm picks another).
	Months [12]string
	// Numbers holds "word:value" pairs; a value written "*1000" multiplies
	// what comes before it ("three thousand").
	Numbers string
	// Multiples holds "word:value" pairs for words that say how many times
	// ("twice:2"); Times holds the words for "times" after a number.
	Multiples, Times string
	// Units holds "word:unit" pairs naming a unit after a number
	// ("kilometres:km", "anni:year").
	Units string
	// Cues are the phrases that say what a question asks.
	Cues Cues
	// Profile is what language detection recognises the language by.
	Profile Profile
	// Phrases are the sentences the bot writes itself, by message.
	Phrases map[Msg]string
	// DayMonthYear and MonthYear format dates with fmt verbs for the day,
	// the month's name and the year ("%d %s %d"); MonthYear takes the
	// month and the year.
	DayMonthYear, MonthYear string
	// DateForm is the index, in each of Months, of the form dates use
	// (Russian writes the genitive: "26 января 2022").
	DateForm int

	// Filled in by register from the fields above.
	stop, keep map[string]bool
	glossary   map[string]string
	months     map[string]int  // folded form → month 1..12
	fullMonths map[string]bool // folded forms that are not short forms ("jan")
	numbers    map[string]numberWord
	multiples  map[string]float64
	times      map[string]bool
	units      map[string]string
	cues       compiledCues
	synonyms   map[string][]string // built on first use
}

// numberWord is a number word's value, or the factor it multiplies by.
type numberWord struct {
	value float64
	scale bool
}

// Profile is what marks a language for detection: its most frequent
// function words, the letters only it (of the languages here) uses often,
// and character trigrams frequent in it and rare in the others ("_"
// stands for the space that pads a word).
type Profile struct {
	Words, Letters, Grams string

	words, grams map[string]bool
}

var (
	glossOnce sync.Once
	synOnce   sync.Once
	registry  = map[string]*Language{}
	ordered   []*Language // by code, so that ties break the same way
)

// register adds a language; its init calls it.
func register(l *Language) {
	l.stop = foldedSet(l.Stop)
	l.keep = foldedSet(l.Keep)
	l.numbers = map[string]numberWord{}
	for k, v := range pairs(l.Numbers) {
		n := numberWord{scale: strings.HasPrefix(v, "*")}
		n.value, _ = strconv.ParseFloat(strings.TrimPrefix(v, "*"), 64)
		l.numbers[k] = n
	}
	l.multiples = map[string]float64{}
	for k, v := range pairs(l.Multiples) {
		l.multiples[k], _ = strconv.ParseFloat(v, 64)
	}
	l.times = foldedSet(l.Times)
	l.units = pairs(l.Units)
	l.months, l.fullMonths = map[string]int{}, map[string]bool{}
	for i, forms := range l.Months {
		fs := strings.Fields(forms)
		for _, f := range fs {
			l.months[fold(f)] = i + 1
			// A short form is the start of the month's name ("Jan",
			// "янв"); an inflection or a variant is not ("января", "Jänner").
			if f == fs[0] || !strings.HasPrefix(fold(fs[0]), fold(f)) {
				l.fullMonths[fold(f)] = true
			}
		}
	}
	l.Profile.words = set(strings.ToLower(l.Profile.Words))
	l.Profile.grams = set(strings.ReplaceAll(l.Profile.Grams, "_", " "))
	l.cues = compileCues(l.Cues)
	registry[l.Code] = l
	ordered = append(ordered, l)
	slices.SortFunc(ordered, func(a, b *Language) int { return strings.Compare(a.Code, b.Code) })
}

// glossaries are built on first use, after every language has registered:
// a glossary word is also found by its stem, which needs the stemmer.
func (l *Language) glossaryMap() map[string]string {
	glossOnce.Do(buildGlossaries)
	return l.glossary
}

// buildSynonyms analyses each language's synonym groups, which needs
// the glossaries.
func buildSynonyms() {
	for _, l := range ordered {
		l.synonyms = map[string][]string{}
		for _, g := range strings.Split(l.Synonyms, ",") {
			ts := distinctTerms(TermsIn(g, l.Code))
			for _, t := range ts {
				for _, u := range ts {
					if u != t {
						l.synonyms[t] = append(l.synonyms[t], u)
					}
				}
			}
		}
	}
}

func buildGlossaries() {
	for _, l := range ordered {
		l.glossary = map[string]string{}
		for k, v := range pairs(l.Glossary) {
			l.glossary[k] = v
		}
		for k, v := range pairs(l.Glossary) {
			if s := l.stem(k, false); s != "" && l.glossary[s] == "" {
				l.glossary[s] = v
			}
		}
	}
}

func (l *Language) stem(w string, name bool) string {
	if l.Stem == nil {
		return w
	}
	return l.Stem(w, name)
}

// Synonyms returns the terms of the words that English sources and
// questions use for the same thing as term's word (Language.Synonyms).
func Synonyms(term string) []string {
	synOnce.Do(buildSynonyms)
	return english.synonyms[term]
}

func distinctTerms(ts []string) []string {
	var out []string
	for _, t := range ts {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// Lang returns the language of an ISO 639-1 code, or nil when the text
// layer does not know it.
func Lang(code string) *Language { return registry[code] }

// Languages returns every language known, by code.
func Languages() []*Language { return slices.Clone(ordered) }

// month returns the name of month m (1..12) as dates write it.
func (l *Language) month(m int) string {
	forms := strings.Fields(l.Months[m-1])
	if l.DateForm < len(forms) {
		return forms[l.DateForm]
	}
	return forms[0]
}

// pairs reads "key:value" pairs separated by white space; keys are folded.
func pairs(s string) map[string]string {
	m := map[string]string{}
	for _, f := range strings.Fields(s) {
		k, v, _ := strings.Cut(f, ":")
		m[fold(k)] = v
	}
	return m
}

func foldedSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[fold(w)] = true
	}
	return m
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
