package bot

// notes are the fixed lines the bot puts around an answer, in one
// language. They travel with the answer, so they are said in the answer's
// language (answer.Answer.Lang) rather than always in English.
type notes struct {
	// refused stands in for a refusal that came without text; the drafter
	// normally writes its own, already in the asker's language, and that
	// text is shown as it is.
	refused    string
	cutShort   string // after an answer the model stopped early
	cutRestart string // after an answer cut short by a restart
	cutRef     string // after an answer cut short by an error; %s is the log reference
}

// notesByLang holds the notes by ISO 639-1 code, for the languages the
// drafter answers in.
var notesByLang = map[string]notes{
	"en": {
		refused:    msgRefused,
		cutShort:   msgCutShort,
		cutRestart: msgCutRestart,
		cutRef:     msgCutRef,
	},
	"it": {
		refused:    "Le fonti che ho non trattano questo argomento.",
		cutShort:   "\n\n*(Questa risposta è stata interrotta.)*",
		cutRestart: "\n\n*(Questa risposta è stata interrotta: mi sto riavviando.)*",
		cutRef:     "\n\n*(Questa risposta è stata interrotta — riferimento `%s`.)*",
	},
	"fr": {
		refused:    "Les sources dont je dispose ne traitent pas de ce sujet.",
		cutShort:   "\n\n*(Cette réponse a été interrompue.)*",
		cutRestart: "\n\n*(Cette réponse a été interrompue : je redémarre.)*",
		cutRef:     "\n\n*(Cette réponse a été interrompue — référence `%s`.)*",
	},
	"ru": {
		refused:    "В моих источниках об этом ничего нет.",
		cutShort:   "\n\n*(Ответ оборвался.)*",
		cutRestart: "\n\n*(Ответ оборвался: я перезапускаюсь.)*",
		cutRef:     "\n\n*(Ответ оборвался — номер для справки `%s`.)*",
	},
	"de": {
		refused:    "Meine Quellen behandeln das nicht.",
		cutShort:   "\n\n*(Diese Antwort wurde abgebrochen.)*",
		cutRestart: "\n\n*(Diese Antwort wurde abgebrochen: Ich starte neu.)*",
		cutRef:     "\n\n*(Diese Antwort wurde abgebrochen — Referenz `%s`.)*",
	},
	"es": {
		refused:    "Las fuentes que tengo no tratan ese tema.",
		cutShort:   "\n\n*(Esta respuesta se interrumpió.)*",
		cutRestart: "\n\n*(Esta respuesta se interrumpió: me estoy reiniciando.)*",
		cutRef:     "\n\n*(Esta respuesta se interrumpió — referencia `%s`.)*",
	},
}

// notesIn returns the notes in lang, English for a language without them.
func notesIn(lang string) notes {
	if n, ok := notesByLang[lang]; ok {
		return n
	}
	return notesByLang["en"]
}
