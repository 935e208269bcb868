package answer

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/cstobot/cstobot/internal/text"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// supportSources are five passages of the built-in article and one of
// another, later article, numbered 1 to 6 as a model would be given them.
func supportSources() []knowledge.Passage {
	other := knowledge.Meta{ID: "local/nato-2023", Title: "NATO grows north", Author: "A. N. Other",
		Published: time.Date(2023, 4, 5, 0, 0, 0, 0, time.UTC)}
	texts := []string{
		"The origin of the CSTO dates back to the breakup of the Soviet Union, at the end of 1991.",
		"During 1993 Belarus, Azerbaijan and Georgia also decided to join, bringing the total of member countries to its historic peak of 9.",
		"In 1999, Georgia, Azerbaijan and Uzbekistan opted not to renew the pact while all the other contractors did so by also introducing a series of changes to the statute that ended up establishing a real military alliance; the CSTO was now truly born.",
		`It is therefore evident even to non-experts that the official total of 3800 "peacekeepers" officially deployed on the spot is a ridiculous underestimate and that the real number of men sent to Kazakhstan from the other 5 CSTO countries is around 20-30.000 units .`,
		`The outcome of this "mission" was so effective that, as early as January 13, President Tokayev was able to declare it a success, then announcing the withdrawal of the contingents of the allied countries which was punctually concluded 10 days later.`,
		"Finland joined NATO on 4 April 2023, doubling the alliance's land border with Russia.",
	}
	ps := make([]knowledge.Passage, len(texts))
	for i, t := range texts {
		m := testArticle
		if i == 5 {
			m = other
		}
		ps[i] = knowledge.Passage{ID: fmt.Sprintf("S%d", i+1), Article: m, First: i + 1, Last: i + 1, Text: t}
	}
	return ps
}

// wrongDrafts are sentences a model might write from supportSources, each
// with what the check must make of it: kept as cited, moved to the source
// that says it, or dropped because none does. Right ones come first, then
// those with a wrong citation (the fact is in another source), then those
// with a fact, date or name no source has.
var wrongDrafts = []struct {
	draft, lang, status string
	to                  []int // in the numbering of the sources given
}{
	// Right: each must be kept.
	{"The CSTO has its origin in the breakup of the Soviet Union at the end of 1991 [1].", "en", SentenceKept, []int{1}},
	{"In 1993 Belarus, Azerbaijan and Georgia joined, bringing the members to 9 [2].", "en", SentenceKept, []int{2}},
	{"Georgia, Azerbaijan and Uzbekistan did not renew the pact in 1999 [3].", "en", SentenceKept, []int{3}},
	{"Officially 3,800 peacekeepers were deployed [4].", "en", SentenceKept, []int{4}},
	{"On 13 January Tokayev declared the mission a success [5].", "en", SentenceKept, []int{5}},
	{"The withdrawal was concluded ten days later [5].", "en", SentenceKept, []int{5}},
	{"According to an article of 5 April 2023, Finland joined NATO in April 2023 [6].", "en", SentenceKept, []int{6}},
	{"The real number of men sent to Kazakhstan was around 20-30.000 [4].", "en", SentenceKept, []int{4}},
	{"Nel 1993 Bielorussia, Azerbaigian e Georgia aderirono, portando i membri a 9 [2].", "it", SentenceKept, []int{2}},
	{"В 1999 году Грузия, Азербайджан и Узбекистан не продлили договор [3].", "ru", SentenceKept, []int{3}},
	{"Selon un article du 26 janvier 2022, Tokayev a annoncé le retrait des contingents le 13 janvier [5].", "fr", SentenceKept, []int{5}},
	{"Tokayev announced the withdrawal of the allied contingents [5].", "en", SentenceKept, []int{5}},
	{"The CSTO dates back to the end of 1991 [1][2].", "en", SentenceKept, []int{1, 2}},
	{"The article was written by Andrea Gaspardo [1].", "en", SentenceKept, []int{1}},
	{"It is an alliance of convenience in which Russia plays a prominent role [1].", "en", SentenceDropped, nil}, // true, but not in these sources

	// Wrong citation: must move to the source that says it.
	{"In 1993 Belarus, Azerbaijan and Georgia joined the alliance [1].", "en", SentenceMoved, []int{2}},
	{"On 13 January Tokayev declared the mission a success [4].", "en", SentenceMoved, []int{5}},
	{"Georgia, Azerbaijan and Uzbekistan left the pact in 1999.", "en", SentenceMoved, []int{3}},
	{"Officially 3800 peacekeepers were deployed [9].", "en", SentenceMoved, []int{4}},
	{"Finland joined NATO on 4 April 2023 [1].", "en", SentenceMoved, []int{6}}, // copied from the other article
	{"Il 13 gennaio Tokayev dichiarò la missione un successo [2].", "it", SentenceMoved, []int{5}},

	// Invented facts: must be dropped.
	{"The CSTO was founded on 15 May 1992 [1].", "en", SentenceDropped, nil},
	{"The member countries peaked at 12 in 1993 [2].", "en", SentenceDropped, nil},
	{"Officially 5,000 peacekeepers were deployed [4].", "en", SentenceDropped, nil},
	{"On 13 January Putin declared the mission a success [5].", "en", SentenceDropped, nil},
	{"Armenia joined NATO in 2023 [6].", "en", SentenceDropped, nil},
	{"The CSTO has 40 members [7].", "en", SentenceDropped, nil},
	{"Georgia left the CSTO in 2005 [3].", "en", SentenceDropped, nil},
	{"Kazakhstan asked China for help [4].", "en", SentenceDropped, nil},
	{"Le truppe si ritirarono dopo 20 giorni [5].", "it", SentenceDropped, nil},
	{"Uzbekistan rejoined the alliance in 2010 [3].", "en", SentenceDropped, nil},
	{"Sweden joined NATO in March 2024 [6].", "en", SentenceDropped, nil}, // from an article not given
	{"The withdrawal ended on 23 February [5].", "en", SentenceDropped, nil},
}

// heldOutDrafts were written after the thresholds and word lists were set
// on wrongDrafts, and not tuned on: their figures are the honest ones.
var heldOutDrafts = []struct {
	draft, lang, status string
	to                  []int
}{
	{"The Soviet Union broke up at the end of 1991, which is where the CSTO began [1].", "en", SentenceKept, []int{1}},
	{"Nine countries were members at the peak in 1993 [2].", "en", SentenceKept, []int{2}},
	{"Uzbekistan was among those that did not renew in 1999 [3].", "en", SentenceKept, []int{3}},
	{"The official figure of 3800 peacekeepers was a ridiculous underestimate [4].", "en", SentenceKept, []int{4}},
	{"Up to 30,000 men may have been sent to Kazakhstan [4].", "en", SentenceKept, []int{4}},
	{"President Tokayev called the mission a success on January 13 [5].", "en", SentenceKept, []int{5}},
	{"Secondo l'articolo, la Finlandia è entrata nella NATO nel 2023 [6].", "it", SentenceKept, []int{6}},
	{"Токаев объявил миссию успешной 13 января [5].", "ru", SentenceKept, []int{5}},
	{"Les contingents alliés se sont retirés dix jours plus tard [5].", "fr", SentenceKept, []int{5}},

	{"The Soviet Union broke up at the end of 1991 [2].", "en", SentenceMoved, []int{1}},
	{"Finland doubled NATO's border with Russia [4].", "en", SentenceMoved, []int{6}},
	{"The CSTO was born in 1999 [1].", "en", SentenceMoved, []int{3}},
	{"President Tokayev called the mission a success on January 15 [5].", "en", SentenceDropped, nil},
	{"Belarus left the alliance in 1999 [3].", "en", SentenceDropped, nil},
	{"Around 300 peacekeepers were deployed [4].", "en", SentenceDropped, nil},
	{"Selon l'article, la Géorgie a rejoint l'OTAN en 1999 [3].", "fr", SentenceDropped, nil},
	{"Kyrgyzstan and Tajikistan fought over the border in 2021 [5].", "en", SentenceDropped, nil},
}

// TestSupportFigures runs the check over wrongDrafts and reports how many
// wrong sentences it caught (moved to the right source or dropped) and how
// many right ones it lost; it fails below the figures measured when the
// thresholds were set.
func TestSupportFigures(t *testing.T) {
	sets := []struct {
		name   string
		drafts []struct {
			draft, lang, status string
			to                  []int
		}
		minCaught, minKept float64
	}{
		{"tuned", wrongDrafts, 1, 1},
		// One wrong sentence of the held-out drafts ("la Géorgie a rejoint
		// l'OTAN en 1999") states a relation its source contradicts with
		// the source's own names and year, which a check of words, names
		// and facts cannot see; it was dropped only while "OTAN" read as
		// a name the sources lack.
		{"held out", heldOutDrafts, 7.0 / 8, 1},
	}
	for _, set := range sets {
		caught, wrong, kept, right := supportFigures(t, set.drafts)
		t.Logf("%s: wrong sentences caught %d of %d; right sentences kept %d of %d", set.name, caught, wrong, kept, right)
		if float64(caught) < set.minCaught*float64(wrong) || float64(kept) < set.minKept*float64(right) {
			t.Errorf("%s: caught %d of %d wrong, kept %d of %d right; want at least %.0f%% and %.0f%%",
				set.name, caught, wrong, kept, right, 100*set.minCaught, 100*set.minKept)
		}
	}
}

func supportFigures(t *testing.T, drafts []struct {
	draft, lang, status string
	to                  []int
}) (caught, wrong, kept, right int) {
	sources := supportSources()
	for _, d := range drafts {
		_, checks, _ := checkSupport(d.draft, sources, d.lang)
		if len(checks) != 1 {
			t.Fatalf("%q checked as %d sentences; want 1", d.draft, len(checks))
		}
		c := checks[0]
		// A sentence to drop is caught when it is dropped or marked
		// unverified.
		ok := c.Status == d.status && slices.Equal(c.cite, d.to)
		if d.status == SentenceDropped {
			ok = c.Outcome != Supported
		}
		if d.status == SentenceKept {
			right++
			if ok {
				kept++
			}
		} else {
			wrong++
			if ok {
				caught++
			}
		}
		if !ok {
			t.Logf("miss: %q → %s %v (%s); want %s %v", d.draft, c.Status, c.cite, c.Reason, d.status, d.to)
		}
	}
	return caught, wrong, kept, right
}

func TestCheckSupportText(t *testing.T) {
	sources := supportSources()
	tests := []struct {
		name, draft string
		wantText    string
		wantOK      bool
	}{
		{"markers after the full stop", "Tokayev declared success on 13 January. [5] Finland joined NATO in 2023. [6]",
			"Tokayev declared success on 13 January [5]. Finland joined NATO in 2023 [6].", true},
		{"list kept line by line", "Members in 1993:\n- Belarus [2]\n- Mars [2]",
			"Members in 1993 [2].\n- Belarus [2].", true},
		{"nothing supported", "The CSTO has 40 members [1]. It was founded on Mars [2].", "", false},
		{"a sentence with nothing to check stays", "So it is. Tokayev declared success on 13 January [5].",
			"So it is. Tokayev declared success on 13 January [5].", true},
		{"nothing to check is not support", "So it is. And so on.", "So it is. And so on.", false},
		{"an unsupported aside goes", "Yes, indeed. Tokayev declared success on 13 January [5].",
			"Tokayev declared success on 13 January [5].", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, ok := checkSupport(tt.draft, sources, "en")
			if got != tt.wantText || ok != tt.wantOK {
				t.Errorf("checkSupport(%q) = %q, %v; want %q, %v", tt.draft, got, ok, tt.wantText, tt.wantOK)
			}
		})
	}
}

func TestNormalizeFacts(t *testing.T) {
	tests := []struct{ a, b string }{
		{"13 January", "January 13"},
		{"13 gennaio", "13 Jan"},
		{"13 января", "January 13th"},
		{"3,800", "3800"},
		{"thirty years", "30 years"},
		{"le 26 février", "26 February"},
	}
	for _, tt := range tests {
		ca, cb := newClaim(tt.a), newClaim(tt.b)
		if !slices.Equal(sorted(ca.facts), sorted(cb.facts)) || len(ca.facts) == 0 {
			t.Errorf("facts of %q = %v, of %q = %v; want the same", tt.a, ca.facts, tt.b, cb.facts)
		}
	}
	if c := newClaim("You may march on."); len(c.facts) != 0 {
		t.Errorf("facts of %q = %v; want none (common words, not months)", c.text, c.facts)
	}
}

// sorted returns what facts state, sorted, without how they are written.
func sorted(fs []text.Fact) []string {
	var s []string
	for _, f := range fs {
		s = append(s, f.String())
	}
	slices.Sort(s)
	return s
}

func FuzzCheckSupport(f *testing.F) {
	for _, d := range wrongDrafts[:5] {
		f.Add(d.draft)
	}
	f.Add("[1-99999] [0] [ ] . [1]. [2], x\n\n- [3]")
	sources := supportSources()
	f.Fuzz(func(t *testing.T, draft string) {
		text, checks, ok := checkSupport(draft, sources, "")
		if ok && strings.TrimSpace(text) == "" {
			t.Errorf("checkSupport(%q) supported with no text left", draft)
		}
		for _, c := range checks {
			for _, n := range c.cite {
				if n < 1 || n > len(sources) {
					t.Errorf("checkSupport(%q) cites %d of %d sources", draft, n, len(sources))
				}
			}
		}
	})
}

func citedPassages(cs []Citation) []knowledge.Passage {
	ps := make([]knowledge.Passage, len(cs))
	for i, c := range cs {
		ps[i] = c.Passage
	}
	return ps
}

// TestExtractPassesSupportCheck backs what compose assumes: an extractive
// answer quotes its sources, so the support check, run on it, keeps every
// sentence where it is.
func TestExtractPassesSupportCheck(t *testing.T) {
	ctx := context.Background()
	arts, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.Open(ctx, t.TempDir(), retrieval.NewBuiltin())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, knowledge.SplitAll(arts, knowledge.SplitOptions{}), nil); err != nil {
		t.Fatal(err)
	}
	items := shippedQuestions(t)
	answered := 0
	for _, it := range items {
		hits, err := ix.Search(ctx, it.question, 5)
		if err != nil {
			t.Fatal(err)
		}
		a := extract(newQuestion(it.question), hits, "", DefaultParams())
		if a.Refused {
			continue
		}
		answered++
		_, body, _ := strings.Cut(a.Text, "\n") // without the lead
		_, checks, ok := checkSupport(body, citedPassages(a.Citations), "")
		for i, c := range checks {
			if c.Status != SentenceKept || !slices.Equal(c.cite, a.Sentences[i].To) {
				t.Errorf("%s: %q checked %s %v (%s); compose reported it kept %v", it.id, c.Text, c.Status, c.cite, c.Reason, a.Sentences[i].To)
			}
		}
		if !ok || len(checks) != len(a.Sentences) {
			t.Errorf("%s: %d sentences checked, supported %v; compose reported %d", it.id, len(checks), ok, len(a.Sentences))
		}
	}
	if answered < len(items)/2 {
		t.Errorf("only %d of %d questions answered", answered, len(items))
	}
}

// shippedQuestions reads the questions of package eval's sets (package
// eval imports this one, so its reader cannot be used here).
func shippedQuestions(t *testing.T) []struct{ id, question string } {
	t.Helper()
	files, err := filepath.Glob("../eval/sets/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no question sets: %v", err)
	}
	var out []struct{ id, question string }
	for _, f := range files {
		if filepath.Base(f) == "library.jsonl" {
			continue // written on the fixture library, not the built-in article
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var it struct{ ID, Question string }
			if err := json.Unmarshal([]byte(line), &it); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, struct{ id, question string }{it.ID, it.Question})
		}
	}
	return out
}
