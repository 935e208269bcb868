package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The back ends' migrations are the same steps, each in its own dialect.
func TestMigrationsInStep(t *testing.T) {
	sqlite, err := migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	postgres, err := migrations("postgres")
	if err != nil {
		t.Fatal(err)
	}
	if len(sqlite) == 0 || len(sqlite) != len(postgres) {
		t.Fatalf("%d SQLite migrations, %d Postgres ones; want the same, at least one", len(sqlite), len(postgres))
	}
	for i := range sqlite {
		if sqlite[i].name != postgres[i].name {
			t.Errorf("migration %d: %s on SQLite, %s on Postgres", i+1, sqlite[i].name, postgres[i].name)
		}
	}
}

func TestMigrateOnce(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		tg.mustOpen(t, Options{}).Close()
		s := tg.mustOpen(t, Options{})
		ms, err := migrations(tg.kind)
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, s, "schema_version"); n != len(ms) {
			t.Errorf("schema_version has %d rows after two opens; want %d", n, len(ms))
		}
		if v, err := s.KnowledgeVersion(t.Context()); err != nil || v != 0 {
			t.Errorf("KnowledgeVersion of a new store = %d, %v; want 0", v, err)
		}
	})
}

// A store written by a newer cstobot is refused, naming both versions.
func TestSchemaNewer(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		s := tg.mustOpen(t, Options{})
		know := count(t, s, "schema_version")
		if _, err := s.exec(t.Context(), `INSERT INTO schema_version (version, applied) VALUES (?, ?)`, know+5, 0); err != nil {
			t.Fatal(err)
		}
		s.Close()
		_, err := tg.open(t.Context(), Options{})
		var se *SchemaError
		if !errors.As(err, &se) || se.Have != know+5 || se.Know != know {
			t.Fatalf("open a newer schema: error = %v; want a *SchemaError %d > %d", err, know+5, know)
		}
		for _, want := range []string{fmt.Sprintf("version %d", know+5), fmt.Sprintf("up to %d", know)} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
	})
}
