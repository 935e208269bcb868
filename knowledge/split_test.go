package knowledge

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// small makes the size rules visible in short test texts.
var small = SplitOptions{MinChars: 20, TargetChars: 40, MaxChars: 60}

func TestSplit(t *testing.T) {
	type part struct {
		First, Last int
		Text        string
	}
	tests := []struct {
		name string
		body string
		opt  SplitOptions
		want []part
	}{
		{"empty", " \n\n ", small, nil},
		{"one paragraph", "A paragraph long enough to stand.", small, []part{{1, 1, "A paragraph long enough to stand."}}},
		{"short paragraphs merge forward", "Short one.\n\nShort two.\n\nA paragraph long enough to stand.",
			small, []part{{1, 2, "Short one.\n\nShort two."}, {3, 3, "A paragraph long enough to stand."}}},
		{"merging stops at max", "Short one.\n\nA paragraph long enough to stand, and then some more.",
			small, []part{{1, 1, "Short one."}, {2, 2, "A paragraph long enough to stand, and then some more."}}},
		{"short last paragraph joins previous", "A paragraph long enough to stand.\n\nPhoto: credit",
			small, []part{{1, 2, "A paragraph long enough to stand.\n\nPhoto: credit"}}},
		{"heading starts a passage", "A paragraph long enough to stand.\n\nHeading\n\nIts text is here.",
			small, []part{{1, 1, "A paragraph long enough to stand."}, {2, 3, "Heading\n\nIts text is here."}}},
		{"short text before heading joins previous", "A paragraph long enough to stand.\n\nShort.\n\nHeading\n\nA paragraph after the heading.",
			small, []part{{1, 2, "A paragraph long enough to stand.\n\nShort."}, {3, 4, "Heading\n\nA paragraph after the heading."}}},
		{"headings in a row", "Title\n\nSection\n\nBody of the section.", small, []part{{1, 3, "Title\n\nSection\n\nBody of the section."}}},
		{"colon introduces a list", "The units deployed were these:\n\n- Russia\n- Belarus",
			small, []part{{1, 2, "The units deployed were these:\n\n- Russia\n- Belarus"}}},
		{"long paragraph cut at sentences", "First sentence is here. Second sentence is here. Third one is. Then more.",
			SplitOptions{MinChars: 5, TargetChars: 40, MaxChars: 60},
			[]part{{1, 1, "First sentence is here."}, {1, 1, "Second sentence is here. Third one is."}, {1, 1, "Then more."}}},
		{"short last piece joins the one before", "First sentence is here. Second sentence is here. Third one is. Then more.",
			small, []part{{1, 1, "First sentence is here."}, {1, 1, "Second sentence is here. Third one is. Then more."}}},
		{"long list cut at items", "- Russia: an airborne division\n- Belarus: a brigade\n- Armenia: a brigade\n- Kyrgyzstan",
			small, []part{{1, 1, "- Russia: an airborne division"}, {1, 1, "- Belarus: a brigade"}, {1, 1, "- Armenia: a brigade\n- Kyrgyzstan"}}},
		{"sentence longer than max cut at words", strings.Repeat("word ", 15) + "end",
			small, []part{{1, 1, strings.TrimSpace(strings.Repeat("word ", 12))}, {1, 1, "word word word end"}}},
		{"word longer than max cut", strings.Repeat("x", 130), small,
			[]part{{1, 1, strings.Repeat("x", 60)}, {1, 1, strings.Repeat("x", 60)}, {1, 1, strings.Repeat("x", 10)}}},
		{"pieces of a long paragraph merge with a short neighbour", "Short.\n\nFirst sentence is here. Second sentence is here. Third is here.",
			small, []part{{1, 2, "Short.\n\nFirst sentence is here."}, {2, 2, "Second sentence is here. Third is here."}}},
		{"zero options mean defaults", "Short.\n\n" + strings.Repeat("Long sentence here. ", 40),
			SplitOptions{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Article{Meta: Meta{ID: "local/t"}, Body: tt.body}
			ps := Split(a, tt.opt)
			checkSplit(t, a, tt.opt, ps)
			if tt.opt == (SplitOptions{}) {
				if want := Split(a, DefaultSplit); !reflect.DeepEqual(ps, want) {
					t.Errorf("Split with zero options = %v; want the DefaultSplit result %v", ps, want)
				}
				return
			}
			var got []part
			for _, p := range ps {
				got = append(got, part{p.First, p.Last, p.Text})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split(%q) =\n%+v\nwant\n%+v", tt.body, got, tt.want)
			}
		})
	}
}

func TestPassageIDs(t *testing.T) {
	body := "The same paragraph, long enough to stand alone.\n\nAnother paragraph that is long enough.\n\nThe same paragraph, long enough to stand alone."
	a := Article{Meta: Meta{ID: "local/a"}, Body: body}
	ps := Split(a, small)
	if len(ps) != 3 {
		t.Fatalf("Split gave %d passages; want 3", len(ps))
	}
	sum := sha256.Sum256([]byte("local/a\x00" + ps[0].Text))
	if want := hex.EncodeToString(sum[:8]); ps[0].ID != want {
		t.Errorf("ID = %s; want the first 16 hex digits of sha256(article ID, NUL, text) %s", ps[0].ID, want)
	}
	if ps[0].ID == ps[2].ID {
		t.Errorf("repeated text got the same ID %s twice", ps[0].ID)
	}
	if again := Split(a, small); !reflect.DeepEqual(again, ps) {
		t.Errorf("Split is not deterministic: %v then %v", ps, again)
	}
	// Editing one paragraph changes only its passage's ID.
	edited := Split(Article{Meta: a.Meta, Body: strings.Replace(body, "Another", "A changed", 1)}, small)
	if edited[0].ID != ps[0].ID || edited[1].ID == ps[1].ID || edited[2].ID != ps[2].ID {
		t.Errorf("after editing paragraph 2, IDs %s %s %s; were %s %s %s", edited[0].ID, edited[1].ID, edited[2].ID, ps[0].ID, ps[1].ID, ps[2].ID)
	}
	other := Split(Article{Meta: Meta{ID: "local/b"}, Body: body}, small)
	if other[0].ID == ps[0].ID {
		t.Errorf("the same text in two articles got the same ID %s", ps[0].ID)
	}
}

func TestSplitAll(t *testing.T) {
	arts := []Article{{Meta: Meta{ID: "a"}, Body: "Text of a."}, {Meta: Meta{ID: "b"}, Body: "Text of b."}}
	ps := SplitAll(arts, DefaultSplit)
	if len(ps) != 2 || ps[0].Article.ID != "a" || ps[1].Article.ID != "b" || ps[1].Text != "Text of b." {
		t.Errorf("SplitAll = %+v; want one passage per article, in order", ps)
	}
}

// checkSplit checks what every split must hold: nothing lost or reordered,
// no passage over MaxChars, unique IDs, and paragraph numbers that cover
// the body in order.
func checkSplit(t *testing.T, a Article, opt SplitOptions, ps []Passage) {
	t.Helper()
	opt = opt.withDefaults()
	var all strings.Builder
	ids := map[string]bool{}
	paras := Paragraphs(a.Body)
	last := 0
	for _, p := range ps {
		// Stripped one by one: invalid UTF-8 must not pair up across passages.
		all.WriteString(stripSpace(p.Text))
		if n := utf8.RuneCountInString(p.Text); n > opt.MaxChars || strings.TrimSpace(p.Text) == "" {
			t.Errorf("passage %q has %d chars; want 1..%d", p.Text, n, opt.MaxChars)
		}
		if ids[p.ID] {
			t.Errorf("ID %s used twice", p.ID)
		}
		ids[p.ID] = true
		if p.First > p.Last || p.First < last || p.First > last+1 || p.Last > len(paras) {
			t.Errorf("passage ¶%d-%d follows ¶…-%d of %d paragraphs", p.First, p.Last, last, len(paras))
		}
		if p.Article != a.Meta {
			t.Errorf("passage Article = %+v; want %+v", p.Article, a.Meta)
		}
		last = p.Last
	}
	if last != len(paras) {
		t.Errorf("passages end at paragraph %d of %d", last, len(paras))
	}
	if got, want := all.String(), stripSpace(a.Body); got != want {
		t.Errorf("passages hold %q; want the body's %q", got, want)
	}
}

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func FuzzSplit(f *testing.F) {
	f.Add("Title\n\nShort.\n\nA longer paragraph. With two sentences.", 20, 40, 60)
	f.Add("- a list\n- of items\n\nthat: \n\nends", 5, 10, 12)
	f.Add(strings.Repeat("Dr. U.S. e.g. 3.5 x. ", 30), 200, 700, 1200)
	f.Add("same\n\nsame\n\nsame", 1, 1, 1)
	f.Add("Это ОДКБ. Россия и Армения.\n\n第一句。第二句。", 3, 5, 7)
	f.Fuzz(func(t *testing.T, body string, minChars, target, maxChars int) {
		opt := SplitOptions{MinChars: minChars % 2000, TargetChars: target % 2000, MaxChars: maxChars % 2000}
		a := Article{Meta: Meta{ID: "local/fuzz"}, Body: body}
		checkSplit(t, a, opt, Split(a, opt))
	})
}

func BenchmarkSplit(b *testing.B) {
	arts, err := Builtin()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(arts[0].Body)))
	for b.Loop() {
		Split(arts[0], DefaultSplit)
	}
}

// BenchmarkSplitLong splits paragraphs far over MaxChars, the sentence
// cutting path that the built-in article never takes.
func BenchmarkSplitLong(b *testing.B) {
	arts, err := Builtin()
	if err != nil {
		b.Fatal(err)
	}
	// Each copy of the article, run together, is one 10 kB paragraph.
	a := Article{Meta: arts[0].Meta, Body: strings.Repeat(strings.Join(strings.Fields(arts[0].Body), " ")+"\n\n", 10)}
	b.SetBytes(int64(len(a.Body)))
	for b.Loop() {
		Split(a, DefaultSplit)
	}
}

func TestSplitPages(t *testing.T) {
	long := strings.Repeat("A sentence that runs on for a while. ", 40)
	a := Article{
		Meta:  Meta{ID: "local/report"},
		Body:  "Heading\n\nShort one.\n\n" + long + "\n\nLast paragraph, long enough to stand alone: " + strings.Repeat("words ", 40),
		Pages: []int{1, 1, 2, 3},
	}
	ps := Split(a, DefaultSplit)
	checkSplit(t, a, DefaultSplit, ps)
	for _, p := range ps {
		if p.Page != a.Pages[p.First-1] || p.LastPage != a.Pages[p.Last-1] {
			t.Errorf("passage ¶%d-%d on pages %d-%d; want %d-%d", p.First, p.Last, p.Page, p.LastPage, a.Pages[p.First-1], a.Pages[p.Last-1])
		}
	}
	if ps[0].Page != 1 || ps[0].LastPage != 2 {
		t.Errorf("first passage pages %d-%d; want the heading and short paragraph merged into pages 1-2", ps[0].Page, ps[0].LastPage)
	}
	for _, p := range Split(Article{Meta: Meta{ID: "x"}, Body: "No pages here."}, DefaultSplit) {
		if p.Page != 0 || p.LastPage != 0 {
			t.Errorf("unpaged article gave pages %d-%d; want 0", p.Page, p.LastPage)
		}
	}
}

func TestPageLabel(t *testing.T) {
	tests := []struct {
		page, last int
		want       string
	}{
		{0, 0, ""},
		{4, 4, "p. 4"},
		{4, 0, "p. 4"},
		{4, 5, "pp. 4–5"},
	}
	for _, tt := range tests {
		if got := (Passage{Page: tt.page, LastPage: tt.last}).PageLabel(); got != tt.want {
			t.Errorf("Passage{Page: %d, LastPage: %d}.PageLabel() = %q; want %q", tt.page, tt.last, got, tt.want)
		}
	}
}
