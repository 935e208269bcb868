package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// atom is a piece of a text as the fact parser reads it: a word, a number
// as written (with its grouping marks and decimals), or a sign that
// matters next to numbers (- – / % $ € ~ + …).
type atom struct {
	kind       atomKind
	raw        string // as written
	word       string // a word folded, else ""
	capital    bool
	start, end int
}

type atomKind int

const (
	wordAtom atomKind = iota
	numberAtom
	signAtom
)

// signs are the characters kept as atoms of their own.
const signs = "-–—/%$€£~+.,:'’"

// atoms splits s into the atoms the fact parser reads. White space and other
// punctuation separate atoms and are dropped.
func atoms(s string) []atom {
	var out []atom
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsLetter(r):
			j := i
			for j < len(s) {
				c, m := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(c) && c != '\u0301' && c != '\u0300' {
					break
				}
				j += m
			}
			out = append(out, atom{kind: wordAtom, raw: s[i:j], word: fold(s[i:j]), capital: unicode.IsUpper(r), start: i, end: j})
			i = j
		case r >= '0' && r <= '9':
			j := numberEnd(s, i)
			out = append(out, atom{kind: numberAtom, raw: s[i:j], start: i, end: j})
			i = j
		case strings.ContainsRune(signs, r):
			out = append(out, atom{kind: signAtom, raw: s[i : i+n], start: i, end: i + n})
			i += n
		default:
			i += n
		}
	}
	return out
}

// numberEnd returns the end of the number that starts at s[i]: digits, and
// groups of digits after a "," or "." ("3,800", "2.5", "20.000"), or after a
// space when exactly three digits follow ("20 000").
func numberEnd(s string, i int) int {
	j := digitsEnd(s, i)
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		switch {
		case r == ',' || r == '.':
			if k := digitsEnd(s, j+1); k > j+1 {
				j = k
				continue
			}
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009':
			if k := digitsEnd(s, j+n); k == j+n+3 && !nextIsDigit(s[k:]) && digitsBefore(s, j) <= 3 {
				j = k
				continue
			}
		}
		break
	}
	return j
}

func digitsEnd(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// digitsBefore counts the digits just before s[j].
func digitsBefore(s string, j int) int {
	n := 0
	for j > 0 && s[j-1] >= '0' && s[j-1] <= '9' {
		j--
		n++
	}
	return n
}
