package bot

import "github.com/cstobot/cstobot/internal/text"

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

// notesIn returns the notes in lang, from the text layer's phrases;
// English for a language without them.
func notesIn(lang string) notes {
	return notes{
		refused:    text.Say(lang, text.MsgRefusal),
		cutShort:   text.Say(lang, text.MsgCutShort),
		cutRestart: text.Say(lang, text.MsgCutRestart),
		cutRef:     text.Say(lang, text.MsgCutRef),
	}
}
