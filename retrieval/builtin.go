package retrieval

import (
	"context"
	"fmt"
	"math"

	"github.com/cstobot/cstobot/internal/text"
)

// The built-in embedder's vector: hashedDim buckets of hashed features,
// then the wordvec.Dim values of the text's meaning (related.go). Measured
// on our question sets (quality_test.go), 1024 buckets ranked clearly better
// than 512 (fewer n-grams collide) and 2048 little better again, at twice
// the size of the index and the cost of a scan.
const (
	hashedDim  = 1024
	builtinDim = hashedDim + text.MeaningDim
)

// Feature weights of the built-in embedder, relative to a word's own term.
// Character n-grams carry typos and word forms the analyser missed; word
// bigrams reward passages that keep the question's words together.
const (
	weightTerm   = 1.0
	weightCommon = 0.5 // for commonTerms, see builtin_words.go
	weightBigram = 0.5
	weightGrams  = 0.5 // shared among all the n-grams of one word
)

// NewBuiltin returns the offline default embedder: feature hashing of analysed
// terms (see text.Terms), word bigrams and the character 3- and 4-grams of each
// term into hashedDim signed buckets, next to the weighted mean of the
// text's English word vectors (text.TermsAndMeaning), L2-normalised. It needs no
// model, no download and no key, is deterministic, and is safe for
// concurrent use.
//
// It knows no corpus statistics: stop words and a list of common words
// (builtin_words.go) stand in for IDF. Because terms
// are transliterated and glossary-mapped first, "Токаев" and "Tokayev" share
// their features, and n-grams let "Kazakstan" meet "Kazakhstan".
func NewBuiltin() Embedder { return builtin{} }

type builtin struct{}

// ID names the embedder and its dimension; it changes whenever the features
// do, so that an index built by an older version is rebuilt.
func (builtin) ID() string { return fmt.Sprintf("builtin-v4-%d", builtinDim) }

// Embed returns one vector per text. A text without any term (empty, or
// only stop words) gets a fixed unit vector, so every vector is normalised.
// It returns ctx's error if ctx ends first.
func (builtin) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("builtin embed: %w", err)
		}
		out[i] = embedText(t)
	}
	return out, nil
}

func embedText(s string) []float32 {
	v := make([]float32, builtinDim)
	hashed, meaning := v[:hashedDim], v[hashedDim:]
	// One pass over the words gives both halves: terms for the hashed
	// features, word vectors for the meaning.
	terms, found := text.TermsAndMeaning(s, meaning)
	embedHashed(hashed, terms)
	if !found {
		return v // hashed features alone, already of unit length
	}
	a, b := float32(math.Sqrt(1-semanticShare)), float32(math.Sqrt(semanticShare))
	for i := range hashed {
		hashed[i] *= a
	}
	for i := range meaning {
		meaning[i] *= b
	}
	return v
}

// embedHashed writes the hashed features of a text's terms into v, scaled
// to unit length.
func embedHashed(v []float32, terms []string) {
	tf := make(map[string]int, len(terms))
	for _, t := range terms {
		tf[t]++
	}
	// Sublinear term frequency: a passage that repeats a word is about it,
	// but not ten times more for saying it ten times. Terms go in text
	// order, not map order, so that float sums, and vectors, are the same
	// on every run.
	for _, t := range terms {
		n := tf[t]
		if n == 0 {
			continue // done at its first occurrence
		}
		tf[t] = 0
		w := float32(1 + math.Log(float64(n)))
		if commonTerms[t] {
			w *= weightCommon
		}
		addFeature(v, hashString(fnvOffset, "w", t), w*weightTerm)
		addGrams(v, t, w)
	}
	for i := 1; i < len(terms); i++ {
		addFeature(v, hashString(hashString(fnvOffset, "b", terms[i-1]), " ", terms[i]), weightBigram)
	}
	scaleToUnit(v)
}

// addGrams adds the character 3- and 4-grams of "<term>", the brackets
// marking the word's boundaries, sharing scale·weightGrams among them.
func addGrams(v []float32, term string, scale float32) {
	padded := "<" + term + ">"
	n := 0
	for size := 3; size <= 4; size++ {
		n += max(len(padded)-size+1, 0)
	}
	if n == 0 {
		return
	}
	w := scale * float32(weightGrams/math.Sqrt(float64(n)))
	for size := 3; size <= 4; size++ {
		for i := 0; i+size <= len(padded); i++ {
			addFeature(v, hashString(fnvOffset, "g", padded[i:i+size]), w)
		}
	}
}

// addFeature adds w to the bucket h picks, with the sign of h's top bit, so
// that colliding features cancel out on average instead of piling up.
func addFeature(v []float32, h uint64, w float32) {
	if h>>63 != 0 {
		w = -w
	}
	v[h%uint64(len(v))] += w
}

func scaleToUnit(v []float32) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		v[0] = 1
		return
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= inv
	}
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashString continues an FNV-1a hash h over the bytes of tag and s; tags
// keep a word from colliding with an n-gram of the same letters.
func hashString(h uint64, tag, s string) uint64 {
	for i := 0; i < len(tag); i++ {
		h = (h ^ uint64(tag[i])) * fnvPrime
	}
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}
