package eval

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"slices"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/openaitest"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// ChatSet is a question set with the answers a chat model is scripted to
// give ([openaitest.Row], one per question) and the articles it is answered
// from.
type ChatSet struct {
	Name     string
	Items    []Item
	Script   []openaitest.Row
	Articles []knowledge.Article
}

// scriptedSets are the shipped sets that have scripted answers, in order,
// and whether each is answered from the fixture library (else from the
// built-in article).
var scriptedSets = []scriptedSet{{"dev", false}, {"casual", false}, {"library", true}}

type scriptedSet struct {
	name    string
	library bool
}

// ChatSetNames names the shipped sets [ChatSets] knows.
func ChatSetNames() []string {
	names := make([]string, len(scriptedSets))
	for i, s := range scriptedSets {
		names[i] = s.name
	}
	return names
}

// fixtureLibrary holds the articles the library set is written on.
//
//go:embed library/articles
var fixtureLibrary embed.FS

// ChatSets returns the shipped sets named (all of them, in order, when
// none is), each with its scripted answers and its articles. It fails for
// a name it does not know, or a set and a script that do not match
// question for question, or when ctx ends.
func ChatSets(ctx context.Context, names ...string) ([]ChatSet, error) {
	if len(names) == 0 {
		names = ChatSetNames()
	}
	var out []ChatSet
	for _, name := range names {
		i := slices.IndexFunc(scriptedSets, func(s scriptedSet) bool { return s.name == name })
		if i < 0 {
			return nil, fmt.Errorf("no scripted chat answers for the set %q (known: %v)", name, ChatSetNames())
		}
		cs, err := loadChatSet(ctx, name, scriptedSets[i].library)
		if err != nil {
			return nil, err
		}
		out = append(out, cs)
	}
	return out, nil
}

func loadChatSet(ctx context.Context, name string, library bool) (ChatSet, error) {
	cs := ChatSet{Name: name}
	b, err := sets.ReadFile("sets/" + name + ".jsonl")
	if err != nil {
		return cs, err
	}
	if cs.Items, err = ReadSet(bytes.NewReader(b)); err != nil {
		return cs, fmt.Errorf("%s.jsonl: %w", name, err)
	}
	if cs.Script, err = openaitest.ScriptFor(name); err != nil {
		return cs, err
	}
	if err := matchScript(cs.Items, cs.Script); err != nil {
		return cs, fmt.Errorf("scripts for %s: %w", name, err)
	}
	if library {
		cs.Articles, err = libraryArticles(ctx)
	} else {
		cs.Articles, err = knowledge.Builtin()
	}
	return cs, err
}

// matchScript checks that rows answer items one to one, by ID, with the
// same question.
func matchScript(items []Item, rows []openaitest.Row) error {
	byID := map[string]openaitest.Row{}
	for _, r := range rows {
		byID[r.QuestionID] = r
	}
	if len(byID) != len(rows) || len(rows) != len(items) {
		return fmt.Errorf("%d rows for %d questions (IDs must be distinct)", len(rows), len(items))
	}
	for _, it := range items {
		r, ok := byID[it.ID]
		switch {
		case !ok:
			return fmt.Errorf("%s has no scripted answer", it.ID)
		case r.Question != it.Question:
			return fmt.Errorf("%s: scripted for %q, asked %q", it.ID, r.Question, it.Question)
		}
	}
	return nil
}

func libraryArticles(ctx context.Context) ([]knowledge.Article, error) {
	sub, err := fs.Sub(fixtureLibrary, "library/articles")
	if err != nil {
		return nil, err
	}
	arts, bad, err := knowledge.Load(ctx, sub)
	if err == nil && len(bad) > 0 {
		err = bad[0]
	}
	if err != nil {
		return nil, fmt.Errorf("load the fixture library: %w", err)
	}
	return arts, nil
}

// RunChat answers every question of cs through cstobot's chat path: a
// drafter with opts over an index of cs.Articles (the built-in embedder,
// in a temporary folder), drafting through internal/llm with a fake
// OpenAI-compatible server on a loopback port that replays cs.Script as
// mode's model. It reports what Run does, and what the model wrote and
// the support check kept ([ChatReport]). Errors are Run's, or those of
// starting the server and the index.
func RunChat(ctx context.Context, cs ChatSet, mode openaitest.Mode, opts answer.Options) (ChatReport, error) {
	srv, err := openaitest.Start(openaitest.Scripted(cs.Script, mode))
	if err != nil {
		return ChatReport{}, err
	}
	defer srv.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	chat, err := llm.New(llm.Config{BaseURL: srv.URL(), ChatModel: "scripted-" + mode.String(), HTTPClient: &http.Client{Transport: tr}})
	if err != nil {
		return ChatReport{}, err
	}
	dir, err := os.MkdirTemp("", "cstobot-eval-")
	if err != nil {
		return ChatReport{}, err
	}
	defer os.RemoveAll(dir)
	ix, err := retrieval.Open(ctx, dir, retrieval.NewBuiltin())
	if err != nil {
		return ChatReport{}, err
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, knowledge.SplitAll(cs.Articles, knowledge.DefaultSplit), nil); err != nil {
		return ChatReport{}, fmt.Errorf("index the articles of %s: %w", cs.Name, err)
	}
	opts.Rewriter, opts.Respeller = chat, ix
	opts.Rewriter, opts.Respeller = chat, ix
	rec := &recorder{a: answer.New(ix, chat, opts), srv: srv, drafts: map[string]draft{}}
	rep, err := Run(ctx, cs.Name+" "+mode.String(), cs.Items, ix, rec)
	if err != nil {
		return ChatReport{}, err
	}
	return newChatReport(rep, cs, mode, rec.drafts), nil
}

// recorder keeps each answer drafted, by question, and whether the
// scripted model had a row for it.
type recorder struct {
	a      Answerer
	srv    *openaitest.Server
	drafts map[string]draft
}

type draft struct {
	ans        answer.Answer
	unscripted bool
}

func (r *recorder) Answer(ctx context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
	before := len(r.srv.Unscripted())
	a, err := r.a.Answer(ctx, q, onDelta)
	r.drafts[q.Text] = draft{ans: a, unscripted: len(r.srv.Unscripted()) > before}
	return a, err
}
