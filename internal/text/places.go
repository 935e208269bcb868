package text

import (
	"strings"
	"sync"
)

// places lists, for each country the sources often name, the words that
// may stand for it in the languages the bot answers in: its names, its
// capital (metonymy: "Moscow" or "the Kremlin" for Russia), and its
// demonyms. The first word is the place's key.
var places = [][]string{
	{"Russia", "Russian", "Russians", "Russian Federation", "Moscow", "Kremlin", "Россия", "Россией", "русский", "российский", "Москва", "Кремль",
		"Russland", "russisch", "Moskau", "Kreml", "Russie", "russe", "Moscou", "Russia", "russo", "Mosca", "Cremlino", "Rusia", "ruso", "Moscú", "Kremlin"},
	{"Armenia", "Armenian", "Armenians", "Yerevan", "Армения", "армянский", "Ереван", "Armenien", "armenisch", "Jerewan", "Arménie", "arménien", "Erevan",
		"armeno", "armenio", "Ereván"},
	{"Azerbaijan", "Azerbaijani", "Azeri", "Baku", "Азербайджан", "азербайджанский", "Баку", "Aserbaidschan", "aserbaidschanisch", "Azerbaïdjan",
		"azerbaïdjanais", "Azerbaigian", "azero", "Azerbaiyán", "azerbaiyano", "Bakú"},
	{"Belarus", "Belarusian", "Belarusians", "Minsk", "Белоруссия", "Беларусь", "белорусский", "Минск", "Weißrussland", "belarussisch", "Bélarus",
		"Biélorussie", "biélorusse", "bielorusso", "Bielorrusia", "bielorruso"},
	{"Kazakhstan", "Kazakh", "Kazakhs", "Astana", "Almaty", "Казахстан", "казахский", "Астана", "Алма-Ата", "Kasachstan", "kasachisch", "kazakh",
		"Kazakistan", "kazako", "Kazajistán", "kazajo"},
	{"Kyrgyzstan", "Kyrgyz", "Kirghiz", "Bishkek", "Киргизия", "Кыргызстан", "киргизский", "Бишкек", "Kirgisistan", "kirgisisch", "Bischkek",
		"Kirghizistan", "kirghize", "Bichkek", "Kirghizistan", "kirghiso", "Kirguistán", "kirguís"},
	{"Tajikistan", "Tajik", "Tajiks", "Dushanbe", "Таджикистан", "таджикский", "Душанбе", "Tadschikistan", "tadschikisch", "Duschanbe",
		"Tadjikistan", "tadjik", "Douchanbé", "Tagikistan", "tagiko", "Tayikistán", "tayiko"},
	{"Uzbekistan", "Uzbek", "Uzbeks", "Tashkent", "Узбекистан", "узбекский", "Ташкент", "Usbekistan", "usbekisch", "Taschkent",
		"Ouzbékistan", "ouzbek", "Tachkent", "uzbeko", "Uzbekistán", "uzbeko", "Taskent"},
	{"Georgia", "Georgian", "Tbilisi", "Грузия", "грузинский", "Тбилиси", "Georgien", "georgisch", "Géorgie", "géorgien", "georgiano"},
	{"Ukraine", "Ukrainian", "Kyiv", "Kiev", "Украина", "украинский", "Киев", "ukrainisch", "ukrainien", "Ucraina", "ucraino", "Ucrania", "ucraniano"},
	{"Moldova", "Moldovan", "Chisinau", "Молдавия", "Молдова", "Кишинёв", "Moldau", "Moldavie", "Chișinău"},
	{"Turkmenistan", "Turkmen", "Ashgabat", "Туркмения", "Туркменистан", "Turkménistan", "turkmène"},
	{"United States", "American", "Americans", "Washington", "USA", "US", "США", "Вашингтон", "американский", "Vereinigte Staaten", "amerikanisch",
		"États-Unis", "américain", "Stati Uniti", "americano", "Estados Unidos", "Washington"},
	{"China", "Chinese", "Beijing", "Китай", "китайский", "Пекин", "chinesisch", "Peking", "Chine", "chinois", "Pékin", "Cina", "cinese", "Pechino",
		"chino", "Pekín"},
	{"India", "Indian", "New Delhi", "Индия", "индийский", "Indien", "indisch", "Inde", "indien", "indiano", "indio"},
	{"France", "French", "Paris", "Франция", "французский", "Frankreich", "französisch", "français", "Francia", "francese", "francés"},
	{"Turkey", "Turkish", "Ankara", "Турция", "турецкий", "Türkei", "türkisch", "Turquie", "turc", "Turchia", "turco", "Turquía"},
	{"Iran", "Iranian", "Tehran", "Иран", "иранский", "iranisch", "iranien", "iraniano", "iraní"},
	{"Mongolia", "Mongolian", "Ulaanbaatar", "Монголия", "монгольский", "Улан-Батор", "Mongolei", "mongolisch", "Mongolie", "mongol", "mongolo"},
	{"Germany", "German", "Berlin", "Германия", "немецкий", "Deutschland", "deutsch", "Allemagne", "allemand", "Germania", "tedesco", "Alemania", "alemán"},
	{"United Kingdom", "British", "London", "Britain", "Великобритания", "британский", "Лондон", "Großbritannien", "britisch", "Royaume-Uni",
		"britannique", "Londres", "Regno Unito", "britannico", "Londra", "Reino Unido", "británico"},
	{"Poland", "Polish", "Warsaw", "Польша", "польский", "Варшава", "Polen", "polnisch", "Warschau", "Pologne", "polonais", "Varsovie", "Polonia",
		"polacco", "Varsavia", "polaco", "Varsovia"},
	{"Finland", "Finnish", "Helsinki", "Финляндия", "финский", "Finnland", "finnisch", "Finlande", "finlandais", "Finlandia", "finlandese", "finlandés"},
	{"Japan", "Japanese", "Tokyo", "Япония", "японский", "japanisch", "Japon", "japonais", "Giappone", "giapponese", "Japón", "japonés"},
	{"Pakistan", "Pakistani", "Islamabad", "Пакистан", "pakistanisch", "pakistanais", "pakistano", "Pakistán", "paquistaní"},
	{"Syria", "Syrian", "Damascus", "Сирия", "сирийский", "Syrien", "syrisch", "Syrie", "syrien", "Siria", "siriano", "sirio"},
	{"Serbia", "Serbian", "Belgrade", "Сербия", "сербский", "Serbien", "serbisch", "Serbie", "serbe", "serbo", "serbio"},
	{"Afghanistan", "Afghan", "Kabul", "Афганистан", "афганский", "afghanisch", "afghan", "afgano", "Afganistán"},
}

// placeTerms maps each term of a word of places to its place's key. It is
// built on first use: the analyser needs the languages, which register in
// init functions, after package variables are set.
var placeTerms = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, forms := range places {
		for _, f := range forms {
			ts := Terms(f)
			if len(ts) == 0 {
				continue
			}
			// A name of several words stands by its last term ("United
			// States" by "states" would be too loose): keep one-word forms
			// and the full run of a longer one.
			m[strings.Join(ts, " ")] = forms[0]
			if len(ts) == 1 {
				m[ts[0]] = forms[0]
			}
		}
	}
	return m
})

// Place returns the country a term stands for (a name, capital, demonym or
// seat of power of it, in any language), and whether it is one: "moscow",
// "kremlin" and "russian" all stand for Russia.
func Place(term string) (string, bool) {
	terms := placeTerms()
	if p, ok := terms[term]; ok {
		return p, true
	}
	for t, p := range terms {
		if len(t) >= 5 && SameName(term, t) {
			return p, true
		}
	}
	return "", false
}
