package retrieval

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The index file: one per embedder, replaced atomically, never read while
// half-written. Temp files of interrupted writes are ignored, then removed.

// staleTemp is how old a leftover temp file must be before Open removes it.
// A younger one may belong to another process writing the same directory
// right now; an older one is a crash's leftover. Either way it is never read.
const staleTemp = 15 * time.Minute

// fileName returns the index file name for embedder id: the id itself when
// it is a safe file name, otherwise a sanitised, length-limited form plus a
// hash of the id, so that two ids never share a file.
func fileName(id string) string {
	const maxLen = 100
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, id)
	if safe == id && len(id) <= maxLen && !strings.HasPrefix(id, ".") {
		return id + ".gob"
	}
	sum := sha256.Sum256([]byte(id))
	return safe[:min(len(safe), maxLen)] + "-" + hex.EncodeToString(sum[:6]) + ".gob"
}

// The file is chromem's export followed by a trailer that seals it:
// trailerMagic, the export's length and its CRC-32C, both big-endian. The
// check runs before gob sees a byte, because gob trusts lengths in its
// input: a flipped bit in a map's length makes it try to allocate that many
// entries (FuzzOpen stalled on such inputs), which could take the process
// down instead of moving the file aside. chromem can still import the file
// as it is: gob stops after the export and never reads the trailer.
const (
	trailerMagic = "cstobot\x01"
	trailerLen   = len(trailerMagic) + 8 + 4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// writeSealed atomically replaces path with what write writes, sealed with
// the trailer, and returns the seal. chromem's gzip is not used: it makes
// writes about 6× and loads about 3× slower for a third off the size.
func writeSealed(path string, write func(io.Writer) error) (seal storeSeal, err error) {
	err = writeAtomic(path, func(w io.Writer) error {
		crc := crc32.New(castagnoli)
		n := &countingWriter{}
		if err := write(io.MultiWriter(w, crc, n)); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		seal = storeSeal{Len: uint64(n.n), CRC: crc.Sum32()}
		_, err := w.Write(seal.trailer())
		return err
	})
	return seal, err
}

// storeSeal identifies one export: its length and CRC-32C, as its trailer
// holds them. A search file records the seal of the export it was built
// from, so that a replaced export is noticed without reading it.
type storeSeal struct {
	Len uint64 `json:"len"`
	CRC uint32 `json:"crc32c"`
}

func (s storeSeal) trailer() []byte {
	t := binary.BigEndian.AppendUint64([]byte(trailerMagic), s.Len)
	return binary.BigEndian.AppendUint32(t, s.CRC)
}

// readSeal returns the seal in path's trailer, without checking the export
// against it. Errors: fs.ErrNotExist; errCorrupt for a file without a
// trailer; other I/O errors.
func readSeal(path string) (storeSeal, error) {
	f, err := os.Open(path)
	if err != nil {
		return storeSeal{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return storeSeal{}, err
	}
	size := fi.Size()
	if size < int64(trailerLen) {
		return storeSeal{}, fmt.Errorf("%w: %d bytes, shorter than the trailer", errCorrupt, size)
	}
	t := make([]byte, trailerLen)
	if _, err := f.ReadAt(t, size-int64(trailerLen)); err != nil {
		return storeSeal{}, fmt.Errorf("read trailer: %w", err)
	}
	s := storeSeal{Len: binary.BigEndian.Uint64(t[len(trailerMagic):]), CRC: binary.BigEndian.Uint32(t[len(trailerMagic)+8:])}
	if string(t[:len(trailerMagic)]) != trailerMagic || s.Len != uint64(size)-uint64(trailerLen) {
		return storeSeal{}, fmt.Errorf("%w: no trailer, or truncated", errCorrupt)
	}
	return s, nil
}

// writeAtomic atomically replaces path with what write writes: temp file in
// the same directory, fsync, rename, fsync of the directory, so that a crash
// leaves either the old file or the new one.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create temp file: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w); err != nil {
		return fmt.Errorf("write %s: %w", f.Name(), err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", f.Name(), err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	return syncDir(dir)
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// openSealed checks f's trailer and returns a reader over the export it
// seals. Errors wrap errCorrupt when the trailer is missing or does not
// match; other errors are I/O errors.
func openSealed(f *os.File) (*io.SectionReader, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	if size < int64(trailerLen) {
		return nil, fmt.Errorf("%w: %d bytes, shorter than the trailer", errCorrupt, size)
	}
	trailer := make([]byte, trailerLen)
	if _, err := f.ReadAt(trailer, size-int64(trailerLen)); err != nil {
		return nil, fmt.Errorf("read trailer: %w", err)
	}
	n := binary.BigEndian.Uint64(trailer[len(trailerMagic):])
	if string(trailer[:len(trailerMagic)]) != trailerMagic || n != uint64(size)-uint64(trailerLen) {
		return nil, fmt.Errorf("%w: no trailer, or truncated", errCorrupt)
	}
	crc := crc32.New(castagnoli)
	if _, err := io.CopyBuffer(crc, io.NewSectionReader(f, 0, int64(n)), make([]byte, 1<<20)); err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	if crc.Sum32() != binary.BigEndian.Uint32(trailer[len(trailerMagic)+8:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", errCorrupt)
	}
	return io.NewSectionReader(f, 0, int64(n)), nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

// moveAside renames a corrupt file out of the way, keeping it for a post
// mortem, and returns its new name.
func moveAside(path string) (string, error) {
	aside := path + ".corrupt-" + time.Now().UTC().Format("20060102T150405.000000000Z")
	if err := os.Rename(path, aside); err != nil {
		return "", fmt.Errorf("move corrupt index aside: %w", err)
	}
	return aside, nil
}

// removeStaleTemps deletes temp files of path left by a crash mid-write.
func removeStaleTemps(path string, now time.Time) error {
	dir, prefix := filepath.Dir(path), filepath.Base(path)+".tmp-"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("list index directory: %w", err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		fi, err := e.Info()
		if err != nil || now.Sub(fi.ModTime()) < staleTemp {
			continue
		}
		err = os.Remove(filepath.Join(dir, e.Name()))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove stale temp file: %w", err)
		}
	}
	return nil
}

// checkWritable fails early, at Open, when dir cannot take the index file,
// rather than after the first expensive Sync.
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".writable-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
