package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFacts(t *testing.T) {
	tests := []struct {
		name, text, lang string
		want             []string // Fact.String() of each, in order
	}{
		{"plain count", "a total of 3,800 peacekeepers", "en", []string{"count 3800"}},
		{"grouping with dots", "30.000 soldati", "it", []string{"count 30000"}},
		{"grouping with spaces", "20 000 военных", "ru", []string{"count 20000"}},
		{"decimal point", "2.5 million people", "en", []string{"count 2500000"}},
		{"decimal comma", "2,5 milioni", "it", []string{"count 2500000"}},
		{"shared magnitude", "20-30.000 units", "en", []string{"count 20000..30000"}},
		{"range in words", "from 20,000 to 30,000 troops", "en", []string{"count 20000..30000"}},
		{"range with scale word", "between 20 and 30 thousand men", "en", []string{"count 20000..30000"}},
		{"number words", "six of the fifteen republics", "en", []string{"count 6", "count 15"}},
		{"compound number words", "twenty-five and three hundred and two", "en", []string{"count 25", "count 302"}},
		{"a hundred", "a hundred men", "en", []string{"count 100"}},
		{"russian number word", "шесть из пятнадцати", "ru", []string{"count 6", "count 15"}},
		{"russian number words, inflected", "среди восьми государств, с тремя батальонами", "ru", []string{"count 8", "count 3"}},
		{"percent sign", "about 30% of them", "en", []string{"count 30 %"}},
		{"per cent", "30 per cent", "en", []string{"count 30 %"}},
		{"unit", "a border of 970 km", "en", []string{"count 970 km"}},
		{"years as a unit", "for a period of 5 years", "en", []string{"count 5 year"}},
		{"currency", "$20 million", "en", []string{"count 20000000 usd"}},
		{"more than", "more than 2,000 troops", "en", []string{"count 2000..inf"}},
		{"twice", "it intervened twice", "en", []string{"multiple 2"}},
		{"three times", "three times larger", "en", []string{"multiple 3"}},
		{"ordinal suffix", "the 103rd brigade and the 98a Airborne Division", "en", []string{"ordinal 103", "ordinal 98"}},
		{"year", "in 1999 it ended", "en", []string{"date 1999-00-00"}},
		{"year range", "1992-1999", "en", []string{"date 1992-00-00", "date 1999-00-00"}},
		{"decade", "in the 1990s", "en", []string{"date 1990-00-00"}},
		{"two-digit year", "back in '99", "en", []string{"date 1999-00-00"}},
		{"day month year", "on 15 March 1992", "en", []string{"date 1992-03-15"}},
		{"a three-letter month in lower case", "в мае 2024 года", "ru", []string{"date 2024-05-00"}},
		{"a german three-letter month", "im Mai 2024", "de", []string{"date 2024-05-00"}},
		{"a short form in lower case is no month", "mar 2024", "it", []string{"date 2024-00-00"}},
		{"month day year", "on March 15, 1992, six", "en", []string{"date 1992-03-15", "count 6"}},
		{"ordinal day", "the 15th of March", "en", []string{"date 0000-03-15"}},
		{"month year", "in January 2022", "en", []string{"date 2022-01-00"}},
		{"bare month", "in early January", "en", []string{"date 0000-01-00"}},
		{"lower-case may is no month", "it may be", "en", nil},
		{"italian", "il 15 marzo 1992", "it", []string{"date 1992-03-15"}},
		{"french", "le 15 mars 1992", "fr", []string{"date 1992-03-15"}},
		{"german", "am 15. März 1992", "de", []string{"date 1992-03-15"}},
		{"spanish", "el 15 de marzo de 1992", "es", []string{"date 1992-03-15"}},
		{"russian genitive", "15 марта 1992 года", "ru", []string{"date 1992-03-15"}},
		{"russian decade", "в 1990-х годах", "ru", []string{"date 1990-00-00"}},
		{"numeric day first", "26/01/2022", "en", []string{"date 2022-01-26"}},
		{"numeric two-digit year", "26/01/22", "en", []string{"date 2022-01-26"}},
		{"numeric dots", "13.01.2022", "de", []string{"date 2022-01-13"}},
		{"iso", "2022-01-26", "en", []string{"date 2022-01-26"}},
		{"month first numeric", "03/15/1992", "en", []string{"date 1992-03-15"}},
		{"citation markers state nothing", "It was signed [1][2].", "en", nil},
		{"any language", "15 gennaio e 3 mars", "", []string{"date 0000-01-15", "date 0000-03-03"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range FactsIn(tt.text, tt.lang) {
				got = append(got, f.String())
			}
			if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
				t.Errorf("FactsIn(%q, %q) = %q; want %q", tt.text, tt.lang, got, tt.want)
			}
		})
	}
}

func TestFactText(t *testing.T) {
	fs := FactsIn("They sent about 3,800 troops on 13 January 2022.", "en")
	if len(fs) != 2 || fs[0].Text != "about 3,800" || fs[1].Text != "13 January 2022" || fs[0].Noun != Terms("troops")[0] {
		t.Errorf("facts = %+v; want about 3,800 (troop) and 13 January 2022", fs)
	}
}

func TestCovers(t *testing.T) {
	one := func(s, lang string) Fact {
		t.Helper()
		fs := FactsIn(s, lang)
		if len(fs) != 1 {
			t.Fatalf("FactsIn(%q) = %v; want one fact", s, fs)
		}
		return fs[0]
	}
	tests := []struct {
		source, claim, claimLang string
		want                     bool
	}{
		{"20-30.000 units", "20,000 to 30,000 troops", "en", true},
		{"20-30.000 units", "25,000 troops", "en", true},
		{"20-30.000 units", "more than 20,000", "en", true},
		{"20-30.000 units", "40,000", "en", false},
		{"6 republics", "six", "en", true},
		{"6 republics", "sei", "it", true},
		{"6 republics", "seven", "en", false},
		{"on 15 March 1992", "in 1992", "en", true},
		{"on 15 March 1992", "in March 1992", "en", true},
		{"on 15 March 1992", "15 марта 1992 года", "ru", true},
		{"on 15 March 1992", "on 16 March 1992", "en", false},
		{"in 1992", "on 15 March 1992", "en", false},
		{"in 1992", "in 1993", "en", false},
		{"about 3,800", "3,700", "en", true},
		{"3,800", "3,700", "en", false},
		{"two times", "twice", "en", true},
		{"2 interventions", "twice", "en", true},
		{"1999", "1,999 troops", "en", false},
		{"970 km", "970 miles", "en", false},
	}
	for _, tt := range tests {
		src, claim := one(tt.source, "en"), one(tt.claim, tt.claimLang)
		if got := src.Covers(claim); got != tt.want {
			t.Errorf("%q (%v) covers %q (%v) = %v; want %v", tt.source, src, tt.claim, claim, got, tt.want)
		}
	}
}

// FuzzFacts checks that any text parses without panicking into facts whose
// offsets hold their text, in order, with sane values.
func FuzzFacts(f *testing.F) {
	for _, s := range []string{"20-30.000", "15 марта 1992 года", "$2.5 bn", "'99", "1.2.3,4 5 000", "[1]", "-", "5-й", "\xff1", "twenty-", "between and"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, fact := range FactsIn(s, "") {
			if fact.Start < last || fact.End > len(s) || fact.Start > fact.End || s[fact.Start:fact.End] != fact.Text {
				t.Fatalf("FactsIn(%q): %+v out of place (after %d)", s, fact, last)
			}
			if fact.Lo > fact.Hi || fact.Month < 0 || fact.Month > 12 || fact.Day < 0 || fact.Day > 31 {
				t.Fatalf("FactsIn(%q): %+v", s, fact)
			}
			if utf8.ValidString(s) && !utf8.ValidString(fact.Text) {
				t.Fatalf("FactsIn(%q): invalid text %q", s, fact.Text)
			}
			last = fact.End
		}
	})
}

func TestMonthWord(t *testing.T) {
	tests := []struct {
		word    string
		capital bool
		want    bool
	}{
		{"january", true, true},
		{"mai", true, true}, // German and French: the whole name
		{"мая", false, true},
		{"май", false, true},
		{"марта", false, true},
		{"janner", true, true},
		{"jan", true, false}, // a short form
		{"янв", false, false},
		{"sept", true, false},
		{"may", false, false}, // the English verb
		{"may", true, true},
		{"march", false, false},
		{"kraft", true, false},
	}
	for _, tt := range tests {
		if got := MonthWord(Token{Text: tt.word, Capital: tt.capital}); got != tt.want {
			t.Errorf("MonthWord(%q, capital %v) = %v; want %v", tt.word, tt.capital, got, tt.want)
		}
	}
}
