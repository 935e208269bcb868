package answer

import (
	"strings"

	"github.com/cstobot/cstobot/internal/text"
)

// corpusLang is the language most articles are written in, and so the one
// a question is rewritten into before retrieval.
const corpusLang = "en"

// RefusalText is the honest answer when the sources do not cover a
// question, in English (text.MsgRefusal has it in other languages). The
// drafter says it itself when nothing found answers; a chat model is told
// to say it, or its translation, word for word.
var RefusalText = text.Say("en", text.MsgRefusal)

// NoDraftText is the answer when a chat model returned no text at all: the
// sources may cover the question, but no answer came of them this time.
var NoDraftText = text.Say("en", text.MsgNoDraft)

// questionLang is the language to answer q in: the one it is written in,
// or its locale ("pt-BR" → "pt") when it is too short to tell, or "" when
// neither says.
func questionLang(q Question) string {
	if l, conf := text.Detect(q.Text); l != "" && conf >= text.MinConfidence {
		return l
	}
	l, _, _ := strings.Cut(strings.ToLower(q.Locale), "-")
	return l
}

// refusalIn is the refusal sentence in a language, English when the text
// layer lacks it.
func refusalIn(lang string) string { return text.Say(lang, text.MsgRefusal) }

// isRefusal reports whether a drafted text says one of the refusal
// sentences, ignoring case, apostrophe style, spacing and final punctuation.
func isRefusal(s string) bool {
	t := foldForMatch(s)
	for _, r := range text.Sayings(text.MsgRefusal) {
		if strings.Contains(t, foldForMatch(r.Text)) {
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
