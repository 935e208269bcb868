package eval

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
)

// library holds the fixture library that sets/library.jsonl is written on:
// articles in Markdown with front matter, plain text and HTML with site
// noise, in six languages, on the CSTO and its neighbours (see
// library/README.md).
//
//go:embed library/articles
var library embed.FS

// Suite is a question set and the articles it is asked of.
type Suite struct {
	Name  string
	Items []Item
	// Library holds the articles, beside the built-in ones, that the set is
	// written on; nil when it is written on the built-in article alone.
	Library fs.FS
}

// Suites returns the shipped suites, each scored on its own: the sets on
// the built-in article (Builtin), the casual questions on it, and the
// fixture library's questions on the built-in article and the library
// together, as an operator with KNOWLEDGE_DIR set would search them.
func Suites() ([]Suite, error) {
	built, err := Builtin()
	if err != nil {
		return nil, err
	}
	casual, err := shipped("casual.jsonl")
	if err != nil {
		return nil, err
	}
	lib, err := shipped("library.jsonl")
	if err != nil {
		return nil, err
	}
	arts, err := fs.Sub(library, "library/articles")
	if err != nil {
		return nil, err
	}
	return []Suite{
		{Name: "built-in", Items: built},
		{Name: "casual", Items: casual},
		{Name: "library", Items: lib, Library: arts},
	}, nil
}

// shipped reads one shipped set.
func shipped(name string) ([]Item, error) {
	b, err := sets.ReadFile("sets/" + name)
	if err != nil {
		return nil, err
	}
	items, err := ReadSet(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return items, nil
}

// WriteLibrary copies a suite's library into dir, for the loader to read as
// an operator's folder.
func (s Suite) WriteLibrary(dir string) error {
	if s.Library == nil {
		return nil
	}
	return os.CopyFS(dir, s.Library)
}
