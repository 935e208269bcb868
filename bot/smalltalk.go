package bot

import (
	"regexp"
	"strings"
	"unicode"
)

// maxChatWords is the longest small talk: past it a message is taken for a
// question, whatever its words.
const maxChatWords = 6

// chatWords are the words of thanks, greetings, agreement and goodbyes in
// the languages the bot's users write in; a message made of them alone is
// small talk.
var chatWords = wordSet(
	// English
	"thanks thank thx ty tysm tyvm you u so much very a lot ok okay k cool nice great awesome good "+
		"perfect got it i see hi hello hey yo bye cheers welcome yes yeah yep no nope sure wow oh ah lol lmao rofl omg",
	// Russian
	"спасибо спс спасибочки благодарю большое ок окей хорошо ясно понятно понял поняла круто класс супер "+
		"привет здравствуйте пока да нет ага лол",
	// French, German, Spanish, Italian, Portuguese
	"merci beaucoup mdr d'accord daccord salut bonjour super génial oui non "+
		"danke schön vielen dank hallo tschüss ja nein gut alles klar "+
		"gracias muchas vale hola adiós genial sí si buenas "+
		"grazie mille ciao perfetto va bene "+
		"obrigado obrigada valeu oi olá beleza",
	// Kazakh, Kyrgyz, Uzbek, Tajik, Armenian
	"рахмет рахмат rahmat ташаккур сау շնորհակալություն մերսի",
)

func wordSet(groups ...string) map[string]bool {
	set := map[string]bool{}
	for _, g := range groups {
		for _, w := range strings.Fields(g) {
			set[w] = true
		}
	}
	return set
}

var (
	// laughRe matches laughter: haha, jajaja, ахах, хахаха, kkkk, xd.
	laughRe = regexp.MustCompile(`^(?:(?:ha|he|hi|ja|je|ah|ха|хе|ах)+h?|k{2,}|x+d+)$`)
	// customEmojiRe matches Discord's custom emoji, <:name:id> and <a:name:id>.
	customEmojiRe = regexp.MustCompile(`<a?:\w+:\d+>`)
)

// smallTalk reports whether text is chat rather than a question: a few
// words of thanks, greeting, agreement or laughter, or emoji and
// punctuation alone. Such messages get no answer (which would be a
// refusal) and are never brought to the moderators.
func smallTalk(text string) bool {
	text = customEmojiRe.ReplaceAllString(strings.ToLower(text), " ")
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '\''
	})
	if len(words) == 0 {
		return strings.TrimSpace(text) != ""
	}
	if len(words) > maxChatWords {
		return false
	}
	for _, w := range words {
		if !chatWords[strings.Trim(w, "'")] && !laughRe.MatchString(w) {
			return false
		}
	}
	return true
}
