package knowledge

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
)

// pdfSource is the file as the PDF library sees it: the bytes in memory,
// every read counted against a budget. It also mends two harmless
// deviations the library refuses: a PDF 2.0 header, and bytes after the
// last %%EOF marker.
type pdfSource struct {
	data   []byte
	read   int64 // bytes handed out so far
	budget int64
	over   bool // the budget was spent: every later read fails too
}

func newPDFSource(data []byte) *pdfSource {
	// The library looks for %%EOF in the file's last 100 bytes only.
	tail := data[max(0, len(data)-4096):]
	if i := bytes.LastIndex(tail, []byte("%%EOF")); i >= 0 {
		data = data[:len(data)-len(tail)+i+len("%%EOF")]
	}
	if bytes.HasPrefix(data, []byte("%PDF-2.")) {
		// Version 2.0 files use the same syntax for all that is read here.
		data = append([]byte("%PDF-1.7"), data[len("%PDF-2.0"):]...)
	}
	return &pdfSource{data: data, budget: pdfReadFactor*int64(len(data)) + pdfReadSlack}
}

func (s *pdfSource) size() int64 { return int64(len(s.data)) }

// ReadAt implements io.ReaderAt. Past the budget it panics with a
// pdfLimit, since the library ignores most read errors and would go on.
func (s *pdfSource) ReadAt(p []byte, off int64) (int, error) {
	if s.over {
		panic(pdfLimit{"it takes too much reading (a loop in its structure?)"})
	}
	if off < 0 || off >= int64(len(s.data)) {
		return 0, io.EOF
	}
	n := copy(p, s.data[off:])
	s.read += int64(n)
	if s.read > s.budget {
		s.over = true
		panic(pdfLimit{"it takes too much reading (a loop in its structure?)"})
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// checkStreams decompresses, with a bound, every object stream and
// cross-reference stream in the file before the library sees it: the
// library decompresses and parses those on its own, without a limit, so a
// file in which one expands past pdfStreamMax is refused. Images are not
// read at all; content streams, fonts' character maps and forms are
// bounded when they are read (see readStream).
func (s *pdfSource) checkStreams() error {
	data := s.data
	var total int64
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("stream"))
		if i < 0 {
			return nil
		}
		start := off + i + len("stream")
		off = start
		if bytes.HasSuffix(data[:start], []byte("endstream")) {
			continue
		}
		// The data begins after an end of line: CR LF or LF.
		if start < len(data) && data[start] == '\r' {
			start++
		}
		if start >= len(data) || data[start] != '\n' {
			continue
		}
		if !structural(data[max(0, off-len("stream")-4096) : off-len("stream")]) {
			continue
		}
		// An error (not zlib data, or cut short) leaves the library to
		// fail on its own; only the size matters here.
		n, _ := inflatedSize(data[start+1:], pdfStreamMax)
		if n > pdfStreamMax {
			return fmt.Errorf("%w: a compressed stream expands past %d MiB", errPDFTooBig, pdfStreamMax>>20)
		}
		if total += n; total > pdfStreamTotal {
			return fmt.Errorf("%w: its compressed streams expand past %d MiB", errPDFTooBig, pdfStreamTotal>>20)
		}
	}
}

// structural reports whether the object whose head ends before is an
// object stream or a cross-reference stream.
func structural(before []byte) bool {
	if i := bytes.LastIndex(before, []byte("obj")); i >= 0 {
		before = before[i:]
	}
	return bytes.Contains(before, []byte("/ObjStm")) || bytes.Contains(before, []byte("/XRef"))
}

// inflatedSize returns how many bytes the zlib data at the start of b
// expands to, reading at most limit+1 of them.
func inflatedSize(b []byte, limit int64) (int64, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	defer zr.Close()
	return io.Copy(io.Discard, io.LimitReader(zr, limit+1))
}
