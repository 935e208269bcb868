package text

import "github.com/blevesearch/snowballstem/portuguese"

// portugues is known well enough to be told apart and answered in; it has
// no glossary yet, so a Portuguese question meets English sources through
// names and shared words only.
var portugues = &Language{
	Code: "pt", Name: "Portuguese", Script: Latin,
	Stop: `o a os as um uma uns umas de do da dos das no na nos nas ao aos e ou mas
que quem qual quais quando quanto quantos onde como por porque não é são foi
foram era eram tem têm com para em sobre entre seu sua segundo também muito se`,
	Stem: snowball(portuguese.Stem),
	Cues: Cues{
		When: `quando, em que ano`, HowMany: `quantos, quantas, quanto`, Who: `quem`,
		Where: `onde`, Why: `por que, porque`, Which: `qual, quais`, And: `e`,
	},
	Profile: Profile{
		Words: `o a os as um uma uns umas de do da dos das no na nos nas ao aos
			e ou mas que quem qual quais quando quanto quantos onde como por porque
			não é são foi foram era eram tem têm com para em sobre entre seu sua
			segundo também muito se`,
		Letters: "ãõ",
		Grams: `_de de_ _do do_ _da da_ os_ _qu que ão_ ção _co _em em_ _nã
			não ões es_ _pa ara ra_`,
	},
	Phrases: map[Msg]string{
		MsgRefusal: "As fontes que tenho não tratam desse assunto.",
	},
}

func init() { register(portugues) }
