package knowledge

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// corpus holds the built-in articles, Markdown with front matter.
//
//go:embed corpus/*.md
var corpus embed.FS

// Builtin returns the articles compiled into the binary, with IDs
// "builtin/<file stem>". An error means a corpus file is malformed, which
// the package's tests rule out.
func Builtin() ([]Article, error) {
	names, err := fs.Glob(corpus, "corpus/*.md")
	if err != nil {
		return nil, fmt.Errorf("list built-in corpus: %w", err)
	}
	arts := make([]Article, 0, len(names))
	for _, name := range names {
		data, err := corpus.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read built-in %s: %w", name, err)
		}
		a, err := parseFile(name, data)
		if err != nil {
			return nil, fmt.Errorf("built-in %s: %w", name, err)
		}
		a.ID = "builtin/" + strings.TrimSuffix(path.Base(name), path.Ext(name))
		a.Path = name
		arts = append(arts, a)
	}
	return arts, nil
}
