package config

import (
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

// parse runs Load for cmd with a command flag of each kind (--json, -k),
// as ask and search declare them.
func parse(t *testing.T, cmd string, args ...string) (asJSON bool, k int, rest []string, err error) {
	t.Helper()
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&asJSON, "json", false, "")
	fs.IntVar(&k, "k", 5, "")
	_, rest, err = Load(cmd, fs, args, env(map[string]string{"HOME": "/home/u"}))
	return asJSON, k, rest, err
}

func TestFlagsAnywhere(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantJSON bool
		wantK    int
		wantRest []string
	}{
		{"flags first", []string{"--json", "-k", "1", "tashkent"}, true, 1, []string{"tashkent"}},
		{"flags last", []string{"tashkent", "--json", "-k", "1"}, true, 1, []string{"tashkent"}},
		{"flags between", []string{"pact", "-k=2", "of", "--json", "tashkent"}, true, 2, []string{"pact", "of", "tashkent"}},
		{"double dash ends flags", []string{"--json", "--", "-5 degrees?", "--json"}, true, 5, []string{"-5 degrees?", "--json"}},
		{"a lone dash is an argument", []string{"-", "-k", "3"}, false, 3, []string{"-"}},
		{"bool with a value", []string{"q", "--json=false"}, false, 5, []string{"q"}},
		{"setting flag after the argument", []string{"q", "--data-dir", "/d"}, false, 5, []string{"q"}},
		{"no flags", []string{"When", "was", "it?"}, false, 5, []string{"When", "was", "it?"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j, k, rest, err := parse(t, "search", tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			if j != tc.wantJSON || k != tc.wantK || !slices.Equal(rest, tc.wantRest) {
				t.Errorf("parse(%q) = json %v, k %d, rest %q; want %v, %d, %q", tc.args, j, k, rest, tc.wantJSON, tc.wantK, tc.wantRest)
			}
		})
	}
}

func TestFlagErrors(t *testing.T) {
	tests := []struct {
		name    string
		cmd     string
		args    []string
		wantErr string
	}{
		{"unknown flag", "ask", []string{"q", "--jsn"}, "unknown flag -jsn"},
		{"negative number", "ask", []string{"-5", "degrees"}, "put -- before it"},
		{"another command's setting", "search", []string{"q", "--discord-api-url", "http://x"}, "--discord-api-url is a setting of serve, not of search"},
		{"missing value", "search", []string{"q", "-k"}, "flag needs an argument"},
		{"bad value names the help", "search", []string{"q", "-k", "many"}, "see cstobot search --help"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := parse(t, tc.cmd, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parse(%q) error = %v; want %q", tc.args, err, tc.wantErr)
			}
		})
	}
	for _, h := range []string{"-h", "--help", "-help"} {
		if _, _, _, err := parse(t, "ask", "q", h); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("parse(q %s) error = %v; want flag.ErrHelp", h, err)
		}
	}
}

// Every setting that refuses a word refuses every spelling of NaN and of
// the infinities too: strconv.ParseFloat accepts them, and a NaN
// threshold compares false with everything.
func TestNoNaNOrInfinity(t *testing.T) {
	spellings := []string{"NaN", "nan", "Inf", "+Inf", "-Inf", "infinity", "-Infinity", "1e400"}
	for _, v := range Vars() {
		c := Config{raw: map[string]string{}}
		if v.set(&c, "abc") == nil {
			continue // free text, such as a model name
		}
		for _, s := range spellings {
			c := Config{raw: map[string]string{}}
			if err := v.set(&c, s); err == nil {
				t.Errorf("%s=%s accepted: %+v", v.Env, s, c)
			}
		}
	}
}

func TestNaNMessage(t *testing.T) {
	for _, name := range []string{"MIN_COVERAGE", "GOLDEN_FLOOR"} {
		_, _, err := load(t, map[string]string{name: "NaN"})
		if want := name + `: "NaN" is not a number from 0 to 1`; err == nil || err.Error() != want {
			t.Errorf("%s=NaN: error %v; want %q", name, err, want)
		}
	}
}
