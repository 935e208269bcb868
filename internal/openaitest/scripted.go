package openaitest

import (
	"strconv"
	"strings"
	"unicode"
)

// Scripted makes the server a scripted chat model that answers cstobot's
// grounded requests the way a capable model does, from the sources in the
// prompt ([ParsePrompt]):
//
//   - It finds the row whose question is the prompt's (compared on letters
//     and digits, case aside), or else one of the earlier questions the
//     prompt quotes, newest first, so that a question the bot rewrote still
//     finds its row through the original.
//   - It replays the row's answer for mode m sentence by sentence, each
//     ending with the number of the first source that holds its quote
//     ("… in 1994 [2]."); a sentence whose quote is in no source is left
//     out, as a grounded model does not state what it was not given. In
//     Fabricating mode the planted sentence (the one with an ErrorClass)
//     cites the first source when its own passage is absent.
//   - When nothing is left, when the row refuses, or when no row matches,
//     it refuses in the language the system message asks for (else, from
//     the question's script, Russian, Ukrainian or English), in a model's
//     own words ([Refusal]), not in the sentence cstobot asks for. A
//     question without a row is also noted ([Server.Unscripted]).
//
// Any other request, such as cstobot's request to rewrite a question into
// English, is echoed: the scripted model does not translate, so the bot
// searches with the original only. Usage is counted from the text's length
// ([EstimateTokens]). It replaces [WithReply].
func Scripted(rows []Row, m Mode) Option {
	byQ := make(map[string]Row, len(rows))
	for _, r := range rows {
		if q := fold(r.Question); q != "" {
			if _, dup := byQ[q]; !dup {
				byQ[q] = r
			}
		}
	}
	return func(s *Server) {
		s.reply = func(req ChatRequest) Reply {
			p, ok := ParsePrompt(req.Messages)
			if !ok {
				return withUsage(req, Echo(req))
			}
			row, ok := find(byQ, p)
			if !ok {
				s.noteUnscripted(p.Question)
			}
			return withUsage(req, Reply{Text: answerFrom(p, row.In(m), m)})
		}
	}
}

// find returns the row for the prompt's question, or for the newest
// earlier question that has one.
func find(byQ map[string]Row, p Prompt) (Row, bool) {
	if r, ok := byQ[fold(p.Question)]; ok {
		return r, true
	}
	for i := len(p.Asked) - 1; i >= 0; i-- {
		if r, ok := byQ[fold(p.Asked[i])]; ok {
			return r, true
		}
	}
	return Row{}, false
}

// answerFrom writes a's sentences with their citations, or the refusal
// when none of them can be said from p's sources. The zero Answer refuses.
func answerFrom(p Prompt, a Answer, m Mode) string {
	var out []string
	for _, s := range a.Sentences {
		n := p.Holding(s.Quote)
		if n == 0 && m == Fabricating && s.ErrorClass != "" {
			n = 1
		}
		if n > 0 {
			out = append(out, withCitation(s.Text, n))
		}
	}
	if a.Refuse || len(out) == 0 {
		return Refusal(replyLang(p))
	}
	return strings.Join(out, " ")
}

// withCitation ends a sentence with [n], before its final punctuation.
func withCitation(text string, n int) string {
	text = strings.TrimSpace(text)
	body := strings.TrimRight(text, ".!?…")
	return body + " [" + strconv.Itoa(n) + "]" + text[len(body):]
}

// replyLang is the language to refuse in: the one the system message asks
// for, else the question's script tells Russian or Ukrainian from English.
func replyLang(p Prompt) string {
	if p.Lang != "" {
		return p.Lang
	}
	var cyrillic, other int
	ukrainian := false
	for _, r := range p.Question {
		switch {
		case strings.ContainsRune("іїєґІЇЄҐ", r):
			ukrainian = true
			cyrillic++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		case unicode.IsLetter(r):
			other++
		}
	}
	switch {
	case cyrillic <= other:
		return "en"
	case ukrainian:
		return "uk"
	}
	return "ru"
}

// refusals are how the scripted model says that its sources do not answer:
// in its own words, as models write them, rather than cstobot's own
// refusal sentence.
var refusals = map[string]string{
	"en": "I can't answer that from the sources provided.",
	"it": "Non posso rispondere a questa domanda in base alle fonti fornite.",
	"fr": "Je ne peux pas répondre à cette question à partir des sources fournies.",
	"de": "Das kann ich anhand der bereitgestellten Quellen nicht beantworten.",
	"es": "No puedo responder a eso con las fuentes proporcionadas.",
	"pt": "Não posso responder a isso com as fontes fornecidas.",
	"ru": "Я не могу ответить на этот вопрос по предоставленным источникам.",
	"uk": "Я не можу відповісти на це запитання за наданими джерелами.",
}

// Refusal is the scripted model's refusal in a language (ISO 639-1),
// English for a language it has none for.
func Refusal(lang string) string {
	if r, ok := refusals[lang]; ok {
		return r
	}
	return refusals["en"]
}

// IsRefusal reports whether text is one of the scripted model's refusals,
// however it was spaced or punctuated.
func IsRefusal(text string) bool {
	t := fold(text)
	for _, r := range refusals {
		if t == fold(r) {
			return true
		}
	}
	return false
}

// EstimateTokens counts text the way a tokenizer roughly does: a token per
// 4 bytes of UTF-8 (about 4 letters of English, 2 of Cyrillic), at least
// one for any text.
func EstimateTokens(text string) int {
	return (len(text) + 3) / 4
}

// withUsage sets a reply's usage from the length of the request and the
// reply, with the 3 tokens a chat format spends on each message and the 3
// that prime the reply.
func withUsage(req ChatRequest, rep Reply) Reply {
	rep.PromptTokens = 3
	for _, m := range req.Messages {
		rep.PromptTokens += 3 + EstimateTokens(m.Role) + EstimateTokens(m.Content)
	}
	rep.CompletionTokens = EstimateTokens(rep.Text)
	return rep
}
