package knowledge

import (
	"reflect"
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
			want: htmlPage{Text: "Heading", Title: "Page title", Heads: []int{0}},
		},
		{
			name: "h1 when nothing else",
			src:  `<h1>Only <i>heading</i></h1><p>Body</p>`,
			want: htmlPage{Text: "Only heading\n\nBody", Title: "Only heading", Heads: []int{0}},
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
			name: "site name dropped from the title",
			src:  `<title>The summit | Example News</title><meta property="og:site_name" content="Example News"><p>T</p>`,
			want: htmlPage{Text: "T", Title: "The summit"},
		},
		{
			name: "site name before the title",
			src:  `<title>Example News — The summit</title><meta name="application-name" content="example news"><p>T</p>`,
			want: htmlPage{Text: "T", Title: "The summit"},
		},
		{
			name: "no site name: the h1 decides",
			src:  `<title>The summit - Some Site</title><h1>The summit</h1>`,
			want: htmlPage{Text: "The summit", Title: "The summit", Heads: []int{0}},
		},
		{
			name: "no site name, no h1: title kept whole",
			src:  `<title>Armenia - CSTO relations</title><p>T</p>`,
			want: htmlPage{Text: "T", Title: "Armenia - CSTO relations"},
		},
		{
			name: "json-ld",
			src: `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},` +
				`{"@type":["NewsArticle"],"headline":"LD title","datePublished":"2024-05-17T10:00:00+03:00",` +
				`"author":[{"@type":"Person","name":"Ivan Petrov"}],"publisher":{"name":"Site"}}]}</script><p>T</p>`,
			want: htmlPage{Text: "T", Title: "LD title", Author: "Ivan Petrov", Dates: []string{"2024-05-17T10:00:00+03:00"}},
		},
		{
			name: "time and rel=author",
			src:  `<article><p>By <a rel="author" href="/a">Ann Writer</a>, <time datetime="2023-02-01">1 Feb</time></p><p>Story</p></article>`,
			want: htmlPage{Text: "By Ann Writer, 1 Feb\n\nStory", Author: "Ann Writer", Dates: []string{"2023-02-01"}},
		},
		{
			name: "furniture by class, id and role inside the article",
			src: `<article><p>` + strings.Repeat("Story text. ", 20) + `</p><div class="share-buttons">Share on X</div>` +
				`<div id="cookie-consent">We use cookies</div><div role="navigation">Next story</div>` +
				`<ul><li><a href="/1">Other story one</a></li><li><a href="/2">Other story two</a></li></ul></article>`,
			want: htmlPage{Text: strings.TrimSpace(strings.Repeat("Story text. ", 20))},
		},
		{
			name: "a wrapper with a furniture class keeps the article",
			src:  `<article><div class="content has-sidebar"><p>` + strings.Repeat("Story. ", 10) + `</p></div><p>Tail</p></article>`,
			want: htmlPage{Text: strings.TrimSpace(strings.Repeat("Story. ", 10)) + "\n\nTail"},
		},
		{
			name: "the article with the most text",
			src:  `<article><p>Teaser</p></article><article><p>` + strings.Repeat("Long story. ", 10) + `</p></article>`,
			want: htmlPage{Text: strings.TrimSpace(strings.Repeat("Long story. ", 10))},
		},
		{
			name: "no article: the container of the paragraphs",
			src: `<body><div class="top"><p>Welcome to our site, enjoy your stay and read on.</p></div><div id="c"><p>` +
				strings.Repeat("First paragraph. ", 5) + `</p><p>` + strings.Repeat("Second paragraph. ", 5) + `</p></div></body>`,
			want: htmlPage{Text: strings.TrimSpace(strings.Repeat("First paragraph. ", 5)) + "\n\n" + strings.TrimSpace(strings.Repeat("Second paragraph. ", 5))},
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
			if err != nil || !reflect.DeepEqual(got, tt.want) {
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
