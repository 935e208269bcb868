package store

import (
	"errors"
	"testing"
	"time"
)

func TestTaught(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		s := tg.mustOpen(t, Options{Now: c.Now})
		ctx := t.Context()
		first := Taught{File: "taught/who-leads.md", ArticleID: "local/taught/who-leads", Title: "Who leads",
			AuthorID: "7", AuthorName: "Mod", GuildID: "222", GapKey: "g1"}
		if err := s.RecordTaught(ctx, first); err != nil {
			t.Fatal(err)
		}
		c.Add(time.Hour)
		again := first
		again.AuthorID, again.AuthorName, again.GapKey = "8", "Other mod", ""
		if err := s.RecordTaught(ctx, again); err != nil {
			t.Fatal(err)
		}
		got, err := s.Taught(ctx, first.File)
		again.Created = c.Now()
		if err != nil || got != again {
			t.Errorf("Taught = %+v, %v; want the newer record %+v", got, err, again)
		}
		if err := s.ForgetTaught(ctx, first.File); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Taught(ctx, first.File); !errors.Is(err, ErrNotFound) {
			t.Errorf("Taught after ForgetTaught: error = %v; want ErrNotFound", err)
		}
	})
}

func TestAuditLog(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		s := tg.mustOpen(t, Options{Now: c.Now})
		ctx := t.Context()
		entries := []AuditEntry{
			{ActorID: "7", ActorName: "Mod", GuildID: "222", Action: "teach", Target: "a.md", Detail: "live"},
			{ActorID: "7", ActorName: "Mod", GuildID: "222", Action: "forget", Target: "a.md", Detail: "live"},
			{ActorID: "8", ActorName: "Other", GuildID: "222", Action: "reindex", Detail: "rejected: golden set 0.62 < 0.80"},
		}
		for i, e := range entries {
			if err := s.Audit(ctx, e); err != nil {
				t.Fatal(err)
			}
			entries[i].Time = c.Now()
			if i == 0 {
				c.Add(time.Minute) // the other two share a time: the later one still comes first
			}
		}
		got, err := s.AuditLog(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0] != entries[2] || got[1] != entries[1] {
			t.Errorf("AuditLog(2) = %+v; want the last two, newest first", got)
		}
	})
}
