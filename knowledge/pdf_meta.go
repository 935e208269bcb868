package knowledge

import (
	"cmp"
	"html"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"
)

// readPDFMeta reads the document information dictionary and, for what it
// lacks, the XMP metadata stream.
func readPDFMeta(r *pdf.Reader, src *pdfSource) pdfDoc {
	info := r.Trailer().Key("Info")
	root := r.Trailer().Key("Root")
	var d pdfDoc
	d.Title = usableTitle(info.Key("Title").Text())
	d.Author = collapse(info.Key("Author").Text())
	d.Date = pdfDate(info.Key("CreationDate").Text())
	d.Lang = collapse(root.Key("Lang").Text())
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
