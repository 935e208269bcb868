// Package text is the one place cstobot reads language. Everything that
// looks at words — the lexical index, the built-in embedder, the answer
// drafter, the support check, the loader's dates, the bot's own sentences —
// goes through it, so that a question and a source are read the same way
// everywhere.
//
// # Languages
//
// Each language is one file (lang_en.go, lang_ru.go, lang_it.go,
// lang_fr.go, lang_de.go, lang_es.go, lang_pt.go, lang_uk.go) holding a
// [Language]: its stop words, stemmer (Snowball for Italian, French,
// German, Spanish and Portuguese; our own light ones for English and
// Russian), a glossary into English, month names, number words and
// units, the cue phrases of its questions, a detection profile and the
// bot's phrases. Adding a language is adding such a file.
//
// # What it reads
//
//   - [Detect] tells a text's language; [Terms] and [Analyzer] turn text into
//     terms, the keys every index and comparison uses: folded, stemmed in
//     the text's language, translated into English through the glossary,
//     transliterated from Cyrillic and keyed phonetically, so that
//     "Казахстана", "Kazakistan" and "Kazakhstan" meet.
//   - [Sentences] and [SentenceEnds] are the one sentence splitter, for
//     passages (with list items' lead-ins) and drafted answers alike.
//   - [Facts] reads the numbers and dates a sentence states (ranges, units,
//     number words, "twice", dates written many ways); [Fact.Covers] says
//     whether a source's fact backs a claim's. [ParseDate] reads a date
//     written alone.
//   - [Names] finds what a question names; [SameName] and [KnownName]
//     allow for misspellings and translations of a name.
//   - [ParseQuestion] reads what a question asks ([Intent]): a date, a
//     number, a name, a place, a reason, a choice, yes or no, a
//     definition; whether it asks about now; whether it asks about an
//     article's author or date; and the parts of a compound question.
//   - [Speller] respells a question's typos into a corpus's words.
//   - [RelatedTerms] and [Synonyms] give the words that say the same thing
//     in other words (English word vectors in package wordvec, and
//     synonym groups); [TermsAndMeaning] a text's mean word vector.
//   - [Say], [FormatDate] and [FormatMonth] write the bot's own sentences and
//     dates in a language, from one phrase table keyed by [Msg].
//
// The package holds no state but immutable tables built on first use, and
// is safe for concurrent use.
package text
