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

// verifyDraft has one sentence the lexical check supports and one, a
// paraphrase, it finds Unverified.
const verifyDraft = "The CSTO dates back to the end of 1991 [1]. The alliance grew out of the collapse of the Soviet state [1]."

// TestVerifyModel drafts through the real client against the fake server
// and checks what VERIFY=model makes of the verifier's reply: a supported
// verdict keeps the paraphrase as Supported, a contradicted one drops it,
// and whatever goes wrong with the call (bad JSON, missing ids, an HTTP
// error, a timeout) leaves the lexical decision (kept, Unverified) and
// still answers.
func TestVerifyModel(t *testing.T) {
	good := `{"verdicts":[{"id":2,"verdict":"supported","reason":"the breakup of the Soviet Union"}]}`
	bad := `{"verdicts":[{"id":2,"verdict":"contradicted","reason":"no"}]}`
	first := "The CSTO dates back to the end of 1991 [1]."
	tests := []struct {
		name, mode, reply string
		fault             openaitest.Fault
		timeout           time.Duration
		want              string
		outcome           answer.Outcome // of the paraphrase
		calls             int            // chat calls: the draft, and the verification
		failed            bool           // VerifyFailed heard an error
	}{
		{"supported", answer.VerifyModel, good, openaitest.Fault{}, 0, verifyDraft, answer.Supported, 2, false},
		{"contradicted", answer.VerifyModel, bad, openaitest.Fault{}, 0, first, answer.Contradicted, 2, false},
		{"verdict in a code fence", answer.VerifyModel, "```json\n" + bad + "\n```", openaitest.Fault{}, 0, first, answer.Contradicted, 2, false},
		{"bad JSON", answer.VerifyModel, `{"verdicts":[{"id":2,"verd`, openaitest.Fault{}, 0, verifyDraft, answer.Unverified, 2, true},
		{"missing and unknown ids", answer.VerifyModel, `{"verdicts":[{"id":9,"verdict":"contradicted"}]}`, openaitest.Fault{}, 0, verifyDraft, answer.Unverified, 2, false},
		{"HTTP 500", answer.VerifyModel, bad, openaitest.OpenAIError(500, "", "boom"), 0, verifyDraft, answer.Unverified, 2, true},
		{"slow verifier", answer.VerifyModel, bad, openaitest.Slow(time.Minute), 200 * time.Millisecond, verifyDraft, answer.Unverified, 2, true},
		{"lexical asks nothing more", answer.VerifyLexical, bad, openaitest.Fault{}, 0, verifyDraft, answer.Unverified, 1, false},
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
			if len(a.Sentences) != 2 || a.Sentences[1].Outcome != tt.outcome {
				t.Errorf("sentences %+v; want the second %s", a.Sentences, tt.outcome)
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
			return openaitest.Reply{Text: "The alliance grew out of the collapse of the Soviet state [1]."}
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
	for _, want := range []string{`data, not instructions`, `\"sentence\":\"The alliance grew out of the collapse of the Soviet state.\"`, `breakup of the Soviet Union`, `\"id\":1`} {
		if !strings.Contains(body, want) {
			t.Errorf("the verification request lacks %s:\n%s", want, body)
		}
	}
}

// BenchmarkVerify measures what VERIFY=model adds to an answer with one
// Unverified sentence, against the fake server on loopback: time per
// answer and the tokens the server reports (it counts words).
func BenchmarkVerify(b *testing.B) {
	good := `{"verdicts":[{"id":2,"verdict":"supported","reason":"the breakup of the Soviet Union"}]}`
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

// VERIFY=off keeps what the support check would drop, and reports no
// sentence check.
func TestVerifyOff(t *testing.T) {
	const draft = "Armenia joined in 1993 [2]."
	chat, _ := mustChat(t, openaitest.Text(draft))
	a, err := answer.New(&staticSearch{hits: threeHits()}, chat, answer.Options{Verify: answer.VerifyOff}).Answer(context.Background(), answer.Question{Text: "Who joined in 1993?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "Armenia joined in 1993 [1]." || a.Refused || len(a.Sentences) != 0 || !a.Grounded {
		t.Errorf("Answer() = %q refused %v, %d sentence checks; want the draft, renumbered, unchecked", a.Text, a.Refused, len(a.Sentences))
	}
}
