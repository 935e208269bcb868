package lang

import "strings"

// profile is what marks a Latin-script language: its most frequent function
// words (question words among them, since the texts are mostly questions),
// the letters only it (of the languages here) uses often, and character
// trigrams frequent in it and rare in the others. The tables are small and
// written by hand; a word found in several languages' lists ("de", "la")
// counts for each, so only the words and trigrams that differ decide.
type profile struct {
	lang    string
	words   map[string]bool
	letters string
	grams   map[string]bool
}

var profiles = []profile{
	{
		lang: "en",
		words: set(`the of and to in is was are were be been it that this which
			who whom what when where why how did does do has have had with for on
			by from as at an or not can could would will should its their there
			many much after before about into than also`),
		grams: set(`_th the he_ ing ng_ _wh hat ed_ _an and nd_ _of of_ ion tio
			_is is_ _wa was _ha ere _be`),
	},
	{
		lang: "it",
		words: set(`il lo la gli le un uno una di del dello della dei degli delle
			al alla ai agli alle dal dalla nel nella nei sul sulla con per tra fra
			che chi cui non come dove quando quale quali quanti quante quanto
			perché cosa è sono era erano fu ha hanno anche ancora più già poi
			secondo l' dell' all' nell' un' questo questa quello quella ed ci
			si cos' dov' qual`),
		letters: "ìò",
		grams: set(`_di _il _la la_ lla ell del ono no_ _ch che he_ _qu ent nto
			zio ion one ne_ gli li_ per _co _pe ato to_ità tà_ sta`),
	},
	{
		lang: "fr",
		words: set(`le la les un une des du de d' l' au aux et ou mais que qui quoi
			quel quelle quels quelles ne pas plus dans par pour sur avec sans sous
			entre est sont était étaient été être avoir ont avait ce cet cette ces
			son sa ses leur leurs il elle ils elles on nous vous je se en comment
			combien quand pourquoi où selon aussi qu' n' s' c' j' y`),
		letters: "çêâôûœë",
		grams: set(`_le les es_ _de de_ ent nt_ _qu que ue_ _la _et et_ _un ion
			eur ur_ _po our _pa _es est ait _ét été _co aux ux_`),
	},
	{
		lang: "de",
		words: set(`der die das den dem des ein eine einer eines einem und oder
			aber nicht ist sind war waren wurde wurden hat haben wer wen wem was
			wann wo warum wie welche welcher welches mit von zu zum zur im in auf
			für bei nach aus über auch noch schon es sie er wir ihr`),
		letters: "äöüß",
		grams: set(`_de der er_ die ie_ _di ein _ei sch ch_ cht ich _un und nd_
			en_ _zu ung ng_ _wa wur _ge`),
	},
	{
		lang: "es",
		words: set(`el la los las un una unos unas de del al y o pero que quién
			quiénes cuál cuáles cuándo cuánto cuántos cuántas dónde cómo por qué
			porque no es son fue fueron era eran ha han con para por en sobre entre
			su sus según también muy se lo`),
		letters: "ñ¿¡",
		grams: set(`_de de_ _la la_ _el el_ os_ _lo los as_ _qu que ue_ ión ón_
			_co _en en_ _es ado ado _po nte _y_`),
	},
	{
		lang: "pt",
		words: set(`o a os as um uma uns umas de do da dos das no na nos nas ao aos
			e ou mas que quem qual quais quando quanto quantos onde como por porque
			não é são foi foram era eram tem têm com para em sobre entre seu sua
			segundo também muito se`),
		letters: "ãõ",
		grams: set(`_de de_ _do do_ _da da_ os_ _qu que ão_ ção _co _em em_ _nã
			não ões es_ _pa ara ra_`),
	},
}

// Russian function and question words, and Ukrainian ones that Russian
// lacks (words both share would not tell them apart), for Cyrillic text.
var (
	ruWords = set(`и в во не что он на я с со как а то все она так его но да ты к
		у же вы за бы по только её мне было вот от меня ещё нет о из ему когда
		даже ли если уже или ни быть был была были кто где какой какая какие
		сколько почему зачем чем это эта этот эти между после при для до под
		над через согласно статье который которая которые`)
	ukWords = set(`і й та що він вона вони як але це ця цей ці з із зі від був
		була були хто де який яка які скільки чому коли між після згідно статті
		котрий`)
)

// set reads a table: words separated by white space; an "_" in a trigram
// stands for the space that pads a word.
func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[strings.ReplaceAll(w, "_", " ")] = true
	}
	return m
}
