package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	para := strings.Repeat("word ", 30) // 150 characters
	code := "```go\n" + strings.Repeat("x := 1\n", 30) + "```\n"
	tests := []struct {
		name   string
		text   string
		limit  int
		pieces int
		check  func(t *testing.T, pieces []string)
	}{
		{"short stays whole", "Founded in 1992 [1].", 2000, 1, nil},
		{"paragraphs", para + "\n\n" + para + "\n\n" + para, 400, 2, func(t *testing.T, ps []string) {
			if !strings.HasSuffix(ps[0], "\n\n") {
				t.Errorf("first piece %q does not end at a paragraph break", ps[0])
			}
		}},
		{"sentences", strings.Repeat("The treaty was signed [1]. ", 10), 100, 4, func(t *testing.T, ps []string) {
			for _, p := range ps {
				if !strings.HasSuffix(strings.TrimSpace(p), "[1].") {
					t.Errorf("piece %q does not end at a sentence", p)
				}
			}
		}},
		{"code block reopened", "Example:\n" + code, 120, 3, func(t *testing.T, ps []string) {
			if !strings.HasPrefix(ps[1], "```go\n") || !strings.HasSuffix(ps[0], "\n```") {
				t.Errorf("code block not closed and reopened: %q / %q", ps[0], ps[1])
			}
		}},
		{"citation kept whole in hard cut", strings.Repeat("a", 95) + "[12]" + strings.Repeat("b", 20), 100, 2, func(t *testing.T, ps []string) {
			if !strings.HasPrefix(ps[1], "[12]") {
				t.Errorf("citation split: %q / %q", ps[0], ps[1])
			}
		}},
		{"unclosed fence closed", "```\ncode", 2000, 1, func(t *testing.T, ps []string) {
			if ps[0] != "```\ncode\n```" {
				t.Errorf("got %q", ps[0])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := split(tt.text, tt.limit)
			if len(ps) != tt.pieces {
				t.Fatalf("split into %d pieces; want %d: %q", len(ps), tt.pieces, ps)
			}
			checkPieces(t, tt.text, tt.limit)
			if tt.check != nil {
				tt.check(t, ps)
			}
		})
	}
}

// checkPieces asserts what every split must hold: nothing lost or reordered,
// each piece within the limit, code fences balanced in each piece.
func checkPieces(t *testing.T, text string, limit int) {
	t.Helper()
	var joined strings.Builder
	for _, p := range splitPieces(text, limit) {
		joined.WriteString(p.body)
		s := p.String()
		if w := width(s); w > limit {
			t.Errorf("piece of width %d > %d: %q", w, limit, s)
		}
		fences := 0
		for _, line := range strings.Split(s, "\n") {
			if isFence(line) {
				fences++
			}
		}
		if fences%2 != 0 {
			t.Errorf("piece has %d fence lines: %q", fences, s)
		}
		if p.body == "" && text != "" {
			t.Errorf("empty piece in split of %q", text)
		}
	}
	if joined.String() != text {
		t.Errorf("pieces joined = %q; want %q", joined.String(), text)
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("Founded in 1992 [1]. It grew [2].\n\nThen it shrank [3].", 64)
	f.Add("```python\nprint('x')\n```\n"+strings.Repeat("long sentence here. ", 20), 80)
	f.Add(strings.Repeat("🙂", 100), 64)
	f.Add("``` "+strings.Repeat("x", 40)+"\n"+strings.Repeat("y ", 80), 64)
	f.Add(strings.Repeat("[1]", 60), 70)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if !utf8.ValidString(text) || limit < 64 || limit > 4096 {
			t.Skip()
		}
		checkPieces(t, text, limit)
	})
}

func TestPreviewFitsAndClosesFences(t *testing.T) {
	long := "```\n" + strings.Repeat("line of code\n", 300)
	p := preview(long)
	if width(p) > maxContent {
		t.Errorf("preview width %d > %d", width(p), maxContent)
	}
	if inside, _ := fenceState(p); inside {
		t.Errorf("preview leaves a code block open")
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want string
	}{
		{"short", 10, "short"},
		{"a longer title", 8, "a longe…"},
		{"🙂🙂🙂", 4, "🙂…"},
		{"**bold words here**", 12, "**bold wo…**"},
		{"a `code span` b", 9, "a `code…`"},
		{"||spoiler|| and **more bold**", 23, "||spoiler|| and **mo…**"},
		{"```go\nx := 1\ny := 2\n```", 18, "```go\nx := 1…\n```"},
		{"escaped \\* star", 10, "escaped…"},
		{"__under__ ~~strike out~~", 18, "__under__ ~~str…~~"},
	}
	for _, tt := range tests {
		if got := clip(tt.in, tt.w); got != tt.want {
			t.Errorf("clip(%q, %d) = %q; want %q", tt.in, tt.w, got, tt.want)
		}
	}
}
