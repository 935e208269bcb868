package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/ledongthuc/pdf"
)

// Limits on a PDF file. Reports and charters run to a few hundred pages and
// a few megabytes of text; past these a file is a scan archive or a dump.
const (
	// MaxPDFSize is the largest PDF file Load reads: PDFs carry images and
	// fonts, so they are allowed more than text files.
	MaxPDFSize = 64 << 20
	// MaxPDFPages is the most pages a PDF may have.
	MaxPDFPages = 2000
)

// Bounds on the work one PDF may cost. The PDF library follows references
// and decompresses streams without limits of its own, so a malformed or
// hostile file could make it loop or expand a small stream into gigabytes:
// every read from the file, every decompressed stream and every content
// operator is counted, and a file that goes past a bound is refused.
const (
	// pdfReadFactor bounds the bytes read from the file, as a multiple of
	// its size plus pdfReadSlack: the library re-reads an object each time
	// it is used (it has no cache), so a sound file is read many times over.
	pdfReadFactor = 50
	pdfReadSlack  = 4 << 20
	// pdfStreamMax is the most a single stream may decompress to, and
	// pdfStreamTotal the most all the streams read may.
	pdfStreamMax   = 16 << 20
	pdfStreamTotal = 256 << 20
	// pdfMaxOps is the most content-stream operators a file may run.
	pdfMaxOps = 20_000_000
	// pdfMaxText is the most characters of text a file may yield.
	pdfMaxText = 20 << 20
)

// Reasons a PDF is skipped. Each is wrapped with detail where there is any.
var (
	errPDFBroken    = errors.New("broken PDF")
	errPDFEncrypted = errors.New("encrypted PDF: it needs a password; save a copy without one")
	errPDFNoText    = errors.New("no text layer (a scanned PDF?): run it through OCR first, for example with ocrmypdf")
	errPDFTooBig    = errors.New("PDF too large or complex to read")
)

// pdfPara is one paragraph of a PDF and the page it starts on.
type pdfPara struct {
	Text string
	Page int
}

// pdfDoc is what a PDF yields: its paragraphs in reading order and the
// metadata it declares.
type pdfDoc struct {
	Paras                []pdfPara
	Title, Author, Date  string
	Lang                 string
	Pages                int
	LargestText, Heading string // the first page's largest line, for a missing title
}

// parsePDF reads a PDF's text and metadata. It never panics: the library
// reports malformed input by panicking, and that becomes an error wrapping
// errPDFBroken (or errPDFTooBig when a work bound was reached).
func parsePDF(data []byte) (doc pdfDoc, err error) {
	defer func() {
		if x := recover(); x != nil {
			doc = pdfDoc{}
			err = recoveredPDF(x)
		}
	}()
	if len(data) > MaxPDFSize {
		return pdfDoc{}, fmt.Errorf("%w: larger than %d MiB", errPDFTooBig, MaxPDFSize>>20)
	}
	src := newPDFSource(data)
	if err := src.checkStreams(); err != nil {
		return pdfDoc{}, err
	}
	r, err := pdf.NewReader(src, src.size())
	if err != nil {
		return pdfDoc{}, openError(err)
	}
	list, err := pageList(r)
	if err != nil {
		return pdfDoc{}, err
	}
	doc = readPDFMeta(r, src)
	doc.Pages = len(list)
	pages, err := readPages(list, src)
	if err != nil {
		return pdfDoc{}, err
	}
	doc.Paras, doc.Heading = layoutDocument(pages)
	if len(doc.Paras) == 0 {
		return pdfDoc{}, errPDFNoText
	}
	return doc, nil
}

// recoveredPDF turns a panic from the library into an error. Our own
// bounds panic with a pdfLimit; anything else is the library's report of
// a malformed file, or a bug it hit on one.
func recoveredPDF(x any) error {
	var lim pdfLimit
	if e, ok := x.(error); ok && errors.As(e, &lim) {
		return fmt.Errorf("%w: %s", errPDFTooBig, lim.what)
	}
	if _, ok := x.(runtime.Error); ok {
		return fmt.Errorf("%w: the file's structure could not be followed", errPDFBroken)
	}
	return fmt.Errorf("%w: %s", errPDFBroken, clipReason(fmt.Sprint(x)))
}

// openError classifies the library's error from opening a file.
func openError(err error) error {
	var lim pdfLimit
	msg := err.Error()
	switch {
	case errors.As(err, &lim):
		return fmt.Errorf("%w: %s", errPDFTooBig, lim.what)
	case errors.Is(err, pdf.ErrInvalidPassword):
		return errPDFEncrypted
	case strings.Contains(msg, "encryption"):
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, "malformed PDF: "), "unsupported PDF: ")
		return fmt.Errorf("encrypted PDF of a kind this reader cannot open (%s); save a copy without a password", clipReason(msg))
	}
	return fmt.Errorf("%w: %s", errPDFBroken, clipReason(msg))
}

// clipReason keeps a library message short enough for one log line: some
// quote whole objects of the file.
func clipReason(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return s
}

// pdfLimit is the panic value of a work bound reached deep in the library,
// where no error can be returned. It is a runtime.Error because the
// library's content interpreter recovers other panics and reads on, which
// would keep it running past the bound.
type pdfLimit struct{ what string }

func (l pdfLimit) Error() string { return l.what }

// RuntimeError marks pdfLimit as a runtime.Error.
func (pdfLimit) RuntimeError() {}

// isPDF reports whether data starts like a PDF file.
func isPDF(data []byte) bool { return bytes.HasPrefix(data, []byte("%PDF-")) }
