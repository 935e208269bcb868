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

// Builtin returns the questions of every shipped set, set by set.
func Builtin() ([]Item, error) {
	names, err := sets.ReadDir("sets")
	if err != nil {
		return nil, err
	}
	var all []Item
	for _, n := range names {
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
