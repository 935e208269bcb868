package knowledge

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// A Manifest records what a library was loaded from: the built-in corpus,
// every file of the operator's folder with its size, modification time and
// content hash, how files were parsed and split. A later start that finds
// the same files (same size and time, or, where those moved, the same
// hash) knows the passages are the ones already indexed, without reading
// a single article.
type Manifest struct {
	Version int          `json:"version"`
	Parse   string       `json:"parse"`   // ParseVersion()
	Builtin string       `json:"builtin"` // BuiltinHash()
	Split   SplitOptions `json:"split"`
	Dir     string       `json:"dir"` // the folder, absolute; "" for none
	Files   []FileStamp  `json:"files"`
	// Skipped are the files that were not loaded, and why, so that a start
	// that reads nothing can still say so.
	Skipped []Skipped `json:"skipped,omitempty"`
	// Index names the index built from the library (its version, as the
	// index reports it): a manifest vouches for that index only.
	Index    string `json:"index"`
	Articles int    `json:"articles"`
	Loaded   int    `json:"loaded"` // of Articles, those of the folder
	Passages int    `json:"passages"`
	Taken    int64  `json:"taken"` // when the files were surveyed, Unix ns
}

// FileStamp is one file of a folder: its slash-separated path in the
// folder, size, modification time (Unix ns) and SHA-256.
type FileStamp struct {
	Path    string `json:"path"`
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime"`
	SHA256  string `json:"sha256,omitempty"`
}

// Skipped is a file the library left out.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

const manifestVersion = 1

// racyWindow is how close to the survey a file's modification time must be
// for the file to be hashed again however its stamp looks: a file written
// in the same tick of the clock as it was surveyed, and again after, may
// keep its size and time (git's "racily clean" entries).
const racyWindow = 2 * time.Second

// Survey stamps every regular file under dir (hidden files and folders,
// which Load skips, left out) with its size and time, and, when hash is
// set, its SHA-256. dir "" has no files. The files are those Load may read
// and more (Load ignores unknown extensions): a file added or removed of
// any kind marks the library changed, which costs a load, never a stale
// index.
func Survey(dir string, hash bool) ([]FileStamp, error) {
	if dir == "" {
		return nil, nil
	}
	var out []FileStamp
	fsys := os.DirFS(dir)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(path.Base(p), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		st := FileStamp{Path: p, Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
		if hash && fi.Mode().IsRegular() {
			if st.SHA256, err = hashFile(fsys, p); err != nil {
				return err
			}
		}
		out = append(out, st)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("survey knowledge folder %s: %w", dir, err)
	}
	return out, nil
}

func hashFile(fsys fs.FS, p string) (string, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// NewManifest surveys dir, hashing every file. Take it before loading the
// folder: a file that changes in between is then found changed at the
// next start, which loads it again.
func NewManifest(dir string, opt SplitOptions) (Manifest, error) {
	m := Manifest{Version: manifestVersion, Parse: ParseVersion(), Builtin: BuiltinHash(), Split: opt.withDefaults(), Taken: time.Now().UnixNano()}
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return m, err
		}
		m.Dir = abs
	}
	var err error
	m.Files, err = Survey(dir, true)
	return m, err
}

// Unchanged reports whether dir holds what m recorded, and m was made by
// this parser, over this built-in corpus, split with opt: whether loading
// dir again would give the same passages. Files whose size and time match
// are taken as they are; the others (and those modified within racyWindow
// of m's survey) are hashed.
func (m Manifest) Unchanged(dir string, opt SplitOptions) (bool, error) {
	abs := ""
	if dir != "" {
		var err error
		if abs, err = filepath.Abs(dir); err != nil {
			return false, err
		}
	}
	if m.Version != manifestVersion || m.Parse != ParseVersion() || m.Builtin != BuiltinHash() || m.Split != opt.withDefaults() || m.Dir != abs {
		return false, nil
	}
	cur, err := Survey(dir, false)
	if err != nil {
		return false, err
	}
	if len(cur) != len(m.Files) {
		return false, nil
	}
	for i, f := range cur {
		old := m.Files[i]
		if f.Path != old.Path || f.Size != old.Size {
			return false, nil
		}
		if f.ModTime == old.ModTime && m.Taken-f.ModTime > int64(racyWindow) {
			continue
		}
		if old.SHA256 == "" { // not a regular file: never read, so never hashed
			return false, nil
		}
		sum, err := hashFile(os.DirFS(dir), f.Path)
		if err != nil || sum != old.SHA256 {
			return false, nil
		}
	}
	return true, nil
}

// ReadManifest reads the manifest at path; a missing one is fs.ErrNotExist.
func ReadManifest(path string) (Manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Manifest{}, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return Manifest{}, fmt.Errorf("manifest %s: %w", path, err)
	}
	return m, nil
}

// WriteManifest writes m to path, atomically (a temp file renamed over it).
func WriteManifest(path string, m Manifest) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return errors.Join(err, os.Remove(tmp))
	}
	return nil
}

var (
	builtinOnce sync.Once
	builtinSum  string
)

// BuiltinHash returns the SHA-256 of the built-in corpus's files.
func BuiltinHash() string {
	builtinOnce.Do(func() {
		h := sha256.New()
		names, _ := fs.Glob(corpus, "corpus/*.md")
		slices.Sort(names)
		for _, n := range names {
			b, _ := corpus.ReadFile(n)
			fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
			h.Write(b)
		}
		builtinSum = hex.EncodeToString(h.Sum(nil))
	})
	return builtinSum
}

// parseProbe is a file of each kind Load reads, with front matter,
// headings, lists, short and long paragraphs: what the parser and splitter
// make of them stands for the parser and splitter.
var parseProbe = map[string]string{
	"probe.md": "---\ntitle: \"Probe: a title\"\nauthor: A. Writer\npublished: 26/01/2022\nlang: en\nurl: https://example.org/p\n---\n\n# Heading\n\nA *short* paragraph with a [link](https://example.org).\n\n- one item\n- two items\n\n" +
		strings.Repeat("A long sentence about the treaty and its members, which goes on. ", 40) + "\n\n## Second\n\nEnd.",
	"probe.txt":  "Plain title\n\nFirst paragraph of plain text.\n\n" + strings.Repeat("Another sentence here. ", 30),
	"probe.html": `<html lang="ru"><head><title>Заголовок | Site</title><meta name="author" content="X"><meta property="article:published_time" content="2021-03-04T05:06:07Z"></head><body><nav>menu</nav><article><h1>Заголовок</h1><p>Первый абзац текста.</p><p>Второй абзац.</p></article><footer>f</footer></body></html>`,
}

var (
	parseOnce sync.Once
	parseSum  string
)

// ParseVersion names the parser and the splitter: a hash of the articles
// and passages they make of a probe file of each kind, so that a change to
// either marks every library changed, to be loaded again.
func ParseVersion() string {
	parseOnce.Do(func() {
		h := sha256.New()
		names := make([]string, 0, len(parseProbe))
		for n := range parseProbe {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			a, err := parseFile(n, []byte(parseProbe[n]))
			fmt.Fprintf(h, "%s %v %+v\n", n, err, a.Meta)
			for _, p := range Split(a, DefaultSplit) {
				fmt.Fprintf(h, "%+v\n", p)
			}
		}
		parseSum = hex.EncodeToString(h.Sum(nil))[:16]
	})
	return parseSum
}
