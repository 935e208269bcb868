package text

// phoneticKey folds the spelling variants that transliteration and
// different languages produce for the same name, then drops final vowels
// (so "Russia", "Russie" and the stem of "Россия" meet). Rules, in order:
// dzh/dj/zh → j, sch and sh → ch, kh → h, gh → g, tz → ts, x → ks, ph → f,
// w → v, a "y"
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
		case c == 's' && next == 'c' && i+2 < len(w) && w[i+2] == 'h': // German sch
			dst, i = append(dst, 'c', 'h'), i+2
		case c == 's' && next == 'h': // Pashinyan, Pachinian, Paschinjan
			dst, i = append(dst, 'c', 'h'), i+1
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
