package answer

import (
	"maps"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/cstobot/cstobot/internal/text"
)

// shorten cuts a sentence longer than limit characters to the run of
// consecutive clauses, within limit, that holds the most of what the
// sentence holds of the question (its terms by weight, and what the
// question asks for, want, above all), the shortest among equals; then
// grows it by the clauses that follow, and then by those before, while it
// stays within target (and limit), so that a cut reads as a statement and
// not a fragment ("…is actually simple, because the contingents …"). A run never leaves a quotation
// mark or a parenthesis open that the sentence closes. The cuts are marked
// with "…". When no run fits, the sentence is kept whole.
func shorten(s string, weight map[string]float64, want func(string) bool, limit, target int) string {
	if runes(s) <= limit {
		return s
	}
	target = min(target, limit)
	clauses := splitClauses(s)
	matched := clauseMatches(clauses, weight, want)
	whole := balanced(s)
	ok := func(from, to int) bool {
		return !whole || balanced(strings.Join(clauses[from:to+1], ""))
	}
	from, to, size, best := -1, -1, 0, -1.0
	for i := range clauses {
		n, got := 0, map[string]bool{}
		for j := i; j < len(clauses); j++ {
			if n += runes(clauses[j]); n > limit {
				break
			}
			maps.Copy(got, matched[j])
			v := heldWeight(got, weight)
			if (v > best || v == best && n < size) && ok(i, j) {
				from, to, size, best = i, j, n, v
			}
		}
	}
	if from < 0 {
		return s
	}
	for to+1 < len(clauses) && size+runes(clauses[to+1]) <= target && ok(from, to+1) {
		to++
		size += runes(clauses[to])
	}
	for from > 0 && size+runes(clauses[from-1]) <= target && ok(from-1, to) {
		from--
		size += runes(clauses[from])
	}
	out := strings.TrimRight(strings.Join(clauses[from:to+1], ""), ",;: ")
	if from > 0 {
		out = "…" + out
	}
	if to < len(clauses)-1 {
		out += "…"
	}
	return out
}

// wantKey stands, among the terms a clause holds, for what the question
// asks for; no term is empty.
const wantKey = ""

// heldWeight is the weight of the question terms in got, and what the
// question asks for counted above any term.
func heldWeight(got map[string]bool, weight map[string]float64) float64 {
	v, top := 0.0, 0.0
	for _, t := range inOrder(weight) {
		w := weight[t]
		top = max(top, w)
		if got[t] {
			v += w
		}
	}
	if got[wantKey] {
		v += 2 * top
	}
	return v
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// clauseMatches returns what each clause holds of the question: its terms,
// or related ones, and wantKey when it has what want looks for.
func clauseMatches(clauses []string, weight map[string]float64, want func(string) bool) []map[string]bool {
	matched := make([]map[string]bool, len(clauses))
	for i, c := range clauses {
		matched[i] = map[string]bool{}
		for _, t := range text.Terms(c) {
			if q, ok := questionTerm(t, weight); ok {
				matched[i][q] = true
			}
		}
		if want != nil && want(c) {
			matched[i][wantKey] = true
		}
	}
	return matched
}

// splitClauses cuts s after each comma, semicolon or colon and the
// spaces that follow, and before a word that starts a subordinate clause
// ("because", "which", "in order to"); joined again, the clauses give text
// back.
func splitClauses(s string) []string {
	var out []string
	start := 0
	for _, loc := range clauseRE.FindAllStringSubmatchIndex(s, -1) {
		end := loc[1] // after the punctuation and its spaces
		if loc[2] >= 0 {
			end = loc[2] // before the word
		}
		if end > start {
			out = append(out, s[start:end])
			start = end
		}
	}
	return append(out, s[start:])
}

// clauseRE separates clauses: a comma, semicolon or colon and the spaces
// after it, or the space before a word that opens a clause (group 1).
var clauseRE = regexp.MustCompile(`[,;:]\s+|\s((?:because|which|where|while|whereas|although|so that|in order to)\s)`)

// balanced reports whether s closes every quotation and parenthesis it
// opens. Straight quotes and curly ones are counted together: the article
// opens with one and closes with the other ("Pact of Tashkent ”).
func balanced(s string) bool {
	quotes := strings.Count(s, `"`) + strings.Count(s, "“") + strings.Count(s, "”")
	return quotes%2 == 0 &&
		strings.Count(s, "«") == strings.Count(s, "»") &&
		strings.Count(s, "(") == strings.Count(s, ")")
}

// tidyQuotes drops the space the article sometimes leaves inside quotation
// marks ("Pact of Tashkent ”), for display: the quote kept as evidence is
// the passage's own text.
var tidyQuotes = strings.NewReplacer(" ”", "”", "“ ", "“")
