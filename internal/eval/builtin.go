package eval

import (
	"bytes"
	"embed"
	"fmt"
)

// sets holds the question sets shipped with cstobot: dev.jsonl (copied from
// the project's shared dev set) and the harder ones written beside it.
//
//go:embed sets/*.jsonl
var sets embed.FS

// apart names the shipped sets that Builtin leaves out, each scored as a
// suite of its own (Suites): library.jsonl is written on the fixture
// library in library/articles, not on the built-in article; casual.jsonl
// is on the built-in article, in the style of Discord users; the blind
// sets are held out (Blind) and scored on request only.
var apart = map[string]bool{
	"library.jsonl": true, "casual.jsonl": true,
	"blind-library.jsonl": true, "blind-casual.jsonl": true,
}

// Builtin returns the questions of the shipped sets on the built-in
// article, set by set, except those in apart.
func Builtin() ([]Item, error) {
	names, err := sets.ReadDir("sets")
	if err != nil {
		return nil, err
	}
	var all []Item
	for _, n := range names {
		if apart[n.Name()] {
			continue
		}
		b, err := sets.ReadFile("sets/" + n.Name())
		if err != nil {
			return nil, err
		}
		items, err := ReadSet(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n.Name(), err)
		}
		all = append(all, items...)
	}
	return all, nil
}
