package answer

// Params are the numbers the answer decision runs on: when to refuse, how
// candidate sentences are scored, how long an extractive answer may be.
// DefaultParams gives the values that production, the tests and `cstobot
// eval` share; docs/PERFORMANCE.md (Quality) says what each was measured
// at and what the neighbouring values did.
type Params struct {
	// MinCoverage is the refusal threshold on coverage: when no passage
	// found holds this share of the question's weighted terms
	// (retrieval.Hit.Coverage), or the sentences an extractive answer
	// would quote hold less than MinShare between them, the answer is a
	// refusal and no model is called. 0 never refuses for lack of
	// coverage (MIN_COVERAGE=0); other refusals (a name the sources never
	// mention, a question whose intent no passage answers) still apply.
	MinCoverage float64
	// MinShare is the share of the question's weighted terms that the
	// sentences of an extractive answer must hold between them.
	MinShare float64
	// ContextCredit is how much of a question's term a sentence holds when
	// only its article's title has it: "the force … a little over 2,000"
	// in an article titled "… the CSTO's mission in Kazakhstan" answers
	// "how many troops did the CSTO send to Kazakhstan".
	ContextCredit float64
	// StrongShare is the share of the question's terms a sentence holding
	// a number or a date must have, when the number is not next to a word
	// of the question, to be taken as answering "how many" or "when".
	StrongShare float64
	// IntentBonus raises the score of a sentence that holds what the
	// question asks for: a date for "when", a number for "how many", a
	// name for "who", a reason for "why".
	IntentBonus float64
	// DefineBonus raises, once or twice, the score of a sentence that
	// says what the subject of a "what is" question is.
	DefineBonus float64
	// RecencyBonus raises, for a question about now ("still",
	// "currently"), the score of a sentence by how recent what it states
	// is among the candidates: the newest by the whole bonus.
	RecencyBonus float64
	// RankPenalty lowers a sentence's score for each rank its passage
	// stands below the first: among equals, what retrieval ranked higher.
	RankPenalty float64
	// ExtraRatio is how close to the best sentence's score another must
	// come to be added after it.
	ExtraRatio float64
	// TieWindow is how many terms apart a number or a date and a word of
	// the question may stand and still be read as one statement.
	TieWindow int
	// KinMinSim is how near in meaning a question's word must be to two
	// names the passages use to be taken for a name of the same kind that
	// they never mention ("turkmenistan" beside Uzbekistan, Kazakhstan).
	KinMinSim float64
	// MaxSentences and MaxChars bound an extractive answer: sentences, and
	// characters with their markers.
	MaxSentences, MaxChars int
	// MaxSentenceChars is the longest sentence quoted whole, and the
	// longest cut of one; ClauseTarget is what a cut is grown to, clause
	// by clause, so that it reads as a statement; MinExtraCut is the
	// shortest cut of a sentence added after the first.
	MaxSentenceChars, ClauseTarget, MinExtraCut int
	// SourceRecency is how much a newer source's score is raised, at most,
	// when ordering the sources given to a chat model, so that where
	// sources disagree the model reads the newer first.
	SourceRecency float64
}

// DefaultParams returns the parameters the project ships and measures.
func DefaultParams() Params {
	return Params{
		MinCoverage:      0.35,
		MinShare:         0.3,
		ContextCredit:    0.5,
		StrongShare:      0.6,
		IntentBonus:      0.2,
		DefineBonus:      0.2,
		RecencyBonus:     0.15,
		RankPenalty:      0.01,
		ExtraRatio:       0.5,
		TieWindow:        4,
		KinMinSim:        0.7,
		MaxSentences:     3,
		MaxChars:         380,
		MaxSentenceChars: 300,
		ClauseTarget:     240,
		MinExtraCut:      80,
		SourceRecency:    0.05,
	}
}
