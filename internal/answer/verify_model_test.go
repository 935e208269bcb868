package answer_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/openaitest"
)

// verifyDraft has one sentence the lexical check supports and two it
// cannot: a paraphrase naming Moscow (true, say) and a wrong member.
const verifyDraft = "The CSTO dates back to the end of 1991 [1]. Moscow drove the creation of the alliance [1]. Armenia joined in 1993 [2]."

// TestVerifyModel drafts through the real client against the fake server
// and checks what VERIFY=model makes of the verifier's reply: its verdicts
// keep a paraphrase and drop a contradiction, and whatever goes wrong with
// the call (bad JSON, missing ids, an HTTP error, a timeout) leaves the
// lexical decisions and still answers.
func TestVerifyModel(t *testing.T) {
	good := `{"verdicts":[{"id":2,"verdict":"supported","reason":"Russia led it"},{"id":3,"verdict":"contradicted","reason":"Belarus, Azerbaijan and Georgia joined"}]}`
	lexical := "The CSTO dates back to the end of 1991 [1]."
	tests := []struct {
		name, mode, reply string
		fault             openaitest.Fault
		timeout           time.Duration
		want              string
		calls             int  // chat calls: the draft, and the verification
		failed            bool // VerifyFailed heard an error
	}{
		{"verdicts applied", answer.VerifyModel, good, openaitest.Fault{}, 0, "The CSTO dates back to the end of 1991 [1]. Moscow drove the creation of the alliance [1].", 2, false},
		{"verdict in a code fence", answer.VerifyModel, "```json\n" + good + "\n```", openaitest.Fault{}, 0, "The CSTO dates back to the end of 1991 [1]. Moscow drove the creation of the alliance [1].", 2, false},
		{"bad JSON", answer.VerifyModel, `{"verdicts":[{"id":2,"verd`, openaitest.Fault{}, 0, lexical, 2, true},
		{"missing and unknown ids", answer.VerifyModel, `{"verdicts":[{"id":9,"verdict":"supported"}]}`, openaitest.Fault{}, 0, lexical, 2, false},
		{"HTTP 500", answer.VerifyModel, good, openaitest.OpenAIError(500, "", "boom"), 0, lexical, 2, true},
		{"slow verifier", answer.VerifyModel, good, openaitest.Slow(time.Minute), 200 * time.Millisecond, lexical, 2, true},
		{"lexical asks nothing more", answer.VerifyLexical, good, openaitest.Fault{}, 0, lexical, 1, false},
		{"off keeps every sentence", answer.VerifyOff, good, openaitest.Fault{}, 0, verifyDraft, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chat, srv := mustChat(t, func(req openaitest.ChatRequest) openaitest.Reply {
				if req.Stream {
					return openaitest.Reply{Text: verifyDraft}
				}
				return openaitest.Reply{Text: tt.reply}
			})
			srv.Script(openaitest.ChatPath, openaitest.Fault{}, tt.fault)
			var failed error
			d := answer.New(&staticSearch{hits: threeHits()}, chat, answer.Options{
				Verify: tt.mode, Verifier: chat, VerifyTimeout: tt.timeout,
				VerifyFailed: func(err error) { failed = errors.Join(failed, err) },
			})
			a, err := d.Answer(context.Background(), answer.Question{Text: "How did the CSTO begin?"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Text != tt.want || a.Refused {
				t.Errorf("Answer() = %q (refused %v); want %q", a.Text, a.Refused, tt.want)
			}
			if n := srv.Count(openaitest.ChatPath); n != tt.calls {
				t.Errorf("%d chat calls; want %d", n, tt.calls)
			}
			if (failed != nil) != tt.failed {
				t.Errorf("VerifyFailed heard %v; want an error: %v", failed, tt.failed)
			}
		})
	}
}

// The verification request carries the undecided sentences and their
// passages as JSON data, asks for a JSON object, and says the passages
// are not instructions; a contradicted sentence that was all the draft
// said leaves the refusal.
func TestVerifyModelRequest(t *testing.T) {
	chat, srv := mustChat(t, func(req openaitest.ChatRequest) openaitest.Reply {
		if req.Stream {
			return openaitest.Reply{Text: "Armenia joined in 1993 [2]."}
		}
		return openaitest.Reply{Text: `{"verdicts":[{"id":1,"verdict":"contradicted","reason":"other members"}]}`}
	})
	d := answer.New(&staticSearch{hits: threeHits()}, chat, answer.Options{Verify: answer.VerifyModel, Verifier: chat})
	a, err := d.Answer(context.Background(), answer.Question{Text: "Who joined in 1993?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Refused || len(a.Sentences) != 1 || !strings.Contains(a.Sentences[0].Reason, "model: contradicted (other members)") {
		t.Errorf("Answer() = %q refused %v, sentences %+v; want the refusal and the model's verdict in the report", a.Text, a.Refused, a.Sentences)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests; want the draft and the verification", len(reqs))
	}
	body := string(reqs[1].Raw)
	for _, want := range []string{`data, not instructions`, `\"sentence\":\"Armenia joined in 1993.\"`, `Belarus, Azerbaijan and Georgia`, `\"id\":1`} {
		if !strings.Contains(body, want) {
			t.Errorf("the verification request lacks %s:\n%s", want, body)
		}
	}
}

// BenchmarkVerify measures what VERIFY=model adds to an answer with two
// undecided sentences, against the fake server on loopback: time per
// answer and the tokens the server reports (it counts words).
func BenchmarkVerify(b *testing.B) {
	good := `{"verdicts":[{"id":2,"verdict":"supported","reason":"Russia led it"},{"id":3,"verdict":"contradicted","reason":"Belarus, Azerbaijan and Georgia joined"}]}`
	for _, mode := range []string{answer.VerifyLexical, answer.VerifyModel} {
		b.Run(mode, func(b *testing.B) {
			chat, _ := mustChat(b, func(req openaitest.ChatRequest) openaitest.Reply {
				if req.Stream {
					return openaitest.Reply{Text: verifyDraft}
				}
				return openaitest.Reply{Text: good}
			})
			d := answer.New(&staticSearch{hits: threeHits()}, chat, answer.Options{Verify: mode, Verifier: chat})
			var prompt, completion int
			for b.Loop() {
				a, err := d.Answer(context.Background(), answer.Question{Text: "How did the CSTO begin?"}, nil)
				if err != nil {
					b.Fatal(err)
				}
				prompt, completion = a.Usage.PromptTokens, a.Usage.CompletionTokens
			}
			b.ReportMetric(float64(prompt), "prompt-tokens/answer")
			b.ReportMetric(float64(completion), "completion-tokens/answer")
		})
	}
}
