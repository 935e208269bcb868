// Command mklibrary writes a synthetic library of articles for measuring
// cstobot at scale: Markdown files with front matter, of English words
// drawn with a Zipf skew from the built-in word vectors' vocabulary (so the
// built-in embedder and the lexical index see a realistic spread of common
// and rare words), with names, numbers and years mixed in. The same flags
// and seed always write the same files.
//
//	go run ./internal/mklibrary -out /tmp/lib50k                 # 300 articles, 30 MB, ~50k passages
//	go run ./internal/mklibrary -out /tmp/lib100k -mb 60 -articles 600
//
// It also serves an OpenAI-compatible embeddings endpoint, so that the
// cstobot binary can index and search such a library through the API path
// with vectors of any length, without a model:
//
//	go run ./internal/mklibrary -serve 127.0.0.1:8099 -vectors random
//
// "random" gives each text a pseudo-random unit vector seeded by its
// content (cheap at 100k × 1536); "fake" gives the vectors of the test
// server in internal/openaitest (words sum to directions: texts that share
// words are near), which costs a vector per word.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
)

func main() {
	var (
		out      = flag.String("out", "", "folder to write the articles into (created)")
		articles = flag.Int("articles", 300, "number of articles")
		mb       = flag.Float64("mb", 30, "total size of the articles' text, in MB")
		seed     = flag.Uint64("seed", 1, "seed of the generator")
		serve    = flag.String("serve", "", "serve /v1/embeddings on this address instead of writing articles")
		vectors  = flag.String("vectors", "random", "embeddings served: random or fake")
		dim      = flag.Int("dim", 1536, "default length of the vectors served (a request's dimensions wins)")
	)
	flag.Parse()
	var err error
	switch {
	case *serve != "":
		err = serveEmbeddings(*serve, *vectors, *dim)
	case *out != "":
		err = writeLibrary(*out, spec{articles: *articles, bytes: int(*mb * 1e6), seed: *seed})
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintln(os.Stderr, "mklibrary: done")
}
