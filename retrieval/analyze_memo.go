package retrieval

import (
	"strings"

	"github.com/cstobot/cstobot/internal/text"
)

// passageAnalyzer turns passages into numbered terms and pseudo-terms for
// the lexical index, as text.Terms and docHinter would, but tokenising each
// passage once and analysing each distinct token once per language: words
// repeat across passages, and stemming, phonetic keys and the map lookups
// around them were most of the time of building the index, which an
// unchanged restart pays too. Terms are numbered in order of first
// occurrence. An analyzer is not safe for concurrent use.
type passageAnalyzer struct {
	memo  map[tokenKey]tokenInfo
	ids   map[string]int32 // term → number
	terms []string         // by number
	lower []bool           // by number: whether a token of the term was lower-case
}

// tokenKey is a token as text.EachToken gives it, in the language of its
// passage; whether it was capitalised changes its analysis (a capitalised
// Russian word may be a name).
type tokenKey struct {
	tok     string
	capital bool
	lang    *text.Language
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

// analyse calls fn with the number of each term of s, in order, then of
// each of its pseudo-terms: the terms of append(text.Terms(s), docHints(s)...).
func (a *passageAnalyzer) analyse(s string, fn func(id int32)) {
	an := text.AnalyzerFor(s)
	var h docHinter
	text.EachToken(s, func(t text.Token) {
		info, ok := a.memo[tokenKey{t.Text, t.Capital, an.Lang}]
		if !ok {
			info = a.learn(an, t)
		}
		h.year, h.number = h.year || info.hints.year, h.number || info.hints.number
		if info.term >= 0 {
			fn(info.term)
		}
	})
	var buf [2]string
	for _, t := range h.appendHints(buf[:0], s) {
		fn(a.id(t))
	}
}

// learn analyses a token seen for the first time and remembers it. The
// token and its term are copied out of the tokeniser's buffer, so that the
// vocabulary does not keep a whole passage's text alive.
func (a *passageAnalyzer) learn(an text.Analyzer, t text.Token) tokenInfo {
	info := tokenInfo{term: -1}
	info.hints.token(t)
	if term := an.Term(t); term != "" {
		info.term = a.id(term)
		a.lower[info.term] = a.lower[info.term] || !t.Capital
	}
	a.memo[tokenKey{strings.Clone(t.Text), t.Capital, an.Lang}] = info
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
