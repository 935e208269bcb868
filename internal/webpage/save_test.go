package webpage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/knowledge"
)

func TestSave(t *testing.T) {
	s := newSite(t)
	f := New(CLI)
	dir := t.TempDir()
	ctx := context.Background()
	got, err := f.Save(ctx, s.URL+"/old-address", dir)
	if err != nil {
		t.Fatal(err)
	}
	wantPath := filepath.Join(dir, "web", "csto-leaders-meet-in-minsk-as-armenia-stays-away.md")
	if got.Path != wantPath {
		t.Errorf("saved as %s; want %s", got.Path, wantPath)
	}
	data, err := os.ReadFile(got.Path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"---\ntitle: \"CSTO leaders meet in Minsk as Armenia stays away\"\nauthor: \"Natalia Ivanova\"\npublished: 2024-11-28T09:15:00+03:00\nlang: en\n",
		"url: \"" + s.URL + "/world/csto-summit\"\nfetched: ",
		"\n## A shorter agenda\n",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("saved file lacks %q:\n%s", want, data)
		}
	}
	// The same page again, by either address: not saved twice.
	for _, u := range []string{s.URL + "/old-address", s.URL + "/world/csto-summit"} {
		if _, err := f.Save(ctx, u, dir); !errors.Is(err, ErrSaved) || !strings.Contains(err.Error(), wantPath) {
			t.Errorf("Save(%s) again = %v; want ErrSaved naming %s", u, err, wantPath)
		}
	}
	// Another page with the same title gets a name of its own.
	other, err := f.Save(ctx, s.URL+"/drafts/public", dir)
	if err != nil || other.Path != strings.TrimSuffix(wantPath, ".md")+"-2.md" {
		t.Errorf("Save(same title) = %s, %v; want the -2 name", other.Path, err)
	}
	if _, err := f.Save(ctx, s.URL+"/world/csto-summit", filepath.Join(dir, "missing")); err == nil {
		t.Errorf("Save into a missing folder succeeded")
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ title, want string }{
		{"CSTO leaders meet: in Minsk!", "csto-leaders-meet-in-minsk"},
		{"Учения «Взаимодействие» завершились", "учения-взаимодействие-завершились"},
		{"../../etc/passwd", "etc-passwd"},
		{"  ", "page"},
		{"ÀÉÎ 2024/11", "àéî-2024-11"},
		{strings.Repeat("long ", 40), strings.TrimSuffix(strings.Repeat("long-", 16), "-")},
	}
	for _, tt := range tests {
		if got := slug(tt.title); got != tt.want || len(got) > maxSlug {
			t.Errorf("slug(%q) = %q; want %q", tt.title, got, tt.want)
		}
	}
}

// TestExtractionQuality fetches the test pages, saves them and loads them
// back as the index would, then counts the true main-text sentences kept
// and the boilerplate leaked (see testdata/*.truth).
func TestExtractionQuality(t *testing.T) {
	s := newSite(t)
	f := New(CLI)
	dir := t.TempDir()
	pages := map[string]string{"news": "/world/csto-summit", "wiki": "/wiki/Collective_Rapid_Reaction_Forces", "ru-1251": "/ru/news"}
	var keptAll, mainAll, leakedAll, boilerAll int
	for name, path := range pages {
		saved, err := f.Save(context.Background(), s.URL+path, dir)
		if err != nil {
			t.Fatal(err)
		}
		arts, _, err := knowledge.LoadDir(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		var body string
		for _, a := range arts {
			if a.URL == saved.Article.URL {
				body = strings.Join(strings.Fields(a.Body), " ")
			}
		}
		main, boiler := readTruth(t, name+".truth")
		kept, leaked := 0, 0
		for _, m := range main {
			if strings.Contains(body, m) {
				kept++
			} else {
				t.Logf("%s: main text lost: %q", name, m)
			}
		}
		for _, b := range boiler {
			if strings.Contains(body, b) {
				leaked++
				t.Logf("%s: boilerplate kept: %q", name, b)
			}
		}
		t.Logf("%s: %d/%d main-text sentences kept, %d/%d boilerplate snippets leaked", name, kept, len(main), leaked, len(boiler))
		keptAll, mainAll, leakedAll, boilerAll = keptAll+kept, mainAll+len(main), leakedAll+leaked, boilerAll+len(boiler)
	}
	kept, leaked := float64(keptAll)/float64(mainAll), float64(leakedAll)/float64(boilerAll)
	t.Logf("all: %.0f%% of main text kept, %.0f%% of boilerplate leaked", 100*kept, 100*leaked)
	if kept < 0.95 || leaked > 0.05 {
		t.Errorf("%.0f%% of main text kept, %.0f%% of boilerplate leaked; want at least 95%% and at most 5%%", 100*kept, 100*leaked)
	}
}

// readTruth reads a .truth file: main-text sentences, then after "%%" the
// boilerplate; "#" lines are comments.
func readTruth(t *testing.T, name string) (main, boiler []string) {
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dst := &main
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case line == "%%":
			dst = &boiler
		case line != "" && !strings.HasPrefix(line, "#"):
			*dst = append(*dst, line)
		}
	}
	return main, boiler
}
