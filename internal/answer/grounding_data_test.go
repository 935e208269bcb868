package answer_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/knowledge"
)

// The grounding corpus is data for the support check, so these tests read it
// with the knowledge loader only: they hold the data to its own contract
// (every quote is in its article, every label and class is known, the parts
// are big and varied enough) whatever the check does with it.

var groundingExtra = flag.String("grounding.file", "", "also check this grounding corpus file, e.g. a part kept outside the repository")

const (
	groundingFit      = "testdata/grounding/fit.jsonl"
	groundingValidate = "testdata/grounding/validate.jsonl"
	libraryRoot       = "../eval/library/articles"
)

// partFloors is the minimum size and variety of a part of the corpus.
type partFloors struct {
	perLabelLang, perClass, fromRussian, supported, wrong int
}

var (
	// fitFloors: the fit part is half of a corpus of at least 300 supported
	// and 150 wrong sentences, split stratified by label, class and language.
	fitFloors = partFloors{perLabelLang: 6, perClass: 6, fromRussian: 10, supported: 150, wrong: 75}
	// validateFloors: the validate part, written apart from fit in other
	// wordings, brings the corpus past 250 supported and 120 wrong sentences.
	validateFloors = partFloors{perLabelLang: 4, perClass: 2, fromRussian: 10, supported: 80, wrong: 40}
)

// groundingClasses lists the classes each label allows.
var groundingClasses = map[string][]string{
	"supported": {"paraphrase", "synonym-metonymy", "number-words", "range", "units-format",
		"multiplicative", "demonym", "date-format", "cross-language", "summary"},
	"wrong": {"wrong-number", "wrong-date", "wrong-name", "swapped-actor", "negated",
		"invented-entity", "contradicting-order"},
}

var answerLangs = []string{"en", "ru", "it", "fr", "de", "es"}

// groundingRow is one drafted sentence of the corpus.
type groundingRow struct {
	ID       string            `json:"id"`
	Lang     string            `json:"lang"`
	Sentence string            `json:"sentence"`
	Sources  []groundingSource `json:"sources"`
	Label    string            `json:"label"`
	Class    string            `json:"class"`
	Note     string            `json:"note"`
}

// groundingSource is a passage a sentence draws on, or, for a wrong
// sentence, the passage it wrongly claims.
type groundingSource struct {
	Article string `json:"article"` // "builtin" or a path under the library root
	Quote   string `json:"quote"`   // an exact substring of the article's text
}

// citationMarker matches a "[1]"-style marker, which the corpus strips.
var citationMarker = regexp.MustCompile(`\[\d+\]`)

// quoteSource is an article a quote may come from, with the passages the default
// splitter cuts it into: the support check judges a sentence against the
// passages it cites, so a quote must lie within one of them.
type quoteSource struct {
	knowledge.Article
	passages []knowledge.Passage
}

// holds reports whether quote lies within one of the article's passages.
func (a quoteSource) holds(quote string) bool {
	return strings.TrimSpace(quote) != "" && slices.ContainsFunc(a.passages, func(p knowledge.Passage) bool {
		return strings.Contains(p.Text, quote)
	})
}

// groundingArticles returns the articles a quote may come from, by the name
// the corpus uses: "builtin" for the built-in article, else the path relative
// to the fixture library's root.
func groundingArticles(t *testing.T) map[string]quoteSource {
	t.Helper()
	builtin, err := knowledge.Builtin()
	if err != nil || len(builtin) != 1 {
		t.Fatalf("knowledge.Builtin() = %d articles, %v; want the one built-in article", len(builtin), err)
	}
	lib, bad, err := knowledge.Load(context.Background(), os.DirFS(libraryRoot))
	if err != nil || len(bad) > 0 {
		t.Fatalf("load the fixture library %s: %v (skipped: %v)", libraryRoot, err, bad)
	}
	arts := map[string]quoteSource{"builtin": {builtin[0], knowledge.Split(builtin[0], knowledge.DefaultSplit)}}
	for _, a := range lib {
		arts[a.Path] = quoteSource{a, knowledge.Split(a, knowledge.DefaultSplit)}
	}
	return arts
}

// readJSONL decodes every non-blank line of path into a new T. When strict,
// it rejects unknown fields, so that a misspelt key in a file of this
// package's format is an error, not a silent default.
func readJSONL[T any](t *testing.T, path string, strict bool) []T {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows []T
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(line))
		if strict {
			dec.DisallowUnknownFields()
		}
		var r T
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestGroundingCorpus(t *testing.T) {
	arts := groundingArticles(t)
	parts := map[string]partFloors{groundingFit: fitFloors, groundingValidate: validateFloors}
	if *groundingExtra != "" {
		parts[*groundingExtra] = fitFloors
	}
	for path, floors := range parts {
		t.Run(path, func(t *testing.T) {
			rows := readJSONL[groundingRow](t, path, true)
			ids := map[string]bool{}
			for _, r := range rows {
				if ids[r.ID] {
					t.Errorf("%s: id used twice", r.ID)
				}
				ids[r.ID] = true
				for _, err := range checkGroundingRow(r, arts) {
					t.Errorf("%s: %v", r.ID, err)
				}
			}
			for _, err := range checkGroundingPart(rows, arts, floors) {
				t.Error(err)
			}
		})
	}
}

// checkGroundingRow returns what is wrong with one row.
func checkGroundingRow(r groundingRow, arts map[string]quoteSource) []error {
	var errs []error
	fail := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if r.ID == "" {
		fail("no id")
	}
	if !slices.Contains(answerLangs, r.Lang) {
		fail("lang %q is not one of %v", r.Lang, answerLangs)
	}
	if !slices.Contains(groundingClasses[r.Label], r.Class) {
		fail("class %q is not a class of label %q", r.Class, r.Label)
	}
	if strings.TrimSpace(r.Sentence) == "" || citationMarker.MatchString(r.Sentence) {
		fail("sentence %q is empty or keeps a citation marker", r.Sentence)
	}
	if len(r.Sources) == 0 {
		fail("no sources")
	}
	for _, s := range r.Sources {
		a, ok := arts[s.Article]
		switch {
		case !ok:
			fail("article %q is neither builtin nor in the library", s.Article)
		case !a.holds(s.Quote):
			fail("quote %q is in no passage of %s", s.Quote, s.Article)
		case r.Class == "cross-language" && a.Lang == r.Lang:
			fail("cross-language sentence in %s cites %s, also in %s", r.Lang, s.Article, a.Lang)
		}
	}
	return errs
}

// checkGroundingPart holds one part (fit or validate) to its minimum size
// and variety.
func checkGroundingPart(rows []groundingRow, arts map[string]quoteSource, min partFloors) []error {
	var errs []error
	perLabel := map[string]int{}
	perClass := map[string]int{}
	perLabelLang := map[string]int{}
	var library, foreign, fromRussian int
	for _, r := range rows {
		perLabel[r.Label]++
		perClass[r.Class]++
		perLabelLang[r.Label+"/"+r.Lang]++
		if r.Lang != "en" {
			foreign++
		}
		if slices.ContainsFunc(r.Sources, func(s groundingSource) bool { return s.Article != "builtin" }) {
			library++
		}
		if slices.ContainsFunc(r.Sources, func(s groundingSource) bool { return arts[s.Article].Lang == "ru" }) {
			fromRussian++
		}
	}
	for label := range groundingClasses {
		for _, lang := range answerLangs {
			if perLabelLang[label+"/"+lang] < min.perLabelLang {
				errs = append(errs, fmt.Errorf("%d %s sentences in %s; want at least %d", perLabelLang[label+"/"+lang], label, lang, min.perLabelLang))
			}
		}
	}
	if fromRussian < min.fromRussian {
		errs = append(errs, fmt.Errorf("%d sentences cite a Russian source; want at least %d", fromRussian, min.fromRussian))
	}
	if perLabel["supported"] < min.supported || perLabel["wrong"] < min.wrong {
		errs = append(errs, fmt.Errorf("%d supported and %d wrong sentences; want at least %d and %d", perLabel["supported"], perLabel["wrong"], min.supported, min.wrong))
	}
	for _, classes := range groundingClasses {
		for _, c := range classes {
			if perClass[c] < min.perClass {
				errs = append(errs, fmt.Errorf("class %s has %d sentences; want at least %d", c, perClass[c], min.perClass))
			}
		}
	}
	if n := len(rows); 3*library < n || 100*foreign < 35*n {
		errs = append(errs, fmt.Errorf("%d of %d sentences on the library, %d not in English; want at least a third and 35%%", library, n, foreign))
	}
	return errs
}
