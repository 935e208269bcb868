package bot

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/store"
	"github.com/cstobot/cstobot/knowledge"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares v, as indented JSON, with testdata/name.golden.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from %s (run go test -update to accept):\n%s", name, path, got)
	}
}

// wireMsg is an outMsg as Discord would receive it.
type wireMsg struct {
	Content    string                       `json:"content"`
	Embeds     []*discordgo.MessageEmbed    `json:"embeds,omitempty"`
	Components []discordgo.MessageComponent `json:"components,omitempty"`
}

func TestAnswerLayoutGolden(t *testing.T) {
	b, err := New(Config{Token: "t", Store: testStore(t, "")}, answerFunc(nil), fakeSearcher{}, fakeLibrary{})
	if err != nil {
		t.Fatal(err)
	}
	long := founded
	long.Text = strings.Repeat("The Pact of Tashkent was signed in 1992 by six republics [1]. ", 20) +
		"\n\n```text\n" + strings.Repeat("Russia Armenia Kazakhstan Kyrgyzstan Tajikistan Belarus\n", 20) + "```\n\n" +
		strings.Repeat("Georgia, Azerbaijan and Uzbekistan left in 1999 [2]. ", 10)
	long.Citations = append(long.Citations, answer.Citation{N: 2, Passage: testPassages[1]})
	cases := map[string]answer.Answer{
		"answer_long":    long,
		"answer_refused": {Text: "My sources don't cover that.", Refused: true},
	}
	for name, a := range cases {
		var msgs []wireMsg
		for _, m := range b.answerMessages(context.Background(), a, notesIn("en").cutShort, origin{}) {
			msgs = append(msgs, wireMsg{m.content, m.embeds, m.components})
			if width(m.content) > maxContent {
				t.Errorf("%s: message of %d characters", name, width(m.content))
			}
		}
		// Button keys are random: show them as KEY.
		raw, _ := json.Marshal(msgs)
		masked := refKeyRe.ReplaceAllString(string(raw), `:KEY"`)
		var v any
		_ = json.Unmarshal([]byte(masked), &v)
		golden(t, name, v)
	}
}

func TestAboutGolden(t *testing.T) {
	other := article
	other.Title, other.Author, other.Published = "@everyone read this", "", other.Published.AddDate(1, 0, 0)
	golden(t, "about", aboutEmbed(About{Embedder: "builtin-v1-512", ChatModel: "llama3.2", Version: "v1.2.3"},
		[]knowledge.Meta{article, other}, 42, weekText(store.Day{Questions: 12, Answered: 9, Refused: 2, Up: 3, Down: 1, OpenGaps: 1})))
}

func TestPassageEmbedGolden(t *testing.T) {
	golden(t, "passage", passageEmbed(testPassages[1], 2))
}

func TestPackEmbeds(t *testing.T) {
	big := func() *discordgo.MessageEmbed { return &discordgo.MessageEmbed{Description: strings.Repeat("x", 2500)} }
	small := func() *discordgo.MessageEmbed { return &discordgo.MessageEmbed{Title: "t"} }
	tests := []struct {
		name   string
		embeds []*discordgo.MessageEmbed
		sizes  []int
	}{
		{"none", nil, nil},
		{"fits", []*discordgo.MessageEmbed{big(), big()}, []int{2}},
		{"over 6000 characters", []*discordgo.MessageEmbed{big(), big(), big()}, []int{2, 1}},
		{"over 10 embeds", func() (es []*discordgo.MessageEmbed) {
			for range 12 {
				es = append(es, small())
			}
			return es
		}(), []int{10, 2}},
	}
	for _, tt := range tests {
		groups := packEmbeds(tt.embeds)
		var sizes []int
		for _, g := range groups {
			sizes = append(sizes, len(g))
		}
		if len(sizes) != len(tt.sizes) || (len(sizes) > 0 && !equalInts(sizes, tt.sizes)) {
			t.Errorf("%s: groups of %v; want %v", tt.name, sizes, tt.sizes)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDropUnknownCitations(t *testing.T) {
	cites := founded.Citations // [1] only
	tests := []struct{ in, want string }{
		{"Founded in 1992 [1].", "Founded in 1992 [1]."},
		{"Founded in 1992 [1][9].", "Founded in 1992 [1]."},
		{"Invented [9], real [1].", "Invented, real [1]."},
		{"Arrays like a[0] stay? No: [0] is no citation.", "Arrays like a stay? No: is no citation."},
	}
	for _, tt := range tests {
		if got := dropUnknownCitations(tt.in, cites); got != tt.want {
			t.Errorf("dropUnknownCitations(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

var refKeyRe = regexp.MustCompile(`:[0-9a-f]{8}(?:[0-9a-f]{16})?"`)

func TestSourceLinePages(t *testing.T) {
	meta := knowledge.Meta{ID: "local/charter", Title: "CSTO Charter"}
	tests := []struct {
		name       string
		page, last int
		want       string
	}{
		{"one page", 4, 4, "**CSTO Charter** · p. 4 · ¶3"},
		{"two pages", 4, 5, "**CSTO Charter** · pp. 4–5 · ¶3"},
		{"no pages", 0, 0, "**CSTO Charter** · ¶3"},
	}
	for _, tt := range tests {
		p := knowledge.Passage{ID: "local/charter#p3", Article: meta, First: 3, Last: 3, Page: tt.page, LastPage: tt.last}
		if got := source(p); got != tt.want {
			t.Errorf("%s: source(%+v) = %q; want %q", tt.name, p, got, tt.want)
		}
	}
}

// The article's metadata, which a byline sentence cites, is no paragraph:
// its source line and embeds name none.
func TestSourceLineMetadata(t *testing.T) {
	p := knowledge.Passage{ID: "local/piece", Article: knowledge.Meta{ID: "local/piece", Title: "CSTO: Russian NATO?", Author: "Andrea Gaspardo"}, Text: "“CSTO: Russian NATO?” was written by Andrea Gaspardo."}
	if got, want := source(p), "**CSTO: Russian NATO?** · Andrea Gaspardo"; got != want {
		t.Errorf("source() = %q; want %q", got, want)
	}
	if got, want := passageEmbed(p, 1).Footer.Text, "Andrea Gaspardo · local/piece"; got != want {
		t.Errorf("embed footer = %q; want %q", got, want)
	}
}
