package llm_test

import (
	"context"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/openaitest"
)

// BenchmarkEmbedBatched embeds 500 texts against a server that takes 20 ms
// per request: in batches of 96 against one text per request (as
// chromem-go's OpenAI embedding function sends them), 4 requests in flight
// either way. (One text per request and one request at a time takes 500 ×
// 20 ms = 10 s or more, too long to run here.)
func BenchmarkEmbedBatched(b *testing.B) {
	in := texts(500)
	for _, bb := range []struct {
		name        string
		batch, conc int
	}{
		{"batch96-conc4", 96, 4},
		{"batch1-conc4", 1, 4},
	} {
		b.Run(bb.name, func(b *testing.B) {
			s := openaitest.NewServer(b, openaitest.WithLatency(20*time.Millisecond), openaitest.WithDim(256))
			c := mustClient(b, s, func(c *llm.Config) { c.EmbedBatchSize, c.EmbedConcurrency = bb.batch, bb.conc })
			e := c.Embedder()
			for b.Loop() {
				if _, err := e.Embed(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(s.Count(openaitest.EmbeddingsPath))/float64(b.N), "requests/op")
		})
	}
}
