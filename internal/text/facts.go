package text

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FactKind is what a fact states.
type FactKind int

const (
	// Count is a number that counts or measures: "3,800", "six", "30%",
	// "20-30.000" (a range), "2.5 million".
	Count FactKind = iota + 1
	// Date is a day, a month or a year: "15 March 1992", "March 1992",
	// "1992", "15/03/1992".
	Date
	// Ordinal is a number that names rather than counts: "103rd",
	// "98a Airborne Division".
	Ordinal
	// Multiple says how many times: "twice", "three times".
	Multiple
)

func (k FactKind) String() string {
	switch k {
	case Count:
		return "count"
	case Date:
		return "date"
	case Ordinal:
		return "ordinal"
	case Multiple:
		return "multiple"
	}
	return "none"
}

// Fact is a number or a date stated in a text.
type Fact struct {
	Kind FactKind
	// Lo and Hi are a Count's, Ordinal's or Multiple's value, or the ends
	// of a range ("20,000 to 30,000"); equal for one value. "More than
	// 20,000" has Hi +Inf, "up to 20,000" Lo 0.
	Lo, Hi float64
	// Approx is set for a number said to be rough: "about", "some",
	// "nearly", "around".
	Approx bool
	// Unit is what a Count measures in, when the text says: "km", "%",
	// "year", "usd"; "" when none.
	Unit string
	// Noun is the term of what a Count counts, the word after it
	// ("peacekeepers" for "3,800 peacekeepers"); "" when none follows.
	Noun string
	// Year, Month and Day are a Date's; zero for a part not given. Decade
	// is set for "the 1990s" (Year 1990).
	Year, Month, Day int
	Decade           bool
	// Text is the fact as written, and Start and End its byte offsets.
	Text       string
	Start, End int
}

func (f Fact) String() string {
	switch f.Kind {
	case Date:
		return fmt.Sprintf("date %04d-%02d-%02d", f.Year, f.Month, f.Day)
	case Count, Ordinal, Multiple:
		s := f.Kind.String() + " " + num(f.Lo)
		if f.Hi != f.Lo {
			s += ".." + num(f.Hi)
		}
		if f.Unit != "" {
			s += " " + f.Unit
		}
		return s
	}
	return "none"
}

func num(v float64) string {
	if math.IsInf(v, 1) {
		return "inf"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Covers reports whether a source stating f backs a claim stating c: the
// same kind of fact (a Multiple is also backed by the Count of its value),
// and c no more precise than f and within it. A date backs a claim of its
// year or its month ("in 1992" from "15 March 1992"), not of a day it does
// not give; a range backs a claim of any value in it ("25,000" from
// "20-30.000"); a rough number backs one within a tenth of it; units,
// when both say one, must agree.
func (f Fact) Covers(c Fact) bool {
	switch {
	case c.Kind == Date && f.Kind == Date:
		return f.Year == c.Year && covers(f.Month, c.Month) && covers(f.Day, c.Day) && (!f.Decade || c.Decade)
	case c.Kind == Date && f.Kind == Count && c.Month == 0 && c.Day == 0 && !c.Decade:
		return false // a year is not a count of that many
	case c.Kind == Multiple && f.Kind != Multiple && f.Kind != Count,
		c.Kind != Multiple && c.Kind != f.Kind:
		return false
	}
	if c.Unit != "" && f.Unit != "" && c.Unit != f.Unit {
		return false
	}
	lo, hi := f.Lo, f.Hi
	if f.Approx || c.Approx {
		lo, hi = lo*0.9, hi*1.1
	}
	const eps = 1e-9
	return c.Lo >= lo-eps && c.Hi <= hi+eps || c.Hi == c.Lo && math.IsInf(f.Hi, 1) && c.Lo >= lo-eps ||
		overlapsOpen(f, c)
}

// overlapsOpen: an open-ended claim ("more than 20,000") is backed by a
// source whose values it holds ("20-30.000" holds values over 20,000).
func overlapsOpen(f, c Fact) bool {
	if !math.IsInf(c.Hi, 1) && c.Lo != 0 {
		return false
	}
	return f.Hi >= c.Lo && f.Lo <= c.Hi && (c.Lo > 0 || f.Lo > 0)
}

// covers: a part of a claim's date is backed by the source's when the
// claim does not give it, or gives the same.
func covers(src, claim int) bool { return claim == 0 || src == claim }

// Facts returns the numbers and dates stated in s, in order, reading
// months and number words in the language s is written in (and English),
// or in every language when that cannot be told.
func Facts(s string) []Fact {
	code, conf := Detect(s)
	if conf < MinConfidence {
		code = ""
	}
	return FactsIn(s, code)
}

// FactsIn is Facts for a text known to be in language code.
func FactsIn(s, code string) []Fact {
	p := factParser{s: s, as: atoms(s), langs: factLangs(code)}
	return p.parse()
}

// factLangs are the languages whose words a text in language code may
// write facts in: its own and English, or every one.
func factLangs(code string) []*Language {
	l := Lang(code)
	switch {
	case l == nil:
		return ordered
	case l == english:
		return []*Language{english}
	}
	return []*Language{l, english}
}

// HasFact reports whether s states a fact of kind k.
func HasFact(s string, k FactKind) bool {
	for _, f := range Facts(s) {
		if f.Kind == k {
			return true
		}
	}
	return false
}

// Years returns the years the facts of s state.
func Years(s string) []int {
	var ys []int
	for _, f := range Facts(s) {
		if f.Kind == Date && f.Year != 0 {
			ys = append(ys, f.Year)
		}
	}
	return ys
}

// isYear reports whether v, written as raw, reads as a year: four digits
// from 1000 to 2100 without grouping marks.
func isYear(raw string) (int, bool) {
	if len(raw) != 4 || strings.ContainsAny(raw, ".,") {
		return 0, false
	}
	y, err := strconv.Atoi(raw)
	return y, err == nil && y >= 1000 && y <= 2100
}

// NumberWord reports whether w, a folded word, is a number word or a word
// of how many times in any language ("six", "sei", "тысяч", "twice").
func NumberWord(w string) bool {
	for _, l := range ordered {
		if _, ok := l.numbers[w]; ok {
			return true
		}
		if _, ok := l.multiples[w]; ok {
			return true
		}
	}
	return false
}

// MonthWord reports whether a token names a month in some language: a
// full name ("January", "gennaio", "марта", "Mai"), never a short form
// ("Jan"), and the English "may" and "march" only capitalised.
func MonthWord(t Token) bool {
	if !t.Capital && (t.Text == "may" || t.Text == "march") {
		return false
	}
	for _, l := range ordered {
		if l.fullMonths[t.Text] {
			return true
		}
	}
	return false
}
