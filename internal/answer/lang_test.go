package answer_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/openaitest"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// TestAnswerChatLanguage asks in Italian with a chat model: the question is
// rewritten into English with one non-streamed call, both are searched, and
// the model is told to answer in Italian; a refusal comes in Italian.
func TestAnswerChatLanguage(t *testing.T) {
	tests := []struct {
		name, answer, wantText string
		refused                bool
	}{
		{"answered", "La CSTO risale alla fine del 1991 [1].", "La CSTO risale alla fine del 1991 [1].", false},
		{"nothing supported", "La CSTO ha 40 membri [1].", "Le fonti che ho non trattano questo argomento.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chat, srv := mustChat(t, func(req openaitest.ChatRequest) openaitest.Reply {
				if !req.Stream {
					return openaitest.Reply{Text: "“When did the CSTO begin?”"}
				}
				return openaitest.Reply{Text: tt.answer}
			})
			s := &staticSearch{hits: threeHits()}
			a, err := answer.New(s, chat, answer.Options{Rewriter: chat}).Answer(context.Background(), answer.Question{Text: "Quando è nata la CSTO?"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Text != tt.wantText || a.Refused != tt.refused || a.Lang != "it" {
				t.Errorf("Answer() = %q, refused %v, lang %q; want %q, %v, it", a.Text, a.Refused, a.Lang, tt.wantText, tt.refused)
			}
			if got, want := s.Queries(), []string{"Quando è nata la CSTO?", "When did the CSTO begin?"}; !slices.Equal(got, want) {
				t.Errorf("searched %q; want %q", got, want)
			}
			reqs := srv.Requests()
			if len(reqs) != 2 {
				t.Fatalf("%d chat requests; want a rewrite and a draft", len(reqs))
			}
			if !strings.Contains(systemMessage(t, reqs[1]), "Answer in Italian") {
				t.Error("the model is not told to answer in Italian")
			}
		})
	}
}

func systemMessage(t *testing.T, r openaitest.Request) string {
	t.Helper()
	msgs, _ := r.Body["messages"].([]any)
	if len(msgs) == 0 {
		t.Fatal("no messages sent")
	}
	s, _ := msgs[0].(map[string]any)["content"].(string)
	return s
}

// TestAnswerEnglishNotRewritten: a question in the corpus's language costs
// no extra call.
func TestAnswerEnglishNotRewritten(t *testing.T) {
	chat, srv := mustChat(t, openaitest.Text("The CSTO dates back to the end of 1991 [1]."))
	s := &staticSearch{hits: threeHits()}
	if _, err := answer.New(s, chat, answer.Options{Rewriter: chat}).Answer(context.Background(), answer.Question{Text: "When did the CSTO begin?"}, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 1 || len(s.Queries()) != 1 {
		t.Errorf("%d chat calls and %d searches; want 1 and 1", n, len(s.Queries()))
	}
}

// TestAnswerOfflineLanguage answers offline in the asker's language: the
// passage is quoted as it is, after a lead line in that language, and a
// question too short to tell falls back to the locale.
func TestAnswerOfflineLanguage(t *testing.T) {
	ix := mustBuiltinIndex(t)
	d := answer.New(ix, nil, answer.Options{Respeller: ix})
	tests := []struct {
		name string
		q    answer.Question
		lead string
	}{
		{"Italian", answer.Question{Text: "Quando Tokayev ha dichiarato il successo della missione?"}, "Secondo l'articolo «CSTO: Russian NATO?» (26 gennaio 2022):\n"},
		{"Russian", answer.Question{Text: "Когда Токаев объявил об успехе миссии?"}, "Согласно статье «CSTO: Russian NATO?» (26 января 2022):\n"},
		{"French", answer.Question{Text: "Quand Tokayev a-t-il déclaré le succès de la mission ?"}, "Selon l'article « CSTO: Russian NATO? » (26 janvier 2022) :\n"},
		{"English", answer.Question{Text: "When did Tokayev declare the mission a success?", Locale: "it"}, "According to the article “CSTO: Russian NATO?” (26 January 2022):\n"},
		{"too short: the locale", answer.Question{Text: "Tokayev success mission?", Locale: "fr"}, "Selon l'article « CSTO: Russian NATO? » (26 janvier 2022) :\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := d.Answer(context.Background(), tt.q, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(a.Text, tt.lead) || !strings.Contains(a.Text, "January 13") {
				t.Errorf("Answer(%q) = %q; want the lead %q and the quoted passage", tt.q.Text, a.Text, tt.lead)
			}
		})
	}
}

func TestAnswerRefusalLanguage(t *testing.T) {
	tests := []struct {
		q    answer.Question
		want string
	}{
		{answer.Question{Text: "Chi ha vinto i Mondiali di calcio del 2018?"}, "Le fonti che ho non trattano questo argomento."},
		{answer.Question{Text: "Кто выиграл чемпионат мира по футболу 2018 года?"}, "В моих источниках об этом ничего нет."},
		{answer.Question{Text: "Qui a gagné la Coupe du monde de football 2018 ?"}, "Les sources dont je dispose ne traitent pas de ce sujet."},
		{answer.Question{Text: "FIFA 2018?", Locale: "pt-BR"}, "As fontes que tenho não tratam desse assunto."},
	}
	for _, tt := range tests {
		a, err := answer.New(&staticSearch{}, nil, answer.Options{}).Answer(context.Background(), tt.q, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Refused || a.Text != tt.want {
			t.Errorf("Answer(%q) = %q, refused %v; want the refusal %q", tt.q.Text, a.Text, a.Refused, tt.want)
		}
	}
}

// TestAnswerSourcesEnd asks about a time after the newest source: the
// answer says where the sources end, in the asker's language, whether it
// answers or refuses.
func TestAnswerSourcesEnd(t *testing.T) {
	low := threeHits()
	for i := range low {
		low[i].Coverage = 0.1
	}
	tests := []struct {
		name string
		hits []retrieval.Hit
		q    string
		want string
	}{
		{"now", threeHits(), "How many members does the CSTO have now?", "My sources end in January 2022. According to the article"},
		{"a later year, refused", low, "What did the CSTO do in 2024?", "My sources end in January 2022. " + answer.RefusalText},
		{"Italian", threeHits(), "Quanti membri ha oggi la CSTO?", "Le mie fonti si fermano a gennaio 2022. Secondo l'articolo"},
		{"Russian", threeHits(), "Сколько членов в ОДКБ сейчас?", "Мои источники доходят только до января 2022 года."},
		{"an earlier year: no note", threeHits(), "How many members did the CSTO have in 1993?", "According to the article"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := answer.New(&staticSearch{hits: tt.hits}, nil, answer.Options{}).Answer(context.Background(), answer.Question{Text: tt.q}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(a.Text, tt.want) {
				t.Errorf("Answer(%q) = %q; want it to start %q", tt.q, a.Text, tt.want)
			}
		})
	}
}

// TestAnswerChatDates checks what the model is told about dates: each
// source's date, where the sources end, and newer sources first among
// nearly equal ones.
func TestAnswerChatDates(t *testing.T) {
	hits := threeHits()
	newer := knowledge.Meta{ID: "local/update", Title: "CSTO update", Published: time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)}
	hits[1].Passage.Article = newer
	hits[1].Score = hits[0].Score * 0.98 // nearly as relevant, and newer
	chat, srv := mustChat(t, openaitest.Text("The CSTO dates back to the end of 1991 [2]."))
	a, err := answer.New(&staticSearch{hits: hits}, chat, answer.Options{}).Answer(context.Background(), answer.Question{Text: "Who leads the CSTO today?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	sys := systemMessage(t, reqs[0])
	for _, want := range []string{"According to an article of 26 January 2022", "say that they disagree and cite both", "The newest source is of 1 March 2023", "your sources end in March 2023"} {
		if !strings.Contains(sys, want) {
			t.Errorf("system message lacks %q", want)
		}
	}
	msgs, _ := reqs[0].Body["messages"].([]any)
	user, _ := msgs[1].(map[string]any)["content"].(string)
	if i, j := strings.Index(user, `title="CSTO update"`), strings.Index(user, `date="2022-01-26"`); i < 0 || j < 0 || i > j {
		t.Errorf("the newer, nearly as relevant source is not first:\n%s", user)
	}
	if !strings.HasPrefix(a.Text, "My sources end in March 2023. ") {
		t.Errorf("Text = %q; want it to say where the sources end", a.Text)
	}
}
