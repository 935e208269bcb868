package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/internal/store"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// hostilePassage is a passage whose every field is past what Discord takes
// and full of markup a cut could break.
var hostilePassage = knowledge.Passage{
	ID: "local/" + strings.Repeat("p", 90) + "#p1", First: 1, Last: 3,
	Text: strings.Repeat("The pact **held for years** and `was renewed` in ||1999||. ", 100),
	Article: knowledge.Meta{
		ID: "local/hostile", Title: strings.Repeat("**[A](https://evil.example)** _title_ `code` ", 12),
		Author: strings.Repeat("An Author **Name** ", 20), Published: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC),
		URL: "https://example.org/a)(b)[c]" + strings.Repeat("x", 400),
	},
}

func hostileCites(n int) []answer.Citation {
	var cs []answer.Citation
	for i := range n {
		cs = append(cs, answer.Citation{N: i + 1, Passage: hostilePassage, Evidence: []string{hostilePassage.Text}})
	}
	return cs
}

// linkRe is a whole masked link with a target Discord takes.
var linkRe = regexp.MustCompile(`\]\(https?://[^()\s]+\)`)

// checkMarkup checks that s has no markup left open and no link broken.
func checkMarkup(t *testing.T, what, s string) {
	t.Helper()
	if c := closers(s); c != "" {
		t.Errorf("%s leaves %q open: …%q", what, c, s[max(0, len(s)-60):])
	}
	if n, m := strings.Count(s, "]("), len(linkRe.FindAllString(s, -1)); n != m {
		t.Errorf("%s has %d link openings but %d whole links", what, n, m)
	}
}

// checkMessage checks m against each of Discord's limits and checks its
// markup.
func checkMessage(t *testing.T, what string, m outMsg) {
	t.Helper()
	if w := width(m.content); w > maxContent {
		t.Errorf("%s: content of %d characters", what, w)
	}
	checkMarkup(t, what+" content", m.content)
	if len(m.embeds) > maxEmbeds {
		t.Errorf("%s: %d embeds", what, len(m.embeds))
	}
	total := 0
	for i, e := range m.embeds {
		total += embedSize(e)
		checkEmbed(t, fmt.Sprintf("%s embed %d", what, i), e)
	}
	if total > maxEmbedsTotal {
		t.Errorf("%s: %d characters of embeds", what, total)
	}
}

func checkEmbed(t *testing.T, what string, e *discordgo.MessageEmbed) {
	t.Helper()
	if width(e.Title) > maxTitle || width(e.Description) > maxDescription || len(e.Fields) > 25 {
		t.Errorf("%s: title %d, description %d, %d fields", what, width(e.Title), width(e.Description), len(e.Fields))
	}
	if e.Footer != nil && width(e.Footer.Text) > 2048 {
		t.Errorf("%s: footer of %d", what, width(e.Footer.Text))
	}
	if _, ok := cleanURL(e.URL); e.URL != "" && !ok {
		t.Errorf("%s: URL %q Discord would refuse", what, e.URL)
	}
	checkMarkup(t, what+" description", e.Description)
	for i, f := range e.Fields {
		if width(f.Name) > maxTitle || width(f.Value) > maxFieldValue || f.Name == "" || f.Value == "" {
			t.Errorf("%s field %d: name %d, value %d", what, i, width(f.Name), width(f.Value))
		}
		checkMarkup(t, fmt.Sprintf("%s field %d", what, i), f.Value)
	}
}

// TestEveryPathWithinDiscordLimits builds every kind of message the bot
// sends from input past every limit, and checks each against Discord's
// limits and for broken markup.
func TestEveryPathWithinDiscordLimits(t *testing.T) {
	b, err := New(Config{Token: "t", Store: testStore(t, "")}, answerFunc(nil), fakeSearcher{}, fakeLibrary{})
	if err != nil {
		t.Fatal(err)
	}
	at := func(n int) answer.Answer { // an answer of exactly n characters
		return answer.Answer{Text: strings.Repeat("a", n-len(" [1]")) + " [1]", Citations: hostileCites(1)}
	}
	var hits []retrieval.Hit
	var arts []knowledge.Meta
	for range 30 {
		hits = append(hits, retrieval.Hit{Passage: hostilePassage})
		arts = append(arts, hostilePassage.Article)
	}
	report := strings.Repeat("• `q01` a question that no longer finds its evidence (was #1, now #7)\n", 60)
	paths := []struct {
		name string
		msgs []outMsg
		want int // messages; 0 = any
	}{
		{"answer of 2,000", b.answerMessages(context.Background(), at(maxContent), "", origin{}), 1},
		{"answer of 2,001", b.answerMessages(context.Background(), at(maxContent+1), "", origin{}), 2},
		{"answer with 30 hostile sources", b.answerMessages(context.Background(), answer.Answer{Text: "x [1]", Citations: hostileCites(30)}, notesIn("en").cutShort, origin{}), 1},
		{"passage", []outMsg{{embeds: []*discordgo.MessageEmbed{passageEmbed(hostilePassage, 7)}}}, 1},
		{"evidence of 12", evidenceMessages(hostileCites(12)), 2},
		{"about 30 articles", []outMsg{{embeds: []*discordgo.MessageEmbed{aboutEmbed(About{Embedder: strings.Repeat("e", 2000)}, arts, 99, weekText(store.Day{Questions: 1 << 30}))}}}, 1},
		{"search of 30 hits", []outMsg{{embeds: []*discordgo.MessageEmbed{searchEmbed(strings.Repeat("q", 300), hits)}}}, 1},
		{"gap, asked again, then answered", []outMsg{{content: gapText("refused", strings.Repeat("q ", 2000), strings.Repeat("**a** ", 1000), hostileCites(10)) +
			fmt.Sprintf(msgGapCount, 999) + "\n*Answered by " + strings.Repeat("n", 100) + ": `local/" + strings.Repeat("x", 60) + "`.*"}}, 1},
		{"the asker told", []outMsg{{content: askerMessage("<@1> ", strings.Repeat("q", 3000), curate.Note{Text: strings.Repeat("**t** ", 1000), URL: hostilePassage.Article.URL})}}, 1},
		{"a long report", []outMsg{{content: clipLines(report, maxContent)}}, 1},
	}
	for _, p := range paths {
		if p.want != 0 && len(p.msgs) != p.want {
			t.Errorf("%s: %d messages; want %d", p.name, len(p.msgs), p.want)
		}
		for i, m := range p.msgs {
			checkMessage(t, fmt.Sprintf("%s, message %d", p.name, i), m)
		}
	}
	many := make([]knowledge.Passage, 40)
	for i := range many {
		many[i] = hostilePassage
		many[i].ID = fmt.Sprintf("local/hostile#p%d", i)
	}
	got := matchPassages(many, "", maxChoices)
	if len(got) != 25 {
		t.Errorf("%d autocomplete choices; want 25", len(got))
	}
	for _, p := range got {
		if n := width(choiceName(p)); n > maxChoiceLen || n == 0 || strings.IndexFunc(choiceName(p), invisible) >= 0 {
			t.Errorf("choice name %q of %d characters", choiceName(p), n)
		}
	}
}

// hostileSearcher finds the hostile passage, many times over.
type hostileSearcher struct{}

func (hostileSearcher) Search(context.Context, string, int) ([]retrieval.Hit, error) {
	var hits []retrieval.Hit
	for range 10 {
		hits = append(hits, retrieval.Hit{Passage: hostilePassage})
	}
	return hits, nil
}

// TestSearchWithLongTitles: /search over passages with titles, authors,
// texts and URLs past every limit is shown, within Discord's, whole.
func TestSearchWithLongTitles(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := startWith(t, srv, Config{}, answering(founded), hostileSearcher{}, fakeLibrary{})
	in := srv.SlashCommand("search", map[string]any{"query": strings.Repeat("treaty ", 28)}, discordtest.Alice, "")
	h.await("the search results", func() bool {
		m, ok := srv.InteractionResponse(in.ID)
		return ok && len(m.Embeds) == 1
	})
	m, _ := srv.InteractionResponse(in.ID)
	if n := len(m.Embeds[0].Fields); n != searchResults {
		t.Errorf("%d fields; want %d", n, searchResults)
	}
	for _, r := range srv.Requests() {
		if r.Status >= 400 {
			t.Errorf("%v: %s", r, r.Response)
		}
	}
}
