package knowledge

import (
	"fmt"
	"strings"

	"github.com/ledongthuc/pdf"
)

// fontInfo is what text extraction needs of a font: how long its codes
// are, what text each stands for, and how wide each is drawn (in
// thousandths of the font size).
type fontInfo struct {
	enc      pdf.TextEncoding
	codeLen  int // bytes a code takes: 1 for simple fonts, 2 for composite
	first    int
	widths   []float64       // simple fonts: widths of codes first, first+1, …
	cid      map[int]float64 // composite fonts: widths by CID
	fallback float64         // width of a code with none given
	decoded  map[string]string
}

// maxWidths bounds the widths read from one font's arrays.
const maxWidths = 65536

// newFont reads a font dictionary. Its character map, if any, is checked
// against the stream bounds before the library parses it.
func (w *pageWork) newFont(v pdf.Value) *fontInfo {
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		if n, err := w.streamSize(tu); err != nil || n > pdfStreamMax {
			panic(pdfLimit{fmt.Sprintf("a font's character map expands past %d MiB", pdfStreamMax>>20)})
		}
	}
	f := &pdf.Font{V: v}
	fi := &fontInfo{enc: f.Encoder(), codeLen: 1, fallback: 500, decoded: map[string]string{}}
	if v.Key("Subtype").Name() == "Type0" {
		fi.codeLen = 2
		fi.readCIDWidths(v.Key("DescendantFonts").Index(0))
		return fi
	}
	fi.first = int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	for i := range min(ws.Len(), maxWidths) {
		fi.widths = append(fi.widths, ws.Index(i).Float64())
	}
	if mw := v.Key("FontDescriptor").Key("MissingWidth").Float64(); mw > 0 {
		fi.fallback = mw
	}
	return fi
}

// readCIDWidths reads a CID font's W array, in which "c [w1 w2 …]" gives
// the widths of CIDs from c on and "c1 c2 w" one width for a range.
func (fi *fontInfo) readCIDWidths(d pdf.Value) {
	fi.fallback = 1000
	if dw := d.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
		fi.fallback = dw.Float64()
	}
	fi.cid = map[int]float64{}
	w := d.Key("W")
	steps := 0 // widths set, repeats included: bounded however the ranges overlap
	for i := 0; i+1 < w.Len() && steps < 4*maxWidths; {
		c := int(w.Index(i).Int64())
		if next := w.Index(i + 1); next.Kind() == pdf.Array {
			for j := range min(next.Len(), maxWidths) {
				fi.cid[c+j] = next.Index(j).Float64()
			}
			steps += next.Len()
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			return
		}
		last, width := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
		for ; c <= last && steps < 4*maxWidths; c++ {
			fi.cid[c] = width
			steps++
		}
		i += 3
	}
}

// decode returns the text a code stands for. Codes that map to nothing
// readable (a control character, the replacement character) yield "".
func (fi *fontInfo) decode(code string) string {
	if s, ok := fi.decoded[code]; ok {
		return s
	}
	s := strings.Map(func(r rune) rune {
		switch {
		case r == '\uFFFD' || r == 0:
			return -1
		case r == '\t' || r == '\u00A0':
			return ' '
		case r < ' ':
			return -1
		}
		return r
	}, fi.enc.Decode(code))
	if len(fi.decoded) < maxWidths {
		fi.decoded[code] = s
	}
	return s
}

// width returns a code's width in thousandths of the font size.
func (fi *fontInfo) width(code string) float64 {
	c := 0
	for i := range len(code) {
		c = c<<8 | int(code[i])
	}
	if fi.cid != nil {
		if w, ok := fi.cid[c]; ok {
			return w
		}
		return fi.fallback
	}
	if i := c - fi.first; i >= 0 && i < len(fi.widths) && fi.widths[i] > 0 {
		return fi.widths[i]
	}
	return fi.fallback
}
