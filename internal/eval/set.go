// Package eval scores cstobot on a set of questions with known answers:
// whether retrieval finds a passage holding the evidence (hit@1, hit@5, MRR),
// and whether the drafted answer has the expected keywords, cites its
// sources, and refuses the questions the sources don't cover.
package eval

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Item is one question of a set, in the JSONL format of shared/eval/dev.jsonl.
type Item struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Lang     string `json:"lang"`
	InScope  bool   `json:"in_scope"`
	// Evidence holds exact substrings of an article that answer the
	// question; a passage containing any of them is a hit.
	Evidence []string `json:"evidence"`
	// AnswerKeywords are groups of alternatives: a right answer contains
	// one alternative of every group (case-insensitive).
	AnswerKeywords [][]string `json:"answer_keywords"`
	Note           string     `json:"note,omitempty"`
}

// ReadSet reads a JSONL question set. Blank lines are skipped; a malformed
// line is an error naming its number.
func ReadSet(r io.Reader) ([]Item, error) {
	var items []Item
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var it Item
		if err := json.Unmarshal([]byte(line), &it); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if strings.TrimSpace(it.Question) == "" {
			return nil, fmt.Errorf("line %d: no question", n)
		}
		if it.InScope && len(it.Evidence) == 0 {
			return nil, fmt.Errorf("line %d (%s): an in-scope question needs evidence", n, it.ID)
		}
		if it.Lang == "" {
			it.Lang = "en"
		}
		if it.ID == "" {
			it.ID = fmt.Sprintf("line%d", n)
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, errors.New("the set has no questions")
	}
	return items, nil
}

// normalize folds white space and typographic quotes so that evidence
// quoted from the source text matches passages whatever their line breaks.
func normalize(s string) string {
	s = quotes.Replace(s)
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return frenchSpacing.Replace(s)
}

// frenchSpacing drops the space French typography puts before some
// punctuation and inside quotation marks ("monde multipolaire : un"), which
// a sentence checked and rebuilt may lose.
var frenchSpacing = strings.NewReplacer(" :", ":", " ;", ";", " !", "!", " ?", "?", `" `, `"`, ` "`, `"`)

var quotes = strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "«", `"`, "»", `"`)

// holdsEvidence reports whether text contains any of the evidence strings.
func holdsEvidence(text string, evidence []string) bool {
	t := normalize(text)
	for _, e := range evidence {
		if e = normalize(e); e != "" && strings.Contains(t, e) {
			return true
		}
	}
	return false
}

// hasKeywords reports whether text holds one alternative of every group.
func hasKeywords(text string, groups [][]string) bool {
	t := strings.ToLower(text)
	for _, g := range groups {
		found := false
		for _, alt := range g {
			if strings.Contains(t, strings.ToLower(alt)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
