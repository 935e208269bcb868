package main

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"log"
	"math"
	"math/rand/v2"
	"net/http"

	"github.com/cstobot/cstobot/internal/openaitest"
)

// serveEmbeddings answers POST /v1/embeddings on addr until killed, with
// the vectors kind names ("random" or "fake"), dim values long unless a
// request asks for its dimensions.
func serveEmbeddings(addr, kind string, dim int) error {
	var vec func(text string, dim int) []float32
	switch kind {
	case "random":
		vec = RandomVector
	case "fake":
		vec = openaitest.Vector
	default:
		return fmt.Errorf("-vectors %q: want random or fake", kind)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/embeddings", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Input      []string `json:"input"`
			Dimensions int      `json:"dimensions"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<20)).Decode(&req); err != nil {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		d := dim
		if req.Dimensions > 0 {
			d = req.Dimensions
		}
		type item struct {
			Object    string    `json:"object"`
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		}
		data := make([]item, len(req.Input))
		for i, t := range req.Input {
			data[i] = item{"embedding", i, vec(t, d)}
		}
		w.Header().Set("Content-Type", "application/json")
		if err := json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": "mklibrary"}); err != nil {
			log.Print(err)
		}
	})
	log.Printf("serving embeddings (%s, %d dims) on http://%s/v1", kind, dim, addr)
	return http.ListenAndServe(addr, mux)
}

// RandomVector returns a unit vector of dim normal deviates seeded by the
// text, so that a text always gets the same vector.
func RandomVector(text string, dim int) []float32 {
	h := fnv.New64a()
	h.Write([]byte(text))
	r := rand.New(rand.NewPCG(h.Sum64(), 0))
	v := make([]float32, dim)
	var ss float64
	for i := range v {
		x := r.NormFloat64()
		v[i] = float32(x)
		ss += x * x
	}
	inv := 1 / math.Sqrt(ss)
	for i := range v {
		v[i] = float32(float64(v[i]) * inv)
	}
	return v
}
