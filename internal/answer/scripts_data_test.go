package answer_test

import (
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// The scripted answers replayed by the fake chat server are data too: a
// "good" answer per question of a set (paraphrased sentences, each resting
// on an exact quote, or a refusal when the sources don't cover it) and a
// "fabricating" one with exactly one planted error.

var (
	scriptsExtra    = flag.String("scripts.file", "", "also check this scripts file against the set given by -scripts.set")
	scriptsExtraSet = flag.String("scripts.set", "", "the question set the -scripts.file answers")
	scriptsExtraOn  = flag.String("scripts.on", "library", "what the -scripts.set is answered from: builtin or library")
)

const scriptsDir = "../openaitest/testdata/scripts"

// scriptSets names each committed scripts file's question set and what the
// set is answered from: the built-in article or the fixture library.
var scriptSets = []struct{ name, on string }{
	{"dev", "builtin"},
	{"casual", "builtin"},
	{"library", "library"},
}

type scriptRow struct {
	QuestionID  string       `json:"question_id"`
	Question    string       `json:"question"`
	Good        scriptAnswer `json:"good"`
	Fabricating scriptAnswer `json:"fabricating"`
}

type scriptAnswer struct {
	Refuse    bool             `json:"refuse"`
	Sentences []scriptSentence `json:"sentences"`
}

type scriptSentence struct {
	Text       string `json:"text"`
	Quote      string `json:"quote"`
	ErrorClass string `json:"error_class,omitempty"`
}

// setQuestion is the part of a question set's row the scripts depend on.
type setQuestion struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Lang     string `json:"lang"`
	InScope  bool   `json:"in_scope"`
}

func TestScriptedAnswers(t *testing.T) {
	arts := groundingArticles(t)
	corpora := map[string][]quoteSource{}
	for name, a := range arts {
		on := "library"
		if name == "builtin" {
			on = "builtin"
		}
		corpora[on] = append(corpora[on], a)
	}
	type check struct{ scripts, set, on string }
	var checks []check
	for _, s := range scriptSets {
		checks = append(checks, check{filepath.Join(scriptsDir, s.name+".jsonl"), filepath.Join("../eval/sets", s.name+".jsonl"), s.on})
	}
	if *scriptsExtra != "" {
		checks = append(checks, check{*scriptsExtra, *scriptsExtraSet, *scriptsExtraOn})
	}
	for _, c := range checks {
		t.Run(c.scripts, func(t *testing.T) {
			if corpora[c.on] == nil {
				t.Fatalf("answered from %q; want builtin or library", c.on)
			}
			questions := map[string]setQuestion{}
			for _, q := range readJSONL[setQuestion](t, c.set, false) {
				questions[q.ID] = q
			}
			for _, r := range readJSONL[scriptRow](t, c.scripts, true) {
				q, ok := questions[r.QuestionID]
				if !ok {
					t.Errorf("%s: no such question in %s (or answered twice)", r.QuestionID, c.set)
					continue
				}
				delete(questions, r.QuestionID)
				for _, err := range checkScript(r, q, corpora[c.on]) {
					t.Errorf("%s: %v", r.QuestionID, err)
				}
			}
			for id := range questions {
				t.Errorf("%s: question of %s has no scripted answer", id, c.set)
			}
		})
	}
}

// checkScript returns what is wrong with the scripted answers to q.
func checkScript(r scriptRow, q setQuestion, arts []quoteSource) []error {
	var errs []error
	fail := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if r.Question != q.Question {
		fail("question %q differs from the set's %q", r.Question, q.Question)
	}
	good, fab := r.Good, r.Fabricating
	switch {
	case !q.InScope && (!good.Refuse || len(good.Sentences) > 0):
		fail("out of scope: the good answer must be a bare refusal")
	case q.InScope && (good.Refuse || len(good.Sentences) < 1 || len(good.Sentences) > 3):
		fail("in scope: the good answer must have 1-3 sentences, got %d (refuse %v)", len(good.Sentences), good.Refuse)
	case fab.Refuse:
		fail("the fabricating answer refuses")
	}
	for _, s := range good.Sentences {
		if s.ErrorClass != "" {
			fail("good sentence %q carries an error class", s.Text)
		}
	}
	planted := 0
	for _, s := range fab.Sentences {
		switch {
		case s.ErrorClass == "":
			if !slices.Contains(good.Sentences, s) {
				fail("correct fabricating sentence %q is not one of the good answer's", s.Text)
			}
		case slices.Contains(groundingClasses["wrong"], s.ErrorClass):
			planted++
		default:
			fail("error class %q is not a wrong class", s.ErrorClass)
		}
	}
	if planted != 1 || len(fab.Sentences) < len(good.Sentences) || len(fab.Sentences) > len(good.Sentences)+1 {
		fail("the fabricating answer must be the good one with one sentence replaced or added; %d planted in %d sentences", planted, len(fab.Sentences))
	}
	for _, s := range slices.Concat(good.Sentences, fab.Sentences) {
		errs = append(errs, checkScriptSentence(s, q.Lang, arts)...)
	}
	return errs
}

// checkScriptSentence checks that a sentence has a quote from a passage of arts,
// says it in its own words, and is written in the question's script.
func checkScriptSentence(s scriptSentence, lang string, arts []quoteSource) []error {
	var errs []error
	if !slices.ContainsFunc(arts, func(a quoteSource) bool { return a.holds(s.Quote) }) {
		errs = append(errs, fmt.Errorf("quote %q is in no passage", s.Quote))
	}
	if len(strings.Fields(s.Quote)) >= 8 && strings.Contains(s.Text, s.Quote) {
		errs = append(errs, fmt.Errorf("sentence %q copies its quote", s.Text))
	}
	if mostlyCyrillic(s.Text) != (lang == "ru") {
		errs = append(errs, fmt.Errorf("sentence %q is not in the question's language %s", s.Text, lang))
	}
	return errs
}

// mostlyCyrillic reports whether most of the letters of s are Cyrillic.
func mostlyCyrillic(s string) bool {
	var cyrillic, other int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		case unicode.IsLetter(r):
			other++
		}
	}
	return cyrillic > other
}
