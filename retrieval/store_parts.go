package retrieval

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/cstobot/cstobot/knowledge"
	"github.com/philippgille/chromem-go"
)

// The export is written in parts: consecutive runs of storePart passages,
// each a chromem DB of its own exported with ExportToWriter, one after the
// other, then a table of where each starts. chromem encodes a whole DB as
// one gob message, in memory, so one export of 50k passages grew a single
// buffer to several hundred megabytes, most of the time of indexing; parts
// keep the buffers small, reuse their memory, and encode on every core.
// A file of one export without a table (written before parts) still reads.
const storePart = 1024

// partsMagic ends the table: the parts' n+1 offsets (uint64), n (uint32),
// then partsMagic, all little-endian, inside the sealed content.
const partsMagic = "cstoprt\x01"

// writeParts atomically replaces path with the passages ps, whose vectors
// are the rows of slab, exported part by part, and returns the seal.
func writeParts(ctx context.Context, path, id string, dim int, ps []knowledge.Passage, slab []float32) (storeSeal, error) {
	n := (len(ps) + storePart - 1) / storePart
	return writeSealed(path, func(w io.Writer) error {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		next := encodeParts(ctx, n, func(k int) ([]byte, error) {
			from, to := k*storePart, min((k+1)*storePart, len(ps))
			db, err := newStore(ctx, id, dim, ps[from:to], slab[from*dim:to*dim])
			if err != nil {
				return nil, err
			}
			var b bytes.Buffer
			err = db.ExportToWriter(&b, false, "")
			return b.Bytes(), err
		})
		table := make([]byte, 0, 8*(n+1)+4+len(partsMagic))
		var pos uint64
		for range n {
			b, err := next()
			if err != nil {
				return err
			}
			table = binary.LittleEndian.AppendUint64(table, pos)
			if _, err := w.Write(b); err != nil {
				return err
			}
			pos += uint64(len(b))
		}
		table = binary.LittleEndian.AppendUint64(table, pos)
		table = binary.LittleEndian.AppendUint32(table, uint32(n))
		_, err := w.Write(append(table, partsMagic...))
		return err
	})
}

type partResult struct {
	b   []byte
	err error
}

// encodeParts runs encode for parts 0..n-1 on every core, a few parts
// ahead of the caller at most, and returns next, which gives the parts'
// results in order. Cancel ctx to stop it early.
func encodeParts(ctx context.Context, n int, encode func(k int) ([]byte, error)) (next func() ([]byte, error)) {
	out := make([]chan partResult, n)
	for k := range out {
		out[k] = make(chan partResult, 1)
	}
	slots := make(chan struct{}, runtime.GOMAXPROCS(0)+1)
	go func() {
		for k := range n {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				b, err := encode(k)
				out[k] <- partResult{b, err}
			}()
		}
	}()
	i := 0
	return func() ([]byte, error) {
		r := <-out[i]
		<-slots
		i++
		return r.b, r.err
	}
}

// partTable returns the offsets of the parts of a sealed export of n
// bytes, or nil for an export of one part.
func partTable(export io.ReaderAt, n int64) ([]uint64, error) {
	tail := int64(4 + len(partsMagic))
	if n < tail {
		return nil, nil
	}
	t := make([]byte, tail)
	if _, err := export.ReadAt(t, n-tail); err != nil {
		return nil, fmt.Errorf("read part table: %w", err)
	}
	if string(t[4:]) != partsMagic {
		return nil, nil
	}
	parts := int64(binary.LittleEndian.Uint32(t))
	size := 8 * (parts + 1)
	if size > n-tail {
		return nil, fmt.Errorf("%w: part table of %d parts", errCorrupt, parts)
	}
	b := make([]byte, size)
	if _, err := export.ReadAt(b, n-tail-size); err != nil {
		return nil, fmt.Errorf("read part table: %w", err)
	}
	offs := make([]uint64, parts+1)
	for i := range offs {
		offs[i] = binary.LittleEndian.Uint64(b[8*i:])
		if (i > 0 && offs[i] < offs[i-1]) || offs[i] > uint64(n-tail-size) {
			return nil, fmt.Errorf("%w: part table", errCorrupt)
		}
	}
	return offs, nil
}

// importParts imports each part into its own DB, on every core.
func importParts(export io.ReaderAt, offs []uint64) ([]*chromem.DB, error) {
	dbs := make([]*chromem.DB, len(offs)-1)
	errs := make([]error, len(dbs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for k := range dbs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			dbs[k] = chromem.NewDB()
			r := io.NewSectionReader(export, int64(offs[k]), int64(offs[k+1]-offs[k]))
			if err := dbs[k].ImportFromReader(r, ""); err != nil {
				errs[k] = fmt.Errorf("%w: part %d: %w", errCorrupt, k, err)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return dbs, nil
}
