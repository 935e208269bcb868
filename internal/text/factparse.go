package text

import (
	"math"
	"strings"
)

// factParser reads the facts of one text, atom by atom.
type factParser struct {
	s     string
	as    []atom
	langs []*Language
	out   []Fact
}

func (p *factParser) parse() []Fact {
	for i := 0; i < len(p.as); {
		if p.inMarker(i) {
			i++
			continue
		}
		f, end, ok := p.date(i)
		if !ok {
			f, end, ok = p.count(i)
		}
		if !ok {
			i++
			continue
		}
		f.Start, f.End = p.as[i].start, p.as[end-1].end
		if f.Kind == Count || f.Kind == Multiple {
			f.Start = p.boundStart(i, f.Start)
		}
		f.Text = p.s[f.Start:f.End]
		p.out = append(p.out, f)
		i = end
	}
	return p.out
}

// inMarker reports whether atom i is the number of a citation marker
// ("[1]"), which states nothing.
func (p *factParser) inMarker(i int) bool {
	a := p.as[i]
	return a.kind == numberAtom && a.start > 0 && p.s[a.start-1] == '[' && a.end < len(p.s) && strings.ContainsRune("],", rune(p.s[a.end]))
}

// adjacent reports whether atoms i and i+1 touch, with no space between.
func (p *factParser) adjacent(i int) bool {
	return i+1 < len(p.as) && p.as[i].end == p.as[i+1].start
}

func (p *factParser) word(i int) string {
	if i < 0 || i >= len(p.as) || p.as[i].kind != wordAtom {
		return ""
	}
	return p.as[i].word
}

func (p *factParser) sign(i int) string {
	if i < 0 || i >= len(p.as) || p.as[i].kind != signAtom {
		return ""
	}
	return p.as[i].raw
}

// value reads a number at atom i, in digits or in words, with the scale
// word after it ("20 thousand", "2.5 million"): its value, whether it was
// written in digits and the raw digits, and the index after it.
func (p *factParser) value(i int) (v float64, digits string, end int, ok bool) {
	if i >= len(p.as) {
		return 0, "", i, false
	}
	a := p.as[i]
	switch a.kind {
	case numberAtom:
		if v, ok = numberValue(a.raw); !ok {
			return 0, "", i, false
		}
		digits, end = a.raw, i+1
	case wordAtom:
		if v, end, ok = wordNumber(p.as, i, p.langs); !ok {
			return 0, "", i, false
		}
	default:
		return 0, "", i, false
	}
	if scale, next := scaleAfter(p.as, end, p.langs); scale > 1 && !(next > end && p.word(end) == "m" && !p.adjacent(end-1)) {
		v, end = v*scale, next
	}
	return v, digits, end, true
}

// count reads a Count, an Ordinal or a Multiple at atom i.
func (p *factParser) count(i int) (Fact, int, bool) {
	if m, ok := p.multipleWord(i); ok {
		return Fact{Kind: Multiple, Lo: m, Hi: m}, i + 1, true
	}
	v, digits, end, ok := p.value(i)
	if !ok {
		return Fact{}, i, false
	}
	if n := p.ordinalSuffix(end - 1); digits != "" && n > 0 {
		return Fact{Kind: Ordinal, Lo: v, Hi: v}, end + n, true
	}
	f := Fact{Kind: Count, Lo: v, Hi: v}
	if f, end, ok := p.rangeTo(f, i, end); ok {
		return p.measure(f, i, end)
	}
	if p.times(end) {
		return Fact{Kind: Multiple, Lo: v, Hi: v}, end + 1, true
	}
	return p.measure(f, i, end)
}

// rangeTo reads the end of a range after a first value ("20-30.000",
// "20,000 to 30,000", "between 5 and 10").
func (p *factParser) rangeTo(f Fact, from, end int) (Fact, int, bool) {
	sep := p.sign(end)
	link := p.word(end)
	isDash := sep == "-" || sep == "–" || sep == "—"
	if !isDash && !rangeWords[link] && !(andWords[link] && betweenWords[p.word(from-1)]) {
		return f, end, false
	}
	hi, _, next, ok := p.value(end + 1)
	if !ok {
		return f, end, false
	}
	lo := f.Lo
	for _, k := range []float64{1e9, 1e6, 1e3} {
		if lo < 1000 && lo*k <= hi && math.Mod(hi, k) == 0 && lo < hi/k*10 && hi/lo >= k/10 {
			lo *= k
			break
		}
	}
	if lo > hi {
		return f, end, false
	}
	f.Lo, f.Hi = lo, hi
	return f, next, true
}

var (
	rangeWords   = set("to a à au до bis hasta al fino")
	andWords     = set("and e et und y и")
	betweenWords = set("between tra fra entre zwischen между от from da de von")
)

// measure completes a Count: its unit ("30%", "5 km", "$20 million") and
// the noun it counts.
func (p *factParser) measure(f Fact, start, end int) (Fact, int, bool) {
	switch s := p.sign(start - 1); {
	case s == "$" && p.adjacent(start-1):
		f.Unit = "usd"
	case s == "€" && p.adjacent(start-1):
		f.Unit = "eur"
	case s == "£" && p.adjacent(start-1):
		f.Unit = "gbp"
	}
	switch {
	case p.sign(end) == "%":
		f.Unit, end = "%", end+1
	case p.word(end) == "per" && (p.word(end+1) == "cent" || p.word(end+1) == "cento"),
		p.word(end) == "pour" && p.word(end+1) == "cent",
		p.word(end) == "por" && p.word(end+1) == "ciento":
		f.Unit, end = "%", end+2
	default:
		if u := p.unit(end); u != "" {
			f.Unit, end = u, end+1
		}
	}
	f.Noun = p.noun(end)
	p.bound(&f, start)
	return f, end, true
}

func (p *factParser) unit(i int) string {
	w := p.word(i)
	if w == "" {
		return ""
	}
	for _, l := range p.langs {
		if u, ok := l.units[w]; ok {
			return u
		}
	}
	return ""
}

// noun is the term of the first content word within three atoms after a
// number: what it counts.
func (p *factParser) noun(i int) string {
	for j := i; j < min(i+3, len(p.as)); j++ {
		a := p.as[j]
		if a.kind != wordAtom {
			return ""
		}
		if anyStop(a.word) {
			continue
		}
		if _, ok := numberWordIn(a.word, p.langs); ok {
			return ""
		}
		return Analyzer{}.Term(Token{Text: a.word, Capital: a.capital})
	}
	return ""
}

// Words before a number that say it is rough, a floor or a ceiling.
var (
	approxWords = set(`about around some nearly almost roughly approximately circa approx
		около примерно почти порядка приблизительно quasi circa environ presque etwa rund
		fast ungefahr unos unas casi aproximadamente`)
	floorWords   = set(`over more least beyond exceeding above более свыше больше oltre piu almeno plus moins uber mehr mindestens mas menos`)
	ceilingWords = set(`up under less fewer below до fino jusqu bis hasta`)
)

// bound sets what the words before atom i say of a Count: rough, at least,
// at most.
func (p *factParser) bound(f *Fact, i int) {
	w, w2 := p.word(i-1), p.word(i-2)
	switch {
	case approxWords[w] || p.sign(i-1) == "~":
		f.Approx = true
	case floorWords[w] || floorWords[w2] && (w == "than" || w == "di" || w == "de" || w == "als"):
		f.Hi = math.Inf(1)
	case ceilingWords[w2] && (w == "to" || w == "a" || w == "than" || w == "zu") || w == "under" || w == "below":
		f.Lo = 0
	}
}

// boundStart moves the start of a Count's text back over the words that
// bound it, so that Text shows "about 3,800".
func (p *factParser) boundStart(i, start int) int {
	w := p.word(i - 1)
	if approxWords[w] || floorWords[w] || w == "under" || w == "below" {
		return p.as[i-1].start
	}
	return start
}

func (p *factParser) multipleWord(i int) (float64, bool) {
	w := p.word(i)
	for _, l := range p.langs {
		if m, ok := l.multiples[w]; ok {
			return m, true
		}
	}
	return 0, false
}

func (p *factParser) times(i int) bool {
	w := p.word(i)
	for _, l := range p.langs {
		if l.times[w] {
			return true
		}
	}
	return false
}

// ordinalSuffix returns how many atoms after the number at atom i make it
// an ordinal ("103rd", "98a", "2º": one; "5-й": two), 0 for none.
func (p *factParser) ordinalSuffix(i int) int {
	if !p.adjacent(i) {
		return 0
	}
	if w := p.word(i + 1); ordinalEndings[w] && !p.adjacent(i+1) || ordinalEndings[w] && p.sign(i+2) != "" {
		return 1
	}
	if p.sign(i+1) == "-" && p.adjacent(i+1) && ruOrdinalEndings[p.word(i+2)] {
		return 2
	}
	return 0
}

var (
	ordinalEndings   = set("st nd rd th a o e er eme ere ª º")
	ruOrdinalEndings = set("й я е го му м ой ым ий")
)
