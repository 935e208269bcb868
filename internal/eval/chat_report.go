package eval

import (
	"strings"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/openaitest"
)

// ChatReport is the outcome of [RunChat] over one set: Run's report
// (retrieval, keywords, refusals), and what the scripted model wrote and
// what the support check made of it.
type ChatReport struct {
	Report
	Chat        string                 `json:"chat"` // the scripted model: good or fabricating
	ChatOverall ChatSummary            `json:"chat_overall"`
	ChatByLang  map[string]ChatSummary `json:"chat_by_lang"`
	ChatResults []ChatResult           `json:"chat_results"`
}

// What became of a question in a chat run, for [ChatResult.Outcome].
const (
	OutcomeAnswered     = "answered"                           // an answer was shown
	OutcomeBeforeModel  = "refused before the model"           // no passage relevant enough: the model was not asked
	OutcomeModelRefused = "refused by the model"               // no passage given held what it would say
	OutcomeCheckRefused = "refused by the check"               // the model answered; the support check dropped it all
	OutcomeRefusalShown = "model's refusal shown as an answer" // the check kept the model's refusal as a cited answer
	OutcomeError        = "error"
	SentenceLeftOut     = "left out" // ChatSentence.Status: the model did not write it, no passage given holding its quote
)

// ChatResult is how one question fared in a chat run.
type ChatResult struct {
	ID       string `json:"id"`
	Lang     string `json:"lang"`
	InScope  bool   `json:"in_scope"`
	Outcome  string `json:"outcome"`
	Keywords bool   `json:"keywords"` // an answer was shown and has every keyword group
	// Sentences are those of the scripted answer, each with what became
	// of it.
	Sentences        []ChatSentence `json:"sentences"`
	PromptTokens     int            `json:"prompt_tokens"`
	CompletionTokens int            `json:"completion_tokens"`
	Err              string         `json:"error,omitempty"`
}

// ChatSentence is one sentence of a scripted answer.
type ChatSentence struct {
	Text       string `json:"text"`
	ErrorClass string `json:"error_class,omitempty"` // the planted error; "" for a correct sentence
	// Status is SentenceLeftOut, or what the support check did with the
	// sentence the model wrote ([answer.SentenceKept], …); when the check
	// split it, the worst of its parts.
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"` // the check's
}

// ChatSummary adds up chat results. Sentences count those of the scripted
// answers; the correct ones are all the good model's, and the fabricating
// model's but the planted one.
type ChatSummary struct {
	Questions  int `json:"questions"`
	InScope    int `json:"in_scope"`
	OutOfScope int `json:"out_of_scope"`
	// Kept is how many in-scope questions were shown an answer; Keywords
	// how many of those answers have the expected keywords.
	Kept     int `json:"answers_kept"`
	Keywords int `json:"keywords"`
	// Written is how many correct sentences the model wrote, and Dropped
	// and Moved what the support check did to some of them; LeftOut how
	// many it did not write, their passage not given.
	Written int `json:"sentences_written"`
	Dropped int `json:"sentences_dropped"`
	Moved   int `json:"sentences_moved"`
	LeftOut int `json:"sentences_left_out"`
	// Refused* count the in-scope questions refused, by who refused.
	RefusedBeforeModel int `json:"refused_before_model"`
	RefusedByModel     int `json:"refused_by_model"`
	RefusedByCheck     int `json:"refused_by_check"`
	// RefusalsShown counts the model's refusals the check kept as cited
	// answers; OOSAnswered the out-of-scope questions shown an answer.
	RefusalsShown int `json:"refusals_shown"`
	OOSAnswered   int `json:"oos_answered"`
	// Planted is how many planted errors the model wrote; PlantedKept how
	// many of them the check let through.
	Planted          int `json:"planted"`
	PlantedKept      int `json:"planted_kept"`
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	Errors           int `json:"errors"`
}

func newChatReport(rep Report, cs ChatSet, mode openaitest.Mode, drafts map[string]draft) ChatReport {
	cr := ChatReport{Report: rep, Chat: mode.String(), ChatByLang: map[string]ChatSummary{}}
	rows := map[string]openaitest.Row{}
	for _, r := range cs.Script {
		rows[r.QuestionID] = r
	}
	for i, res := range rep.Results {
		d, ok := drafts[cs.Items[i].Question]
		c := chatResult(res, rows[res.ID].In(mode), d)
		if !ok && c.Err == "" {
			c.Outcome, c.Err = OutcomeError, "no answer was drafted"
		}
		cr.ChatResults = append(cr.ChatResults, c)
		cr.ChatOverall.add(c)
		s := cr.ChatByLang[c.Lang]
		s.add(c)
		cr.ChatByLang[c.Lang] = s
	}
	return cr
}

// chatResult says what became of a question whose scripted answer was
// script, from Run's result and the answer drafted.
func chatResult(res Result, script openaitest.Answer, d draft) ChatResult {
	a := d.ans
	c := ChatResult{ID: res.ID, Lang: res.Lang, InScope: res.InScope, Keywords: res.Keywords, Err: res.Err,
		PromptTokens: a.Usage.PromptTokens, CompletionTokens: a.Usage.CompletionTokens,
		Sentences: make([]ChatSentence, 0, len(script.Sentences))}
	for _, s := range script.Sentences {
		c.Sentences = append(c.Sentences, ChatSentence{Text: s.Text, ErrorClass: s.ErrorClass, Status: SentenceLeftOut})
	}
	asked := a.Usage.PromptTokens > 0 // the drafter asked the model
	refused := asked && a.Refused && len(a.Sentences) == 0
	for _, sc := range a.Sentences {
		switch i := scriptedSentence(script, sc.Text); {
		case i >= 0:
			c.Sentences[i].merge(sc)
		case openaitest.IsRefusal(sc.Text):
			refused = true
		case c.Err == "":
			c.Err = "the model wrote a sentence not in its script: " + sc.Text
		}
	}
	if d.unscripted && c.Err == "" {
		c.Err = "the prompt's question matched no scripted answer"
	}
	switch {
	case c.Err != "":
		c.Outcome = OutcomeError
	case !asked:
		c.Outcome = OutcomeBeforeModel
	case refused && a.Refused:
		c.Outcome = OutcomeModelRefused
	case refused:
		c.Outcome = OutcomeRefusalShown
	case a.Refused:
		c.Outcome = OutcomeCheckRefused
	default:
		c.Outcome = OutcomeAnswered
	}
	return c
}

// scriptedSentence returns the index of the sentence of script that holds
// text (the check may split a sentence), or -1.
func scriptedSentence(script openaitest.Answer, text string) int {
	t := normalize(text)
	if t == "" {
		return -1
	}
	for i, s := range script.Sentences {
		if strings.Contains(normalize(s.Text), t) {
			return i
		}
	}
	return -1
}

// merge records what the check did with (a part of) the sentence: a drop
// outweighs a move, which outweighs keeping it.
func (s *ChatSentence) merge(sc answer.SentenceCheck) {
	rank := func(status string) int {
		switch status {
		case SentenceLeftOut:
			return 0
		case answer.SentenceDropped:
			return 3
		case answer.SentenceMoved:
			return 2
		}
		return 1
	}
	if rank(sc.Status) > rank(s.Status) {
		s.Status, s.Reason = sc.Status, sc.Reason
	}
}

func (s *ChatSummary) add(c ChatResult) {
	s.Questions++
	s.PromptTokens += c.PromptTokens
	s.CompletionTokens += c.CompletionTokens
	if c.Outcome == OutcomeError {
		s.Errors++
		return
	}
	shown := c.Outcome == OutcomeAnswered || c.Outcome == OutcomeRefusalShown
	switch {
	case !c.InScope:
		s.OutOfScope++
		if shown {
			s.OOSAnswered++
		}
	default:
		s.InScope++
		s.countInScope(c, shown)
	}
	if c.Outcome == OutcomeRefusalShown {
		s.RefusalsShown++
	}
	for _, st := range c.Sentences {
		s.countSentence(st)
	}
}

func (s *ChatSummary) countInScope(c ChatResult, shown bool) {
	switch c.Outcome {
	case OutcomeBeforeModel:
		s.RefusedBeforeModel++
	case OutcomeModelRefused:
		s.RefusedByModel++
	case OutcomeCheckRefused:
		s.RefusedByCheck++
	}
	if shown {
		s.Kept++
	}
	if c.Keywords {
		s.Keywords++
	}
}

func (s *ChatSummary) countSentence(st ChatSentence) {
	written := st.Status != SentenceLeftOut
	switch {
	case st.ErrorClass != "":
		if written {
			s.Planted++
			if st.Status != answer.SentenceDropped {
				s.PlantedKept++
			}
		}
	case !written:
		s.LeftOut++
	default:
		s.Written++
		switch st.Status {
		case answer.SentenceDropped:
			s.Dropped++
		case answer.SentenceMoved:
			s.Moved++
		}
	}
}
