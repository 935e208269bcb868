package knowledge

import (
	"strings"
	"testing"
	"time"
)

func TestSplitFrontMatter(t *testing.T) {
	date := time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		src     string
		want    frontMatter
		body    string
		ok      bool
		wantErr string
	}{
		{"none", "Just text.\n", frontMatter{}, "Just text.\n", false, ""},
		{"rule later is no front matter", "Text\n---\nMore", frontMatter{}, "Text\n---\nMore", false, ""},
		{"all keys", "---\ntitle: T\nauthor: A\npublished: 2022-01-26\nlang: EN\nurl: https://x.org/a?b=c\nid: my/id\n---\nBody",
			frontMatter{Title: "T", Author: "A", Published: date, Lang: "en", URL: "https://x.org/a?b=c", ID: "my/id"}, "Body", true, ""},
		{"quotes, comments, unknown keys", "---\n# comment\ntitle: \"CSTO: \\\"Russian NATO\\\"?\"\n\nauthor: 'O''Neil'\ndraft: true\n---\n",
			frontMatter{Title: `CSTO: "Russian NATO"?`, Author: "O'Neil"}, "", true, ""},
		{"date key and case", "---\nTitle: T\nDate: 26/01/2022\n---\nB", frontMatter{Title: "T", Published: date}, "B", true, ""},
		{"empty value", "---\ntitle:\n---\nB", frontMatter{}, "B", true, ""},
		{"colon in value", "---\ntitle: a: b\n---\n", frontMatter{Title: "a: b"}, "", true, ""},
		{"closing with spaces", "---\ntitle: T\n---  \nB", frontMatter{Title: "T"}, "B", true, ""},
		{"opening with spaces", "--- \ntitle: T\n---\nB", frontMatter{Title: "T"}, "B", true, ""},
		{"opening must be first", "\n---\ntitle: T\n---\nB", frontMatter{}, "\n---\ntitle: T\n---\nB", false, ""},
		{"not key value", "---\ntitle: T\njust words\n---\n", frontMatter{}, "", true, `front matter line 3: "just words" is not a key: value line`},
		{"bad key", "---\nmy title: T\n---\n", frontMatter{}, "", true, `line 2: "my title: T" is not a key: value line`},
		{"unclosed", "---\ntitle: T\n", frontMatter{}, "", true, "no closing --- line"},
		{"unterminated quote", "---\ntitle: \"T\n---\n", frontMatter{}, "", true, "line 2: title: unterminated quoted value"},
		{"bad single quote", "---\ntitle: 'it's'\n---\n", frontMatter{}, "", true, "bad quoted value"},
		{"bad escape", "---\ntitle: \"\\q\"\n---\n", frontMatter{}, "", true, "bad quoted value"},
		{"duplicate", "---\ntitle: A\ntitle: B\n---\n", frontMatter{}, "", true, "line 3: title given twice"},
		{"published and date", "---\ndate: 2022-01-01\npublished: 2022-01-02\n---\n", frontMatter{}, "", true, "both published and date given"},
		{"bad date", "---\ndate: 2022-13-01\n---\n", frontMatter{}, "", true, `line 2: date "2022-13-01" not understood`},
		{"bad lang", "---\nlang: English\n---\n", frontMatter{}, "", true, `lang "English" is not a two-letter`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, ok, err := splitFrontMatter(tt.src)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("splitFrontMatter(%q) error = %v; want one containing %q", tt.src, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("splitFrontMatter(%q): %v", tt.src, err)
			}
			if fm != tt.want || body != tt.body || ok != tt.ok {
				t.Errorf("splitFrontMatter(%q) = %+v, %q, %v; want %+v, %q, %v", tt.src, fm, body, ok, tt.want, tt.body, tt.ok)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2022-01-26", time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC)},
		{"26/01/2022", time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC)},
		{"26 January 2022", time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC)},
		{"January 26, 2022", time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC)},
		{"2022-01-26T10:30:00Z", time.Date(2022, 1, 26, 10, 30, 0, 0, time.UTC)},
		{"2022-01-26T10:30:00.123Z", time.Date(2022, 1, 26, 10, 30, 0, 123e6, time.UTC)},
		{"2022-01-26T10:30:00+0100", time.Date(2022, 1, 26, 9, 30, 0, 0, time.UTC)},
		{"2022-01-26 10:30:00", time.Date(2022, 1, 26, 10, 30, 0, 0, time.UTC)},
		{"Wed, 26 Jan 2022 10:30:00 +0000", time.Date(2022, 1, 26, 10, 30, 0, 0, time.UTC)},
		{"01/26/2022", time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC)},
		{"26/01/22", time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC)},
		{"26 gennaio 2022", time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC)},
		{"26 января 2022 г.", time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC)},
		{"le 26 janvier 2022", time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC)},
		{"2022", time.Time{}},
		{"sometime in January 2022", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in)
		if tt.want.IsZero() != (err != nil) || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\nauthor: 'A'\npublished: 2022-01-26\nlang: en\n---\nBody",
		"---\ntitle: \"q\\\"uote\"\n# c\n\n---\n",
		"---\nbad line\n---\n",
		"---\ntitle: '''\n---\n",
		"---\n",
		"no front matter",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, body, ok, err := splitFrontMatter(src)
		switch {
		case !ok && (err != nil || body != src):
			t.Errorf("splitFrontMatter(%q) without front matter = %q, %v; want the input back", src, body, err)
		case ok && err == nil && !strings.HasSuffix(src, body):
			t.Errorf("splitFrontMatter(%q) body %q is not the end of the input", src, body)
		case ok && strings.TrimRight(strings.SplitN(src, "\n", 2)[0], " \t") != "---":
			t.Errorf("splitFrontMatter(%q) found front matter without an opening ---", src)
		}
	})
}
