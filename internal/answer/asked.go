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

// has reports whether text holds a fact of kind k anywhere.
func (k factKind) has(text string) bool {
	switch k {
	case dateFact:
		return yearRE.MatchString(text)
	case countFact:
		return numberRE.MatchString(text)
	case nameFact:
		return nameRE.MatchString(text)
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
// name is not placed: any name will do.
func (k factKind) tied(text string, weight map[string]float64) bool {
	if k != dateFact && k != countFact {
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
			if j != i && !k.isTerm(ts[j]) && relatedIn(ts[j], weight) {
				return true
			}
		}
	}
	return false
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
// called or is for, or who someone is by title.
var defineCueRE = regexp.MustCompile(`(?i)\b(?:also\s+known|known\s+as|abbreviation|stands\s+for|refer(?:s|red)?\s+to\s+as|called|definition|defined\s+as|purpose|aims?\s+(?:to|at)|(?:is|was|are|were)\s+(?:an?|the)\s|founded|established|was\s+(?:now\s+)?(?:truly\s+)?born|president|minister|secretary|leader)\b`)
