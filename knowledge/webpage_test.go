package knowledge

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var fetchedAt = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func TestFromWebPage(t *testing.T) {
	src := `<html lang="ru-RU"><head><title>Саммит ОДКБ | Новости</title>
<meta property="og:site_name" content="Новости">
<meta property="article:published_time" content="yesterday">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-11-23T10:00:00+03:00","author":{"name":"Анна Петрова"}}</script>
</head><body><article><h1>Саммит ОДКБ в Ереване</h1>
<p>Лидеры *ОДКБ* встретились в [Ереване] 23 ноября_2022.</p>
<h2># Итоги</h2>
<p>1. Армения не подписала декларацию.<br>- Саммит закончился рано.</p>
<ul><li>Россия</li><li>Армения</li></ul>
<p>---</p><p>&gt; цитата \ с обратной косой</p>
</article></body></html>`
	w, err := FromWebPage(src, "https://news.example/summit", fetchedAt)
	if err != nil {
		t.Fatal(err)
	}
	md := string(w.Markdown)
	for _, want := range []string{
		`title: "Саммит ОДКБ"`, `author: "Анна Петрова"`, "published: 2022-11-23T10:00:00+03:00", "lang: ru",
		`url: "https://news.example/summit"`, "fetched: 2026-03-01T12:00:00Z", "\n## # Итоги\n", "\n- Россия\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	want := []string{
		"Саммит ОДКБ в Ереване",
		"Лидеры *ОДКБ* встретились в [Ереване] 23 ноября_2022.",
		"# Итоги",
		"1. Армения не подписала декларацию.\n- Саммит закончился рано.",
		"- Россия\n- Армения",
		"---",
		"> цитата \\ с обратной косой",
	}
	if got := Paragraphs(w.Body); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("read back:\n%q\nwant\n%q\nfrom\n%s", got, want, md)
	}
	if w.Title != "Саммит ОДКБ" || w.Author != "Анна Петрова" || w.Lang != "ru" || w.URL != "https://news.example/summit" ||
		!w.Published.Equal(time.Date(2022, 11, 23, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("meta = %+v", w.Meta)
	}
}

func TestFromWebPageNoText(t *testing.T) {
	if _, err := FromWebPage(`<html><body><nav>Menu</nav><script>x()</script></body></html>`, "https://x.example/", fetchedAt); err == nil || err.Error() != "no text" {
		t.Errorf("FromWebPage(menu only) = %v; want no text", err)
	}
}

func FuzzWebMarkdown(f *testing.F) {
	for _, s := range []string{"# a", "- b", "1. c", "> d", "---", "```", "*e* _f_ [g](h) `i` \\j", "~~k~~", "![l](m)", "<https://n>", "12) o", "+ p"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		line = collapse(line)
		if line == "" || !utf8.ValidString(line) || strings.HasPrefix(line, "- ") || strings.Contains(line, "<") || isRule(line) {
			return // list items are written as items; "<…>" may be an autolink; a rule line is no text
		}
		a := Article{Meta: Meta{Title: "t", URL: "https://x.example/"}}
		for _, heads := range [][]int{nil, {0}} {
			md := webMarkdown(a, []string{line}, heads, fetchedAt)
			b, err := parseFile("page.md", md)
			if err != nil {
				t.Fatalf("written %q, read back: %v", md, err)
			}
			if b.Body != line {
				t.Errorf("line %q written as %q reads back as %q", line, md, b.Body)
			}
		}
	})
}

func isRule(s string) bool { return mdRule.MatchString(s) }
