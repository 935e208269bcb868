package eval

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cstobot/cstobot/internal/answer"
)

// WriteChatTable writes chat reports as a table, one row per report and
// language: answers kept and with their keywords, what the support check
// did with the model's correct sentences, who refused the in-scope
// questions, and the planted errors let through. Then, report by report,
// each question where the check dropped, moved or let through something,
// with the check's reason.
func WriteChatTable(w io.Writer, reps ...ChatReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\tlang\tquestions\tin scope\tkept\tkeywords\tsentences\tdropped\tmoved\tleft out\t"+
		"refused: before model\tby model\tby check\tOOS answered\tplanted\tplanted kept\terrors\t")
	row := func(name, lang string, s ChatSummary) {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", name, lang,
			s.Questions, s.InScope, s.Kept, s.Keywords, s.Written, s.Dropped, s.Moved, s.LeftOut,
			s.RefusedBeforeModel, s.RefusedByModel, s.RefusedByCheck, s.OOSAnswered, s.Planted, s.PlantedKept, s.Errors)
	}
	for _, r := range reps {
		row(r.Name, "all", r.ChatOverall)
		if len(r.ChatByLang) > 1 {
			for _, l := range r.Langs() {
				row(r.Name, l, r.ChatByLang[l])
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range reps {
		var notes []string
		for _, c := range r.ChatResults {
			for _, n := range chatNotes(c) {
				notes = append(notes, fmt.Sprintf("  %s [%s] %s", c.ID, c.Lang, n))
			}
		}
		if len(notes) > 0 {
			fmt.Fprintf(w, "\n%s: %d to look at\n%s\n", r.Name, len(notes), strings.Join(notes, "\n"))
		}
	}
	return nil
}

// chatNotes says what to look at in one result: each correct sentence
// dropped or moved and each planted error let through, with the check's
// reason; a refusal the check made of correct sentences; the model's
// refusal shown as an answer; an error.
func chatNotes(c ChatResult) []string {
	var notes []string
	lost := false // a correct sentence was dropped
	for _, s := range c.Sentences {
		switch {
		case s.ErrorClass != "" && s.Status != SentenceLeftOut && s.Status != answer.SentenceDropped:
			notes = append(notes, fmt.Sprintf("%s let through (%s): %q — %s", s.ErrorClass, s.Status, clip(s.Text, 90), s.Reason))
		case s.ErrorClass == "" && (s.Status == answer.SentenceDropped || s.Status == answer.SentenceMoved):
			lost = lost || s.Status == answer.SentenceDropped
			notes = append(notes, fmt.Sprintf("%s: %q — %s", s.Status, clip(s.Text, 90), s.Reason))
		}
	}
	switch {
	case c.Outcome == OutcomeError:
		notes = append(notes, "error: "+c.Err)
	case c.Outcome == OutcomeCheckRefused && lost, c.Outcome == OutcomeRefusalShown:
		notes = append(notes, c.Outcome)
	}
	return notes
}
