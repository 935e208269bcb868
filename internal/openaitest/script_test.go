package openaitest_test

import (
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/openaitest"
)

func TestReadScript(t *testing.T) {
	const (
		good = `"good": {"refuse": false, "sentences": [{"text": "It began in 1992.", "quote": "signed in 1992"}]}`
		fab  = `"fabricating": {"refuse": false, "sentences": [{"text": "It began in 1993.", "quote": "signed in 1992", "error_class": "wrong-date"}]}`
		oos  = `"good": {"refuse": true, "sentences": []}`
	)
	row := func(q string, answers ...string) string {
		return `{"question_id": "x", "question": "` + q + `", ` + strings.Join(answers, ", ") + "}"
	}
	tests := []struct {
		name, in, wantErr string
		wantRows          int
	}{
		{"good", row("When?", good, fab) + "\n\n" + row("Who won?", oos, fab), "", 2},
		{"unknown field", `{"question": "q", "answer": {}}`, "line 1: json: unknown field", 0},
		{"bad json", `{"question": `, "line 1:", 0},
		{"no question", row(" ? ", good, fab), "line 1 (x): no question", 0},
		{"same question twice", row("When?", good, fab) + "\n" + row("when", good, fab), "line 2 (x): the question of line 1 again", 0},
		{"neither refuses nor says anything", row("When?", `"good": {"refuse": false, "sentences": []}`, fab), "good answer must either refuse", 0},
		{"refuses and says something", row("When?", good, `"fabricating": {"refuse": true, "sentences": [{"text": "a", "quote": "b"}]}`), "fabricating answer must either refuse", 0},
		{"no fabricating answer", row("When?", good), "fabricating answer must either refuse", 0},
		{"sentence without quote", row("When?", `"good": {"refuse": false, "sentences": [{"text": "It began.", "quote": " "}]}`, fab), "lacks its text or quote", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := openaitest.ReadScript(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ReadScript error = %v; want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(rows) != tt.wantRows {
				t.Fatalf("ReadScript = %d rows, %v; want %d", len(rows), err, tt.wantRows)
			}
			if !rows[1].In(openaitest.Good).Refuse || rows[1].In(openaitest.Fabricating).Sentences[0].ErrorClass != "wrong-date" {
				t.Errorf("row 2 = %+v", rows[1])
			}
		})
	}
}

func TestScriptFor(t *testing.T) {
	for _, set := range []string{"dev", "casual", "library"} {
		rows, err := openaitest.ScriptFor(set)
		if err != nil || len(rows) < 20 {
			t.Errorf("ScriptFor(%q) = %d rows, %v", set, len(rows), err)
		}
	}
	for _, set := range []string{"heldout2", "../scripts/dev", ""} {
		if _, err := openaitest.ScriptFor(set); err == nil {
			t.Errorf("ScriptFor(%q) found a script", set)
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range []openaitest.Mode{openaitest.Good, openaitest.Fabricating} {
		if got, err := openaitest.ParseMode(m.String()); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v", m.String(), got, err)
		}
	}
	if _, err := openaitest.ParseMode("bad"); err == nil || !strings.Contains(err.Error(), "want good or fabricating") {
		t.Errorf("ParseMode(bad) error = %v", err)
	}
}
