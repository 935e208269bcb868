package retrieval

import (
	"encoding/hex"
	"fmt"
	"github.com/cstobot/cstobot/internal/text"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"
)

// The lexical index in the search file: its arrays as they are in memory,
// aliased where the file is mapped; its vocabularies as string tables,
// whose maps are built again at open (a map cannot be mapped).

// lexScalars are the lexical index's values that are not arrays.
type lexScalars struct {
	IDFMiss float64 `json:"idf_miss"`
}

// addLexical adds l's sections to w.
func addLexical(w *segWriter, l *Lexical) {
	w.h.Lexical = lexScalars{IDFMiss: l.idfMiss}
	addStrings(w, "lex.terms", l.terms)
	w.add("lex.docs", asBytes(l.docs), false)
	w.add("lex.tfs", l.tfs, false)
	w.add("lex.start", asBytes(l.start), false)
	w.add("lex.idf", asBytes(l.idf), false)
	w.add("lex.norm", asBytes(l.norm), false)
	w.add("lex.named", asBytes(l.named), false)
	// The respelling words go by length, each length's in the order they
	// were first met: correction breaks ties between equally frequent
	// words by that order.
	words, counts := l.words.Words()
	addStrings(w, "lex.words", words)
	w.add("lex.words.count", asBytes(counts), false)
}

// readLexical builds the lexical index of seg's n passages.
func readLexical(seg *segment, n int) (*Lexical, error) {
	l := &Lexical{idfMiss: seg.h.Lexical.IDFMiss}
	var err error
	if l.terms, err = readStrings(seg, "lex.terms"); err != nil {
		return nil, err
	}
	if err := readArrays(seg, &l.docs, &l.tfs, &l.start, &l.idf, &l.norm, &l.named); err != nil {
		return nil, err
	}
	nt := len(l.terms)
	switch {
	case len(l.start) != nt+1 || len(l.idf) != nt || len(l.named) != nt:
		return nil, fmt.Errorf("%w: lexical index of %d terms has %d starts, %d IDFs, %d name flags", errCorrupt, nt, len(l.start), len(l.idf), len(l.named))
	case int(l.start[nt]) != len(l.docs) || len(l.tfs) != len(l.docs) || len(l.norm) != n:
		return nil, fmt.Errorf("%w: lexical postings do not add up", errCorrupt)
	}
	for id := range nt {
		if l.start[id] > l.start[id+1] || l.start[id] < 0 {
			return nil, fmt.Errorf("%w: postings of term %d", errCorrupt, id)
		}
	}
	l.vocab = make(map[string]int32, nt)
	for id, t := range l.terms {
		l.vocab[t] = int32(id)
	}
	l.indexLengths()
	if l.words, err = readWords(seg, l.has); err != nil {
		return nil, err
	}
	l.scratch.New = func() any { return &searchScratch{scores: make([]float64, n)} }
	return l, nil
}

func readWords(seg *segment, known func(string) bool) (*text.Speller, error) {
	words, err := readStrings(seg, "lex.words")
	if err != nil {
		return nil, err
	}
	b, err := seg.section("lex.words.count")
	if err != nil {
		return nil, err
	}
	counts, err := asSlice[int32](b, "lex.words.count")
	if err != nil {
		return nil, err
	}
	if len(counts) != len(words) {
		return nil, fmt.Errorf("%w: %d respelling words, %d counts", errCorrupt, len(words), len(counts))
	}
	return text.SpellerFrom(words, counts, known), nil
}

// readArrays points each of dsts (pointers to slices) at its lex. section,
// named by position: docs, tfs, start, idf, norm, named.
func readArrays(seg *segment, docs *[]int32, tfs *[]uint8, start *[]int32, idf *[]float64, norm *[]float32, named *[]bool) error {
	var err error
	get := func(name string) []byte {
		if err != nil {
			return nil
		}
		var b []byte
		b, err = seg.section(name)
		return b
	}
	view := func(name string, f func([]byte) error) {
		if b := get(name); err == nil {
			err = f(b)
		}
	}
	view("lex.docs", func(b []byte) (e error) { *docs, e = asSlice[int32](b, "lex.docs"); return })
	view("lex.tfs", func(b []byte) error { *tfs = b; return nil })
	view("lex.start", func(b []byte) (e error) { *start, e = asSlice[int32](b, "lex.start"); return })
	view("lex.idf", func(b []byte) (e error) { *idf, e = asSlice[float64](b, "lex.idf"); return })
	view("lex.norm", func(b []byte) (e error) { *norm, e = asSlice[float32](b, "lex.norm"); return })
	view("lex.named", func(b []byte) error {
		for _, x := range b {
			if x > 1 {
				return fmt.Errorf("%w: lex.named holds %d", errCorrupt, x)
			}
		}
		*named, err = asSlice[bool](b, "lex.named")
		return err
	})
	return err
}

// analysisProbe is text in each language the analysis knows, with numbers,
// dates, names and repeats: what it makes of it stands for the analysis.
var analysisProbe = []string{
	"On 15 May 1992 the presidents of Armenia, Kazakhstan, Kyrgyzstan, Russia, Tajikistan and Uzbekistan signed the Collective Security Treaty in Tashkent; 3,800 troops were deployed.",
	"Il presidente della Bielorussia e i ministri della difesa hanno firmato l'accordo sui confini nel 2002.",
	"Le président a déclaré que les forces collectives de réaction rapide étaient prêtes en 2009.",
	"Организация Договора о коллективной безопасности направила миротворцев в Казахстан в январе 2022 года; Токаев.",
	"Kazakhstan's 103rd brigade withdrew; peacekeeping, peacekeepers and the peacekeeper's mandate.",
}

var (
	analysisOnce sync.Once
	analysisID   string
)

// analysisVersion names the text analysis that builds the lexical index:
// a hash of everything a lexical index built over analysisProbe holds
// (terms, postings, IDFs, length norms, name flags, respelling words), and
// the layout of what it is given of each passage (lexicalLayout). Any
// change to how passages are analysed or scored changes it, and a search
// file built by another analysis is rebuilt rather than served.
func analysisVersion() string {
	analysisOnce.Do(func() {
		l := newLexical(analysisProbe, 1)
		h := xxhash.New()
		h.WriteString(strings.Join(l.terms, "\x00"))
		for _, b := range [][]byte{asBytes(l.docs), l.tfs, asBytes(l.start), asBytes(l.idf), asBytes(l.norm), asBytes(l.named)} {
			h.Write(b)
		}
		words, counts := l.words.Words()
		for i, w := range words {
			fmt.Fprintf(h, "%s=%d\x00", w, counts[i])
		}
		h.WriteString(lexicalLayout)
		analysisID = "lex-" + hex.EncodeToString(h.Sum(nil))
	})
	return analysisID
}
