package eval

import (
	"flag"
	"io"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/config"
)

// TestShippedCoverageIsMeasured: MIN_COVERAGE's default is the MinCoverage
// the answer decision's defaults hold, which the tests and the eval floors
// run; production runs what was measured.
func TestShippedCoverageIsMeasured(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dir := t.TempDir()
	cfg, _, err := config.Load("ask", fs, nil, func(k string) string {
		if k == "DATA_DIR" {
			return dir
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.MinCoverage, answer.DefaultParams().MinCoverage; got != want {
		t.Errorf("MIN_COVERAGE defaults to %v; answer.DefaultParams().MinCoverage is %v", got, want)
	}
}

func TestSuites(t *testing.T) {
	suites, err := Suites()
	if err != nil {
		t.Fatal(err)
	}
	if len(suites) != 3 || suites[2].Library == nil || len(suites[2].Items) < 100 {
		t.Fatalf("Suites() = %d suites; want built-in, casual and a library with its questions", len(suites))
	}
	dir := t.TempDir()
	if err := suites[2].WriteLibrary(dir); err != nil {
		t.Fatal(err)
	}
}
