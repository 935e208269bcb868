package retrieval

import (
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/cstobot/cstobot/internal/text"
)

// BM25 parameters: the usual defaults. Passages are short and of similar
// length; on our question sets b from 0.3 to 0.9 and k1 from 0.8 to 1.6
// ranked within a question of each other.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Lexical is an in-memory BM25 index over passages. Besides the terms of
// Terms it indexes pseudo-terms for what a passage holds (a year or date, a
// number; see lexical_hints.go), which questions asking "when" or "how many"
// look for. It is immutable after NewLexical and safe for concurrent use.
type Lexical struct {
	vocab map[string]int32
	terms []string  // by term id
	byLen [][]int32 // term ids by term length, for typos (lexical_fuzzy.go)
	// docs and tfs are every term's postings, sorted by doc, one term
	// after the other: term id's docs are docs[start[id]:start[id+1]], and
	// tfs has their term frequencies at the same positions. Two slabs of
	// exactly the right size, rather than a slice of (doc, tf) pairs per
	// term grown by append, save the capacity append leaves unused (a
	// quarter on average), a slice header per term, and 3 of every 8 bytes
	// a pair took with its padding: at 100k passages × 1536 dims, 6% of
	// the vector bytes.
	docs    []int32
	tfs     []uint8       // saturated at 255, far beyond where BM25 stops caring
	start   []int32       // by term id, plus one
	idf     []float64     // by term id
	idfMiss float64       // the IDF a term unknown to the corpus would have
	norm    []float32     // by doc: k1·(1-b+b·len/avglen)
	scratch sync.Pool     // *searchScratch
	words   *text.Speller // surface words, to respell questions
	// named is, by term id, whether every word of the term was
	// capitalised: a name, whose neighbours in meaning are other names
	// ("Tajikistan", "Uzbekistan") and stand for nothing (related.go).
	named []bool
}

// searchScratch is what one Search works in, pooled so that a query
// allocates only its result.
type searchScratch struct {
	scores  []float64 // by doc; all zero between searches
	touched []int32   // docs with a non-zero score
}

// termCount is one term of one passage, while the postings are built.
type termCount struct {
	term int32
	tf   uint8
}

// NewLexical indexes texts, one entry per passage; a passage's doc number is
// its position in texts.
func NewLexical(texts []string) *Lexical {
	workers := 1
	if len(texts) >= parallelDocs {
		workers = runtime.GOMAXPROCS(0)
	}
	return newLexical(texts, workers)
}

// newLexical is NewLexical with the passages analysed by the given number
// of goroutines.
func newLexical(texts []string, workers int) *Lexical {
	l := &Lexical{vocab: make(map[string]int32)}
	byDoc, docStart := l.countTerms(texts, workers)
	l.invert(byDoc, docStart)
	n := float64(len(texts))
	l.idf = make([]float64, len(l.terms))
	for id := range l.idf {
		l.idf[id] = bm25IDF(n, float64(l.df(int32(id))))
	}
	for _, h := range []string{hintTime, hintNumber} {
		if id, ok := l.vocab[h]; ok {
			l.idf[id] *= hintBoost
		}
	}
	l.idfMiss = bm25IDF(n, 0)
	l.indexLengths()
	l.words = text.NewSpeller(texts, l.has)
	l.scratch.New = func() any { return &searchScratch{scores: make([]float64, len(texts))} }
	return l
}

// parallelDocs is the corpus size, in passages, from which analysis is
// split across cores: below it, the goroutines are not worth their cost.
const parallelDocs = 1000

// countTerms analyses each text and returns its distinct terms with their
// counts, passage after passage (doc d's are byDoc[docStart[d]:docStart[d+1]]),
// assigning term ids and the BM25 length norms on the way. Analysis, the
// bulk of building the index and of an unchanged restart after decoding,
// runs in workers goroutines over contiguous runs of passages; their terms
// are then numbered in order of first occurrence, as one pass would number
// them.
func (l *Lexical) countTerms(texts []string, workers int) (byDoc []termCount, docStart []int) {
	parts := make([]docTerms, workers)
	var wg sync.WaitGroup
	for w := range parts {
		from, to := len(texts)*w/workers, len(texts)*(w+1)/workers
		wg.Go(func() { parts[w] = analyseDocs(texts[from:to]) })
	}
	wg.Wait()
	n := 0
	for _, p := range parts {
		n += len(p.counts)
	}
	byDoc = make([]termCount, 0, n)
	docStart = make([]int, 1, len(texts)+1)
	lens := make([]int, 0, len(texts))
	for _, p := range parts {
		global := make([]int32, len(p.terms))
		for i, t := range p.terms {
			global[i] = l.termID(t)
			for len(l.named) < len(l.terms) {
				l.named = append(l.named, true)
			}
			l.named[global[i]] = l.named[global[i]] && !p.lower[i]
		}
		from := 0
		for _, end := range p.ends {
			for _, c := range p.counts[from:end] {
				byDoc = append(byDoc, termCount{global[c.term], c.tf})
			}
			docStart = append(docStart, len(byDoc))
			from = end
		}
		lens = append(lens, p.lens...)
	}
	l.setNorms(lens)
	return byDoc, docStart
}

// docTerms is what analysing a run of passages found: each passage's
// distinct terms and how often it holds them, with terms numbered in order
// of first occurrence in the run.
type docTerms struct {
	terms  []string    // by number
	lower  []bool      // by number: whether a word of the term was lower-case
	counts []termCount // passage after passage
	ends   []int       // passage i's counts end at counts[ends[i]]
	lens   []int       // passage i's length in terms
}

func analyseDocs(texts []string) docTerms {
	dt := docTerms{ends: make([]int, len(texts)), lens: make([]int, len(texts))}
	an := newPassageAnalyzer()
	var (
		counts []uint8 // by term number, zero between passages
		seen   []int32 // the passage's terms, in order of first occurrence
	)
	for d, text := range texts {
		n := 0
		an.analyse(text, func(id int32) {
			n++
			for int(id) >= len(counts) {
				counts = append(counts, 0)
			}
			if counts[id] == 0 {
				seen = append(seen, id)
			}
			if counts[id] < math.MaxUint8 {
				counts[id]++
			}
		})
		for _, id := range seen {
			dt.counts = append(dt.counts, termCount{id, counts[id]})
			counts[id] = 0
		}
		seen = seen[:0]
		dt.ends[d], dt.lens[d] = len(dt.counts), n
	}
	dt.terms, dt.lower = an.terms, an.lower
	return dt
}

// setNorms sets the BM25 length norm of each passage from its length.
func (l *Lexical) setNorms(lens []int) {
	total := 0
	for _, n := range lens {
		total += n
	}
	avg := max(float64(total)/float64(max(len(lens), 1)), 1)
	l.norm = make([]float32, len(lens))
	for d, n := range lens {
		l.norm[d] = float32(bm25K1 * (1 - bm25B + bm25B*float64(n)/avg))
	}
}

// invert turns the passages' term counts into the postings slab: a
// counting sort by term, which, filling docs in order, leaves each term's
// postings sorted by doc.
func (l *Lexical) invert(byDoc []termCount, docStart []int) {
	l.start = make([]int32, len(l.terms)+1)
	for _, c := range byDoc {
		l.start[c.term+1]++
	}
	for id := range l.terms {
		l.start[id+1] += l.start[id]
	}
	next := slices.Clone(l.start[:len(l.terms)])
	l.docs, l.tfs = make([]int32, len(byDoc)), make([]uint8, len(byDoc))
	for d := range len(docStart) - 1 {
		for _, c := range byDoc[docStart[d]:docStart[d+1]] {
			i := next[c.term]
			l.docs[i], l.tfs[i] = int32(d), c.tf
			next[c.term]++
		}
	}
}

// list returns the postings of term id: the docs holding it, in order, and
// how often each does.
func (l *Lexical) list(id int32) (docs []int32, tfs []uint8) {
	from, to := l.start[id], l.start[id+1]
	return l.docs[from:to:to], l.tfs[from:to:to]
}

// df returns the number of passages holding term id.
func (l *Lexical) df(id int32) int { return int(l.start[id+1] - l.start[id]) }

// bm25IDF is the BM25 inverse document frequency, kept positive (the
// Lucene form), so a term in every passage still counts a little.
func bm25IDF(n, df float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

func (l *Lexical) termID(t string) int32 {
	id, ok := l.vocab[t]
	if !ok {
		id = int32(len(l.terms))
		l.vocab[t] = id
		l.terms = append(l.terms, t)
	}
	return id
}

// Search returns up to k passages by BM25 score, best first; passages that
// share no term with the query are left out. A query word the corpus never
// uses is also searched for as the corpus terms of its nearest words in
// meaning, at less weight (related.go). Ties go to the lower doc.
func (l *Lexical) Search(query string, k int) []Scored {
	return l.search(query, l.related(query), k)
}

// search is Search with query's related terms looked up already.
func (l *Lexical) search(query string, rel []text.Related, k int) []Scored {
	if k <= 0 || len(l.norm) == 0 {
		return nil
	}
	ids := l.queryIDs(append(text.Terms(query), queryHints(query)...))
	weights := make([]float64, len(ids), len(ids)+4)
	for i := range weights {
		weights[i] = 1
	}
	for _, r := range rel {
		if l.has(r.Term) {
			continue // see relatedWeight
		}
		for _, n := range r.Near {
			if id := l.vocab[n.Term]; !slices.Contains(ids, id) {
				ids = append(ids, id)
				weights = append(weights, relatedWeight*float64(n.Sim))
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	sc := l.scratch.Get().(*searchScratch)
	defer l.scratch.Put(sc)
	scores, touched := sc.scores, sc.touched[:0]
	for i, id := range ids {
		w := l.idf[id] * weights[i]
		docs, tfs := l.list(id)
		for i, d := range docs {
			if scores[d] == 0 {
				touched = append(touched, d)
			}
			tf := float32(tfs[i])
			scores[d] += w * float64(tf*(bm25K1+1)/(tf+l.norm[d]))
		}
	}
	top := make([]Scored, 0, min(k, len(touched))+1)
	for _, d := range touched {
		top = pushTop(top, Scored{Doc: int(d), Score: scores[d]}, k)
		scores[d] = 0
	}
	sc.touched = touched
	return top
}

// has reports whether term t occurs in the corpus.
func (l *Lexical) has(t string) bool {
	_, ok := l.vocab[t]
	return ok
}

// common reports whether term t occurs in the corpus, and not only as a
// name.
func (l *Lexical) common(t string) bool {
	id, ok := l.vocab[t]
	return ok && !l.named[id]
}

// queryIDs maps query terms to term ids, once each, correcting typos;
// unknown terms cannot score and are dropped.
func (l *Lexical) queryIDs(terms []string) []int32 {
	ids := make([]int32, 0, len(terms))
	for _, t := range terms {
		if id, ok := l.resolve(t); ok && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// Coverage returns the share (0..1) of the query's IDF-weighted terms that
// occur in passage doc; terms unknown to the corpus count as missing, with
// the IDF of a term in no passage. A term the passage lacks counts in part
// when it holds a term related in meaning (text.RelatedTerm.Credit), unless the
// term is a name of the corpus. Pseudo-terms (hints) are left out: a
// passage holding some number does not cover "how many". It returns 0 for a
// query without terms or a doc out of range.
//
// Unlike Search, Coverage does not correct typos: too many real words are
// one edit from a corpus term ("population" and "popular" meet as stems),
// and refusing a question with a typo is the lesser harm next to answering
// one the sources do not cover.
func (l *Lexical) Coverage(query string, doc int) float64 {
	return l.coverer(query, l.related(query)).coverage(doc)
}

// coverer is a query's terms looked up once, to measure Coverage of
// several passages.
type coverer struct {
	l     *Lexical
	terms []coverTerm
	total float64 // IDF of every term, known or not
}

// coverTerm is a term of a query: its id (-1 if the corpus lacks it), its
// IDF, and the corpus terms related to it, which cover it in part.
type coverTerm struct {
	id   int32
	idf  float64
	near []text.RelatedTerm
}

func (l *Lexical) coverer(query string, rel []text.Related) coverer {
	c := coverer{l: l}
	terms := text.Terms(query)
	for i, t := range terms {
		if slices.Contains(terms[:i], t) {
			continue
		}
		ct := coverTerm{id: -1, idf: l.idfMiss}
		if id, ok := l.vocab[t]; ok {
			ct.id, ct.idf = id, l.idf[id]
		}
		j := slices.IndexFunc(rel, func(r text.Related) bool { return r.Term == t })
		if j >= 0 && (ct.id < 0 || !l.named[ct.id]) {
			ct.near = rel[j].Near
		}
		c.total += ct.idf
		c.terms = append(c.terms, ct)
	}
	return c
}

func (c coverer) coverage(doc int) float64 {
	if doc < 0 || doc >= len(c.l.norm) || c.total == 0 {
		return 0
	}
	var have float64
	for _, t := range c.terms {
		if t.id >= 0 && c.l.contains(t.id, int32(doc)) {
			have += t.idf
			continue
		}
		for _, n := range t.near { // most similar first
			if c.l.contains(c.l.vocab[n.Term], int32(doc)) {
				have += t.idf * n.Credit()
				break
			}
		}
	}
	return have / c.total
}

func (l *Lexical) contains(id, doc int32) bool {
	docs, _ := l.list(id)
	_, found := slices.BinarySearch(docs, doc)
	return found
}
