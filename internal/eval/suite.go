package eval

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"strings"
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

// Blind returns the held-out suites: questions on the built-in article
// (blind-casual) and on the fixture library (blind-library) written before
// any tuning and kept out of Suites, so that no floor or sweep tuned on the
// shipped suites ever sees them. They are scored on request only.
func Blind() ([]Suite, error) {
	casual, err := shipped("blind-casual.jsonl")
	if err != nil {
		return nil, err
	}
	lib, err := shipped("blind-library.jsonl")
	if err != nil {
		return nil, err
	}
	arts, err := fs.Sub(library, "library/articles")
	if err != nil {
		return nil, err
	}
	return []Suite{
		{Name: "blind-casual", Items: casual},
		{Name: "blind-library", Items: lib, Library: arts},
	}, nil
}

// SuiteNames lists the names NamedSuite knows, shipped first, then blind.
func SuiteNames() []string {
	return []string{"built-in", "casual", "library", "blind-casual", "blind-library"}
}

// NamedSuite returns one shipped or blind suite by its name.
func NamedSuite(name string) (Suite, error) {
	ss, err := Suites()
	if err != nil {
		return Suite{}, err
	}
	bs, err := Blind()
	if err != nil {
		return Suite{}, err
	}
	for _, s := range append(ss, bs...) {
		if s.Name == name {
			return s, nil
		}
	}
	return Suite{}, fmt.Errorf("no suite named %q (known: %s)", name, strings.Join(SuiteNames(), ", "))
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
