package bot

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
)

// Mallory invited the bot to her own server, OtherGuildID, where she has
// every permission; in the operator's server she is an ordinary member.
var Mallory = discordtest.User{ID: "1100000000000000014", Username: "mallory", GlobalName: "Mallory"}

// modalData is a modal submission's data with fields as its text inputs.
func modalData(customID string, fields map[string]string) map[string]any {
	rows := []any{}
	for k, v := range fields {
		rows = append(rows, map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": k, "value": v}}})
	}
	return map[string]any{"custom_id": customID, "components": rows}
}

// TestStrangersCannotModerate: every moderators' command, button and form
// used from another guild or a DM is refused privately and changes
// nothing, whatever the member's permissions there — Dave, a moderator at
// home, included.
func TestStrangersCannotModerate(t *testing.T) {
	m := startModerated(t, nil)
	srv := m.srv
	srv.SetMemberIn(discordtest.GuildID, Mallory, discordtest.Member{Permissions: discordtest.PermissionSendMessages})
	ask := srv.SlashCommand("ask", map[string]any{"question": unknownQ}, discordtest.Alice, "")
	m.final(ask.ID)
	post := m.gap(unknownQ)
	key := strings.TrimPrefix(button(t, post, modAnswer), modAnswer)
	before := m.ix.Len()
	teach := map[string]any{"fact": "The CSTO's official portal is https://evil.example.", "url": "https://evil.example"}
	tests := []struct {
		name string
		act  func() *discordtest.Interaction
		want string
	}{
		{"/teach in her server", func() *discordtest.Interaction {
			return srv.SlashCommand("teach", teach, Mallory, discordtest.OtherChannelID)
		}, msgNotHome},
		{"/forget in her server", func() *discordtest.Interaction {
			return srv.SlashCommand("forget", map[string]any{"id": "builtin/csto-russian-nato"}, Mallory, discordtest.OtherChannelID)
		}, msgNotHome},
		{"/reindex in her server", func() *discordtest.Interaction {
			return srv.SlashCommand("reindex", nil, Mallory, discordtest.OtherChannelID)
		}, msgNotHome},
		{"/teach by a home moderator elsewhere", func() *discordtest.Interaction {
			return srv.SlashCommand("teach", teach, Dave, discordtest.OtherChannelID)
		}, msgNotHome},
		{"/teach in a DM", func() *discordtest.Interaction {
			return srv.SlashCommand("teach", teach, Mallory, srv.DMChannel(Mallory))
		}, msgNotHome},
		{"/teach at home", func() *discordtest.Interaction {
			return srv.SlashCommand("teach", teach, Mallory, "")
		}, msgNotAllowed},
		{"forged Answer click", func() *discordtest.Interaction {
			return srv.DispatchInteraction(discordtest.InteractionComponent, discordtest.OtherChannelID, Mallory,
				map[string]any{"custom_id": modAnswer + key, "component_type": 2})
		}, msgNotHome},
		{"forged Ignore click", func() *discordtest.Interaction {
			return srv.DispatchInteraction(discordtest.InteractionComponent, discordtest.OtherChannelID, Mallory,
				map[string]any{"custom_id": modIgnore + key, "component_type": 2})
		}, msgNotHome},
		{"forged modal submit", func() *discordtest.Interaction {
			return srv.DispatchInteraction(discordtest.InteractionModalSubmit, discordtest.OtherChannelID, Mallory, modalData(modTeach+key, map[string]string{
				"question": unknownQ, "answer": "Visit https://evil.example to find out.", "url": "https://evil.example",
			}))
		}, msgNotHome},
	}
	for _, tt := range tests {
		in := tt.act()
		r := m.responseContaining(in.ID, tt.want)
		if r.Flags&discordtest.FlagEphemeral == 0 {
			t.Errorf("%s: the refusal is public; want ephemeral", tt.name)
		}
		if st := srv.Interaction(in.ID); st.ResponseType != discordtest.CallbackMessage {
			t.Errorf("%s: responded with %d; want the refusal at once, nothing deferred", tt.name, st.ResponseType)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(m.dir, "*")); len(files) != 0 {
		t.Errorf("the knowledge folder changed: %v", files)
	}
	if m.ix.Len() != before {
		t.Errorf("the index holds %d passages; want %d", m.ix.Len(), before)
	}
	if msg, _ := srv.Message(m.modCh, post.ID); len(msg.Buttons()) != 2 || msg.Edits != 0 {
		t.Errorf("the gap was touched: %d edits, buttons %+v", msg.Edits, msg.Buttons())
	}
	// The real moderators can still answer it.
	click := srv.ClickButton(post.ID, modAnswer+key, Carol)
	m.await("the Answer modal", func() bool { return srv.Interaction(click.ID).Modal != nil })
}

// TestOnlyPublicHomeQuestionsBecomeGaps: questions from another guild, in
// a DM, or asked privately are not shown to the operator's moderators.
func TestOnlyPublicHomeQuestionsBecomeGaps(t *testing.T) {
	m := startModerated(t, nil)
	srv := m.srv
	ins := []*discordtest.Interaction{
		srv.SlashCommand("ask", map[string]any{"question": "Who chairs the CSTO in 2031?"}, Mallory, discordtest.OtherChannelID),
		srv.SlashCommand("ask", map[string]any{"question": "Who chairs the CSTO in 2032?", "private": true}, discordtest.Alice, ""),
		srv.SlashCommand("ask", map[string]any{"question": "Who chairs the CSTO in 2033?"}, discordtest.Bob, srv.DMChannel(discordtest.Bob)),
	}
	for _, in := range ins {
		m.final(in.ID)
	}
	srv.PostMessage(discordtest.OtherChannelID, "<@"+discordtest.BotUserID+"> Who chairs the CSTO in 2034?", Mallory)
	m.botMessage(discordtest.OtherChannelID, "the answer in her server", hasButtons)
	m.quiet(time.Now(), 300*time.Millisecond, wait)
	public := srv.SlashCommand("ask", map[string]any{"question": unknownQ}, discordtest.Alice, "")
	m.final(public.ID)
	m.gap(unknownQ)
	m.quiet(time.Now(), 300*time.Millisecond, wait)
	if msgs := srv.Messages(m.modCh); len(msgs) != 1 {
		var got []string
		for _, msg := range msgs {
			got = append(got, clip(msg.Content, 80))
		}
		t.Errorf("moderators' channel holds %q; want only the public question from home", got)
	}
}

// TestGapsDeduplicatedAndCapped: the same question within a day is counted
// on its post, and new posts stop at MOD_POSTS_PER_HOUR.
func TestGapsDeduplicatedAndCapped(t *testing.T) {
	srv := discordtest.NewServer(t)
	modCh := srv.AddChannel("moderators")
	refuse := answerFunc(func(_ context.Context, q answer.Question, _ func(string)) (answer.Answer, error) {
		return answer.Answer{Question: q.Text, Refused: true}, nil
	})
	h := start(t, srv, Config{ModChannelID: modCh, ModPostsPerHour: 2}, refuse)
	asks := []struct {
		q    string
		from discordtest.User
	}{
		{"Who chairs the CSTO?", discordtest.Alice},
		{"who chairs the CSTO", discordtest.Bob},
		{"Who chairs  the CSTO ?!", Carol},
		{"Where is the secretariat?", discordtest.Alice},
		{"What is the budget?", discordtest.Bob},
	}
	for _, a := range asks {
		in := srv.SlashCommand("ask", map[string]any{"question": a.q}, a.from, "")
		h.final(in.ID)
	}
	h.botMessage(modCh, "the count on the first post", func(m discordtest.Message) bool {
		return strings.Contains(m.Content, "Asked 3 times") && hasButtons(m)
	})
	h.quiet(time.Now(), 300*time.Millisecond, wait)
	msgs := srv.Messages(modCh)
	if len(msgs) != 2 || !strings.Contains(msgs[1].Content, "secretariat") {
		t.Errorf("%d posts; want 2: the chair counted 3 times, the secretariat, and the budget over the cap", len(msgs))
	}
	if !strings.Contains(h.log.String(), "MOD_POSTS_PER_HOUR reached") {
		t.Error("the capped gap was not logged")
	}
}

// TestModeratorCommandsOnlyInHomeGuild: the moderators' commands are
// registered in the home guild only, for Manage Server by default, and not
// at all when no home guild is known, which the log explains.
func TestModeratorCommandsOnlyInHomeGuild(t *testing.T) {
	tests := []struct {
		name    string
		cfg     func(modCh, otherCh string) Config
		home    string // where /teach is registered; "" nowhere
		wantLog string
	}{
		{"MOD_GUILD_ID", func(string, string) Config { return Config{ModGuildID: discordtest.GuildID} }, discordtest.GuildID, "gaps_posted=false"},
		{"guild of MOD_CHANNEL_ID", func(c, _ string) Config { return Config{ModChannelID: c} }, discordtest.GuildID, "gaps_posted=true"},
		{"DISCORD_GUILD_ID", func(string, string) Config { return Config{GuildID: discordtest.GuildID} }, discordtest.GuildID, "moderation guild"},
		{"none", func(string, string) Config { return Config{} }, "", "moderation is off"},
		{"channel in another guild", func(_, o string) Config { return Config{ModGuildID: discordtest.GuildID, ModChannelID: o} },
			discordtest.GuildID, "MOD_CHANNEL_ID is not in the moderators' server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t)
			modCh := srv.AddChannel("moderators")
			h := start(t, srv, tt.cfg(modCh, discordtest.OtherChannelID), answering(founded))
			for _, scope := range []string{"", discordtest.GuildID, discordtest.OtherGuildID} {
				for _, c := range srv.Commands(scope) {
					mod := c["name"] == "teach" || c["name"] == "forget" || c["name"] == "reindex"
					switch {
					case mod && scope != tt.home:
						t.Errorf("/%s registered in %q; want only in %q", c["name"], scope, tt.home)
					case mod && c["default_member_permissions"] != "32":
						t.Errorf("/%s has default_member_permissions %v; want \"32\" (Manage Server)", c["name"], c["default_member_permissions"])
					}
				}
			}
			if n := countNamed(srv.Commands(tt.home), "teach"); tt.home != "" && n != 1 {
				t.Errorf("/teach registered %d times in the home guild; want once", n)
			}
			if !strings.Contains(h.log.String(), tt.wantLog) {
				t.Errorf("log lacks %q:\n%s", tt.wantLog, h.log)
			}
		})
	}
}

func countNamed(cmds []map[string]any, name string) int {
	n := 0
	for _, c := range cmds {
		if c["name"] == name {
			n++
		}
	}
	return n
}
