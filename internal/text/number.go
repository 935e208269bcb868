package text

import (
	"strconv"
	"strings"
)

// numberValue reads a number as written: "3,800" and "3.800" and "3 800"
// are 3800 (marks before groups of three digits group), "2.5" and "2,5" are
// 2.5 (a mark before one, two, or four or more digits is a decimal point),
// "1,234.5" and "1.234,5" are 1234.5 (the last kind of mark is the decimal
// one when both are used).
func numberValue(raw string) (float64, bool) {
	var groups []string
	var marks []byte
	start := 0
	for i := 0; i < len(raw); i++ {
		if raw[i] < '0' || raw[i] > '9' {
			groups = append(groups, raw[start:i])
			m := raw[i]
			if m != ',' && m != '.' {
				m = ' '
				for i+1 < len(raw) && (raw[i+1] < '0' || raw[i+1] > '9') {
					i++ // the rest of a multi-byte space
				}
			}
			marks = append(marks, m)
			start = i + 1
		}
	}
	groups = append(groups, raw[start:])
	var b strings.Builder
	decimal := decimalMark(groups, marks)
	for i, g := range groups {
		if i > 0 && marks[i-1] == decimal {
			b.WriteByte('.')
		}
		b.WriteString(g)
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	return v, err == nil
}

// decimalMark returns the mark that stands for a decimal point in a
// number's groups, 0 for none.
func decimalMark(groups []string, marks []byte) byte {
	if len(marks) == 0 {
		return 0
	}
	last := marks[len(marks)-1]
	if last == ' ' {
		return 0
	}
	for _, m := range marks[:len(marks)-1] {
		if m != last {
			return last // "1,234.5": the other mark groups
		}
	}
	if len(marks) > 1 {
		return 0 // "1.234.567": a mark used twice groups
	}
	if len(groups[1]) == 3 && len(groups[0]) <= 3 && groups[0] != "0" {
		return 0 // "3,800", "20.000"
	}
	return last
}

// wordNumber reads a run of number words starting at as[i] in language l
// (nil: any), "twenty five", "three hundred", "two thousand five hundred",
// "a hundred": their value and the index after the run, or ok false.
func wordNumber(as []atom, i int, langs []*Language) (v float64, end int, ok bool) {
	total, current := 0.0, 0.0
	j := i
	for j < len(as) {
		a := as[j]
		if a.kind == signAtom && a.raw == "-" && j > i && j+1 < len(as) {
			j++ // "twenty-five"
			continue
		}
		if a.kind != wordAtom {
			break
		}
		w, found := numberWordIn(a.word, langs)
		if !found {
			if (a.word == "a" || a.word == "an") && j == i && j+1 < len(as) {
				if next, ok := numberWordIn(as[j+1].word, langs); ok && next.scale {
					current = 1 // "a hundred"
					j++
					continue
				}
			}
			if a.word == "and" && j > i && j+1 < len(as) && afterScale(as[j-1].word, langs) {
				if _, ok := numberWordIn(as[j+1].word, langs); ok {
					j++ // "two hundred and fifty"
					continue
				}
			}
			break
		}
		if w.scale {
			current = max(current, 1) * w.value
			if w.value >= 1000 {
				total, current = total+current, 0
			}
		} else {
			current += w.value
		}
		ok = true
		j++
	}
	if as[max(j-1, i)].kind == signAtom {
		j-- // a trailing hyphen is not the number's
	}
	return total + current, j, ok
}

// afterScale reports whether w is a scale word, after which "and" goes
// on with the number ("two hundred and fifty").
func afterScale(w string, langs []*Language) bool {
	n, ok := numberWordIn(w, langs)
	return ok && n.scale
}

func numberWordIn(w string, langs []*Language) (numberWord, bool) {
	for _, l := range langs {
		if n, ok := l.numbers[w]; ok {
			return n, true
		}
	}
	return numberWord{}, false
}

// scaleAfter returns the factor a scale word or abbreviation at as[i]
// gives the number before it ("thousand", "mila", "тыс", "k", "bn"), 1 for
// none, and the index after it.
func scaleAfter(as []atom, i int, langs []*Language) (float64, int) {
	if i >= len(as) || as[i].kind != wordAtom {
		return 1, i
	}
	if w, ok := numberWordIn(as[i].word, langs); ok && w.scale {
		return w.value, i + 1
	}
	switch as[i].word {
	case "k":
		return 1e3, i + 1
	case "m", "mn", "mln", "million", "mio", "млн":
		return 1e6, i + 1
	case "bn", "mld", "млрд":
		return 1e9, i + 1
	}
	return 1, i
}
