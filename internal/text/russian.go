package text

import "strings"

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
