package discordtest

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// interactionSession opens a session that hands every interaction to the
// test instead of answering it, so each test drives the answer itself.
func interactionSession(t *testing.T, srv *Server) (*discordgo.Session, func() *discordgo.Interaction) {
	t.Helper()
	ch := make(chan *discordgo.Interaction, 8)
	dg := openSession(t, srv, func(_ *discordgo.Session, i *discordgo.InteractionCreate) { ch <- i.Interaction })
	next := func() *discordgo.Interaction {
		t.Helper()
		select {
		case i := <-ch:
			return i
		case <-testContext(t).Done():
			t.Fatal("no INTERACTION_CREATE")
			return nil
		}
	}
	return dg, next
}

// restError unpacks a *discordgo.RESTError into status and JSON code.
func restError(t *testing.T, err error) (status, code int) {
	t.Helper()
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		t.Fatalf("error %v (%T); want *discordgo.RESTError", err, err)
	}
	if re.Message != nil {
		code = re.Message.Code
	}
	return re.Response.StatusCode, code
}

var deferred = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}

func TestInteractionErrors(t *testing.T) {
	t.Parallel()
	tooLong := strings.Repeat("x", 2001)
	tests := []struct {
		name       string
		setup      func(*Server)
		act        func(*discordgo.Session, *discordgo.Interaction) error
		wantStatus int
		wantCode   int
	}{
		{
			name:  "callback after the deadline",
			setup: func(s *Server) { s.SetInteractionDeadline(time.Nanosecond) },
			act: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				return dg.InteractionRespond(i, deferred)
			},
			wantStatus: http.StatusNotFound, wantCode: codeUnknownInteraction,
		},
		{
			name: "second callback",
			act: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				if err := dg.InteractionRespond(i, deferred); err != nil {
					return fmt.Errorf("first callback: %w", err)
				}
				return dg.InteractionRespond(i, deferred)
			},
			wantStatus: http.StatusBadRequest, wantCode: codeAlreadyAcknowledged,
		},
		{
			name:  "edit after the token expired",
			setup: func(s *Server) { s.SetTokenLifetime(time.Nanosecond) },
			act: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				if err := dg.InteractionRespond(i, deferred); err != nil {
					return fmt.Errorf("callback: %w", err)
				}
				content := "late"
				_, err := dg.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content})
				return err
			},
			wantStatus: http.StatusUnauthorized, wantCode: codeInvalidWebhookToken,
		},
		{
			name: "autocomplete answer to a command",
			act: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				return dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult})
			},
			wantStatus: http.StatusBadRequest, wantCode: codeInvalidFormBody,
		},
		{
			name: "callback content over 2000 characters",
			act: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				return dg.InteractionRespond(i, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{Content: tooLong},
				})
			},
			wantStatus: http.StatusBadRequest, wantCode: codeInvalidFormBody,
		},
		{
			name: "edit to over 2000 characters",
			act: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				if err := dg.InteractionRespond(i, deferred); err != nil {
					return fmt.Errorf("callback: %w", err)
				}
				_, err := dg.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &tooLong})
				return err
			},
			wantStatus: http.StatusBadRequest, wantCode: codeInvalidFormBody,
		},
		{
			name: "followup before any callback",
			act: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				_, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "too early"})
				return err
			},
			wantStatus: http.StatusNotFound, wantCode: codeUnknownWebhook,
		},
		{
			name: "edit before any callback",
			act: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				content := "too early"
				_, err := dg.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content})
				return err
			},
			wantStatus: http.StatusNotFound, wantCode: codeUnknownMessage,
		},
		{
			name: "empty message",
			act: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				return dg.InteractionRespond(i, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{},
				})
			},
			wantStatus: http.StatusBadRequest, wantCode: codeEmptyMessage,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := NewServer(t)
			if tt.setup != nil {
				tt.setup(srv)
			}
			dg, next := interactionSession(t, srv)
			srv.SlashCommand("ask", map[string]any{"question": "q"}, Alice, "")
			err := tt.act(dg, next())
			if status, code := restError(t, err); status != tt.wantStatus || code != tt.wantCode {
				t.Errorf("error = %d code %d; want %d code %d (%v)", status, code, tt.wantStatus, tt.wantCode, err)
			}
		})
	}
}

func TestAutocompleteChoices(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg, next := interactionSession(t, srv)
	for _, n := range []int{25, 26} {
		in := srv.Autocomplete("source", "article", "cs", Bob)
		i := next()
		if opt := i.ApplicationCommandData().Options[0]; !opt.Focused || opt.StringValue() != "cs" {
			t.Errorf("focused option = %+v; want focused, value cs", opt)
		}
		var choices []*discordgo.ApplicationCommandOptionChoice
		for k := range n {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: fmt.Sprint("article ", k), Value: fmt.Sprint(k)})
		}
		err := dg.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: choices},
		})
		got := srv.Interaction(in.ID)
		switch n {
		case 25:
			if err != nil || len(got.Choices) != 25 {
				t.Errorf("25 choices: err %v, stored %d; want accepted", err, len(got.Choices))
			}
		default:
			if status, code := restError(t, err); status != http.StatusBadRequest || code != codeInvalidFormBody || got.Acknowledged {
				t.Errorf("%d choices: %d code %d, acknowledged %v; want 400 code 50035, not acknowledged", n, status, code, got.Acknowledged)
			}
		}
	}
}

func TestFollowupsAfterDefer(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg, next := interactionSession(t, srv)
	in := srv.SlashCommand("ask", nil, Alice, "")
	i := next()
	if err := dg.InteractionRespond(i, deferred); err != nil {
		t.Fatal(err)
	}
	if orig, _ := srv.InteractionResponse(in.ID); orig.Flags&FlagLoading == 0 {
		t.Errorf("deferred response flags = %d; want loading", orig.Flags)
	}
	first, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "part 1"})
	if err != nil {
		t.Fatal(err)
	}
	second, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "part 2"})
	if err != nil {
		t.Fatal(err)
	}
	secret, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "only you", Flags: discordgo.MessageFlagsEphemeral})
	if err != nil {
		t.Fatal(err)
	}
	st := srv.Interaction(in.ID)
	if st.Original == nil || st.Original.ID != first.ID || st.Original.Content != "part 1" {
		t.Errorf("original = %+v; want the first followup (%s) to fill the deferred message", st.Original, first.ID)
	}
	if len(st.Followups) != 2 || st.Followups[0].ID != second.ID || st.Followups[1].Flags&FlagEphemeral == 0 {
		t.Errorf("followups = %+v; want part 2 then an ephemeral one", st.Followups)
	}
	if _, ok := srv.Message(ChannelID, secret.ID); ok {
		t.Error("ephemeral followup is in the channel history")
	}
	if _, err := dg.FollowupMessageEdit(i, second.ID, &discordgo.WebhookEdit{Content: ptr("part 2, edited")}); err != nil {
		t.Fatal(err)
	}
	if m, _ := srv.Message(ChannelID, second.ID); m.Content != "part 2, edited" || m.Edits != 1 {
		t.Errorf("edited followup = %q after %d edits; want the new content after 1", m.Content, m.Edits)
	}
}

func TestButtonClickUpdatesMessage(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg, next := interactionSession(t, srv)
	in := srv.SlashCommand("ask", nil, Alice, "")
	err := dg.InteractionRespond(next(), &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content: "An answer [1].",
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{CustomID: "helpful", Label: "Helpful", Style: discordgo.SuccessButton},
			}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := srv.InteractionResponse(in.ID)
	click := srv.ClickButton(answer.ID, "helpful", Bob)
	ci := next()
	if ci.MessageComponentData().CustomID != "helpful" || ci.Message == nil || ci.Message.ID != answer.ID || ci.Member.User.ID != Bob.ID {
		t.Fatalf("click = %+v; want custom ID helpful on message %s by Bob", ci, answer.ID)
	}
	err = dg.InteractionRespond(ci, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "An answer [1]. Thanks!", Components: []discordgo.MessageComponent{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := srv.Message(ChannelID, answer.ID)
	if m.Content != "An answer [1]. Thanks!" || len(m.Buttons()) != 0 {
		t.Errorf("message after update = %q with %d buttons; want new content, no buttons", m.Content, len(m.Buttons()))
	}
	if st := srv.Interaction(click.ID); st.ResponseType != CallbackUpdateMessage || st.Original == nil || st.Original.ID != answer.ID {
		t.Errorf("click state = %+v; want an update of %s", st, answer.ID)
	}
}

func TestModalRoundTrip(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg, next := interactionSession(t, srv)
	srv.SlashCommand("feedback", nil, Alice, "")
	err := dg.InteractionRespond(next(), &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{
			CustomID: "feedback-form", Title: "Feedback",
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.TextInput{CustomID: "text", Label: "What was wrong?", Style: discordgo.TextInputParagraph},
			}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.SubmitModal("feedback-form", map[string]string{"text": "citation 2 is off"}, Alice)
	data := next().ModalSubmitData()
	row, _ := data.Components[0].(*discordgo.ActionsRow)
	if data.CustomID != "feedback-form" || row == nil || row.Components[0].(*discordgo.TextInput).Value != "citation 2 is off" {
		t.Errorf("modal submit = %+v; want the field value back", data)
	}
}

func TestRateLimitedEditIsRetried(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg, next := interactionSession(t, srv)
	in := srv.SlashCommand("ask", nil, Alice, "")
	i := next()
	if err := dg.InteractionRespond(i, deferred); err != nil {
		t.Fatal(err)
	}
	srv.FailNext(http.MethodPatch, "/webhooks/", http.StatusTooManyRequests, 20*time.Millisecond, 1)
	if _, err := dg.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: ptr("answer")}); err != nil {
		t.Fatalf("edit after a 429: %v", err)
	}
	var statuses []int
	for _, r := range srv.RequestsTo(http.MethodPatch, "/webhooks/") {
		statuses = append(statuses, r.Status)
	}
	if fmt.Sprint(statuses) != "[429 200]" {
		t.Errorf("PATCH statuses = %v; want [429 200]", statuses)
	}
	if m, _ := srv.InteractionResponse(in.ID); m.Content != "answer" || m.Edits != 1 {
		t.Errorf("response = %q after %d edits; want one edit, applied once", m.Content, m.Edits)
	}
	first := srv.RequestsTo(http.MethodPatch, "/webhooks/")[0]
	if first.Response == nil || !strings.Contains(string(first.Response), `"retry_after":0.02`) {
		t.Errorf("429 body = %s; want retry_after 0.02", first.Response)
	}
}

func TestServerErrors(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	dg := openSession(t, srv)
	srv.FailNext(http.MethodPost, "/channels/", http.StatusBadGateway, 0, 1)
	if _, err := dg.ChannelMessageSend(ChannelID, "after a 502"); err != nil {
		t.Errorf("send after one 502: %v; want discordgo's retry to succeed", err)
	}
	srv.FailNext(http.MethodPost, "/channels/", http.StatusInternalServerError, 0, 1)
	_, err := dg.ChannelMessageSend(ChannelID, "after a 500")
	if status, _ := restError(t, err); status != http.StatusInternalServerError {
		t.Errorf("send after a 500: status %d; want 500", status)
	}
	if n := len(srv.Messages(ChannelID)); n != 1 {
		t.Errorf("%d messages stored; want 1 (failed requests have no effect)", n)
	}
}

func ptr[T any](v T) *T { return &v }
