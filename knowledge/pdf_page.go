package knowledge

import (
	"fmt"
	"io"
	"math"

	"github.com/ledongthuc/pdf"
)

// glyph is one character code drawn on a page: where its baseline starts,
// how wide it is and how tall the font is, in page units (points).
type glyph struct {
	x, y, w, size float64
	s             string
}

// pdfPage is a page's glyphs in drawing order.
type pdfPage struct {
	n      int
	glyphs []glyph
}

// pageList returns the document's pages in order, walking the page tree
// once (the library's Page(i) walks it again for every page). A tree that
// loops, nests too deep or holds too many pages is refused.
func pageList(r *pdf.Reader) ([]pdf.Page, error) {
	var out []pdf.Page
	visits := 0
	var walk func(v pdf.Value, depth int) error
	walk = func(v pdf.Value, depth int) error {
		if visits++; visits > 4*MaxPDFPages || depth > 64 {
			return fmt.Errorf("%w: its page tree loops or is too deep", errPDFTooBig)
		}
		if kids := v.Key("Kids"); kids.Kind() == pdf.Array {
			for i := range kids.Len() {
				if err := walk(kids.Index(i), depth+1); err != nil {
					return err
				}
			}
			return nil
		}
		if v.Kind() == pdf.Dict {
			if out = append(out, pdf.Page{V: v}); len(out) > MaxPDFPages {
				return fmt.Errorf("%w: more than %d pages", errPDFTooBig, MaxPDFPages)
			}
		}
		return nil
	}
	if err := walk(r.Trailer().Key("Root").Key("Pages"), 0); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no pages", errPDFBroken)
	}
	return out, nil
}

// readPages runs the content of the pages, bounded by the work limits.
func readPages(list []pdf.Page, src *pdfSource) ([]pdfPage, error) {
	w := &pageWork{src: src, fonts: map[string]*fontInfo{}}
	pages := make([]pdfPage, 0, len(list))
	for i, p := range list {
		gs, err := w.page(p)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		pages = append(pages, pdfPage{n: i + 1, glyphs: gs})
	}
	return pages, nil
}

// pageWork counts what the pages of one file have cost so far.
type pageWork struct {
	src      *pdfSource
	ops      int
	text     int
	streamed int64
	// fonts holds the fonts read so far, by their dictionary's text: pages
	// share fonts, and reading one (its character map above all) costs
	// more than most pages' text.
	fonts map[string]*fontInfo
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m×n: m applied first, then n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// textState is the part of the graphics state that places text.
type textState struct {
	ctm                  matrix
	tm, tlm              matrix
	charSpace, wordSpace float64
	scale, leading, rise float64
	font                 *fontInfo
	size                 float64
}

// page returns the glyphs a page draws.
func (w *pageWork) page(p pdf.Page) ([]glyph, error) {
	c := &canvas{work: w}
	if err := c.run(p.V.Key("Contents"), p.Resources(), identity, 0); err != nil {
		return nil, err
	}
	return c.glyphs, nil
}

// canvas interprets content streams and collects the glyphs they draw.
type canvas struct {
	work   *pageWork
	glyphs []glyph
}

// maxFormDepth bounds forms drawn inside forms.
const maxFormDepth = 4

// run interprets one content stream (or array of them) with the given
// resources, drawn through ctm; depth counts nested forms.
func (c *canvas) run(contents, res pdf.Value, ctm matrix, depth int) error {
	if contents.Kind() != pdf.Stream && contents.Kind() != pdf.Array {
		return nil
	}
	if err := c.work.checkContent(contents); err != nil {
		return err
	}
	g := textState{ctm: ctm, scale: 1}
	var stack []textState
	fonts := map[string]*fontInfo{}
	pdf.Interpret(contents, func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		if c.work.ops++; c.work.ops > pdfMaxOps {
			panic(pdfLimit{fmt.Sprintf("more than %d drawing operations", pdfMaxOps)})
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, g)
			}
		case "Q":
			if n := len(stack); n > 0 {
				g, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if len(args) == 6 {
				g.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(g.ctm)
			}
		case "BT":
			g.tm, g.tlm = identity, identity
		case "Tc":
			g.charSpace = num(0)
		case "Tw":
			g.wordSpace = num(0)
		case "Tz":
			g.scale = num(0) / 100
		case "TL":
			g.leading = num(0)
		case "Ts":
			g.rise = num(0)
		case "Tf":
			if len(args) == 2 {
				g.font, g.size = c.font(res, fonts, args[0].Name()), num(1)
			}
		case "Td", "TD":
			if op == "TD" {
				g.leading = -num(1)
			}
			g.tlm = translate(num(0), num(1)).mul(g.tlm)
			g.tm = g.tlm
		case "Tm":
			if len(args) == 6 {
				g.tm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
				g.tlm = g.tm
			}
		case "T*":
			g.nextLine()
		case "Tj":
			if len(args) == 1 {
				c.show(&g, args[0].RawString())
			}
		case "'":
			g.nextLine()
			if len(args) == 1 {
				c.show(&g, args[0].RawString())
			}
		case "\"":
			if len(args) == 3 {
				g.wordSpace, g.charSpace = num(0), num(1)
				g.nextLine()
				c.show(&g, args[2].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				c.showArray(&g, args[0])
			}
		case "Do":
			if len(args) == 1 && depth < maxFormDepth {
				c.form(res, args[0].Name(), g.ctm, depth)
			}
		}
	})
	return nil
}

func (g *textState) nextLine() {
	g.tlm = translate(0, -g.leading).mul(g.tlm)
	g.tm = g.tlm
}

// form draws a form XObject, which may hold text of its own.
func (c *canvas) form(res pdf.Value, name string, ctm matrix, depth int) {
	x := res.Key("XObject").Key(name)
	if x.Kind() != pdf.Stream || x.Key("Subtype").Name() != "Form" {
		return
	}
	m := identity
	if a := x.Key("Matrix"); a.Len() == 6 {
		for i := range m {
			m[i] = a.Index(i).Float64()
		}
	}
	inner := x.Key("Resources")
	if inner.Kind() != pdf.Dict {
		inner = res
	}
	if err := c.run(x, inner, m.mul(ctm), depth+1); err != nil {
		panic(pdfLimit{err.Error()})
	}
}

// showArray draws a TJ array: strings, and numbers that move the pen back
// by thousandths of the font size.
func (c *canvas) showArray(g *textState, a pdf.Value) {
	for i := range a.Len() {
		v := a.Index(i)
		if v.Kind() == pdf.String {
			c.show(g, v.RawString())
			continue
		}
		g.tm = translate(-v.Float64()/1000*g.size*g.scale, 0).mul(g.tm)
	}
}

// show draws a string in the current font, glyph by glyph.
func (c *canvas) show(g *textState, raw string) {
	f := g.font
	if f == nil {
		return
	}
	for len(raw) > 0 {
		n := min(f.codeLen, len(raw))
		code := raw[:n]
		raw = raw[n:]
		s := f.decode(code)
		w0 := f.width(code)
		trm := matrix{g.size * g.scale, 0, 0, g.size, 0, g.rise}.mul(g.tm).mul(g.ctm)
		size := math.Hypot(trm[2], trm[3])
		adv := w0/1000*g.size + g.charSpace
		if n == 1 && code[0] == ' ' {
			adv += g.wordSpace
		}
		adv *= g.scale
		if s != "" {
			if c.work.text += len(s); c.work.text > pdfMaxText {
				panic(pdfLimit{fmt.Sprintf("more than %d MiB of text", pdfMaxText>>20)})
			}
			width := w0 / 1000 * math.Hypot(trm[0], trm[1])
			c.glyphs = append(c.glyphs, glyph{x: trm[4], y: trm[5], w: width, size: size, s: s})
		}
		g.tm = translate(adv, 0).mul(g.tm)
	}
}

// font returns the resources' font called name, reading it once per
// content stream (cache); nil when there is none.
func (c *canvas) font(res pdf.Value, cache map[string]*fontInfo, name string) *fontInfo {
	if f, ok := cache[name]; ok {
		return f
	}
	v := res.Key("Font").Key(name)
	var f *fontInfo
	if v.Kind() == pdf.Dict {
		f = c.work.font(v)
	}
	cache[name] = f
	return f
}

// font returns the font of dictionary v, read once per file.
func (w *pageWork) font(v pdf.Value) *fontInfo {
	key := v.String()
	if f, ok := w.fonts[key]; ok {
		return f
	}
	f := w.newFont(v)
	if len(w.fonts) < 4096 {
		w.fonts[key] = f
	}
	return f
}

// checkContent reads a content stream once through its filters, counting
// the bytes against the file's budget, so that the interpreter never sees
// a stream larger than the bounds.
func (w *pageWork) checkContent(v pdf.Value) error {
	if v.Kind() == pdf.Array {
		for i := range min(v.Len(), 10000) {
			if err := w.checkContent(v.Index(i)); err != nil {
				return err
			}
		}
		return nil
	}
	n, err := w.streamSize(v)
	if err != nil {
		return err
	}
	if n > pdfStreamMax {
		return fmt.Errorf("%w: a content stream expands past %d MiB", errPDFTooBig, pdfStreamMax>>20)
	}
	return nil
}

// streamSize returns the decoded size of stream v, reading at most one
// byte past pdfStreamMax, and counts it against pdfStreamTotal.
func (w *pageWork) streamSize(v pdf.Value) (int64, error) {
	rd := v.Reader()
	defer rd.Close()
	// A read error only ends the stream early, for the interpreter too.
	n, _ := io.Copy(io.Discard, io.LimitReader(rd, pdfStreamMax+1))
	if w.streamed += n; w.streamed > pdfStreamTotal {
		return n, fmt.Errorf("%w: its content expands past %d MiB", errPDFTooBig, pdfStreamTotal>>20)
	}
	return n, nil
}
