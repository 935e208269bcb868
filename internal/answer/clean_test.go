package answer

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "When was the CSTO founded?", "When was the CSTO founded?"},
		{"trimmed", "  \t when?\n ", "when?"},
		{"whitespace collapsed", "when\n\nwas\t it  founded", "when was it founded"},
		{"unicode spaces", "when\u00a0was\u2028it\u3000founded", "when was it founded"},
		{"control characters dropped", "wh\x00en\x07 was\x1b[31m it", "when was[31m it"},
		{"zero-width dropped", "CS\u200bTO\u200c \u200d\ufeffpact\u2060", "CSTO pact"},
		{"bidi overrides dropped", "\u202eevil\u202c \u2066text\u2069 \u200fx\u200e", "evil text x"},
		{"invalid UTF-8 dropped", "ok\xff\xfe?", "ok?"},
		{"only invisible", "\u200b \u202e\t\n", ""},
		{"non-Latin kept", "Кто был президентом?", "Кто был президентом?"},
		{"emoji kept", "CSTO 🛡️ now?", "CSTO 🛡️ now?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", " a  b ", "\u202eabc\u200b", "x\x00\xff\ny", "Кто?\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Clean(in)
		if out != strings.TrimSpace(out) || strings.Contains(out, "  ") {
			t.Fatalf("Clean(%q) = %q: untrimmed or doubled space", in, out)
		}
		for _, r := range out {
			if r != ' ' && (unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar && !strings.ContainsRune(in, r)) {
				t.Fatalf("Clean(%q) = %q: kept %U", in, out, r)
			}
		}
		if again := Clean(out); again != out {
			t.Fatalf("Clean not idempotent: %q → %q → %q", in, out, again)
		}
	})
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		q       string
		max     int
		wantIs  error
		wantMsg string
	}{
		{"fits", "abc", 3, nil, ""},
		{"empty", "", 3, ErrEmptyQuestion, "the question is empty"},
		{"too long, counted in characters", "ééééé", 4, ErrQuestionTooLong, "the question is too long (5 characters; the limit is 4)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validate(tt.q, tt.max)
			if !errors.Is(err, tt.wantIs) || (err != nil && err.Error() != tt.wantMsg) {
				t.Errorf("validate(%q, %d) = %v; want %q", tt.q, tt.max, err, tt.wantMsg)
			}
		})
	}
}
