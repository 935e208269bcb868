package openaitest

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Row is what a chat model would answer to one question of a question
// set, in the format of testdata/scripts (see its README): the answer of a
// capable, grounded model and the same answer with one planted error.
type Row struct {
	QuestionID  string `json:"question_id"`
	Question    string `json:"question"`
	Good        Answer `json:"good"`
	Fabricating Answer `json:"fabricating"`
}

// Answer is a scripted answer: a refusal, or sentences.
type Answer struct {
	Refuse    bool       `json:"refuse"`
	Sentences []Sentence `json:"sentences"`
}

// Sentence is one scripted sentence and the exact words of a passage it
// rests on, which decide the source it cites.
type Sentence struct {
	Text  string `json:"text"`
	Quote string `json:"quote"`
	// ErrorClass names the error planted in the sentence ("wrong-date",
	// "invented-entity", …); "" for a correct sentence.
	ErrorClass string `json:"error_class,omitempty"`
}

// Mode says which scripted answer a [Scripted] server replays.
type Mode int

// The scripted models.
const (
	Good        Mode = iota // a capable model that states only what its sources hold
	Fabricating             // the same model with one planted error per answer
)

func (m Mode) String() string {
	if m == Fabricating {
		return "fabricating"
	}
	return "good"
}

// ParseMode reads a mode's name: "good" or "fabricating".
func ParseMode(name string) (Mode, error) {
	switch name {
	case "good":
		return Good, nil
	case "fabricating":
		return Fabricating, nil
	}
	return 0, fmt.Errorf("unknown chat mode %q (want good or fabricating)", name)
}

// In returns the row's answer for mode m.
func (r Row) In(m Mode) Answer {
	if m == Fabricating {
		return r.Fabricating
	}
	return r.Good
}

// ReadScript reads a scripts file: one JSON row per line, blank lines
// skipped. A row with an unknown field, no question, a question another row
// already has (compared as [Scripted] matches them), an answer that both
// refuses and has sentences or does neither, or a sentence without text or
// quote is an error naming its line.
func ReadScript(r io.Reader) ([]Row, error) {
	var rows []Row
	seen := map[string]int{} // folded question → line
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var row Row
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&row); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if err := row.check(); err != nil {
			return nil, fmt.Errorf("line %d (%s): %w", n, row.QuestionID, err)
		}
		q := fold(row.Question)
		if first, ok := seen[q]; ok {
			return nil, fmt.Errorf("line %d (%s): the question of line %d again", n, row.QuestionID, first)
		}
		seen[q] = n
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return rows, nil
}

func (r Row) check() error {
	if fold(r.Question) == "" {
		return errors.New("no question")
	}
	for _, m := range []Mode{Good, Fabricating} {
		a := r.In(m)
		if a.Refuse == (len(a.Sentences) > 0) {
			return fmt.Errorf("the %v answer must either refuse or have sentences", m)
		}
		for _, s := range a.Sentences {
			if strings.TrimSpace(s.Text) == "" || fold(s.Quote) == "" {
				return fmt.Errorf("a sentence of the %v answer lacks its text or quote", m)
			}
		}
	}
	return nil
}

//go:embed testdata/scripts/*.jsonl
var scripts embed.FS

// ScriptFor returns the scripted answers shipped for a question set of
// internal/eval/sets, by the set's name ("dev", "casual", "library").
func ScriptFor(set string) ([]Row, error) {
	b, err := scripts.ReadFile("testdata/scripts/" + set + ".jsonl")
	if err != nil {
		return nil, fmt.Errorf("no scripted answers for the set %q", set)
	}
	rows, err := ReadScript(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("scripts for %s: %w", set, err)
	}
	return rows, nil
}
