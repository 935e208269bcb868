package text

import "strings"

// stemEnglish strips the common inflectional and a few derivational English
// suffixes. It is deliberately light: terms only need to meet each other, and
// phoneticKey's final-vowel rule already joins "make" and "making".
func stemEnglish(w string) string {
	if len(w) <= 3 {
		return w
	}
	w = stemInflection(w)
	for _, r := range derivations {
		if strings.HasSuffix(w, r.suffix) && len(w)-len(r.suffix) >= r.minStem {
			return w[:len(w)-len(r.suffix)] + r.repl
		}
	}
	return w
}

// stemInflection removes plural and verb endings: -s, -es, -ies, -ed, -ing.
func stemInflection(w string) string {
	n := len(w)
	switch {
	case strings.HasSuffix(w, "sses"):
		return w[:n-2]
	case strings.HasSuffix(w, "ies") || strings.HasSuffix(w, "ied"):
		if n > 4 {
			return w[:n-3] + "y"
		}
	case strings.HasSuffix(w, "ing"):
		if n-3 >= 3 && hasVowel(w[:n-3]) {
			return w[:n-3]
		}
	case strings.HasSuffix(w, "ed"):
		if n-2 >= 3 && hasVowel(w[:n-2]) {
			return w[:n-2]
		}
	case strings.HasSuffix(w, "es") && n > 4 && strings.ContainsAny(w[n-3:n-2], "sxz"),
		strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:n-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

// derivations are tried in order after inflection; the first that fits wins.
var derivations = []struct {
	suffix, repl string
	minStem      int
}{
	{"ational", "ate", 3}, {"ization", "", 3}, {"isation", "", 3},
	{"ency", "ent", 3}, {"ence", "ent", 3}, {"our", "or", 3},
	{"ation", "ate", 3}, {"ments", "", 4}, {"ment", "", 4}, {"ness", "", 3},
	{"fully", "ful", 3}, {"ally", "al", 3}, {"ly", "", 4}, {"ity", "", 4},
	{"ive", "", 4}, {"ism", "", 5}, {"ist", "", 5}, {"ers", "", 5}, {"er", "", 5},
	{"ian", "ia", 4}, {"ize", "", 4}, {"ise", "", 4}, {"iz", "", 4}, {"is", "", 4},
}

func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }
