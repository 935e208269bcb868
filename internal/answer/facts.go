package answer

import (
	"strings"
	"unicode"

	"github.com/cstobot/cstobot/retrieval"
)

// Numbers and dates are the facts a sentence must find in its source as
// they are. They are compared after analysis (retrieval.Terms keeps the
// digits of a number: "3,800" and "3800" meet), with month names and
// number words first rewritten to one form in every language:
// "13 January", "January 13" and "13 gennaio" all hold the same two facts.
//
// A month becomes its Latin name, a word that no language here uses for
// anything else, so that its analysed form cannot meet another word's.
var (
	monthWords = func() map[string]string {
		latin := strings.Fields("januarius februarius martius aprilis maius junius julius augustus septembris octobris novembris decembris")
		names := []string{
			"gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
			"janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
			"januar februar marz april mai juni juli august september oktober november dezember",
			"enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
			"январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
			"января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
			"январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре",
		}
		m := map[string]string{}
		for _, line := range names {
			for i, w := range strings.Fields(line) {
				m[w] = latin[i]
			}
		}
		return m
	}()
	// englishMonths count only when capitalised: "may" and "march" are
	// also common words.
	englishMonths = func() map[string]string {
		latin := strings.Fields("januarius februarius martius aprilis maius junius julius augustus septembris octobris novembris decembris")
		m := map[string]string{}
		for i, w := range strings.Fields("January February March April May June July August September October November December") {
			m[w] = latin[i]
			m[w[:3]] = latin[i]
		}
		delete(m, "Mar") // too often a name
		return m
	}()
	numberWords = map[string]string{
		"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
		"twelve": "12", "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
		"tre": "3", "quattro": "4", "cinque": "5", "sette": "7", "otto": "8", "nove": "9", "dieci": "10",
		"dodici": "12", "quindici": "15", "venti": "20", "trenta": "30", "cento": "100",
		"trois": "3", "quatre": "4", "cinq": "5", "sept": "7", "huit": "8", "neuf": "9", "dix": "10", "douze": "12",
		"quinze": "15", "vingt": "20", "trente": "30",
		"три": "3", "четыре": "4", "пять": "5", "шесть": "6", "семь": "7", "восемь": "8", "девять": "9", "десять": "10",
		"двенадцать": "12", "пятнадцать": "15", "двадцать": "20", "тридцать": "30", "сто": "100",
	}
	// monthTerms are the analysed forms of the Latin month names.
	monthTerms = func() map[string]bool {
		m := map[string]bool{}
		for _, t := range retrieval.Terms("januarius februarius martius aprilis maius junius julius augustus septembris octobris novembris decembris") {
			m[t] = true
		}
		return m
	}()
)

// normalizeFacts rewrites month names and number words into one form; the
// rest of text is kept as it is. Words are matched lower-cased with their
// accents ("février", "août") folded by hand for the few that have them.
func normalizeFacts(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := text[start:end]
		if r, ok := factWord(w); ok {
			b.WriteString(r)
		} else {
			b.WriteString(w)
		}
		start = -1
	}
	for i, r := range text {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
		b.WriteRune(r)
	}
	flush(len(text))
	return b.String()
}

var accentFolder = strings.NewReplacer("é", "e", "û", "u", "ä", "a")

func factWord(w string) (string, bool) {
	if r, ok := englishMonths[w]; ok {
		return r, true
	}
	lw := accentFolder.Replace(strings.ToLower(w))
	if r, ok := monthWords[lw]; ok {
		return r, true
	}
	r, ok := numberWords[lw]
	return r, ok
}

// factWordOf reports whether w is a month name or a number word.
func factWordOf(w string) bool {
	_, ok := factWord(w)
	return ok
}

// isFact reports whether an analysed term is a number or a month.
func isFact(t string) bool {
	return t != "" && (t[0] >= '0' && t[0] <= '9' || monthTerms[t])
}
