package retrieval

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/text"
	"github.com/cstobot/cstobot/knowledge"
)

func TestXLib(t *testing.T) {
	if os.Getenv("LIBQ") == "" {
		t.Skip()
	}
	arts, _ := knowledge.Builtin()
	more, _, _ := knowledge.LoadDir("../internal/eval/library/articles")
	arts = append(arts, more...)
	ps := knowledge.SplitAll(arts, knowledge.DefaultSplit)
	ix, _ := Open(context.Background(), t.TempDir(), NewBuiltin())
	ix.Sync(context.Background(), ps, nil)
	st := ix.st.Load()
	qs := mustLoadQuestions(t, "../internal/eval/sets/library.jsonl")
	for _, q := range qs {
		if !q.InScope || !strings.Contains(os.Getenv("LIBQ"), q.ID) {
			continue
		}
		want := map[int]bool{}
		for d := range st.passages {
			for _, e := range q.Evidence {
				if strings.Contains(normSpace(st.passages[d].text), normSpace(e)) {
					want[d] = true
				}
			}
		}
		bm := st.lex.Search(q.Question, len(st.passages))
		rb := -1
		for i, s := range bm {
			if want[s.Doc] {
				rb = i + 1
				break
			}
		}
		qv, _ := ix.embedQuery(context.Background(), q.Question, st)
		vr, _ := st.vectorRanking(context.Background(), qv, len(st.passages))
		rv := -1
		for i, s := range vr {
			if want[s.Doc] {
				rv = i + 1
				break
			}
		}
		hits, _ := ix.Search(context.Background(), q.Question, 10)
		rh := -1
		for i, h := range hits {
			if want[st.rows[h.Passage.ID]] {
				rh = i + 1
			}
		}
		fmt.Printf("%s bm25=%d vector=%d hybrid=%d %q\n", q.ID, rb, rv, rh, q.Question)
	}
}

func TestXLibHit(t *testing.T) {
	if os.Getenv("LIBHIT") == "" {
		t.Skip()
	}
	ctx := context.Background()
	arts, _ := knowledge.Builtin()
	more, _, _ := knowledge.LoadDir("../internal/eval/library/articles")
	arts = append(arts, more...)
	ix, _ := Open(ctx, t.TempDir(), NewBuiltin())
	ix.Sync(ctx, knowledge.SplitAll(arts, knowledge.DefaultSplit), nil)
	n, h5, h1, en, en5 := 0, 0, 0, 0, 0
	var miss []string
	for _, q := range mustLoadQuestions(t, "../internal/eval/sets/library.jsonl") {
		if !q.InScope {
			continue
		}
		n++
		if q.Lang == "en" {
			en++
		}
		hits, _ := ix.Search(ctx, q.Question, 5)
		for i, h := range hits {
			ok := false
			for _, e := range q.Evidence {
				ok = ok || strings.Contains(normSpace(h.Passage.Text), normSpace(e))
			}
			if ok {
				h5++
				if i == 0 {
					h1++
				}
				if q.Lang == "en" {
					en5++
				}
				break
			}
			if i == len(hits)-1 {
				miss = append(miss, q.ID)
			}
		}
	}
	fmt.Printf("hit@5 %.3f (en %.3f) hit@1 %.3f n=%d\nmisses %v\n", float64(h5)/float64(n), float64(en5)/float64(en), float64(h1)/float64(n), n, miss)
}

func TestXOverlap(t *testing.T) {
	ids := os.Getenv("OVL")
	if ids == "" {
		t.Skip()
	}
	arts, _ := knowledge.Builtin()
	more, _, _ := knowledge.LoadDir("../internal/eval/library/articles")
	arts = append(arts, more...)
	ps := knowledge.SplitAll(arts, knowledge.DefaultSplit)
	for _, q := range mustLoadQuestions(t, "../internal/eval/sets/library.jsonl") {
		if !strings.Contains(ids, q.ID) {
			continue
		}
		qt := text.Terms(q.Question)
		for _, p := range ps {
			hit := false
			for _, e := range q.Evidence {
				hit = hit || strings.Contains(normSpace(p.Text), normSpace(e))
			}
			if !hit {
				continue
			}
			pt := map[string]bool{}
			for _, x := range text.Terms(lexicalText(p)) {
				pt[x] = true
			}
			var have, lack []string
			for _, x := range qt {
				if pt[x] {
					have = append(have, x)
				} else {
					lack = append(lack, x)
				}
			}
			fmt.Printf("%s %q\n   has %v lacks %v | %s | %.100q\n", q.ID, q.Question, have, lack, p.Article.ID, q.Evidence[0])
			break
		}
	}
}
