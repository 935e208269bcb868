package retrieval

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"

	"github.com/cespare/xxhash/v2"
)

// The checkpoint ("<embedder>.progress", beside the index) keeps the
// vectors of a Sync in progress: each batch is appended as soon as the
// embedder returns it, so that a process killed mid-index (or a paid API
// that failed at 80%) re-embeds only the batches in flight when it
// stopped, not the passages done. A successful Commit removes it.
//
// It starts with ckptMagic and the embedder ID (uint32 length first);
// each record is the passage ID (uint32 length, bytes), the vector
// (uint32 length, float32 values), then the xxhash64 of all that. A record
// torn by a kill fails its hash: it and what follows are ignored. All
// numbers are little-endian.
const ckptMagic = "cstockp\x01"

// checkpoint is an open checkpoint file being appended to.
type checkpoint struct {
	f *os.File
	w *bufio.Writer
}

// readCheckpoint returns the vectors path holds for embedder id, by
// passage ID; a missing, foreign or damaged file holds none (or those
// before the damage).
func readCheckpoint(path, id string) map[string][]float32 {
	out := make(map[string][]float32)
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	if head, err := readRecord(r); err != nil || string(head) != ckptMagic+id {
		return out
	}
	for {
		pid, err := readRecord(r)
		if err != nil {
			return out
		}
		vec, err := readRecord(r)
		if err != nil || len(vec)%4 != 0 {
			return out
		}
		var sum [8]byte
		if _, err := io.ReadFull(r, sum[:]); err != nil {
			return out
		}
		h := xxhash.New()
		h.Write(pid)
		h.Write(vec)
		if h.Sum64() != binary.LittleEndian.Uint64(sum[:]) {
			return out
		}
		v := make([]float32, len(vec)/4)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(vec[4*i:]))
		}
		out[string(pid)] = v
	}
}

// maxRecord bounds a record's length: no ID or vector comes near it, and a
// damaged length must not make the reader allocate gigabytes.
const maxRecord = 1 << 24

func readRecord(r *bufio.Reader) ([]byte, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	size := binary.LittleEndian.Uint32(n[:])
	if size > maxRecord {
		return nil, errors.New("record too long")
	}
	b := make([]byte, size)
	_, err := io.ReadFull(r, b)
	return b, err
}

// appendCheckpoint opens path for appending records for embedder id,
// starting it anew unless it already is one of id's.
func appendCheckpoint(path, id string, keep bool) (*checkpoint, error) {
	flags := os.O_WRONLY | os.O_CREATE | os.O_APPEND
	if !keep {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open checkpoint: %w", err)
	}
	c := &checkpoint{f: f, w: bufio.NewWriterSize(f, 1<<20)}
	if fi, err := f.Stat(); err == nil && fi.Size() == 0 {
		c.w.Write(lengthPrefixed(nil, []byte(ckptMagic+id)))
	}
	return c, nil
}

func lengthPrefixed(dst, b []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(b)))
	return append(dst, b...)
}

// add appends the vectors of passages ids and writes them out, so that
// they survive the process.
func (c *checkpoint) add(ids []string, vecs [][]float32) error {
	for i, id := range ids {
		vec := asBytes(vecs[i]) // little-endian on every host the search file allows
		if !littleEndian() {
			vec = make([]byte, 0, 4*len(vecs[i]))
			for _, x := range vecs[i] {
				vec = binary.LittleEndian.AppendUint32(vec, math.Float32bits(x))
			}
		}
		h := xxhash.New()
		h.WriteString(id)
		h.Write(vec)
		rec := lengthPrefixed(nil, []byte(id))
		rec = binary.LittleEndian.AppendUint32(rec, uint32(len(vec)))
		c.w.Write(rec)
		c.w.Write(vec)
		if _, err := c.w.Write(binary.LittleEndian.AppendUint64(nil, h.Sum64())); err != nil {
			return err
		}
	}
	return c.w.Flush()
}

func (c *checkpoint) close() error { return c.f.Close() }

// removeCheckpoint deletes path, if it exists.
func removeCheckpoint(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
