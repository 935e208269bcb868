package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cstobot/cstobot/internal/text/wordvec"
)

// spec is the shape of a library.
type spec struct {
	articles int
	bytes    int // total, about
	seed     uint64
}

// Paragraph sizes, in bytes: between cstobot's default passage minimum
// (200) and maximum (1200) characters, so that nearly every paragraph is
// one passage, averaging about 600 bytes like the articles of the issue
// that sized the goals (30 MB, 50k passages).
const (
	paraMin = 250
	paraMax = 800
)

// writeLibrary writes s.articles Markdown files into dir.
func writeLibrary(dir string, s spec) error {
	tab, err := wordvec.Builtin()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	g := newGen(tab, s.seed)
	per := s.bytes / max(s.articles, 1)
	for i := range s.articles {
		name := filepath.Join(dir, fmt.Sprintf("article-%04d.md", i+1))
		if err := os.WriteFile(name, []byte(g.article(i, per)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// gen draws text. Words follow a Zipf law over the vocabulary, most
// frequent first, as words do in real text.
type gen struct {
	r     *rand.Rand
	zipf  *rand.Zipf
	tab   *wordvec.Table
	names []string
}

func newGen(tab *wordvec.Table, seed uint64) *gen {
	r := rand.New(rand.NewPCG(seed, 0x6d6b6c6962))
	g := &gen{r: r, zipf: rand.NewZipf(r, 1.07, 8, uint64(tab.Len()-1)), tab: tab}
	// Names: capitalised made-up words, a few hundred of them, as the
	// people, places and organisations of a news archive.
	syll := []string{"ka", "ro", "vin", "tash", "mir", "ost", "el", "bek", "zar", "lan", "dov", "ist", "an", "gor", "sk"}
	for range 400 {
		var b strings.Builder
		for range 2 + r.IntN(2) {
			b.WriteString(syll[r.IntN(len(syll))])
		}
		n := b.String()
		g.names = append(g.names, strings.ToUpper(n[:1])+n[1:])
	}
	return g
}

// article returns article i, about size bytes, with front matter.
func (g *gen) article(i, size int) string {
	var b strings.Builder
	title := g.title()
	fmt.Fprintf(&b, "---\ntitle: %q\nauthor: %s %s\npublished: %d-%02d-%02d\nlang: en\nurl: https://library.example/%d\n---\n\n# %s\n\n",
		title, g.name(), g.name(), 1995+g.r.IntN(30), 1+g.r.IntN(12), 1+g.r.IntN(28), i+1, title)
	for n := 0; b.Len() < size; n++ {
		if n > 0 && n%8 == 0 {
			fmt.Fprintf(&b, "## %s\n\n", g.title())
		}
		b.WriteString(g.paragraph(paraMin + g.r.IntN(paraMax-paraMin)))
		b.WriteString("\n\n")
	}
	return b.String()
}

func (g *gen) title() string {
	var w []string
	for range 3 + g.r.IntN(4) {
		w = append(w, g.word())
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ")
}

func (g *gen) name() string { return g.names[g.r.IntN(len(g.names))] }

func (g *gen) word() string { return g.tab.Word(int32(g.zipf.Uint64())) }

// paragraph returns sentences up to about size bytes.
func (g *gen) paragraph(size int) string {
	var b strings.Builder
	for b.Len() < size {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		g.sentence(&b)
	}
	return b.String()
}

// sentence writes 6 to 24 tokens: mostly words, and now and then a name, a
// number or a year.
func (g *gen) sentence(b *strings.Builder) {
	n := 6 + g.r.IntN(19)
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		var tok string
		switch x := g.r.IntN(100); {
		case x < 7:
			tok = g.name()
		case x < 9:
			tok = strconv.Itoa(1 + g.r.IntN(5000))
		case x < 10:
			tok = strconv.Itoa(1900 + g.r.IntN(126))
		default:
			tok = g.word()
		}
		if i == 0 {
			tok = strings.ToUpper(tok[:1]) + tok[1:]
		}
		b.WriteString(tok)
	}
	b.WriteByte('.')
}
