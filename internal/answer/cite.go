package answer

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/cstobot/cstobot/knowledge"
)

// cite checks the [n] markers of a drafted text against the sources the
// model was given. Markers may list or span sources ([1, 2], [1-3]); numbers
// outside 1..len(given) are dropped, and a marker left with none is removed
// from the text. The kept sources are renumbered 1..m in order of first
// appearance and written back one per bracket ([1][2]), so that the returned
// citations are exactly those the text refers to, numbered as in the text.
func cite(text string, given []knowledge.Passage) (string, []Citation) {
	srcs := given
	for {
		out, order := renumber(text, len(srcs))
		kept := make([]knowledge.Passage, len(order))
		for i, o := range order {
			kept[i] = srcs[o]
		}
		srcs = kept
		// Removing a marker can join its neighbours into a new one ("[[9]1]"
		// becomes "[1]"), so go again until a pass changes nothing; then
		// every marker is canonical and numbered in order. Each further pass
		// shortens the text or makes it canonical, so this ends.
		if out == text {
			break
		}
		text = out
	}
	if len(srcs) == 0 {
		return text, nil
	}
	cs := make([]Citation, len(srcs))
	for i, p := range srcs {
		cs[i] = Citation{N: i + 1, Passage: p}
	}
	return text, cs
}

// renumber does one pass of [cite] over text for n sources. order[k-1] is
// the 0-based index of the source that the output's [k] refers to.
func renumber(text string, n int) (out string, order []int) {
	newNum := make(map[int]int) // source number → new number
	buf := make([]byte, 0, len(text))
	for i := 0; i < len(text); {
		nums, end, ok := parseMarker(text, i, n)
		if !ok {
			buf = append(buf, text[i])
			i++
			continue
		}
		var seen []int
		for _, v := range nums {
			k, done := newNum[v]
			if !done {
				order = append(order, v-1)
				k = len(order)
				newNum[v] = k
			}
			if !slices.Contains(seen, k) {
				seen = append(seen, k)
			}
		}
		if len(seen) == 0 && endsPhrase(text, end) {
			// "a claim [9]." reads "a claim.", not "a claim ."
			buf = bytes.TrimRight(buf, " \t")
		}
		for _, k := range seen {
			buf = append(buf, '[')
			buf = strconv.AppendInt(buf, int64(k), 10)
			buf = append(buf, ']')
		}
		i = end
	}
	return string(buf), order
}

// parseMarker reads a citation marker starting at text[i]: "[" then numbers
// or ranges (a-b, a–b) separated by commas or semicolons, spaces allowed,
// then "]". It returns, in order, the numbers it names that lie in 1..n, and
// the index just past "]".
func parseMarker(text string, i, n int) (nums []int, end int, ok bool) {
	if text[i] != '[' {
		return nil, 0, false
	}
	j := i + 1
	for {
		a, next, ok := parseNum(text, skipBlanks(text, j))
		if !ok {
			return nil, 0, false
		}
		j = skipBlanks(text, next)
		b := a
		if w := dashWidth(text, j); w > 0 {
			if b, next, ok = parseNum(text, skipBlanks(text, j+w)); !ok {
				return nil, 0, false
			}
			j = skipBlanks(text, next)
		}
		// Clamped to 1..n, so "[1-999999999]" stays cheap.
		for v := max(a, 1); v <= min(b, n); v++ {
			nums = append(nums, v)
		}
		if j >= len(text) {
			return nil, 0, false
		}
		switch text[j] {
		case ']':
			return nums, j + 1, true
		case ',', ';':
			j++
		default:
			return nil, 0, false
		}
	}
}

// parseNum reads the ASCII digits at text[j]. Values past any possible
// source number saturate rather than overflow.
func parseNum(text string, j int) (v, end int, ok bool) {
	const limit = 1 << 20
	for end = j; end < len(text) && text[end] >= '0' && text[end] <= '9'; end++ {
		v = min(v*10+int(text[end]-'0'), limit)
	}
	return v, end, end > j
}

// dashWidth returns the width in bytes of the hyphen or en dash at text[j],
// or 0 when there is none.
func dashWidth(text string, j int) int {
	switch {
	case strings.HasPrefix(text[j:], "-"):
		return 1
	case strings.HasPrefix(text[j:], "–"):
		return len("–")
	}
	return 0
}

func skipBlanks(text string, j int) int {
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	return j
}

// endsPhrase reports whether what follows index i closes a phrase: the end
// of the text, whitespace or closing punctuation.
func endsPhrase(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	c := rune(text[i])
	return unicode.IsSpace(c) || strings.ContainsRune(".,;:!?)", c)
}
