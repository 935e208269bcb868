package storetest

import "testing"

func TestWithSearchPath(t *testing.T) {
	tests := []struct{ dsn, want string }{
		{"host=/tmp/pg user=cstobot dbname=postgres", "host=/tmp/pg user=cstobot dbname=postgres search_path=t_1"},
		{"postgres://bot@db/cstobot", "postgres://bot@db/cstobot?search_path=t_1"},
		{"postgres://bot@db/cstobot?sslmode=disable", "postgres://bot@db/cstobot?sslmode=disable&search_path=t_1"},
	}
	for _, tt := range tests {
		if got := withSearchPath(tt.dsn, "t_1"); got != tt.want {
			t.Errorf("withSearchPath(%q) = %q; want %q", tt.dsn, got, tt.want)
		}
	}
}
