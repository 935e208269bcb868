package retrieval

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

// phoneticKey folds the spelling variants that transliteration and
// different languages produce for the same name, then drops final vowels
// (so "Russia", "Russie" and the stem of "Россия" meet). Rules, in order:
// dzh/dj/zh → j, kh → h, gh → g, tz → ts, x → ks, ph → f, w → v, a "y"
// or "i" between vowels dropped ("Tokayev", "Tokaiev" → "tokaev"), other "y"
// → i, doubled
// letters single, and a country's "-stan" cut so that it meets its people
// ("Kazakhstan" and "Kazakh" → "kazah").
func phoneticKey(w string) string {
	if len(w) <= 2 || !isASCIIWord(w) {
		return w
	}
	var arr [64]byte
	r := replaceDigraphs(arr[:0], w)
	b := make([]byte, 0, len(r))
	for i := 0; i < len(r); i++ {
		c := r[i]
		if c == 'y' || c == 'i' {
			if i > 0 && i+1 < len(r) && isVowel(r[i-1]) && isVowel(r[i+1]) {
				continue
			}
			c = 'i'
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	if n := len(b); n >= 8 && string(b[n-4:]) == "stan" {
		b = b[:n-4]
	}
	for len(b) > 3 && isVowel(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return string(b)
}

// replaceDigraphs appends w to dst with the spelling rules of phoneticKey
// that replace letters: dzh/dj/zh → j, kh → h, gh → g, tz → ts, x → ks,
// ph → f, w → v.
func replaceDigraphs(dst []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c, next := w[i], byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c == 'd' && next == 'z' && i+2 < len(w) && w[i+2] == 'h': // dzh
			dst, i = append(dst, 'j'), i+2
		case c == 'd' && next == 'j', c == 'z' && next == 'h':
			dst, i = append(dst, 'j'), i+1
		case c == 'k' && next == 'h':
			dst, i = append(dst, 'h'), i+1
		case c == 'g' && next == 'h':
			dst, i = append(dst, 'g'), i+1
		case c == 't' && next == 'z':
			dst, i = append(dst, 't', 's'), i+1
		case c == 'p' && next == 'h':
			dst, i = append(dst, 'f'), i+1
		case c == 'x':
			dst = append(dst, 'k', 's')
		case c == 'w':
			dst = append(dst, 'v')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// stemRussian strips one Russian case or verb ending, keeping a stem of at
// least three letters. The reflexive "-ся" goes first. Capitalised words are
// likely names (Токаев, Козырев), so their "-ов"/"-ев"/"-ин" stay.
func stemRussian(w string, capital bool) string {
	r := []rune(w)
	if hasRuneSuffix(r, "ся") || hasRuneSuffix(r, "сь") {
		r = r[:len(r)-2]
	}
	for _, suf := range ruSuffixes {
		if !hasRuneSuffix(r, suf) {
			continue
		}
		n := len([]rune(suf))
		if len(r)-n < 3 {
			continue
		}
		if capital && (suf == "ов" || suf == "ев" || suf == "ин") {
			break
		}
		return string(r[:len(r)-n])
	}
	return string(r)
}

// ruSuffixes is ordered longest first so that "-ами" wins over "-и".
var ruSuffixes = []string{
	"ыми", "ими", "ого", "его", "ому", "ему", "ами", "ями", "иях", "ать",
	"ять", "ить", "еть", "ала", "али", "ило", "ила", "или", "ует", "уют",
	"ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю",
	"ых", "их", "ым", "им", "ом", "ем", "ах", "ях", "ам", "ям", "ов", "ев",
	"ия", "ии", "ию", "ье", "ья", "ал", "ил", "ет", "ют", "ут", "ит", "ат",
	"ин", "а", "я", "ы", "и", "у", "ю", "е", "о", "ь", "й",
}

func hasRuneSuffix(r []rune, suf string) bool {
	s := []rune(suf)
	if len(r) < len(s) {
		return false
	}
	for i := range s {
		if r[len(r)-len(s)+i] != s[i] {
			return false
		}
	}
	return true
}

// transliterate writes Cyrillic in Latin letters, following the common
// English (BGN/PCGN-like) practice: "Казахстан" → kazakhstan, "Токаев" →
// tokaev. Other runes pass through.
func transliterate(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		if s, ok := translitTable[r]; ok {
			b.WriteString(s)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var translitTable = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u", 'қ': "k", 'ғ': "g",
	'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u", 'һ': "h", 'ә': "a",
}
