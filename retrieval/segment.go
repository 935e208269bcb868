package retrieval

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"unsafe"

	"github.com/cespare/xxhash/v2"
)

// The search file ("<embedder>.search", beside chromem's export) holds what
// a search reads, laid out as it is used in memory: the vectors as a
// row-major slab, the lexical index's arrays, the passages' IDs, texts and
// metadata. It is memory-mapped and used where it lies; opening it costs
// hashing those bytes, not a decode: nothing is rebuilt from the articles or from chromem's export,
// which stays the store of record and from which the search file can
// always be rebuilt.
//
// Layout: segMagic, the header's length and its xxhash64 (little-endian),
// the header (JSON, so that fields can be added), then the sections, each
// at a multiple of segAlign so that any array type can alias it. Every
// section has its own xxhash64 in the header; numbers are little-endian,
// the host's order on every platform cstobot ships for.
const (
	segMagic  = "cstoseg\x01"
	segAlign  = 64
	segPrefix = len(segMagic) + 4 + 8
)

// segFormat is the version of the layout of the header and the sections;
// a file of another version is rebuilt, not read.
const segFormat = 2

// errNotLittleEndian marks a host whose byte order the file's arrays do not
// have; the index is then built in memory at every start.
var errNotLittleEndian = errors.New("search file: host is not little-endian")

// segHeader describes a search file. Key fields decide whether it may
// serve: a different embedder, dimension, precision, analysis or source
// export makes it stale (errStaleSegment), to be rebuilt.
type segHeader struct {
	Format    int          `json:"format"`
	Embedder  string       `json:"embedder"`
	Dim       int          `json:"dim"`
	Precision Precision    `json:"precision"`
	Analysis  string       `json:"analysis"` // analysisVersion()
	Passages  int          `json:"passages"`
	Store     storeSeal    `json:"store"`   // the chromem export it was derived from
	Lexical   lexScalars   `json:"lexical"` // the lexical index's scalars
	Sections  []segSection `json:"sections"`
}

// segSection is one byte range of the file and its checksum.
type segSection struct {
	Name string `json:"name"`
	Off  int64  `json:"off"`
	Len  int64  `json:"len"`
	// Hashes are the xxhash64 of each hashChunk bytes of the section, the
	// last chunk shorter, so that a large section is checked on every
	// core.
	Hashes []uint64 `json:"xxh64"`
	// Lazy sections are not checked at open: their parts are checked as
	// they are read (see rowHashes).
	Lazy bool `json:"lazy,omitempty"`
}

// errStaleSegment marks a sound search file built for another key.
var errStaleSegment = errors.New("search file is stale")

// segWriter gathers sections, then writes them with their header.
type segWriter struct {
	h    segHeader
	data [][]byte
}

// hashChunk is the length of the parts of a section hashed apart.
const hashChunk = 8 << 20

// add appends a section of b's bytes; b is written as it is, not copied.
func (w *segWriter) add(name string, b []byte, lazy bool) {
	w.h.Sections = append(w.h.Sections, segSection{Name: name, Len: int64(len(b)), Hashes: chunkHashes(b), Lazy: lazy})
	w.data = append(w.data, b)
}

// chunkHashes hashes each hashChunk bytes of b, on every core.
func chunkHashes(b []byte) []uint64 {
	out := make([]uint64, max((len(b)+hashChunk-1)/hashChunk, 1))
	parallel(len(out), func(i int) { out[i] = xxhash.Sum64(b[i*hashChunk : min((i+1)*hashChunk, len(b))]) })
	return out
}

// parallel runs f(0..n-1) on every core.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// writeTo writes the file to out: prefix, header, padded sections.
func (w *segWriter) writeTo(out io.Writer) error {
	// Offsets depend on the header's length, which depends on the offsets'
	// digits: lay out with a generous guess, then pad the header to it.
	guess := int64(0)
	for {
		off := alignUp(int64(segPrefix) + guess)
		for i := range w.h.Sections {
			w.h.Sections[i].Off = off
			off = alignUp(off + w.h.Sections[i].Len)
		}
		hdr, err := json.Marshal(w.h)
		if err != nil {
			return err
		}
		if int64(len(hdr)) > guess {
			guess = int64(len(hdr)) + 256
			continue
		}
		// JSON allows trailing white space.
		hdr = append(hdr, bytes.Repeat([]byte{' '}, int(guess)-len(hdr))...)
		return w.emit(out, hdr)
	}
}

func (w *segWriter) emit(out io.Writer, hdr []byte) error {
	pre := []byte(segMagic)
	pre = binary.LittleEndian.AppendUint32(pre, uint32(len(hdr)))
	pre = binary.LittleEndian.AppendUint64(pre, xxhash.Sum64(hdr))
	pos := int64(0)
	write := func(b []byte) error {
		n, err := out.Write(b)
		pos += int64(n)
		return err
	}
	if err := write(pre); err != nil {
		return err
	}
	if err := write(hdr); err != nil {
		return err
	}
	var pad [segAlign]byte
	for i, s := range w.h.Sections {
		if err := write(pad[:s.Off-pos]); err != nil {
			return err
		}
		if err := write(w.data[i]); err != nil {
			return err
		}
	}
	return nil
}

// pageSize is the smallest page any supported platform maps; populate's
// ranges start at a multiple of it.
const pageSize = 4096

func alignUp(n int64) int64 { return (n + segAlign - 1) &^ (segAlign - 1) }

// segment is an opened search file: its header, the bytes of every section
// (mapped, see mapFile), and the file, open, for the lazy sections' parts.
type segment struct {
	h    segHeader
	secs map[string][]byte
	f    *os.File
}

// openSegment maps path and checks its header and every section that is
// not lazy against its hash. A missing file gives fs.ErrNotExist; a
// damaged one errCorrupt; one of another format errStaleSegment; other
// errors are I/O errors. The file stays open (for lazy reads) until the
// segment is garbage.
func openSegment(path string) (_ *segment, err error) {
	if !littleEndian() {
		return nil, errNotLittleEndian
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	s := &segment{f: f, secs: make(map[string][]byte)}
	if s.h, err = readSegHeader(f, fi.Size()); err != nil {
		return nil, err
	}
	for _, sec := range s.h.Sections {
		if sec.Off < 0 || sec.Len < 0 || sec.Off%segAlign != 0 || sec.Off > fi.Size() || sec.Len > fi.Size()-sec.Off {
			return nil, fmt.Errorf("%w: section %s out of the file", errCorrupt, sec.Name)
		}
	}
	b, err := mapFile(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", path, err)
	}
	if err := s.check(b); err != nil {
		return nil, err
	}
	return s, nil
}

// check hashes the sections that are not lazy, chunk by chunk on every
// core: hashing is what opening costs.
func (s *segment) check(b []byte) error {
	type chunk struct {
		sec  segSection
		i    int
		data []byte
	}
	var todo []chunk
	for _, sec := range s.h.Sections {
		if sec.Lazy {
			continue
		}
		data := b[sec.Off : sec.Off+sec.Len : sec.Off+sec.Len]
		s.secs[sec.Name] = data
		if len(sec.Hashes) != max((len(data)+hashChunk-1)/hashChunk, 1) {
			return fmt.Errorf("%w: section %s has %d hashes", errCorrupt, sec.Name, len(sec.Hashes))
		}
		for i := range sec.Hashes {
			from := int64(i) * hashChunk
			todo = append(todo, chunk{sec, i, data[from:min(from+hashChunk, int64(len(data)))]})
		}
	}
	errs := make([]error, len(todo))
	parallel(len(todo), func(k int) {
		c := todo[k]
		if off := c.sec.Off + int64(c.i)*hashChunk; b != nil && len(c.data) > 0 {
			populate(b[off&^(pageSize-1) : off+int64(len(c.data))])
		}
		if xxhash.Sum64(c.data) != c.sec.Hashes[c.i] {
			errs[k] = fmt.Errorf("%w: section %s checksum mismatch", errCorrupt, c.sec.Name)
		}
	})
	return errors.Join(errs...)
}

// readSegHeader reads and checks the prefix and header of a file of size
// bytes.
func readSegHeader(f io.ReaderAt, size int64) (segHeader, error) {
	var h segHeader
	pre := make([]byte, segPrefix)
	if _, err := f.ReadAt(pre, 0); err != nil || string(pre[:len(segMagic)]) != segMagic {
		return h, fmt.Errorf("%w: not a search file", errCorrupt)
	}
	n := int64(binary.LittleEndian.Uint32(pre[len(segMagic):]))
	if n > size-int64(segPrefix) {
		return h, fmt.Errorf("%w: header of %d bytes in a file of %d", errCorrupt, n, size)
	}
	hdr := make([]byte, n)
	if _, err := f.ReadAt(hdr, int64(segPrefix)); err != nil {
		return h, fmt.Errorf("read header: %w", err)
	}
	if xxhash.Sum64(hdr) != binary.LittleEndian.Uint64(pre[len(segMagic)+4:]) {
		return h, fmt.Errorf("%w: header checksum mismatch", errCorrupt)
	}
	if err := json.Unmarshal(hdr, &h); err != nil {
		return h, fmt.Errorf("%w: header: %w", errCorrupt, err)
	}
	if h.Format != segFormat {
		return h, fmt.Errorf("%w: format %d, want %d", errStaleSegment, h.Format, segFormat)
	}
	return h, nil
}

// section returns the bytes of the named section, read at open, or
// errCorrupt when the file lacks it.
func (s *segment) section(name string) ([]byte, error) {
	if b, ok := s.secs[name]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("%w: no section %s", errCorrupt, name)
}

// lazy returns the named lazy section's place in the file.
func (s *segment) lazy(name string) (segSection, error) {
	for _, sec := range s.h.Sections {
		if sec.Name == name && sec.Lazy {
			return sec, nil
		}
	}
	return segSection{}, fmt.Errorf("%w: no section %s", errCorrupt, name)
}

// asSlice views b as a slice of T, which must have no pointers; len(b) must
// be a multiple of T's size (errCorrupt otherwise). b is aligned to segAlign.
func asSlice[T any](b []byte, name string) ([]T, error) {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if len(b)%size != 0 {
		return nil, fmt.Errorf("%w: section %s of %d bytes does not hold whole values of %d", errCorrupt, name, len(b), size)
	}
	if len(b) == 0 {
		return nil, nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/size), nil
}

// asBytes views s's values as bytes, to write them without a copy.
func asBytes[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	var zero T
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(zero)))
}

func littleEndian() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}
