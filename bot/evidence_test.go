package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/openaitest"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// chatModel returns a go-openai client talking to a fake OpenAI-compatible
// server that answers every chat request with reply.
func chatModel(t *testing.T, reply string) *llm.Client {
	t.Helper()
	model := openaitest.NewServer(t, openaitest.WithReply(openaitest.Text(reply)))
	client, err := llm.New(llm.Config{BaseURL: model.URL(), ChatModel: "test-model"})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// noHits is a Searcher that finds nothing, so that the drafter refuses.
type noHits struct{}

func (noHits) Search(context.Context, string, int) ([]retrieval.Hit, error) { return nil, nil }

// clickEvidence asks the question in /ask, clicks "Show evidence" under the
// answer as Bob, and returns the reply to the click once it has embeds.
func clickEvidence(t *testing.T, srv *discordtest.Server, h *harness, question string) (answerMsg, evidence discordtest.Message) {
	t.Helper()
	in := srv.SlashCommand("ask", map[string]any{"question": question}, discordtest.Alice, "")
	answerMsg = h.final(in.ID)
	click := srv.ClickButton(answerMsg.ID, button(t, answerMsg, showEvidence), discordtest.Bob)
	h.await("the evidence", func() bool { r, ok := srv.InteractionResponse(click.ID); return ok && len(r.Embeds) > 0 })
	evidence, _ = srv.InteractionResponse(click.ID)
	return answerMsg, evidence
}

func TestEvidenceButtonQuotesSupportToClickerOnly(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	a := founded
	a.Citations = []answer.Citation{{N: 1, Passage: testPassages[0], Evidence: []string{testPassages[0].Text}}}
	h := start(t, srv, Config{}, answering(a))
	_, r := clickEvidence(t, srv, h, "When was the CSTO founded?")

	if r.Flags&discordtest.FlagEphemeral == 0 {
		t.Error("evidence is public; want it shown only to the clicker")
	}
	if len(r.Embeds) != 1 {
		t.Fatalf("evidence has %d embeds; want 1, for [1]", len(r.Embeds))
	}
	e := r.Embeds[0]
	if want := "> " + testPassages[0].Text; e.Description != want {
		t.Errorf("evidence = %q; want the supporting sentence quoted: %q", e.Description, want)
	}
	if e.Title != "[1] CSTO: Russian NATO?" || e.URL != "https://example.org/csto" {
		t.Errorf("evidence title = %q (%s); want the citation and article, linked", e.Title, e.URL)
	}
	if e.Footer == nil || e.Footer.Text != "Andrea Gaspardo · 26 Jan 2022 · ¶7" {
		t.Errorf("evidence footer = %+v; want author, date and paragraph", e.Footer)
	}
	checkNoPings(t, srv)
}

// TestEvidenceFollowsMovedSentence runs the real drafter against a fake
// model that cites passage [1] for what passage [2] says: the support check
// moves the sentence to [2], and "Show evidence" quotes [2]'s sentence with
// [2]'s paragraphs.
func TestEvidenceFollowsMovedSentence(t *testing.T) {
	t.Parallel()
	const reply = "The Pact of Tashkent was signed in 1992 [1]. In 1999 Georgia, Azerbaijan and Uzbekistan did not renew the pact [1]."
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, answer.New(fakeSearcher{}, chatModel(t, reply), answer.Options{}))
	m, r := clickEvidence(t, srv, h, "When was the CSTO founded, and who left?")

	if want := "did not renew the pact [2]."; !strings.HasSuffix(m.Content, want) {
		t.Fatalf("answer = %q; want the moved sentence to end with %q", m.Content, want)
	}
	if len(r.Embeds) != 2 {
		t.Fatalf("evidence has %d embeds; want 2: %+v", len(r.Embeds), r.Embeds)
	}
	e := r.Embeds[1]
	if !strings.HasPrefix(e.Title, "[2] ") || e.Description != "> "+testPassages[1].Text || e.Footer == nil || !strings.HasSuffix(e.Footer.Text, "¶10–11") {
		t.Errorf("evidence for [2] = %q %q %+v; want passage 2's sentence and paragraphs", e.Title, e.Description, e.Footer)
	}
	if !strings.Contains(r.Embeds[0].Description, "Pact of Tashkent") || strings.Contains(r.Embeds[0].Description, "1999") {
		t.Errorf("evidence for [1] = %q; want passage 1's sentence only", r.Embeds[0].Description)
	}
}

// TestAnswerInAskersLanguage checks that what the bot says around an
// answer comes in the answer's language: the refusal the drafter wrote, or
// the bot's own when it has none, and the note on an answer cut short. A
// refusal has neither Sources nor Show evidence.
func TestAnswerInAskersLanguage(t *testing.T) {
	t.Parallel()
	const (
		question  = "Chi ha vinto la Coppa del Mondo di calcio nel 1998?"
		refusalIt = "Le fonti che ho non trattano questo argomento."
	)
	cut := founded
	cut.Text, cut.Partial, cut.Lang = "Il Patto di Tashkent fu firmato nel 1992 [1].", true, "it"
	tests := []struct {
		name     string
		answerer Answerer
		want     string
		evidence bool
	}{
		{"the model refuses in Italian", answer.New(fakeSearcher{}, chatModel(t, refusalIt), answer.Options{}), refusalIt, false},
		{"nothing found, offline", answer.New(noHits{}, nil, answer.Options{}), refusalIt, false},
		{"a refusal without text", answering(answer.Answer{Refused: true, Lang: "it"}), notesIn("it").refused, false},
		{"an answer cut short", answering(cut), cut.Text + notesIn("it").cutShort, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t)
			h := start(t, srv, Config{}, tt.answerer)
			in := srv.SlashCommand("ask", map[string]any{"question": question}, discordtest.Alice, "")
			m := h.final(in.ID)
			if m.Content != tt.want {
				t.Errorf("answer = %q; want %q", m.Content, tt.want)
			}
			sources, evidence := false, false
			for _, b := range m.Buttons() {
				sources = sources || strings.HasPrefix(b.CustomID, showSources)
				evidence = evidence || strings.HasPrefix(b.CustomID, showEvidence)
			}
			if sources != tt.evidence || evidence != tt.evidence {
				t.Errorf("Sources shown = %v, Show evidence shown = %v; want %v", sources, evidence, tt.evidence)
			}
		})
	}
}

func TestNotesCoverEachLanguage(t *testing.T) {
	for _, lang := range []string{"en", "it", "fr", "ru", "de", "es"} {
		n := notesIn(lang)
		if n.refused == "" || n.cutShort == "" || n.cutRestart == "" || strings.Count(n.cutRef, "%s") != 1 {
			t.Errorf("notes in %q are incomplete: %+v", lang, n)
		}
	}
	if got := notesIn("xx"); got != notesIn("en") {
		t.Errorf("notesIn(%q) = %+v; want English", "xx", got)
	}
}

func TestEvidenceGolden(t *testing.T) {
	hostile := knowledge.Meta{ID: "local/hostile", Title: "@everyone read this", Author: "<@123456>"}
	cites := []answer.Citation{
		{N: 1, Passage: testPassages[0], Evidence: []string{testPassages[0].Text}},
		{N: 2, Passage: knowledge.Passage{ID: "builtin/csto#p9", Article: article, First: 14, Last: 15,
			Text: "The CSTO deployed troops in January 2022. It was the first time. Tokayev declared the mission a success and the troops left within days."}},
		{N: 3, Passage: knowledge.Passage{ID: "local/hostile#p1", Article: hostile, First: 1, Last: 1, Text: "Ask @here about it. Or <@&42>."},
			Evidence: []string{"Ask @here about it.", "Or <@&42>."}},
	}
	var msgs []wireMsg
	for _, m := range evidenceMessages(cites) {
		msgs = append(msgs, wireMsg{m.content, m.embeds, m.components})
	}
	golden(t, "evidence", msgs)
}

// TestEvidenceWithinDiscordLimits lays out evidence too long for Discord
// and checks that every message keeps to its limits, every citation is
// shown, and what was cut says so.
func TestEvidenceWithinDiscordLimits(t *testing.T) {
	long := strings.Repeat("The alliance grew and shrank over three decades of treaties. ", 80) // ~4,900 characters
	cites := func(n, spans int) []answer.Citation {
		var cs []answer.Citation
		for i := range n {
			p := testPassages[0]
			p.Article.Title = strings.Repeat("A very long title ", 30)
			c := answer.Citation{N: i + 1, Passage: p}
			for range spans {
				c.Evidence = append(c.Evidence, long)
			}
			cs = append(cs, c)
		}
		return cs
	}
	tests := []struct {
		name  string
		cites []answer.Citation
		msgs  int
	}{
		{"one long span", cites(1, 1), 1},
		{"three citations of five long spans", cites(3, 5), 1},
		{"ten citations", cites(10, 2), 1},
		{"twelve citations", cites(12, 1), 2},
		{"fallback to a long passage", func() []answer.Citation {
			c := cites(1, 0)
			c[0].Passage.Text = strings.Repeat("word ", 1200) // no sentence end: all of it
			return c
		}(), 1},
	}
	for _, tt := range tests {
		msgs := evidenceMessages(tt.cites)
		if len(msgs) != tt.msgs {
			t.Errorf("%s: %d messages; want %d", tt.name, len(msgs), tt.msgs)
		}
		shown := 0
		for _, m := range msgs {
			total := 0
			for _, e := range m.embeds {
				total += embedSize(e)
				if width(e.Description) > maxDescription || width(e.Title) > maxTitle {
					t.Errorf("%s: embed %q has a %d-character description", tt.name, e.Title, width(e.Description))
				}
				if !strings.HasSuffix(e.Description, "…") || !strings.HasSuffix(e.Title, "…") {
					t.Errorf("%s: embed %q cut without saying so: …%q", tt.name, e.Title, e.Description[len(e.Description)-20:])
				}
			}
			if len(m.embeds) > maxEmbeds || total > maxEmbedsTotal {
				t.Errorf("%s: a message of %d embeds, %d characters", tt.name, len(m.embeds), total)
			}
			shown += len(m.embeds)
		}
		if shown != len(tt.cites) {
			t.Errorf("%s: %d embeds for %d citations", tt.name, shown, len(tt.cites))
		}
	}
}

func TestOpening(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"one short sentence", "The CSTO was founded.", "The CSTO was founded."},
		{"short sentences until enough",
			"It began in 1992. Six republics signed. The treaty entered into force in 1994 for five years and could be renewed by its members. Then three left in 1999.",
			"It began in 1992. Six republics signed. The treaty entered into force in 1994 for five years and could be renewed by its members."},
		{"a long first sentence", strings.Repeat("word ", 30) + "end. Second sentence.", strings.Repeat("word ", 30) + "end."},
		{"a list", "Members:\nRussia\nArmenia\nBelarus\nKazakhstan\nKyrgyzstan\nTajikistan", "Members:\nRussia\nArmenia\nBelarus\nKazakhstan\nKyrgyzstan\nTajikistan"},
		{"no sentence end", "  a fragment without end  ", "a fragment without end"},
	}
	for _, tt := range tests {
		if got := opening(tt.text); got != tt.want {
			t.Errorf("%s: opening(%q) = %q; want %q", tt.name, tt.text, got, tt.want)
		}
	}
}
