package retrieval

import "github.com/cstobot/cstobot/internal/text"

// commonWords are frequent English content words, and frequent words of
// writing about politics and security. The built-in embedder has no corpus
// to learn IDF from, so it gives these, as analysed terms, weightCommon
// instead of weightTerm: a passage sharing "country" with a question says
// less than one sharing "Tashkent".
var commonTerms = func() map[string]bool {
	m := make(map[string]bool)
	for _, t := range text.TermsIn(commonWords, "en") {
		m[t] = true
	}
	return m
}()

const commonWords = `
time year years people way day days man men thing world life hand part child
woman place work week case point number group problem fact new first last
long great little old right big high different small large next early young
important few public bad same able good best better end ago today now later
make made know take see come think look want give use find tell ask seem feel
try leave call keep let begin show hear play run move live believe hold bring
happen write provide sit stand lose pay meet include continue set learn change
lead understand watch follow stop create speak read allow add spend grow open
walk win offer remember consider appear buy wait serve die send expect build
stay fall cut reach remain suggest raise pass report decide pull
country countries state states government nation national international
political politics policy power military security war force forces army
president minister leader leaders official officials region area side member
members part history period series role issue issues question example reason
order level situation support control action event events interest system
way form matter course result attempt effort view plan position relations
`
