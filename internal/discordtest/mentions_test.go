package discordtest

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestResolveMentions(t *testing.T) {
	content := "@everyone ask <@" + Alice.ID + "> or <@!" + Bob.ID + "> in <@&42>"
	tests := []struct {
		name            string
		allowed         string // raw allowed_mentions; "" for none sent
		reply           bool   // a reply to Bob
		wantPings       string
		wantRoles       string
		wantEveryone    bool
		wantMentionsLen int
	}{
		{"no allowed_mentions pings all", "", false, fmt.Sprint([]string{Alice.ID, Bob.ID}), "[42]", true, 2},
		{"parse [] pings no one", `{"parse":[]}`, false, "[]", "[]", false, 2},
		{"parse null pings no one", `{"parse":null}`, false, "[]", "[]", false, 2},
		{"users only", `{"parse":["users"]}`, false, fmt.Sprint([]string{Alice.ID, Bob.ID}), "[]", false, 2},
		{"one listed user", `{"parse":[],"users":["` + Bob.ID + `"]}`, false, fmt.Sprint([]string{Bob.ID}), "[]", false, 2},
		{"listed role", `{"parse":[],"roles":["42"]}`, false, "[]", "[42]", false, 2},
		{"reply pings its author by default", "", true, fmt.Sprint([]string{Alice.ID, Bob.ID}), "[42]", true, 2},
		{"reply without replied_user", `{"parse":[]}`, true, "[]", "[]", false, 2},
		{"reply with replied_user", `{"parse":[],"replied_user":true}`, true, fmt.Sprint([]string{Bob.ID}), "[]", false, 2},
	}
	s := &Server{users: map[string]User{Alice.ID: Alice, Bob.ID: Bob, BotUserID: botUser}}
	for _, tt := range tests {
		m := &Message{Author: botUser, Content: content}
		if tt.allowed != "" {
			m.AllowedMentions = json.RawMessage(tt.allowed)
		}
		if tt.reply {
			m.ReferencedMessage = &Message{Author: Bob}
		}
		s.resolveMentionsLocked(m)
		pings, roles := fmt.Sprint(m.Pings), fmt.Sprint(m.MentionRoles)
		if m.Pings == nil {
			pings = "[]"
		}
		if pings != tt.wantPings || roles != tt.wantRoles || m.PingsEveryone != tt.wantEveryone || len(m.Mentions) != tt.wantMentionsLen {
			t.Errorf("%s: pings %s, roles %s, everyone %v, %d mentions; want %s, %s, %v, %d",
				tt.name, pings, roles, m.PingsEveryone, len(m.Mentions), tt.wantPings, tt.wantRoles, tt.wantEveryone, tt.wantMentionsLen)
		}
	}
}
