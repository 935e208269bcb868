package knowledge

import "testing"

func TestMarkdownToText(t *testing.T) {
	tests := []struct {
		name, src, want, heading string
	}{
		{"paragraphs and soft wraps", "One line\nwrapped.\n\n\nTwo.", "One line wrapped.\n\nTwo.", ""},
		{"headings", "# Title #\nText.\n## Sub\nMore.", "Title\n\nText.\n\nSub\n\nMore.", "Title"},
		{"first heading of any level", "Intro.\n\n### Deep\n\n# Top", "Intro.\n\nDeep\n\nTop", "Deep"},
		{"hash without space is text", "#hashtag here", "#hashtag here", ""},
		{"emphasis", "**bold**, __strong__, *em*, _em_, ~~gone~~ and `code`", "bold, strong, em, em, gone and code", ""},
		{"words with underscores and stars", "snake_case_name and 2 * 3 * 4", "snake_case_name and 2 * 3 * 4", ""},
		{"escapes", `\*not em\* and \_x\_ and \\`, `*not em* and _x_ and \`, ""},
		{"links and images", "See [the site](https://x.org \"t\") and [ref][1]. ![img](a.png)<https://y.org>\n\n[1]: https://x.org", "See the site and ref. https://y.org", ""},
		{"lists one item per line", "Intro:\n- a\n* b\n+ c\n  continued\n1. d\n2) e", "Intro:\n- a\n- b\n- c continued\n1. d\n2) e", ""},
		{"code fence kept as text", "```go\nfunc f() {\n\n    return\n}\n```\nAfter.", "func f() {\n    return\n}\n\nAfter.", ""},
		{"unclosed fence", "~~~\ncode", "code", ""},
		{"quotes", "> quoted\n> text", "quoted text", ""},
		{"rules", "A\n\n---\n\nB\n***\nC", "A\n\nB\n\nC", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, heading := markdownToText(tt.src)
			if got != tt.want || heading != tt.heading {
				t.Errorf("markdownToText(%q) = %q, %q; want %q, %q", tt.src, got, heading, tt.want, tt.heading)
			}
		})
	}
}
