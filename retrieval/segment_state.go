package retrieval

import (
	"encoding/json"
	"fmt"
	"os"
	"unsafe"

	"github.com/cespare/xxhash/v2"
)

// A snapshot in the search file. Passages are columns: their IDs and texts
// as string tables, and one uint32 section per metadata field
// ("passages.<field>", see passageColumns), so that a field is added by
// adding a section. Articles, few and
// varied, are one JSON section, which takes new Meta fields as they come.
// Vectors are "vectors.f32"; with Int8 precision also "vectors.i8" and
// their scales, and "vectors.f32" is read lazily, a row at a time, each
// row checked against its hash in "vectors.f32.rows".

// segmentKey is what a search file must have been built for to serve.
type segmentKey struct {
	embedder  string
	precision Precision
	store     storeSeal
}

// writeSegment atomically replaces path with st's search file.
func writeSegment(path string, st *state, key segmentKey) error {
	w := &segWriter{h: segHeader{
		Format: segFormat, Embedder: key.embedder, Dim: st.dim, Precision: key.precision,
		Analysis: analysisVersion(), Passages: len(st.passages), Store: key.store,
	}}
	int8s := key.precision == Int8
	w.add("vectors.f32", asBytes(st.slab), int8s)
	if int8s {
		q8, scales := st.q8, st.scales
		if q8 == nil {
			q8, scales = quantizeSlab(st.slab, st.dim)
		}
		w.add("vectors.i8", asBytes(q8), false)
		w.add("vectors.i8.scale", asBytes(scales), false)
		hashes := make([]uint64, len(st.passages))
		for i := range hashes {
			hashes[i] = xxhash.Sum64(asBytes(st.row(i)))
		}
		w.add("vectors.f32.rows", asBytes(hashes), false)
	}
	ids, texts := make([]string, len(st.passages)), make([]string, len(st.passages))
	cols := make([][]uint32, len(passageColumns))
	for c := range cols {
		cols[c] = make([]uint32, len(ids))
	}
	for i, p := range st.passages {
		ids[i], texts[i] = p.id, p.text
		for c, col := range passageColumns {
			cols[c][i] = uint32(*col.field(&p))
		}
	}
	addStrings(w, "ids", ids)
	addStrings(w, "texts", texts)
	for c, col := range passageColumns {
		w.add(col.name, asBytes(cols[c]), false)
	}
	arts, err := json.Marshal(st.articles)
	if err != nil {
		return err
	}
	w.add("articles", arts, false)
	addLexical(w, st.lex)
	return writeAtomic(path, w.writeTo)
}

// readSegmentState opens path's search file and returns its snapshot, or
// errStaleSegment when it was built for another key.
func readSegmentState(path string, key segmentKey) (*state, error) {
	seg, err := openSegment(path)
	if err != nil {
		return nil, err
	}
	h := seg.h
	if h.Embedder != key.embedder || h.Precision != key.precision || h.Store != key.store || h.Analysis != analysisVersion() {
		return nil, fmt.Errorf("%w: built for %s, %s, analysis %s", errStaleSegment, h.Embedder, h.Precision, h.Analysis)
	}
	st, err := segmentState(seg)
	if err != nil {
		return nil, err
	}
	return st, nil
}

func segmentState(seg *segment) (*state, error) {
	n, dim := seg.h.Passages, seg.h.Dim
	if n < 0 || dim < 0 || (n > 0 && dim == 0) {
		return nil, fmt.Errorf("%w: %d passages of %d values", errCorrupt, n, dim)
	}
	st := &state{dim: dim, prec: seg.h.Precision}
	if err := readVectors(seg, st, n); err != nil {
		return nil, err
	}
	ids, err := readStrings(seg, "ids")
	if err != nil {
		return nil, err
	}
	texts, err := readStrings(seg, "texts")
	if err != nil {
		return nil, err
	}
	cols := make([][]uint32, len(passageColumns))
	for c, col := range passageColumns {
		if cols[c], err = readColumn(seg, col.name, n); err != nil {
			return nil, err
		}
	}
	b, err := seg.section("articles")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &st.articles); err != nil {
		return nil, fmt.Errorf("%w: articles: %w", errCorrupt, err)
	}
	if len(ids) != n || len(texts) != n {
		return nil, fmt.Errorf("%w: %d passages, %d IDs, %d texts", errCorrupt, n, len(ids), len(texts))
	}
	st.passages = make([]passageRow, n)
	for i := range n {
		p := &st.passages[i]
		p.id, p.text = ids[i], texts[i]
		for c, col := range passageColumns {
			*col.field(p) = int32(cols[c][i])
		}
		if int(p.article) >= len(st.articles) || p.article < 0 {
			return nil, fmt.Errorf("%w: passage %d of article %d", errCorrupt, i, p.article)
		}
	}
	if st.lex, err = readLexical(seg, n); err != nil {
		return nil, err
	}
	return st, nil
}

// readVectors sets st's vectors from seg: the slab, or for Int8 the
// quantised slab, its scales and the row hashes, keeping the file for
// reading exact rows.
func readVectors(seg *segment, st *state, n int) error {
	want := n * st.dim
	if st.prec != Int8 {
		b, err := seg.section("vectors.f32")
		if err != nil {
			return err
		}
		if st.slab, err = asSlice[float32](b, "vectors.f32"); err != nil {
			return err
		}
		if len(st.slab) != want {
			return fmt.Errorf("%w: %d vector values for %d × %d", errCorrupt, len(st.slab), n, st.dim)
		}
		return nil
	}
	var err error
	get := func(name string) []byte {
		var b []byte
		if err == nil {
			b, err = seg.section(name)
		}
		return b
	}
	q8, scales, hashes := get("vectors.i8"), get("vectors.i8.scale"), get("vectors.f32.rows")
	lazy, lerr := seg.lazy("vectors.f32")
	if err == nil {
		err = lerr
	}
	if err != nil {
		return err
	}
	st.q8, _ = asSlice[int8](q8, "vectors.i8")
	if st.scales, err = asSlice[float32](scales, "vectors.i8.scale"); err != nil {
		return err
	}
	if st.rowHash, err = asSlice[uint64](hashes, "vectors.f32.rows"); err != nil {
		return err
	}
	if len(st.q8) != want || len(st.scales) != n || len(st.rowHash) != n || lazy.Len != int64(want)*4 {
		return fmt.Errorf("%w: int8 vectors do not fit %d × %d", errCorrupt, n, st.dim)
	}
	st.rows32 = rowReader{f: seg.f, off: lazy.Off}
	return nil
}

// rowReader reads exact vectors from the search file's lazy float32 slab.
type rowReader struct {
	f   *os.File
	off int64
}

// addStrings adds a string table: name holds the strings end to end,
// name+".off" their n+1 offsets as uint64.
func addStrings(w *segWriter, name string, ss []string) {
	off := make([]uint64, len(ss)+1)
	total := 0
	for i, s := range ss {
		total += len(s)
		off[i+1] = uint64(total)
	}
	blob := make([]byte, 0, total)
	for _, s := range ss {
		blob = append(blob, s...)
	}
	w.add(name, blob, false)
	w.add(name+".off", asBytes(off), false)
}

// readStrings reads a string table. The strings share the section's bytes,
// which nothing writes after open.
func readStrings(seg *segment, name string) ([]string, error) {
	blob, err := seg.section(name)
	if err != nil {
		return nil, err
	}
	b, err := seg.section(name + ".off")
	if err != nil {
		return nil, err
	}
	off, err := asSlice[uint64](b, name+".off")
	if err != nil {
		return nil, err
	}
	if len(off) == 0 || off[0] != 0 || off[len(off)-1] != uint64(len(blob)) {
		return nil, fmt.Errorf("%w: string table %s", errCorrupt, name)
	}
	out := make([]string, len(off)-1)
	for i := range out {
		from, to := off[i], off[i+1]
		if from > to || to > uint64(len(blob)) {
			return nil, fmt.Errorf("%w: string %d of table %s", errCorrupt, i, name)
		}
		if to > from {
			out[i] = unsafe.String(&blob[from], to-from)
		}
	}
	return out, nil
}

// passageColumns are the passages' metadata columns, each a field of
// passageRow. A field added to passages takes a column here; the file's
// format version goes up, so that files without it are rebuilt.
var passageColumns = []struct {
	name  string
	field func(*passageRow) *int32
}{
	{"passages.article", func(p *passageRow) *int32 { return &p.article }},
	{"passages.first", func(p *passageRow) *int32 { return &p.first }},
	{"passages.last", func(p *passageRow) *int32 { return &p.last }},
	{"passages.page", func(p *passageRow) *int32 { return &p.page }},
	{"passages.lastpage", func(p *passageRow) *int32 { return &p.lastPage }},
}

// readColumn reads a passage metadata column of n values.
func readColumn(seg *segment, name string, n int) ([]uint32, error) {
	b, err := seg.section(name)
	if err != nil {
		return nil, err
	}
	col, err := asSlice[uint32](b, name)
	if err != nil {
		return nil, err
	}
	if len(col) != n {
		return nil, fmt.Errorf("%w: column %s has %d values for %d passages", errCorrupt, name, len(col), n)
	}
	return col, nil
}

// leanInt8 returns st, an Int8 snapshot just written to path, without its
// float32 slab: exact rows are read from the file when rescoring needs
// them, as for a snapshot opened from it.
func leanInt8(path string, st *state) (*state, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	h, err := readSegHeader(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	var off int64 = -1
	for _, sec := range h.Sections {
		if sec.Name == "vectors.f32" && sec.Lazy && sec.Len == int64(len(st.slab))*4 {
			off = sec.Off
		}
	}
	if off < 0 {
		f.Close()
		return nil, fmt.Errorf("%w: no lazy vectors in %s", errCorrupt, path)
	}
	lean := &state{dim: st.dim, prec: st.prec, q8: st.q8, scales: st.scales, passages: st.passages, articles: st.articles, lex: st.lex}
	lean.rows32 = rowReader{f: f, off: off}
	lean.rowHash = make([]uint64, len(st.passages))
	for i := range lean.rowHash {
		lean.rowHash[i] = xxhash.Sum64(asBytes(st.row(i)))
	}
	return lean, nil
}
