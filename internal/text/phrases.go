package text

import (
	"fmt"
	"strings"
	"time"
)

// Msg names a sentence the bot writes itself; each language's file says it
// in that language (Language.Phrases).
type Msg int

const (
	// MsgRefusal is the honest answer when the sources do not cover a
	// question.
	MsgRefusal Msg = iota
	// MsgNoDraft is the answer when a chat model returned no text at all.
	MsgNoDraft
	// MsgLeadOne and MsgLeadMany open an extractive answer: the article or
	// articles it quotes, with their dates (%s).
	MsgLeadOne
	MsgLeadMany
	// MsgSourcesEnd says where the sources end (%s: a month), before an
	// answer to a question about a later time or about now.
	MsgSourcesEnd
	// MsgQuote puts a title in quotation marks (%s).
	MsgQuote
	// MsgByline states an article's title, author and date (%[1]s title,
	// %[2]s author, %[3]s date); MsgDateline its title and date (%[1]s,
	// %[2]s).
	MsgByline
	MsgDateline
	// MsgCutShort, MsgCutRestart and MsgCutRef follow an answer cut short:
	// by the model, by a restart, by an error (%s: the log reference).
	MsgCutShort
	MsgCutRestart
	MsgCutRef
)

// Say returns message m in language code, formatted with args as
// fmt.Sprintf would; in English when the language lacks it.
func Say(code string, m Msg, args ...any) string {
	format := phrase(code, m)
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

func phrase(code string, m Msg) string {
	if l := Lang(code); l != nil {
		if p, ok := l.Phrases[m]; ok {
			return p
		}
	}
	return english.Phrases[m]
}

// Sayings returns message m in every language that has it, by code, for
// recognising it in a model's answer or telling a model to say it.
func Sayings(m Msg) []Saying {
	var out []Saying
	for _, l := range ordered {
		if p, ok := l.Phrases[m]; ok {
			out = append(out, Saying{l.Code, p})
		}
	}
	// English first: a model that knows no language of the list
	// translates the first.
	for i, s := range out {
		if s.Lang == "en" {
			copy(out[1:i+1], out[:i])
			out[0] = s
		}
	}
	return out
}

// Saying is a message in one language.
type Saying struct{ Lang, Text string }

// FormatDate writes a day in language code: "26 January 2022", "26
// gennaio 2022", "26 января 2022"; English for a language without dates.
func FormatDate(code string, t time.Time) string {
	l := dated(code)
	return fmt.Sprintf(l.DayMonthYear, t.Day(), l.month(int(t.Month())), t.Year())
}

// FormatMonth writes a month in language code: "January 2022".
func FormatMonth(code string, t time.Time) string {
	l := dated(code)
	return fmt.Sprintf(l.MonthYear, l.month(int(t.Month())), t.Year())
}

func dated(code string) *Language {
	if l := Lang(code); l != nil && l.DayMonthYear != "" && strings.TrimSpace(l.Months[0]) != "" {
		return l
	}
	return english
}
