package knowledge

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cstobot/cstobot/internal/text"
)

// frontMatter holds the keys of a front matter block that Meta uses.
type frontMatter struct {
	Title, Author, Lang, URL, ID string
	Published                    time.Time
}

// splitFrontMatter separates a leading "---" block from the rest of src
// (which must use "\n" line endings). It returns ok=false and src unchanged
// when there is no such block. A block is strict: every line inside must be
// blank, a "#" comment or "key: value", so a typo is reported with its line
// number rather than silently becoming article text.
func splitFrontMatter(src string) (fm frontMatter, body string, ok bool, err error) {
	open, rest, _ := strings.Cut(src, "\n")
	if strings.TrimRight(open, " \t") != "---" {
		return frontMatter{}, src, false, nil
	}
	seen := map[string]bool{}
	for n := 2; ; n++ {
		line, after, more := strings.Cut(rest, "\n")
		if strings.TrimRight(line, " \t") == "---" {
			return fm, after, true, nil
		}
		if !more {
			return frontMatter{}, "", true, errors.New("front matter: no closing --- line")
		}
		rest = after
		key, val, err := parseFrontMatterLine(line)
		if err != nil {
			return frontMatter{}, "", true, fmt.Errorf("front matter line %d: %w", n, err)
		}
		if key == "" {
			continue
		}
		if seen[key] {
			return frontMatter{}, "", true, fmt.Errorf("front matter line %d: %s given twice", n, key)
		}
		seen[key] = true
		if err := fm.set(key, val); err != nil {
			return frontMatter{}, "", true, fmt.Errorf("front matter line %d: %w", n, err)
		}
	}
}

// parseFrontMatterLine returns the lower-cased key and the unquoted value
// of one line, or an empty key for a blank or comment line.
func parseFrontMatterLine(line string) (key, val string, err error) {
	t := strings.TrimSpace(line)
	if t == "" || strings.HasPrefix(t, "#") {
		return "", "", nil
	}
	k, v, ok := strings.Cut(t, ":")
	k = strings.TrimSpace(k)
	if !ok || !validKey(k) {
		return "", "", fmt.Errorf("%q is not a key: value line", line)
	}
	val, err = unquote(strings.TrimSpace(v))
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", k, err)
	}
	return strings.ToLower(k), val, nil
}

func validKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r == '-' || r == '.' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// unquote accepts a bare value, a "double-quoted" value with Go/JSON-style
// escapes, or a 'single-quoted' value where ” stands for one quote, as in
// YAML.
func unquote(v string) (string, error) {
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return v, nil
	}
	q := v[0]
	if len(v) < 2 || v[len(v)-1] != q {
		return "", errors.New("unterminated quoted value")
	}
	if q == '"' {
		s, err := strconv.Unquote(v)
		if err != nil {
			return "", fmt.Errorf("bad quoted value %s", v)
		}
		return s, nil
	}
	inner := v[1 : len(v)-1]
	if strings.Contains(strings.ReplaceAll(inner, "''", ""), "'") {
		return "", fmt.Errorf("bad quoted value %s", v)
	}
	return strings.ReplaceAll(inner, "''", "'"), nil
}

// set stores one known key; unknown keys are ignored so that front matter
// written for static site generators (tags, draft, ...) still loads.
func (fm *frontMatter) set(key, val string) error {
	var err error
	switch key {
	case "title":
		fm.Title = val
	case "author":
		fm.Author = val
	case "url":
		fm.URL = val
	case "id":
		fm.ID = val
	case "lang":
		fm.Lang, err = parseLang(val)
	case "published", "date":
		if !fm.Published.IsZero() {
			return errors.New("both published and date given")
		}
		fm.Published, err = parseDate(val)
	}
	return err
}

// dateLayouts are the date forms operators write by hand or that pages carry
// in their meta tags.
var dateLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"02/01/2006",
	"2 January 2006",
	"January 2, 2006",
	time.RFC1123Z,
	time.RFC1123,
}

// parseDate reads a publication date in one of dateLayouts, or a day
// written in words in any language the text layer knows ("26 gennaio
// 2022", "26 января 2022 г."). Dates without a zone are taken as UTC.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if y, m, d, ok := text.ParseDate(s); ok {
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
	}
	return time.Time{}, fmt.Errorf("date %q not understood (write it like 2022-01-26, 26/01/2022 or 26 January 2022)", s)
}

// parseLang reduces a language tag such as "en-US" to its ISO 639-1 code.
func parseLang(s string) (string, error) {
	code, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "-")
	code, _, _ = strings.Cut(code, "_")
	if len(code) != 2 || code[0] < 'a' || code[0] > 'z' || code[1] < 'a' || code[1] > 'z' {
		return "", fmt.Errorf("lang %q is not a two-letter ISO 639-1 code such as en", s)
	}
	return code, nil
}
