package knowledge

import (
	"bytes"
	"compress/zlib"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The PDFs under testdata/pdf are made from the documents in
// testdata/pdf/src by make.sh (LibreOffice, qpdf, Ghostscript); see
// testdata/pdf/README.md.

func readTestPDF(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParsePDFFile(t *testing.T) {
	tests := []struct {
		file                string
		title, author, lang string
		pages               int // distinct pages the paragraphs start on
		// want maps the start of a paragraph to the page it must be on.
		want map[string]int
	}{
		{"charter.pdf", "A Study Guide to the Collective Security Treaty", "Elena Marsh", "en", 2, map[string]int{
			"Article 3 of the Charter names the purposes":      1,
			"The Council of Foreign Ministers coordinates":     1, // runs on to page 2
			"The Collective Rapid Reaction Forces were formed": 2,
			"Readers who want the full texts should consult":   2,
		}},
		{"charter-objstm.pdf", "A Study Guide to the Collective Security Treaty", "Elena Marsh", "en", 2, map[string]int{
			"The Secretary General is the highest administrative": 2,
		}},
		{"owner-password.pdf", "A Study Guide to the Collective Security Treaty", "Elena Marsh", "en", 2, map[string]int{
			"Membership today": 2,
		}},
		{"bulletin.pdf", "Security Bulletin | Reading Group", "Tomas Varga", "en", 1, map[string]int{
			"The Kyrgyz delegation recalled the clashes": 1,
		}},
		// No metadata title: the first page's heading.
		{"russian.pdf", "Организация Договора о коллективной безопасности", "", "ru", 1, map[string]int{
			"Совет министров обороны занимается": 1,
		}},
		{"gs.pdf", "The Pact in Brief", "", "en", 2, map[string]int{
			"The heads of state meet once a year": 2,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := parseFile(tt.file, readTestPDF(t, tt.file))
			if err != nil {
				t.Fatalf("parseFile(%s): %v", tt.file, err)
			}
			if a.Title != tt.title || a.Author != tt.author || a.Lang != tt.lang {
				t.Errorf("title, author, lang = %q, %q, %q; want %q, %q, %q", a.Title, a.Author, a.Lang, tt.title, tt.author, tt.lang)
			}
			if a.Published.IsZero() {
				t.Errorf("no date; want the creation date of the metadata")
			}
			paras := Paragraphs(a.Body)
			if len(paras) != len(a.Pages) {
				t.Fatalf("%d paragraphs, %d page numbers; want one each", len(paras), len(a.Pages))
			}
			if got := len(slices.Compact(slices.Clone(a.Pages))); got != tt.pages || !slices.IsSorted(a.Pages) {
				t.Errorf("pages %v; want %d in order", a.Pages, tt.pages)
			}
			for start, page := range tt.want {
				i := slices.IndexFunc(paras, func(p string) bool { return strings.HasPrefix(p, start) })
				if i < 0 {
					t.Errorf("no paragraph starts with %q", start)
				} else if a.Pages[i] != page {
					t.Errorf("paragraph %q on page %d; want %d", start, a.Pages[i], page)
				}
			}
			for _, p := range paras {
				if pageNumber.MatchString(p) || strings.HasPrefix(p, "Page ") || strings.Contains(p, "not an official text") {
					t.Errorf("running header or footer kept: %q", p)
				}
			}
		})
	}
}

func TestParsePDFFileRefuses(t *testing.T) {
	charter := readTestPDF(t, "charter.pdf")
	tests := []struct {
		name string
		data []byte
		is   error  // nil: only the message is checked
		want string // in the message
	}{
		{"scanned", readTestPDF(t, "scanned.pdf"), errPDFNoText, "OCR"},
		{"password", readTestPDF(t, "password.pdf"), errPDFEncrypted, "needs a password"},
		{"aes-256", readTestPDF(t, "encrypted.pdf"), nil, "encrypted PDF of a kind this reader cannot open"},
		{"truncated", charter[:len(charter)/2], errPDFBroken, "broken PDF"},
		{"no cross-reference", append([]byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"), "trailer\n<<>>\n%%EOF\n"...), errPDFBroken, "broken PDF"},
		{"not a pdf", []byte("<html>a web page saved as .pdf</html>"), nil, "not a PDF file"},
		{"empty", nil, nil, "not a PDF file"},
		{"too large", append([]byte("%PDF-1.4\n"), make([]byte, MaxPDFSize)...), errPDFTooBig, "larger than 64 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseFile("x.pdf", tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) || tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("parseFile = %v; want an error with %q (is %v)", err, tt.want, tt.is)
			}
		})
	}
}

// TestPDFExtractionQuality compares the paragraphs read from each PDF with
// the paragraphs of the document it was made from: every one must be read
// whole, in order, with nothing else (headers, footers, page numbers).
func TestPDFExtractionQuality(t *testing.T) {
	for _, name := range []string{"charter", "bulletin", "russian", "long"} {
		t.Run(name, func(t *testing.T) {
			want := fodtParagraphs(t, filepath.Join("testdata", "pdf", "src", name+".fodt"))
			a, err := parseFile(name+".pdf", readTestPDF(t, name+".pdf"))
			if err != nil {
				t.Fatal(err)
			}
			got := Paragraphs(a.Body)
			kept, leaked := compareParagraphs(want, got)
			t.Logf("%s: %d/%d paragraphs read whole and in order, %d extra", name, kept, len(want), leaked)
			if kept != len(want) || leaked != 0 {
				t.Errorf("%s: %d of %d paragraphs read whole and in order, %d extra; want all, none extra\ngot %q", name, kept, len(want), leaked, got)
			}
		})
	}
}

// compareParagraphs counts the paragraphs of want found in got in the same
// order (a longest common subsequence) and the paragraphs of got that are
// not in want.
func compareParagraphs(want, got []string) (kept, leaked int) {
	lcs := make([][]int, len(want)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(got)+1)
	}
	for i := len(want) - 1; i >= 0; i-- {
		for j := len(got) - 1; j >= 0; j-- {
			if want[i] == got[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			leaked++
		}
	}
	return lcs[0][0], leaked
}

// fodtParagraphs returns the headings and paragraphs of a flat ODF text
// document's body, in order.
func fodtParagraphs(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	var out []string
	var cur *strings.Builder
	inBody := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			inBody = inBody || e.Name.Local == "text" && e.Name.Space == "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
			if inBody && (e.Name.Local == "p" || e.Name.Local == "h") {
				cur = &strings.Builder{}
			}
		case xml.CharData:
			if cur != nil {
				cur.Write(e)
			}
		case xml.EndElement:
			if cur != nil && (e.Name.Local == "p" || e.Name.Local == "h") {
				out = append(out, collapse(cur.String()))
				cur = nil
			}
		}
	}
}

// buildPDF writes a PDF file of the given objects (numbered from 1) with a
// correct cross-reference table; root is the catalog's number.
func buildPDF(root int, objects ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, root, xref)
	return b.Bytes()
}

// stream writes a stream object holding data, compressed when flate.
func stream(dict string, data []byte, flate bool) string {
	if flate {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(data)
		w.Close()
		data, dict = z.Bytes(), dict+"/Filter/FlateDecode"
	}
	return fmt.Sprintf("<<%s/Length %d>>\nstream\n%s\nendstream", dict, len(data), data)
}

// onePage is a one-page PDF that draws content with Helvetica.
func onePage(content string) []byte {
	return buildPDF(1,
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
		stream("", []byte(content), true),
		"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
	)
}

func TestParsePDFBounds(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		is   error
		want string
	}{
		{"minimal", onePage("BT /F1 12 Tf 72 700 Td (Hello, pact.) Tj ET"), nil, ""},
		{"page tree loop", buildPDF(1,
			"<</Type/Catalog/Pages 2 0 R>>",
			"<</Type/Pages/Kids[2 0 R]/Count 1>>",
		), errPDFTooBig, "page tree loops"},
		{"read loop", buildPDF(1,
			"<</Type/Catalog/Pages 2 0 R>>",
			"<</Type/Pages/Kids[3 0 R]/Count 1>>",
			"<</Type/Page/Parent 2 0 R/Resources 4 0 R/Contents 5 0 R>>",
			"<</Font 4 0 R>>",
			stream("", []byte(manyFonts(100000)), true), // each name looked up in the file

		), errPDFTooBig, "too much reading"},
		{"content bomb", onePage("BT /F1 12 Tf 72 700 Td (x) Tj ET" + strings.Repeat(" ", pdfStreamMax)), errPDFTooBig, "content stream expands past 16 MiB"},
		{"object stream bomb", buildPDF(1,
			"<</Type/Catalog/Pages 2 0 R>>",
			"<</Type/Pages/Kids[]/Count 0>>",
			stream("/Type/ObjStm/N 1/First 4", make([]byte, pdfStreamMax+1), true),
		), errPDFTooBig, "compressed stream expands past 16 MiB"},
		{"no pages", buildPDF(1, "<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[]/Count 0>>"), errPDFBroken, "no pages"},
		{"too many pages", buildPDF(1, "<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids["+strings.Repeat("3 0 R ", MaxPDFPages+1)+"]>>", "<</Type/Page>>"),
			errPDFTooBig, "more than 2000 pages"},
		{"text drawn nowhere", onePage("0 0 m 10 10 l S"), errPDFNoText, "no text layer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parsePDF(tt.data)
			if tt.want == "" {
				if err != nil || len(doc.Paras) != 1 || doc.Paras[0].Text != "Hello, pact." {
					t.Errorf("parsePDF = %+v, %v; want the one line", doc.Paras, err)
				}
				return
			}
			if err == nil || !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parsePDF = %v; want %v with %q", err, tt.is, tt.want)
			}
		})
	}
}

// manyFonts is content that selects n fonts, each by its own name.
func manyFonts(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "/F%d 12 Tf ", i)
	}
	return b.String()
}

func TestPDFMetadataFromXMP(t *testing.T) {
	xmp := `<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmp:CreateDate="2021-06-30T10:00:00+03:00">` +
		`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Declaration &amp; Statement</rdf:li></rdf:Alt></dc:title>` +
		`<dc:creator><rdf:Seq><rdf:li>Secretariat</rdf:li></rdf:Seq></dc:creator>` +
		`<dc:language><rdf:Bag><rdf:li>ru</rdf:li></rdf:Bag></dc:language></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="r"?>`
	data := buildPDF(1,
		"<</Type/Catalog/Pages 2 0 R/Metadata 6 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
		stream("", []byte("BT /F1 12 Tf 72 700 Td (Text.) Tj ET"), true),
		"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
		stream("/Type/Metadata/Subtype/XML", []byte(xmp), false),
	)
	a, err := parseFile("d.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Declaration & Statement" || a.Author != "Secretariat" || a.Lang != "ru" || a.Published.Format("2006-01-02") != "2021-06-30" {
		t.Errorf("from XMP: %+v; want its title, creator, language and date", a.Meta)
	}
}

func TestPDFTitlePlaceholders(t *testing.T) {
	for _, s := range []string{"Microsoft Word - report.docx", "Untitled", "scan0001.pdf"} {
		if got := usableTitle(s); got != "" {
			t.Errorf("usableTitle(%q) = %q; want it dropped", s, got)
		}
	}
	if got := usableTitle(" Charter  of the CSTO "); got != "Charter of the CSTO" {
		t.Errorf("usableTitle = %q", got)
	}
}

// FuzzParsePDF starts from small files: minimizing a large input costs
// the fuzzer minutes.
func FuzzParsePDF(f *testing.F) {
	f.Add(readTestPDF(f, "gs.pdf"))
	f.Add(onePage("BT /F1 12 Tf 72 700 Td (Hello) Tj T* [(a) -300 (b)] TJ ET q 1 0 0 1 5 5 cm Q"))
	f.Add(buildPDF(1, "<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[2 0 R]/Count 1>>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := parsePDF(data)
		if err != nil {
			return
		}
		if len(doc.Paras) == 0 {
			t.Errorf("parsePDF gave no paragraphs and no error")
		}
		for _, p := range doc.Paras {
			if p.Page < 1 || p.Page > doc.Pages || strings.TrimSpace(p.Text) == "" || strings.Contains(p.Text, "\n") {
				t.Errorf("paragraph %q on page %d of %d", p.Text, p.Page, doc.Pages)
			}
		}
	})
}

// BenchmarkParsePDF reads the 40-page report; pages/s is the figure to
// compare.
func BenchmarkParsePDF(b *testing.B) {
	data := readTestPDF(b, "long.pdf")
	b.SetBytes(int64(len(data)))
	pages := 0
	for b.Loop() {
		doc, err := parsePDF(data)
		if err != nil {
			b.Fatal(err)
		}
		pages += doc.Pages
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}
