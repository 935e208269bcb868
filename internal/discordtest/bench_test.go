package discordtest

import (
	"net/http"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// BenchmarkChannelMessageSend measures one REST call from a real session
// through the fake: recording, validation and state.
func BenchmarkChannelMessageSend(b *testing.B) {
	srv := NewServer(b)
	dg, err := discordgo.New("Bot test-token")
	if err != nil {
		b.Fatal(err)
	}
	dg.Client = &http.Client{Transport: srv.Transport()}
	b.ResetTimer()
	for b.Loop() {
		if _, err := dg.ChannelMessageSend(ChannelID, "The CSTO was founded in 1992 [1]."); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSlashCommandRoundTrip measures a whole interaction: dispatch
// over the gateway, a deferred callback and an edit of the original.
func BenchmarkSlashCommandRoundTrip(b *testing.B) {
	srv := NewServer(b)
	dg, err := discordgo.New("Bot test-token")
	if err != nil {
		b.Fatal(err)
	}
	dg.Client = &http.Client{Transport: srv.Transport()}
	dg.LogLevel = discordgo.LogError
	done := make(chan error, 1)
	content := "answer"
	dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
		err := s.InteractionRespond(i.Interaction, deferred)
		if err == nil {
			_, err = s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{Content: &content})
		}
		done <- err
	})
	if err := dg.Open(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = dg.Close() })
	b.ResetTimer()
	for b.Loop() {
		srv.SlashCommand("ask", nil, Alice, "")
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if err := srv.WaitHeartbeat(b.Context()); err != nil {
		b.Fatal(err)
	}
}
