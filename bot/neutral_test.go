package bot

import (
	"regexp"
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"everyone", "hi @everyone!", "hi ＠everyone!"},
		{"here any case", "@HERE now", "＠HERE now"},
		{"user", "ask <@123>", "ask <＠123>"},
		{"nickname", "ask <@!123>", "ask <＠!123>"},
		{"role", "ping <@&456>", "ping <＠&456>"},
		{"email untouched", "write to a@b.org", "write to a@b.org"},
		{"channel untouched", "see <#789>", "see <#789>"},
		{"controls dropped", "a\x00b\x1b[2Jc\u0085d\n\te", "ab[2Jcd\n\te"},
		{"bidi dropped", "\u202eevil\u202c \u2066x\u2069 \u200e\u200f\u061c", "evil x "},
		{"zero-width dropped", "C\u200bS\u200cT\u200dO\ufeff\u2060\u00ad", "CSTO"},
		{"hangul filler dropped", "\u3164name", "name"},
		{"mention hidden by a zero-width space", "<@\u200b123> @\u200beveryone", "<＠123> ＠everyone"},
		{"masked link", "see [the official portal](https://evil.example/login)", "see the official portal (evil.example)"},
		{"masked link in angle brackets", "[portal](<https://Evil.Example:8443/x>)", "portal (evil.example)"},
		{"masked link with a title", `[portal](https://evil.example "CSTO")`, "portal (evil.example)"},
		{"masked link without text", "[](https://evil.example)", "evil.example"},
		{"not a web link", "[click](javascript:alert(1))", "[click] (javascript:alert(1))"},
		{"nested links", "[[a](https://x.example)](https://y.example)", "a (x.example) (y.example)"},
		{"link hidden by zero-width", "[a]\u200b(https://x.example)", "a (x.example)"},
		{"look-alike domain", "[pay](https://pаypal.example)", "pay (p%D0%B0ypal.example)"},
		{"broken link syntax", "[a]( https://x.example y)", "[a] ( https://x.example y)"},
		{"headings", "# Big\n## Bigger\n### Biggest\n#### not one", "Big\nBigger\nBiggest\n#### not one"},
		{"subtext and quotes", "-# small\n> quote\n>>> all of it", "small\nquote\nall of it"},
		{"stacked markers", "> # > ## x", "x"},
		{"heading in a list", "- # item\n1. ### item", "- item\n1. item"},
		{"heading after a line separator", "a\u2028# b", "a\nb"},
		{"hashtag kept", "#CSTO and C# stay", "#CSTO and C# stay"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sanitize(tt.in); got != tt.want {
				t.Errorf("sanitize(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNeutralKeepsCitedLinks(t *testing.T) {
	cited := []string{"https://example.org/csto", "https://example.org/a b(c)"}
	tests := []struct{ in, want string }{
		{"from [the article](https://example.org/csto) [1]", "from [the article](https://example.org/csto) [1]"},
		{"[x](https://example.org/a%20b%28c%29)", "[x](https://example.org/a%20b%28c%29)"},
		{"[x](https://example.org/csto/other)", "x (example.org)"},
		{"[[in](https://example.org/csto)](https://evil.example)", "[in](https://example.org/csto) (evil.example)"},
	}
	for _, tt := range tests {
		if got := neutral(tt.in, cited); got != tt.want {
			t.Errorf("neutral(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanURL(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://example.org/csto", "https://example.org/csto", true},
		{"HTTP://Example.ORG/A?b=1#c", "http://example.org/A?b=1#c", true},
		{"https://example.org/a)[b](https://evil.example)", "https://example.org/a%29%5Bb%5D%28https://evil.example%29", true},
		{"https://example.org/\u202egpj.exe", "https://example.org/%E2%80%AEgpj.exe", true},
		{"https://example.org/?q=<script>", "https://example.org/?q=%3Cscript%3E", true},
		{"https://real.example@evil.example/", "", false},
		{"javascript:alert(1)", "", false},
		{"ftp://example.org/file", "", false},
		{"//example.org/x", "", false},
		{"https:///nohost", "", false},
		{"https://example.org/" + strings.Repeat("a", maxURL), "", false},
	}
	for _, tt := range tests {
		if got, ok := cleanURL(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("cleanURL(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// The checks of FuzzSanitize, written apart from the sanitiser.
var (
	anyLinkRe   = regexp.MustCompile(`\]\(`)
	headingRe   = regexp.MustCompile(`(?m)^[\t\p{Zs}]*(?:(?:[-*+]|[0-9]+\.)[\t\p{Zs}]+)?(?:#{1,3}|-#|>+)[\t\p{Zs}]`)
	citedLinkRe = regexp.MustCompile(`\]\((https://example\.org/csto)\)`)
)

// FuzzSanitize: whatever the input, sanitised text pings no one, holds no
// masked link, heading, subtext or quote, and no invisible character; it
// is the same when sanitised again. With a cited URL, the only links left
// point at it.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"@everyone", "<@123>", "[a](https://x.example)", "# h", "> q", "-# s", "\u200b", "[a](<https://x>)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := sanitize(in)
		if mentionRe.MatchString(out) {
			t.Errorf("sanitize(%q) = %q still mentions", in, out)
		}
		if anyLinkRe.MatchString(out) {
			t.Errorf("sanitize(%q) = %q holds a masked link", in, out)
		}
		if headingRe.MatchString(out) {
			t.Errorf("sanitize(%q) = %q holds block markup", in, out)
		}
		if i := strings.IndexFunc(out, invisible); i >= 0 {
			t.Errorf("sanitize(%q) = %q holds an invisible %U", in, out, []rune(out[i:])[0])
		}
		if again := sanitize(out); again != out {
			t.Errorf("sanitize is not idempotent on %q: %q then %q", in, out, again)
		}
		cited := neutral(in+" [c](https://example.org/csto)", []string{"https://example.org/csto"})
		if n, m := len(anyLinkRe.FindAllString(cited, -1)), len(citedLinkRe.FindAllString(cited, -1)); n != m || m == 0 {
			t.Errorf("neutral(%q) = %q has %d links, %d of them to the cited URL; want only that one", in, cited, n, m)
		}
	})
}
