package answer

import (
	"strings"
	"unicode"

	"github.com/cstobot/cstobot/internal/text"
)

// placeGroup is one place and the names writers use for it, in the
// languages the bot answers in: the country, its capital and its seat of
// power (metonymy: "Moscow" and "the Kremlin" for Russia), its demonyms.
// Each entry is a folded prefix: "армени" holds "Армения", "Армении",
// "армянский" does not need its own entry when "армян" is listed.
type placeGroup []string

func (g placeGroup) has(w string) bool {
	for _, p := range g {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// placeGroups lists the places of the CSTO's world. A name in one of them
// is an entity the check knows: a sentence that names it where its
// sources name another place states something else.
var places = []placeGroup{
	{"russ", "rusia", "ruso", "rusa", "moscow", "mosca", "moscou", "moskau", "moscu", "kremlin", "cremlin", "kreml", "росси", "русск", "москв", "кремл"},
	{"armeni", "armen", "yerevan", "erevan", "eriwan", "армени", "армян", "ереван"},
	{"kazakh", "kazak", "kazaj", "kasach", "astana", "almaty", "nur-sultan", "казах", "астан", "алмат"},
	{"belarus", "bielorus", "belorus", "weissruss", "minsk", "белорус", "беларус", "минск"},
	{"kyrgyz", "kirghiz", "kirgis", "kirguis", "bishkek", "bichkek", "bischkek", "кыргыз", "киргиз", "бишкек"},
	{"tajik", "tadjik", "tadzhik", "tadschik", "tagik", "tayik", "dushanbe", "douchanbe", "duschanbe", "таджик", "душанб"},
	{"uzbek", "ouzbek", "usbek", "tashkent", "tachkent", "taschkent", "uzbeq", "узбек", "ташкент"},
	{"azerbai", "azerbaï", "aserbaid", "azerí", "azeri", "baku", "bakou", "азербайдж", "баку"},
	{"georgi", "géorgi", "georgi", "tbilisi", "грузи", "тбилис"},
	{"ukrain", "ucrain", "kyiv", "kiev", "kiew", "украин", "киев"},
	{"finland", "finlan", "finnla", "finnish", "finnis", "helsinki", "финлянд", "финск"},
	{"sweden", "swedish", "suède", "svezia", "schwed", "suecia", "stockholm", "швеци", "шведск"},
	{"china", "chinese", "chine", "cina", "beijing", "pékin", "pechino", "peking", "pekín", "китай", "пекин"},
	{"india", "inde", "indien", "delhi", "инди"},
	{"united states", "america", "usa", "états-unis", "stati uniti", "estados unidos", "washington", "сша", "америк", "вашингтон"},
	{"afghan", "kabul", "kaboul", "афган", "кабул"},
	{"moldov", "chisinau", "молдов"},
	{"turkmen", "ashgabat", "туркмен"},
	{"iran", "tehran", "téhéran", "teheran", "иран", "тегеран"},
	{"turkey", "türkei", "turquie", "turchia", "turquía", "ankara", "турци"},
	{"nato", "otan", "нато"},
	{"soviet", "ussr", "urss", "udssr", "sowjet", "sovi", "ссср", "советск"},
}

// placeGroups returns the groups a name belongs to.
func placeGroups(word string) []placeGroup {
	w := text.Fold(word)
	var out []placeGroup
	for _, g := range places {
		if g.has(w) {
			out = append(out, g)
		}
	}
	return out
}

// negations are the words by which a sentence denies, by language, folded.
var negations = wordSet(`not never no nor cannot without n't none neither
	не нет никогда ни без
	non mai nessun nessuna senza
	ne pas jamais aucun aucune sans
	nicht nie niemals kein keine keinen keinem keiner ohne
	nunca ningún ninguna ninguno sin`)

// hasNegation reports whether s holds a word of denial.
func hasNegation(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		w = text.Fold(w)
		if negations[w] || strings.HasSuffix(w, "n't") {
			return true
		}
	}
	return false
}
