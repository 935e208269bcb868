package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/internal/store/storetest"
)

// TestTwoServeProcessesShareKnowledge runs `cstobot serve` twice, as the
// two shards of one bot, on one Postgres and one knowledge folder, against
// one fake Discord. A moderator's /teach in the operator's server (shard
// 1) goes live there and is then answered in a DM, which shard 0 serves;
// only shard 0 polls the folder.
func TestTwoServeProcessesShareKnowledge(t *testing.T) {
	url := storetest.MustURL(t)
	fake := discordtest.NewServer(t)
	modCh := fake.AddChannel("moderators")
	carol := discordtest.User{ID: "1100000000000000012", Username: "carol", GlobalName: "Carol"}
	const modRole = "1100000000000000099"
	fake.SetMember(carol, discordtest.Member{Roles: []string{modRole}, Permissions: discordtest.PermissionSendMessages})
	folder := t.TempDir()
	var procs [2]*serving
	for shard := range procs {
		u := newUser(t)
		for k, v := range map[string]string{"DATABASE_URL": url, "KNOWLEDGE_DIR": folder, "KNOWLEDGE_POLL": "1h", // shard 0 must hear of the teach through the store, not its own poll
			"SHARD_ID": strconv.Itoa(shard), "SHARD_COUNT": "2", "MOD_CHANNEL_ID": modCh, "MOD_ROLES": modRole, "LOG_LEVEL": "info"} {
			u.env[k] = v
		}
		procs[shard] = startServe(t, u, fake)
	}
	for _, p := range procs {
		p.awaitReadyz(http.StatusOK)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // generous: a change arrives within 5 s
	defer cancel()
	await := func(what string, cond func() bool) {
		t.Helper()
		if err := fake.Await(ctx, cond); err != nil {
			t.Fatalf("waiting for %s: %v\nshard 0:\n%s\nshard 1:\n%s", what, err, procs[0].stderr, procs[1].stderr)
		}
	}
	response := func(id string) string {
		m, _ := fake.InteractionResponse(id)
		return m.Content
	}

	teach := fake.SlashCommand("teach", map[string]any{
		"title": "Who chairs the CSTO in 2026?",
		"fact":  "In 2026 the rotating chairmanship of the CSTO is held by Kyrgyzstan.",
		"url":   "https://example.org/csto-chair-2026",
	}, carol, "")
	await("the teach to go live", func() bool { return strings.Contains(response(teach.ID), "live now") })
	for n := 0; ; n++ {
		asker := discordtest.User{ID: fmt.Sprintf("15%017d", n), Username: fmt.Sprintf("asker%d", n)}
		ask := fake.SlashCommand("ask", map[string]any{"question": "Who chairs the CSTO in 2026?"}, asker, fake.DMChannel(asker))
		await("an answer in the DM", func() bool {
			m, ok := fake.InteractionResponse(ask.ID)
			return ok && len(m.Buttons()) > 0
		})
		if strings.Contains(response(ask.ID), "Kyrgyzstan") {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("shard 0 never answered from the taught fact; last answer %q\nshard 0:\n%s", response(ask.ID), procs[0].stderr)
		case <-time.After(100 * time.Millisecond):
		}
	}
	// The reload is logged once the new index serves, so an answer from it
	// may come first.
	await("shard 0 to log the reload", func() bool {
		return strings.Contains(procs[0].stderr.String(), "reloaded the knowledge another process changed")
	})
	if log := procs[1].stderr.String(); !strings.Contains(log, "the knowledge folder is polled by the process of shard 0") {
		t.Errorf("shard 1 does not say it leaves the folder to shard 0:\n%s", log)
	}
}
