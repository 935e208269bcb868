package knowledge

import (
	"cmp"
	"html"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
)

// readPDFMeta reads the document information dictionary and, for what it
// lacks, the XMP metadata stream.
func readPDFMeta(r *pdf.Reader, src *pdfSource) pdfDoc {
	info := r.Trailer().Key("Info")
	root := r.Trailer().Key("Root")
	aes := r.Trailer().Key("Encrypt").Kind() == pdf.Dict
	text := func(v pdf.Value) string { return pdfString(v.RawString(), aes) }
	var d pdfDoc
	d.Title = usableTitle(text(info.Key("Title")))
	d.Author = collapse(text(info.Key("Author")))
	d.Date = pdfDate(text(info.Key("CreationDate")))
	d.Lang = collapse(text(root.Key("Lang")))
	if d.Title != "" && d.Author != "" && d.Date != "" {
		return d
	}
	x := readXMP(root.Key("Metadata"))
	d.Title = cmp.Or(d.Title, usableTitle(x.title))
	d.Author = cmp.Or(d.Author, x.creator)
	d.Date = cmp.Or(d.Date, x.date)
	d.Lang = cmp.Or(d.Lang, x.lang)
	return d
}

// pdfString decodes a PDF text string: UTF-16 after a byte order mark,
// UTF-8 after its mark, else PDFDocEncoding. When the file is encrypted,
// the string may still carry the padding of its last AES block, which the
// library leaves in place; it is removed.
func pdfString(raw string, encrypted bool) string {
	if n := len(raw); encrypted && n > 0 {
		if p := int(raw[n-1]); p >= 1 && p <= 16 && p <= n && strings.Count(raw[n-p:], raw[n-1:]) == p {
			raw = raw[:n-p]
		}
	}
	switch {
	case strings.HasPrefix(raw, "\xfe\xff"):
		u := make([]uint16, 0, len(raw)/2)
		for i := 2; i+1 < len(raw); i += 2 {
			u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		return string(utf16.Decode(u))
	case strings.HasPrefix(raw, "\xef\xbb\xbf"):
		return strings.ToValidUTF8(raw[3:], "")
	}
	var b strings.Builder
	for i := range len(raw) {
		c := raw[i]
		switch {
		case c >= 0x80 && c < 0xA0:
			b.WriteRune(pdfDocHigh[c-0x80])
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
		default:
			b.WriteRune(rune(c)) // the rest of PDFDocEncoding is Latin-1
		}
	}
	return b.String()
}

// pdfDocHigh is PDFDocEncoding's 0x80–0x9F, where it differs from Latin-1.
var pdfDocHigh = [32]rune{
	'•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘',
	'’', '‚', '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\uFFFD',
}

// placeholderTitle matches titles that producers fill in by themselves:
// a file name, "Untitled", "Microsoft Word - report.docx".
var placeholderTitle = regexp.MustCompile(`(?i)^(untitled|document\d*|microsoft \w+ - .*|.*\.(docx?|odt|rtf|pdf|txt|indd|tex|dvi|ps))$`)

// usableTitle returns a metadata title, or "" when it is a placeholder.
func usableTitle(s string) string {
	s = collapse(s)
	if placeholderTitle.MatchString(s) {
		return ""
	}
	return s
}

// pdfDateRE matches a PDF date, "D:YYYYMMDDHHmmSS" with optional time and
// zone parts, of which only the day is kept.
var pdfDateRE = regexp.MustCompile(`^(?:D:)?(\d{4})(\d{2})?(\d{2})?`)

// pdfDate turns a PDF date into "YYYY-MM-DD", or "" when it is unreadable.
func pdfDate(s string) string {
	m := pdfDateRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return ""
	}
	date := m[1] + "-" + cmp.Or(m[2], "01") + "-" + cmp.Or(m[3], "01")
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return ""
	}
	return date
}

// xmpMeta is what the XMP packet says about the document.
type xmpMeta struct{ title, creator, date, lang string }

// maxXMP bounds the metadata stream read.
const maxXMP = 1 << 20

// XMP is RDF in XML; the few properties read here are found by pattern,
// which copes with the packets producers write without an RDF parser.
var (
	xmpTitle   = regexp.MustCompile(`(?s)<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>`)
	xmpCreator = regexp.MustCompile(`(?s)<dc:creator>.*?<rdf:li[^>]*>(.*?)</rdf:li>`)
	xmpLang    = regexp.MustCompile(`(?s)<dc:language>.*?<rdf:li[^>]*>(.*?)</rdf:li>`)
	xmpDate    = regexp.MustCompile(`(?s)xmp:CreateDate(?:="([^"]*)"|>([^<]*)<)`)
)

func readXMP(v pdf.Value) xmpMeta {
	if v.Kind() != pdf.Stream {
		return xmpMeta{}
	}
	rd := v.Reader()
	defer rd.Close()
	b, _ := io.ReadAll(io.LimitReader(rd, maxXMP))
	s := string(b)
	get := func(re *regexp.Regexp) string {
		m := re.FindStringSubmatch(s)
		if m == nil {
			return ""
		}
		return collapse(html.UnescapeString(cmp.Or(m[1:]...)))
	}
	x := xmpMeta{title: get(xmpTitle), creator: get(xmpCreator), lang: get(xmpLang)}
	if d := get(xmpDate); len(d) >= 10 {
		if _, err := time.Parse(time.DateOnly, d[:10]); err == nil {
			x.date = d[:10]
		}
	}
	return x
}
