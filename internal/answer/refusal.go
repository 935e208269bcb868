package answer

import (
	"strings"
)

// RefusalText is the honest answer when the sources do not cover a question.
// The drafter says it itself when retrieval finds nothing relevant enough; a
// chat model is told to say it (or a translation from [refusals]).
const RefusalText = "The sources I have don't cover that."

// NoDraftText is the answer when a chat model returned no text at all: the
// sources may cover the question, but no answer came of them this time.
const NoDraftText = "I couldn't draft an answer from my sources this time."

// refusals are the refusal sentence in the languages the model is given it
// in, by ISO 639-1 code. The model is asked to use the one for the
// question's language word for word, so that refusals can be recognised; in
// other languages it translates the English one, which then goes
// unrecognised and is treated as an ungrounded answer.
var refusals = []struct{ lang, text string }{
	{"en", RefusalText},
	{"it", "Le fonti che ho non trattano questo argomento."},
	{"fr", "Les sources dont je dispose ne traitent pas de ce sujet."},
	{"de", "Meine Quellen behandeln das nicht."},
	{"es", "Las fuentes que tengo no tratan ese tema."},
	{"pt", "As fontes que tenho não tratam desse assunto."},
	{"ru", "В моих источниках об этом ничего нет."},
	{"uk", "У моїх джерелах про це нічого немає."},
}

// isRefusal reports whether a drafted text says one of the refusal
// sentences, ignoring case, apostrophe style, spacing and final punctuation.
func isRefusal(text string) bool {
	t := foldForMatch(text)
	for _, r := range refusals {
		if strings.Contains(t, foldForMatch(r.text)) {
			return true
		}
	}
	return false
}

// foldForMatch lower-cases s, unifies apostrophes and spacing, and drops a
// final full stop, so that a sentence matches however the model typed it.
func foldForMatch(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'").Replace(strings.ToLower(s))
	return strings.TrimSuffix(strings.Join(strings.Fields(s), " "), ".")
}
