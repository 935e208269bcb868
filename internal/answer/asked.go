package answer

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/cstobot/cstobot/retrieval"
)

// factKind is the kind of fact a question asks for.
type factKind int

const (
	noFact    factKind = iota
	dateFact           // when: a year, a month
	countFact          // how many, how long: a number
	nameFact           // who: a name
)

// Words of a question that say what kind of answer it wants, in the
// languages the built-in analyser knows.
var (
	whenWords    = words("when quando quand когда wann cuando cuándo date year anno année год")
	howManyWords = words("many much quanti quante quanto combien сколько viele cuántos cuántas number numero nombre")
	whoWords     = words("who whom chi qui кто wer quién")

	monthNames  = words("january february march april may june july august september october november december")
	numberNames = words("one two three four five six seven eight nine ten eleven twelve twenty thirty hundred thousand million")
	nameRE      = regexp.MustCompile(`\s\p{Lu}\p{Ll}+`)
)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func lowerWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
}

// askedKind returns the kind of fact a question asks for: the first
// question word that tells decides ("when … and for how long" wants a
// date).
func askedKind(question string) factKind {
	fields := lowerWords(question)
	for i, f := range fields {
		switch {
		case whenWords[f]:
			return dateFact
		case howManyWords[f], f == "long" && i > 0 && fields[i-1] == "how":
			return countFact
		case whoWords[f]:
			return nameFact
		}
	}
	return noFact
}

// whichWords ask to pick among things named by the word that follows:
// "which countries", "quali paesi", "какие страны".
var whichWords = words("which quali quale quels quelles quel quelle какие какой какая какое какую welche cuáles cuál")

// focusOf returns the term of the word that a which-word of question
// asks about, or "" when it has none.
func focusOf(question string) string {
	lower := strings.ToLower(question)
	for _, f := range strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !whichWords[f] {
			continue
		}
		_, rest, _ := strings.Cut(lower, f)
		if ts := retrieval.Terms(rest); len(ts) > 0 {
			return ts[0]
		}
		return ""
	}
	return ""
}

// has reports whether text holds a fact of kind k anywhere. It is asked
// of every candidate sentence, so it scans rather than matching regular
// expressions.
func (k factKind) has(text string) bool {
	switch k {
	case dateFact:
		return digitRun(text, isYear) || hasWord(text, monthNames)
	case countFact:
		return digitRun(text, isCount) || hasWord(text, numberNames)
	case nameFact:
		return nameRE.MatchString(text)
	}
	return false
}

// digitRun reports whether text has a run of digits for which ok, given
// the run and the byte after it (0 at the end), holds.
func digitRun(text string, ok func(run string, next byte) bool) bool {
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		next := byte(0)
		if j < len(text) {
			next = text[j]
		}
		if (i == 0 || !isLetter(text[i-1])) && ok(text[i:j], next) {
			return true
		}
		i = j
	}
	return false
}

func isDigit(b byte) bool  { return '0' <= b && b <= '9' }
func isLetter(b byte) bool { return 'a' <= b|0x20 && b|0x20 <= 'z' }

// isYear: four digits from 1500 to 2099, not followed by a letter.
func isYear(run string, next byte) bool {
	return len(run) == 4 && (run[0] == '1' && run[1] >= '5' || run[:2] == "20") && !isLetter(next)
}

// isCount: a number that counts, not one that names ("98a Airborne
// Division", "the 103rd"), which a letter follows.
func isCount(run string, next byte) bool { return !isLetter(next) }

// hasWord reports whether a word of text, lower-cased, is in set.
func hasWord(text string, set map[string]bool) bool {
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) <= 9 && set[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// askedFor returns a test for the kind of fact the question asks for, or
// nil when it asks for none in particular.
func askedFor(question string) func(sentence string) bool {
	if k := askedKind(question); k != noFact {
		return k.has
	}
	return nil
}

// tieWindow is how many terms apart a number or date and a term of the
// question may stand and still be read as one statement: "a total of 3800
// peacekeepers", "the 15 new republics", "as early as January 13,
// President Tokayev".
const tieWindow = 4

// tied reports whether text holds a fact of kind k within tieWindow terms
// of a term of the question (the keys of weight): a number somewhere in a
// sentence that shares a word with the question ("two bases … still in
// use today") does not answer "how many countries are in NATO today". A
// name is not placed: any will do.
func (k factKind) tied(text string, weight map[string]float64) bool {
	if k != dateFact && k != countFact || !k.has(text) {
		return k.has(text)
	}
	if k == countFact {
		text = ordinalRE.ReplaceAllString(text, "")
	}
	ts := retrieval.Terms(normalizeFacts(text))
	for i, t := range ts {
		if !k.isTerm(t) {
			continue
		}
		for j := max(0, i-tieWindow); j < min(len(ts), i+tieWindow+1); j++ {
			if j != i && !k.isTerm(ts[j]) && isQuestionTerm(ts[j], weight) {
				return true
			}
		}
	}
	return false
}

func isQuestionTerm(t string, weight map[string]float64) bool {
	_, ok := questionTerm(t, weight)
	return ok
}

// ordinalRE finds numbers that name rather than count: "98a Airborne
// Division", "the 103rd brigade", "2nd".
var ordinalRE = regexp.MustCompile(`\b\d+(?:st|nd|rd|th|a|°|º)\b`)

// isTerm reports whether an analysed term (after [normalizeFacts]) is a
// fact of kind k: a year or month for a date, a number other than a year
// for a count.
func (k factKind) isTerm(t string) bool {
	if t == "" || !isFact(t) {
		return false
	}
	year := len(t) == 4 && (strings.HasPrefix(t, "1") || strings.HasPrefix(t, "20"))
	if k == dateFact {
		return year || monthTerms[t]
	}
	return !year && !monthTerms[t]
}

// defineRE finds questions that ask what or who something is, in the
// languages of [languages]: "What is the CSTO?", "Cos'è la CSTO?",
// "Что такое ОДКБ?", "Qu'est-ce que l'OTSC ?". No \b after a letter
// outside ASCII: RE2's word boundary knows only ASCII letters.
var defineRE = regexp.MustCompile(`(?i)^\s*(?:what|who)(?:\s+(?:is|are|was|were)\b|['’]s\b)|^\s*what\s+does\b.*\b(?:mean|stand\s+for)\b|^\s*define\b|^\s*(?:che\s+)?cos(?:a\s+|['’]\s*)(?:è|e|era)(?:\s|$)|^\s*chi\s+(?:è|e|era|sono)(?:\s|$)|qu['’]est[\s-]ce\s+qu|^\s*c['’]est\s+quoi|^\s*qui\s+(?:est|était)(?:\s|$)|что\s+так|кто\s+так|^\s*was\s+(?:ist|sind|war)\b|^\s*qu[eé]\s+es(?:\s|$)`)

// maxDefineTerms is how many terms a question may have and still be a
// plain "what is X": "What is the capital of France?" asks for a fact,
// not a definition.
const maxDefineTerms = 2

// asksDefinition reports whether question asks what or who its subject is.
func asksDefinition(question string, terms int) bool {
	return terms > 0 && terms <= maxDefineTerms && defineRE.MatchString(question)
}

// defineCueRE finds what a defining sentence says (the source's language
// being English): a name spelled out or abbreviated, what it is, is
// called or is for, or who someone is by title. The first group says it
// outright ("also known as", "has the purpose of") and counts for more
// than the second, which only may ("is a", "was born").
var defineCueRE = regexp.MustCompile(`(?i)\b(?:(also\s+known|known\s+as|abbreviation|stands\s+for|defined\s+as|purpose|aims?\s+(?:to|at))|refer(?:s|red)?\s+to\s+as|called|definition|(?:is|was|are|were)\s+(?:an?|the)\s|founded|established|was\s+(?:now\s+)?(?:truly\s+)?born|president|minister|secretary|leader)\b`)

// defineBonus is how much a sentence's score is raised for saying what
// the subject of a "what is" question is: by spelling out the name the
// question abbreviates, or by saying outright what it is, or perhaps.
func defineBonus(text string, weight map[string]float64) float64 {
	b := 0.0
	if spellsOut(text, weight) {
		b += 2 * factBonus
	}
	if m := defineCueRE.FindStringSubmatch(text); m != nil && m[1] != "" {
		b += 2 * factBonus
	} else if m != nil {
		b += factBonus
	}
	return b
}

// spellsOut reports whether text has a run of capitalised words whose
// initials are a term of the question (the keys of weight): "Collective
// Security Treaty Organization" spells out CSTO, and so ODKB and OTSC,
// which the analyser reads as CSTO. Short linking words ("of", "the")
// may stand inside the run: "Union of Soviet Socialist Republics".
func spellsOut(text string, weight map[string]float64) bool {
	var initials []rune
	check := func() bool {
		defer func() { initials = initials[:0] }()
		if len(initials) < 2 {
			return false
		}
		ts := retrieval.Terms(string(initials))
		_, ok := weight[strings.Join(ts, "")]
		return len(ts) == 1 && ok
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		r := []rune(w)[0]
		switch {
		case linkWords[strings.ToLower(w)]:
			// "The Union of Soviet …": no letter, and the run goes on.
		case unicode.IsUpper(r):
			initials = append(initials, r)
		default:
			if check() {
				return true
			}
		}
	}
	return check()
}

// linkWords may stand inside a name without giving it a letter.
var linkWords = words("of the and for")
