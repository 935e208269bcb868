package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaBase is where the schemas in docs/json name themselves ($id).
const schemaBase = "https://github.com/cstobot/cstobot/docs/json/"

var schemas struct {
	once               sync.Once
	ask, search, stats *jsonschema.Schema
	err                error
}

// compiled returns the JSON Schemas of ask --json and search --json,
// compiled once from docs/json (with that of stats --json, statsSchema).
func compiled(tb testing.TB) (ask, search *jsonschema.Schema) {
	tb.Helper()
	schemas.once.Do(func() {
		c := jsonschema.NewCompiler()
		files, _ := filepath.Glob("../../docs/json/*.schema.json")
		for _, f := range files {
			r, err := os.Open(f)
			if err != nil {
				schemas.err = err
				return
			}
			doc, err := jsonschema.UnmarshalJSON(r)
			r.Close()
			if err == nil {
				err = c.AddResource(schemaBase+filepath.Base(f), doc)
			}
			if err != nil {
				schemas.err = err
				return
			}
		}
		if schemas.ask, schemas.err = c.Compile(schemaBase + "ask.schema.json"); schemas.err == nil {
			schemas.search, schemas.err = c.Compile(schemaBase + "search.schema.json")
		}
		if schemas.err == nil {
			schemas.stats, schemas.err = c.Compile(schemaBase + "stats.schema.json")
		}
	})
	if schemas.err != nil {
		tb.Fatal(schemas.err)
	}
	return schemas.ask, schemas.search
}

func statsSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	compiled(tb)
	return schemas.stats
}

// checkJSONOutput validates what `cstobot args…` printed against its
// schema, when it printed ask or search JSON. Every CLI test's run goes
// through it, so every output a test sees is checked.
func checkJSONOutput(tb testing.TB, args []string, stdout string) {
	tb.Helper()
	if len(args) == 0 || stdout == "" || !slices.ContainsFunc(args, func(a string) bool { return a == "--json" || a == "-json" }) {
		return
	}
	ask, search := compiled(tb)
	var sch *jsonschema.Schema
	switch args[0] {
	case "ask":
		sch = ask
	case "search":
		sch = search
	case "stats":
		sch = statsSchema(tb)
	default:
		return
	}
	validate(tb, sch, strings.Join(args, " "), stdout)
}

func validate(tb testing.TB, sch *jsonschema.Schema, what, doc string) {
	tb.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		tb.Errorf("%s: not JSON: %v\n%s", what, err, doc)
		return
	}
	if err := sch.Validate(inst); err != nil {
		tb.Errorf("%s does not follow its schema in docs/json: %v\n%s", what, err, doc)
	}
}

// The golden outputs (every shape: answered, partial, refused, hits, none)
// follow the schemas too, and the schemas reject what breaks the contract.
func TestJSONSchemas(t *testing.T) {
	ask, search := compiled(t)
	goldens, _ := filepath.Glob("testdata/*.json.golden")
	if len(goldens) < 5 {
		t.Fatalf("found %d JSON goldens; want the ask and search ones", len(goldens))
	}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		sch := ask
		switch {
		case strings.HasPrefix(filepath.Base(g), "search-"):
			sch = search
		case strings.HasPrefix(filepath.Base(g), "stats."):
			sch = statsSchema(t)
		}
		validate(t, sch, g, string(b))
	}
	broken := []struct {
		name string
		sch  *jsonschema.Schema
		doc  string
	}{
		{"lang missing", ask, `{"question":"q","answer":"a","grounded":false,"refused":true,"partial":false,"model":"extractive","citations":[],"sentences":[]}`},
		{"citations null", ask, `{"question":"q","answer":"a","grounded":false,"refused":true,"partial":false,"model":"extractive","lang":"","citations":null,"sentences":[]}`},
		{"unknown status", ask, `{"question":"q","answer":"a","grounded":false,"refused":false,"partial":false,"model":"m","lang":"en","citations":[],"sentences":[{"text":"t","status":"guessed","from":[],"to":[],"reason":""}]}`},
		{"evidence missing", ask, `{"question":"q","answer":"a [1]","grounded":true,"refused":false,"partial":false,"model":"m","lang":"en","citations":[{"n":1,"id":"x","title":"T","author":"","published":"","url":"","paragraph":1,"last_paragraph":1,"text":"t"}],"sentences":[]}`},
		{"undeclared field", search, `{"query":"q","results":[],"extra":1}`},
		{"day without votes", statsSchema(t), `{"days":[{"date":"2026-05-20","questions":1,"answered":1,"refused":0,"failed":0,"open_gaps":0}],"total":{"date":"2026-05-20","questions":1,"answered":1,"refused":0,"failed":0,"up":0,"down":0,"open_gaps":0}}`},
		{"no days", statsSchema(t), `{"days":[],"total":{"date":"2026-05-20","questions":0,"answered":0,"refused":0,"failed":0,"up":0,"down":0,"open_gaps":0}}`},
		{"result without author", search, `{"query":"q","results":[{"rank":1,"id":"x","title":"T","published":"","url":"","paragraph":1,"last_paragraph":1,"text":"t","score":0.5}]}`},
	}
	for _, b := range broken {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(b.doc))
		if err != nil {
			t.Fatal(err)
		}
		if b.sch.Validate(inst) == nil {
			t.Errorf("%s: the schema accepts %s", b.name, b.doc)
		}
	}
}
