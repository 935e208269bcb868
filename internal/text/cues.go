package text

import "strings"

// Cues are the phrases of a language that say what a question asks. Each
// field holds phrases separated by commas; a phrase is words separated by
// spaces, matched against the question's words folded (Words). A phrase
// starting with "^" must open the question (or a part of it); "..."
// inside a phrase stands for any words ("what does ... stand for").
type Cues struct {
	When    string // asks for a date: "when", "what year"
	HowMany string // asks for a number: "how many", "how much"
	HowLong string // asks for a length of time, a number: "how long"
	Who     string // asks for a name of a person or a group
	Where   string // asks for a place
	Why     string // asks for a reason
	Which   string // asks to pick among things named by the next word
	Define  string // asks what something is: "^what is", "what does ... stand for"
	YesNo   string // opens a question answered yes or no: "^is", "^did"
	Now     string // asks how things stand now: "now", "still", "currently"
	Author  string // asks who wrote an article
	Date    string // asks when an article was published or written
	Title   string // asks for an article's title
	Article string // words for an article, a piece, a text
	Because string // opens a reason in a source's sentence: "because", "due to"
	And     string // joins the parts of a compound question
}

// cue is one compiled phrase: its words, "..." for a gap; anchored when
// it must open the question.
type cue struct {
	words    []string
	anchored bool
}

type compiledCues struct {
	when, howMany, howLong, who, where, why, which, define, yesNo, now, author, date, title, article, because []cue
	and                                                                                                       map[string]bool
}

func compileCues(c Cues) compiledCues {
	return compiledCues{
		when: cueList(c.When), howMany: cueList(c.HowMany), howLong: cueList(c.HowLong),
		who: cueList(c.Who), where: cueList(c.Where), why: cueList(c.Why), which: cueList(c.Which),
		define: cueList(c.Define), yesNo: cueList(c.YesNo), now: cueList(c.Now),
		author: cueList(c.Author), date: cueList(c.Date), title: cueList(c.Title),
		article: cueList(c.Article), because: cueList(c.Because), and: foldedSet(c.And),
	}
}

func cueList(s string) []cue {
	var out []cue
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		c := cue{anchored: strings.HasPrefix(p, "^")}
		for _, w := range strings.Fields(strings.TrimPrefix(p, "^")) {
			if w == "..." {
				c.words = append(c.words, w)
				continue
			}
			c.words = append(c.words, Words(w)...)
		}
		out = append(out, c)
	}
	return out
}

// find returns the index in words where the first of cues matches, and
// the index just after the match, or -1.
func find(cues []cue, words []string) (at, end int) {
	best, bestEnd := -1, -1
	for _, c := range cues {
		if i, e := c.match(words); i >= 0 && (best < 0 || i < best) {
			best, bestEnd = i, e
		}
	}
	return best, bestEnd
}

// match finds c in words: its index and the end of the match, or -1.
func (c cue) match(words []string) (int, int) {
	last := len(words) - 1
	if c.anchored {
		last = 0
	}
	for i := 0; i <= last; i++ {
		if end, ok := c.matchAt(words, i, 0); ok {
			return i, end
		}
	}
	return -1, -1
}

func (c cue) matchAt(words []string, i, k int) (int, bool) {
	for ; k < len(c.words); k++ {
		if c.words[k] == "..." {
			for j := i; j <= len(words); j++ {
				if end, ok := c.matchAt(words, j, k+1); ok {
					return end, true
				}
			}
			return 0, false
		}
		if i >= len(words) || !sameCueWord(words[i], c.words[k]) {
			return 0, false
		}
		i++
	}
	return i, true
}

// sameCueWord compares a question's word with a cue's: an apostrophe
// ending either is optional ("qu'" and "qu").
func sameCueWord(w, c string) bool {
	return w == c || strings.TrimSuffix(w, "'") == strings.TrimSuffix(c, "'")
}

func has(cues []cue, words []string) bool {
	i, _ := find(cues, words)
	return i >= 0
}

// GivesReason reports whether a source's sentence, in language code (""
// for any), says why: "because", "due to", "perché", "потому что".
func GivesReason(sentence, code string) bool {
	words := Words(sentence)
	for _, l := range cueLangs(code) {
		if has(l.cues.because, words) {
			return true
		}
	}
	return false
}
