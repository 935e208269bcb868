package main

import (
	"bytes"
	"os"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	tests := []struct {
		name string
		tty  bool
		want []string
	}{
		{"plain lines", false, []string{
			"embedding passages: 0/1000 (0%), –/s, – left\n",
			"embedding passages: 500/1000 (50%), 250/s, 2s left\n",
			"embedding passages: 1000/1000 (100%), 250/s, 0s left\n",
		}},
		{"terminal bar", true, []string{
			"\r\x1b[Kembedding [..............................]   0% 0/1000  – passages/s  ETA –",
			"\r\x1b[Kembedding [###############...............]  50% 500/1000  250 passages/s  ETA 2s",
			"\r\x1b[Kembedding [##############################] 100% 1000/1000  250 passages/s  ETA 0s\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			p := newProgress(&b, tt.tty, time.Second)
			clock := time.Unix(0, 0)
			p.now = func() time.Time { return clock }
			steps := []struct {
				at   time.Duration
				done int
			}{{0, 0}, {50 * time.Millisecond, 10}, {2 * time.Second, 500}, {2100 * time.Millisecond, 600}, {4 * time.Second, 1000}}
			var got []string
			for _, s := range steps {
				clock = time.Unix(0, 0).Add(s.at)
				before := b.Len()
				p.update(s.done, 1000)
				if b.Len() > before {
					got = append(got, b.String()[before:])
				}
			}
			if len(got) < len(tt.want) {
				t.Fatalf("reports = %q; want %q", got, tt.want)
			}
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					found = found || g == w
				}
				if !found {
					t.Errorf("reports = %q; missing %q", got, w)
				}
			}
			if !tt.tty && len(got) != len(tt.want) {
				t.Errorf("plain reports = %q; want exactly %q (at most one a second, and the last)", got, tt.want)
			}
		})
	}
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a file is a terminal")
	}

}
