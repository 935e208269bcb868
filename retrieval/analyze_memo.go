package retrieval

import "strings"

// passageAnalyzer turns passages into numbered terms and pseudo-terms for
// the lexical index, as Terms and docHinter would, but tokenising each
// passage once and analysing each distinct token once: words repeat across
// passages, and stemming, phonetic keys and the map lookups around them
// were most of the time of building the index, which an unchanged restart
// pays too. Terms are numbered in order of first occurrence. An analyzer is
// not safe for concurrent use.
type passageAnalyzer struct {
	memo  map[tokenKey]tokenInfo
	ids   map[string]int32 // term → number
	terms []string         // by number
	lower []bool           // by number: whether a token of the term was lower-case
}

// tokenKey is a token as eachToken gives it; whether it was capitalised
// changes its analysis (a capitalised Russian word may be a name).
type tokenKey struct {
	tok     string
	capital bool
}

// tokenInfo is what a token stands for: its term's number, -1 for none,
// and what it tells a docHinter.
type tokenInfo struct {
	term  int32
	hints docHinter
}

func newPassageAnalyzer() *passageAnalyzer {
	return &passageAnalyzer{memo: make(map[tokenKey]tokenInfo), ids: make(map[string]int32)}
}

// analyse calls fn with the number of each term of text, in order, then of
// each of its pseudo-terms: the terms of append(Terms(text), hints...).
func (a *passageAnalyzer) analyse(text string, fn func(id int32)) {
	var h docHinter
	eachToken(text, func(tok string, capital bool) {
		info, ok := a.memo[tokenKey{tok, capital}]
		if !ok {
			info = a.learn(tok, capital)
		}
		h.year, h.number = h.year || info.hints.year, h.number || info.hints.number
		if info.term >= 0 {
			fn(info.term)
		}
	})
	var buf [2]string
	for _, t := range h.appendHints(buf[:0], text) {
		fn(a.id(t))
	}
}

// learn analyses a token seen for the first time and remembers it. The
// token and its term are copied out of the tokeniser's buffer, so that the
// vocabulary does not keep a whole passage's text alive.
func (a *passageAnalyzer) learn(tok string, capital bool) tokenInfo {
	info := tokenInfo{term: -1}
	info.hints.token(tok)
	if t := analyzeToken(tok, capital); t != "" {
		info.term = a.id(t)
		a.lower[info.term] = a.lower[info.term] || !capital
	}
	a.memo[tokenKey{strings.Clone(tok), capital}] = info
	return info
}

// id returns the number of term t, numbering it if it is new.
func (a *passageAnalyzer) id(t string) int32 {
	id, ok := a.ids[t]
	if !ok {
		id = int32(len(a.terms))
		t = strings.Clone(t)
		a.ids[t] = id
		a.terms = append(a.terms, t)
		a.lower = append(a.lower, false)
	}
	return id
}
