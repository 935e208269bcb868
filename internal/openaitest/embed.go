package openaitest

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
)

// Vector is the server's default embedding of text: a sum of one
// pseudo-random direction per lower-cased word, L2-normalised, so texts
// that share words point the same way and the same text always gives the
// same vector. A text without words gives the first unit vector.
func Vector(text string, dim int) []float32 {
	sum := make([]float64, dim)
	for _, w := range strings.Fields(strings.ToLower(text)) {
		h := fnv.New64a()
		_, _ = h.Write([]byte(w))
		rng := rand.New(rand.NewPCG(h.Sum64(), 0))
		for i := range sum {
			sum[i] += rng.NormFloat64()
		}
	}
	var norm float64
	for _, x := range sum {
		norm += x * x
	}
	v := make([]float32, dim)
	if norm == 0 {
		v[0] = 1
		return v
	}
	norm = math.Sqrt(norm)
	for i, x := range sum {
		v[i] = float32(x / norm)
	}
	return v
}

func vectors(input []string, dim int) [][]float32 {
	vs := make([][]float32, len(input))
	for i, t := range input {
		vs[i] = Vector(t, dim)
	}
	return vs
}

type embeddingRequest struct {
	Input          json.RawMessage `json:"input"`
	Model          string          `json:"model"`
	Dimensions     int             `json:"dimensions"`
	EncodingFormat string          `json:"encoding_format"`
}

func (s *Server) embeddings(w http.ResponseWriter, raw []byte) {
	var req embeddingRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		OpenAIError(http.StatusBadRequest, "invalid_json", "We could not parse the JSON body of your request.").write(w)
		return
	}
	var input []string
	if json.Unmarshal(req.Input, &input) != nil {
		var one string
		if err := json.Unmarshal(req.Input, &one); err != nil {
			OpenAIError(http.StatusBadRequest, "invalid_input", "'input' must be a string or an array of strings.").write(w)
			return
		}
		input = []string{one}
	}
	dim := s.dim
	if req.Dimensions > 0 {
		dim = req.Dimensions
	}
	data := []map[string]any{}
	tokens := 0
	for i, v := range s.embed(input, dim) {
		data = append(data, map[string]any{"object": "embedding", "index": i, "embedding": encode(v, req.EncodingFormat)})
	}
	for _, t := range input {
		tokens += len(strings.Fields(t))
	}
	writeJSON(w, map[string]any{
		"object": "list", "data": data, "model": req.Model,
		"usage": map[string]int{"prompt_tokens": tokens, "total_tokens": tokens},
	})
}

// encode returns v as a JSON array, or as base64 of little-endian float32s
// when the client asked for "base64" (as OpenAI does).
func encode(v []float32, format string) any {
	if format != "base64" {
		return v
	}
	b := make([]byte, 0, 4*len(v))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return base64.StdEncoding.EncodeToString(b)
}
