package knowledge

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseHTML(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want htmlPage
	}{
		{
			name: "metadata",
			src: `<html lang="ru"><head><title>T | Site</title><meta property="og:title" content="OG">` +
				`<meta name="author" content="By A. Writer"><meta name="date" content="2022-01-26">` +
				`<meta property="og:url" content="https://x.org/a"></head><body><p>Text</p></body></html>`,
			want: htmlPage{Text: "Text", Title: "OG", Author: "A. Writer", Date: "2022-01-26", Lang: "ru", URL: "https://x.org/a"},
		},
		{
			name: "title falls back to title then h1",
			src:  `<svg><title>Icon</title></svg><title> Page  title </title><h1>Heading</h1>`,
			want: htmlPage{Text: "Heading", Title: "Page title"},
		},
		{
			name: "h1 when nothing else",
			src:  `<h1>Only <i>heading</i></h1><p>Body</p>`,
			want: htmlPage{Text: "Only heading\n\nBody", Title: "Only heading"},
		},
		{
			name: "author URL ignored",
			src:  `<meta property="article:author" content="https://x.org/me"><p>B</p>`,
			want: htmlPage{Text: "B"},
		},
		{
			name: "article preferred to page",
			src:  `<body><div>Menu</div><main><article><p>Story</p></article><p>Related</p></main></body>`,
			want: htmlPage{Text: "Story"},
		},
		{
			name: "furniture dropped",
			src: `<header>H</header><nav>N</nav><script>S</script><style>X</style><aside>A</aside>` +
				`<noscript>NS</noscript><form>F</form><footer>Ft</footer><p aria-hidden="true">AH</p><p>Kept</p>`,
			want: htmlPage{Text: "Kept"},
		},
		{
			name: "blocks, breaks and tables",
			src:  `<div>one<p>two<br>three</p>four</div><table><tr><th>a</th><td>b</td></tr><tr><td>c</td></tr></table>`,
			want: htmlPage{Text: "one\n\ntwo\nthree\n\nfour\n\na b\nc"},
		},
		{
			name: "list items in one paragraph",
			src:  `<p>Units:</p><ol><li><p>Russia</p></li><li>Belarus<ul><li>Minsk</li></ul></li></ol><p>After</p>`,
			want: htmlPage{Text: "Units:\n\n- Russia\n- Belarus\n  - Minsk\n\nAfter"},
		},
		{
			name: "pre keeps lines",
			src:  "<pre>a  b\n\n  c</pre>",
			want: htmlPage{Text: "a  b\n  c"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseHTML(tt.src)
			if err != nil || got != tt.want {
				t.Errorf("parseHTML(%q) = %+v, %v; want %+v", tt.src, got, err, tt.want)
			}
		})
	}
}

func FuzzParseHTML(f *testing.F) {
	for _, s := range []string{
		`<html lang="en"><head><title>T</title><meta name="author" content="A"></head><body><p>x</p></body></html>`,
		`<ul><li>a<ul><li>b</li></ul></li></ul><pre>  c
d</pre>`,
		`<article><script>s</script><p>t<br>u</p></article><main>m</main>`,
		`<table><tr><td>1</td></tr></table><p hidden>h</p>`,
		"<p>unclosed <b>bold",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := parseHTML(src)
		if err != nil {
			return
		}
		if utf8.ValidString(src) && !utf8.ValidString(p.Text) {
			t.Errorf("parseHTML(%q) text %q is not valid UTF-8", src, p.Text)
		}
		// Paragraphs must survive the round trip through Article.Body.
		if p.Text != "" && strings.Join(Paragraphs(p.Text), "\n\n") != p.Text {
			t.Errorf("parseHTML(%q) text %q has blank lines inside paragraphs or stray spaces", src, p.Text)
		}
		if strings.Contains(p.Text, "<script") && !strings.Contains(src, "&lt;script") {
			t.Errorf("parseHTML(%q) kept markup: %q", src, p.Text)
		}
	})
}
