package text

import (
	"strconv"
	"strings"
)

// date reads a Date at atom i: numeric ("15/03/1992", "15.03.1992",
// "1992-03-15"), with a month's name in any order of day, month and year
// ("15 March 1992", "March 15, 1992", "15 марта 1992 года", "le 15 mars",
// "am 15. März 1992", "15 de marzo de 1992", "March 1992"), a year ("1992",
// "’99"), or a decade ("the 1990s", "1990-х").
func (p *factParser) date(i int) (Fact, int, bool) {
	if f, end, ok := p.numericDate(i); ok {
		return f, end, true
	}
	if f, end, ok := p.dayFirst(i); ok {
		return f, end, true
	}
	if f, end, ok := p.monthFirst(i); ok {
		return f, end, true
	}
	return p.year(i)
}

// numericDate reads "15/03/1992", "15.03.1992", "15-03-1992" and
// "1992-03-15". Day first unless the first number cannot be a day or the
// second cannot be a month.
func (p *factParser) numericDate(i int) (Fact, int, bool) {
	a := p.as[i]
	if a.kind != numberAtom {
		return Fact{}, i, false
	}
	var parts []string
	end := i + 1
	if strings.Count(a.raw, ".") == 2 && !strings.ContainsAny(a.raw, ", ") {
		parts = strings.Split(a.raw, ".")
	} else {
		parts = []string{a.raw}
		for len(parts) < 3 && p.adjacent(end-1) && (p.sign(end) == "/" || p.sign(end) == "-") && p.adjacent(end) &&
			end+1 < len(p.as) && p.as[end+1].kind == numberAtom {
			parts = append(parts, p.as[end+1].raw)
			end += 2
		}
	}
	if len(parts) != 3 {
		return Fact{}, i, false
	}
	n := make([]int, 3)
	for k, s := range parts {
		v, err := strconv.Atoi(s)
		if err != nil {
			return Fact{}, i, false
		}
		n[k] = v
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4:
		y, m, d = n[0], n[1], n[2]
	case len(parts[2]) == 4 || len(parts[2]) == 2:
		y, m, d = n[2], n[1], n[0]
		if m > 12 && d <= 12 {
			m, d = d, m // 03/15/1992
		}
		if len(parts[2]) == 2 {
			y = twoDigitYear(y)
		}
	default:
		return Fact{}, i, false
	}
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1000 || y > 2100 {
		return Fact{}, i, false
	}
	return Fact{Kind: Date, Year: y, Month: m, Day: d}, end, true
}

// twoDigitYear reads "99" as 1999 and "22" as 2022.
func twoDigitYear(y int) int {
	if y >= 30 {
		return 1900 + y
	}
	return 2000 + y
}

// dayFirst reads a day, then a month's name, then perhaps a year: "15
// March 1992", "15th of March", "15. März", "15 de marzo de 1992".
func (p *factParser) dayFirst(i int) (Fact, int, bool) {
	d, j, ok := p.day(i)
	if !ok {
		return Fact{}, i, false
	}
	if p.sign(j) == "." || p.ordinalSuffix(j-1) == 1 {
		j++ // "15." (German), "15th"
	}
	if w := p.word(j); w == "of" || w == "de" {
		j++
	}
	m, ok := p.month(j, true)
	if !ok {
		return Fact{}, i, false
	}
	f := Fact{Kind: Date, Day: d, Month: m}
	end := p.yearAfter(&f, j+1)
	return f, end, true
}

// monthFirst reads a month's name, then a day or a year or both: "March
// 15, 1992", "March 15th", "March 1992", "marzo del 1992"; or a month
// alone when its name cannot be another word ("January", "gennaio", not
// "may").
func (p *factParser) monthFirst(i int) (Fact, int, bool) {
	m, ok := p.month(i, false)
	if !ok {
		return Fact{}, i, false
	}
	f := Fact{Kind: Date, Month: m}
	j := i + 1
	if d, k, ok := p.day(j); ok && !p.yearLike(j) {
		f.Day, j = d, k
		if p.ordinalSuffix(j-1) == 1 {
			j++
		}
		if p.sign(j) == "," {
			j++
		}
	}
	end := p.yearAfter(&f, j)
	if f.Day == 0 && f.Year == 0 && !p.plainMonth(i) {
		return Fact{}, i, false
	}
	if end == j && f.Day != 0 && p.sign(j-1) == "," {
		end = j - 1 // the comma after "March 15," is not the date's
	}
	return f, end, true
}

// yearAfter reads a year after a date's day or month ("1992", "of 1992",
// "de 1992", "del 1992", "1992 года") into f, and returns the index after
// the date.
func (p *factParser) yearAfter(f *Fact, j int) int {
	k := j
	if w := p.word(k); w == "of" || w == "de" || w == "del" || w == "du" {
		k++
	}
	if k < len(p.as) && p.as[k].kind == numberAtom {
		if y, ok := isYear(p.as[k].raw); ok {
			f.Year = y
			k++
			if w := p.word(k); w == "года" || w == "году" || w == "г" {
				k++
			}
			return k
		}
	}
	return j
}

// day reads a day of the month at atom i: a number of one or two digits
// from 1 to 31.
func (p *factParser) day(i int) (int, int, bool) {
	if i >= len(p.as) || p.as[i].kind != numberAtom || len(p.as[i].raw) > 2 {
		return 0, i, false
	}
	d, err := strconv.Atoi(p.as[i].raw)
	return d, i + 1, err == nil && d >= 1 && d <= 31
}

func (p *factParser) yearLike(i int) bool {
	_, ok := isYear(p.as[i].raw)
	return ok
}

// month reads a month's name at atom i, in the parser's languages. A
// short form ("Jan", "mar") counts only when capitalised or followed by a
// full stop, and never "may" in lower case; afterDay relaxes that, since
// a number before it says it is a date.
func (p *factParser) month(i int, afterDay bool) (int, bool) {
	w := p.word(i)
	if w == "" {
		return 0, false
	}
	for _, l := range p.langs {
		m, ok := l.months[w]
		if !ok {
			continue
		}
		short := !l.fullMonths[w]
		if l == english && !p.as[i].capital && !afterDay && (short || w == "may" || w == "march") {
			continue
		}
		if short && !afterDay && !p.as[i].capital && p.sign(i+1) != "." {
			continue
		}
		return m, true
	}
	return 0, false
}

// plainMonth reports whether the month's name at atom i stands for a date
// on its own: a full name, capitalised in English ("in January", "a
// gennaio", not "may" or "Mar").
func (p *factParser) plainMonth(i int) bool {
	w := p.word(i)
	if !MonthWord(Token{Text: w, Capital: true}) || w == "may" || w == "march" {
		return false
	}
	if _, ok := english.months[w]; ok && !p.as[i].capital {
		return false
	}
	return true
}

// year reads a year or a decade at atom i.
func (p *factParser) year(i int) (Fact, int, bool) {
	a := p.as[i]
	if a.kind == signAtom && (a.raw == "'" || a.raw == "’") && p.adjacent(i) && p.as[i+1].kind == numberAtom &&
		len(p.as[i+1].raw) == 2 && (i == 0 || !p.adjacent(i-1)) {
		y, _ := strconv.Atoi(p.as[i+1].raw)
		f := Fact{Kind: Date, Year: twoDigitYear(y)}
		end := i + 2
		if p.word(end) == "s" && p.adjacent(i+1) {
			f.Decade, end = true, end+1
		}
		return f, end, true
	}
	if a.kind != numberAtom {
		return Fact{}, i, false
	}
	y, ok := isYear(a.raw)
	if !ok || approxWords[p.word(i-1)] || p.sign(i+1) == "%" || p.unit(i+1) != "" && p.unit(i+1) != "year" {
		return Fact{}, i, false
	}
	f := Fact{Kind: Date, Year: y}
	end := i + 1
	switch {
	case p.word(end) == "s" && p.adjacent(i) && y%10 == 0:
		f.Decade, end = true, end+1
	case p.sign(end) == "-" && p.adjacent(i) && (p.word(end+1) == "х" || p.word(end+1) == "e") && y%10 == 0:
		f.Decade, end = true, end+2
	case p.word(end) == "года" || p.word(end) == "году" || p.word(end) == "г":
		end++
	}
	return f, end, true
}

// ParseDate reads a text that is only a day, written any way Facts reads
// one ("26 January 2022", "26 gennaio 2022", "January 26, 2022",
// "26.01.2022", "26 января 2022 г."): its year, month and day, ok false
// when s holds anything else or leaves the day out.
func ParseDate(s string) (year, month, day int, ok bool) {
	s = strings.TrimSpace(s)
	fs := FactsIn(s, "")
	if len(fs) != 1 || fs[0].Kind != Date || fs[0].Day == 0 || fs[0].Year == 0 {
		return 0, 0, 0, false
	}
	rest := strings.Trim(s[:fs[0].Start]+s[fs[0].End:], " .,")
	if rest != "" && fold(rest) != "le" && fold(rest) != "il" && fold(rest) != "am" && fold(rest) != "el" {
		return 0, 0, 0, false
	}
	return fs[0].Year, fs[0].Month, fs[0].Day, true
}
