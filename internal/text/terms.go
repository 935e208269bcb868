package text

import "unicode/utf8"

// Terms splits s into its terms, in text order with repeats, analysing it
// in the language it is written in (Detect), or in no particular language
// when that cannot be told. Terms are what the lexical index, the built-in
// embedder and the answer drafter compare:
//
//   - words are lower-cased and accents folded ("président" → "president");
//   - numbers keep their digits only ("3,800" → "3800"), and digits are split
//     from letters ("103rd" → "103", "rd");
//   - the language's stop words are dropped;
//   - a word of the language's glossary becomes its English word's term
//     ("confine" → border), so that languages meet;
//   - other words are stemmed by the language's stemmer, Cyrillic ones
//     transliterated to Latin ("Казахстана" → kazakhstan);
//   - a phonetic key then folds spelling variants that transliteration
//     produces ("kh"/"h", "dzh"/"j", "ay"/"ai", a final vowel), so that
//     "Токаев" and "Tokayev" meet as one term.
//
// Terms are opaque keys, not words to show: "countries" becomes "countr".
func Terms(s string) []string { return AnalyzerFor(s).Terms(s) }

// TermsIn is Terms for a text known to be in language code ("" or an
// unknown code: no particular language).
func TermsIn(s, code string) []string { return Analyzer{Lang(code)}.Terms(s) }

// Analyzer turns tokens into terms for one language, or for no language in
// particular (a nil Lang), as when a question is too short to tell: then
// every language's stop words count (except the words English keeps) and
// every glossary is looked in.
type Analyzer struct{ Lang *Language }

// analysisConfidence is how sure Detect must be for a text to be analysed
// in one language: above MinConfidence, because a short question that
// is only probably German ("war in karabakh?") loses its words to the
// wrong stop list, while one analysed in no particular language loses
// little.
const analysisConfidence = 0.7

// AnalyzerFor returns the analyzer of the language s is written in.
func AnalyzerFor(s string) Analyzer {
	if code, conf := Detect(s); conf >= analysisConfidence {
		return Analyzer{Lang(code)}
	}
	return Analyzer{}
}

// Terms returns the terms of s.
func (a Analyzer) Terms(s string) []string {
	terms := make([]string, 0, len(s)/6+1)
	EachToken(s, func(t Token) {
		if term := a.Term(t); term != "" {
			terms = append(terms, term)
		}
	})
	return terms
}

// Term returns the term of a token, or "" when it has none (a stop word, a
// single letter).
func (a Analyzer) Term(t Token) string {
	if t.Digits {
		return t.Text
	}
	tok := t.Text
	if isCyrillic(tok) {
		return a.cyrillic().russianTerm(tok, t.Capital)
	}
	if len(tok) < 2 {
		return ""
	}
	l := a.Lang
	if l == nil || l.Script != Latin {
		return unknownTerm(tok)
	}
	if l.stop[tok] {
		return ""
	}
	if l.Code == "en" {
		return englishTerm(tok)
	}
	if en, ok := l.translate(tok); ok {
		return englishTerm(en)
	}
	return phoneticKey(l.stem(tok, t.Capital))
}

// cyrillic is the language Cyrillic words are analysed in: the text's when
// it is written in Cyrillic and has a stemmer, else Russian.
func (a Analyzer) cyrillic() *Language {
	if a.Lang != nil && a.Lang.Script == Cyrillic && a.Lang.Stem != nil {
		return a.Lang
	}
	return russian
}

// unknownTerm is the term of a Latin word of a text in no known language.
func unknownTerm(tok string) string {
	if anyStop(tok) {
		return ""
	}
	for _, l := range ordered {
		if l.Code == "en" || l.Script != Latin {
			continue
		}
		if en, ok := l.translateExact(tok); ok {
			return englishTerm(en)
		}
	}
	return englishTerm(tok)
}

// anyStop reports whether tok is a stop word of some Latin-script language
// and not a word English keeps for its meaning.
func anyStop(tok string) bool {
	if english.keep[tok] {
		return false
	}
	for _, l := range ordered {
		if l.Script == Latin && l.stop[tok] {
			return true
		}
	}
	return false
}

// translate finds a word in the glossary: as it is, in the singular, or by
// its stem.
func (l *Language) translate(tok string) (string, bool) {
	if en, ok := l.translateExact(tok); ok {
		return en, true
	}
	en, ok := l.glossaryMap()[l.stem(tok, false)]
	return en, ok
}

// translateExact finds a word in the glossary as it is or, for a plural
// in -s or -x, by its singular.
func (l *Language) translateExact(tok string) (string, bool) {
	g := l.glossaryMap()
	if en, ok := g[tok]; ok {
		return en, true
	}
	if n := len(tok); n > 3 && (tok[n-1] == 's' || tok[n-1] == 'x') {
		en, ok := g[tok[:n-1]]
		return en, ok
	}
	return "", false
}

// englishTerm turns an English word into its term: the glossary's word for
// it (irregular forms, a few synonyms), stemmed, keyed phonetically.
func englishTerm(w string) string {
	if base, ok := english.glossaryMap()[w]; ok {
		w = base
	}
	return phoneticKey(stemEnglish(w))
}

// russianTerm handles a Cyrillic token: stop words and the glossary are
// checked on the Cyrillic form and its stem, then the stem is
// transliterated.
func (l *Language) russianTerm(tok string, capital bool) string {
	if l.stop[tok] {
		return ""
	}
	g := l.glossaryMap()
	if en, ok := g[tok]; ok {
		return englishTerm(en)
	}
	stem := l.stem(tok, capital)
	if en, ok := g[stem]; ok {
		return englishTerm(en)
	}
	lat := transliterate(stem)
	if len(lat) < 2 {
		return ""
	}
	return phoneticKey(lat)
}

func isCyrillic(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 0x0400 && r <= 0x04FF
}

// TermCases returns the terms of s, each mapped to whether at least one of
// its words gives it in lower case: false for a term only ever written as a
// name.
func TermCases(s string) map[string]bool {
	a := AnalyzerFor(s)
	cases := make(map[string]bool)
	EachToken(s, func(t Token) {
		if term := a.Term(t); term != "" {
			cases[term] = cases[term] || !t.Capital
		}
	})
	return cases
}
