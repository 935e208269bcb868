package retrieval

import "strings"

// stopWords holds English, Italian and French function words, accents
// folded. Question words are here too: "when" or "quanti" say what kind of
// answer is wanted (see queryHints), not what it is about.
var stopWords = setOf(`
a about above after again against all almost also although am among an and
any are aren as at be because been before being below between both but by
can cannot could did didn do does doesn doing don down during each either
else even ever every few for from further had hadn has hasn have haven having
he her here hers herself him himself his how however i if in into is isn it
its itself just let ll may me might more most much must my myself no nor not
now of off often on once only or other our ours ourselves out over own per
quite rather re really s same shall she should so some such than that the
their theirs them themselves then there these they this those though through
thus to too under until up upon us ve very was wasn we were weren what whats
when where whether which while who whom whose why will with within without
would yet you your yours yourself according article tell please say says
said does something anything thing things way ever many another
get got
lol lmao lmfao rofl pls plz btw tbh idk imo imho ngl fyi afaik iirc anyway
anyways actually basically exactly okay ok hey hi hello yo guys bro thanks
thx wait hmm um uh

il lo la i gli le un uno una di da del dello della dei degli delle al allo
alla ai agli alle dal dallo dalla dai dagli dalle nel nello nella nei negli
nelle sul sullo sulla sui sugli sulle con su per tra fra e ed o ma se che chi
cui non come dove quando quale quali quanto quanta quanti quante perche cosa
sono sei siamo siete era erano fu furono essere ha
hanno ho hai abbiamo avere aveva avevano questo questa questi queste quello
quella quelli quelle ci si ne mi ti vi anche ancora piu gia poi secondo
articolo loro suo sua suoi sue due

le la les un une des du de d l au aux et ou mais si que qui quoi quel quelle
quels quelles ne pas plus dans par pour sur avec sans sous entre est sont
etait etaient ete etre avoir ont avait avaient ce cet cette ces son sa ses
leur leurs il elle ils elles on nous vous je tu se y en comment combien
quand pourquoi selon aussi encore deja tres eu lieu depuis qu
dell nell all sull dall qual davvero tanti tante trovava trovavano trouvait
cos cosi
`)

// ruStopWords holds Russian function and question words.
var ruStopWords = setOf(`
и в во не что он на я с со как а то все она так его но да ты к у же вы за
бы по только ее её мне было вот от меня еще ещё нет о из ему теперь когда
даже ну вдруг ли если уже или ни быть был была были было него до вас нибудь
опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней
для мы тебя их чем сам чтоб без будто чего раз тоже себе под будет ж тогда
кто этот того потому этого какой совсем ним здесь этом один почти мой тем
чтобы нее сейчас куда зачем всех никогда можно при наконец два об другой
хоть после над больше тот через эти нас про всего них какая много разве три
эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им
более всегда конечно всю между это эта согласно статье статья сколько
почему какие каких какое какую который которая которые
которого которой котором которым которую которых статьи статью находилась
находился находится находятся такое такая такие таком
`)

func setOf(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// glossary maps common Italian and French words of questions about security
// and politics to English. Keys are lower-case with accents folded; a plural
// in -s/-x is found through its singular.
var glossary = pairsOf(`
paese:country paesi:country pays:country nazione:nation nazioni:nation
stato:state stati:state etat:state membro:member membri:member membre:member
alleanza:alliance alleanze:alliance alliance:alliance alleato:ally alleati:ally
allie:ally organizzazione:organization organisation:organization
trattato:treaty traite:treaty patto:pact pacte:pact sicurezza:security
securite:security difesa:defense defense:defense collettiva:collective
collettivo:collective collective:collective militare:military militari:military
militaire:military esercito:army armee:army truppe:troops truppa:troops
troupe:troops soldati:soldiers soldat:soldiers forze:forces forza:force
force:force confine:border confini:border frontiera:border frontiere:border
scontro:clash scontri:clash affrontement:clash guerra:war guerre:war
conflitto:conflict conflit:conflict presidente:president president:president
governo:government gouvernement:government regime:regime capitale:capital
citta:city ville:city protesta:protest proteste:protest manifestazioni:protest
manifestation:protest rivolta:uprising insurrezione:insurgency emeute:riot
intervento:intervention intervention:intervention missione:mission
mission:mission operazione:operation operation:operation pace:peace paix:peace
peacekeeping:peacekeeping ritiro:withdrawal retrait:withdrawal anno:year
anni:year annee:year inizio:early debut:early mese:month mois:month giorno:day jour:day
numero:number nombre:number totale:total ufficiale:official officiel:official
fondata:founded fondato:founded fondee:founded fondazione:founding
nascita:birth origine:origin crollo:collapse
caduta:fall chute:fall dissoluzione:breakup sovietica:soviet sovietico:soviet
sovietique:soviet unione:union union:union russia:russia russie:russia
russo:russian russa:russian russe:russian kazakistan:kazakhstan
kazakhstan:kazakhstan tagikistan:tajikistan tadjikistan:tajikistan
kirghizistan:kyrgyzstan kirghizia:kyrgyzstan kirghizstan:kyrgyzstan
uzbekistan:uzbekistan ouzbekistan:uzbekistan bielorussia:belarus
bielorussie:belarus armenia:armenia armenie:armenia azerbaigian:azerbaijan
azerbaidjan:azerbaijan georgia:georgia georgie:georgia ucraina:ukraine
ukraine:ukraine moldavia:moldova moldavie:moldova 
americani:american americain:american india:india inde:india cremlino:kremlin
kremlin:kremlin mosca:moscow moscou:moscow base:base basi:base aerea:air
aerienne:air aereo:air aviazione:aviation brigata:brigade brigade:brigade
battaglione:battalion bataillon:battalion divisione:division division:division
unita:unit unite:unit inviato:sent inviati:sent inviata:sent envoye:sent
schierato:deployed schierati:deployed dispiegato:deployed deploye:deployed
uomini:men hommes:men critica:criticism critiche:criticism critique:criticism
stampa:press presse:press opinione:opinion pubblica:public publique:public
tigre:tiger carta:paper papier:paper minaccia:threat minacce:threat
menace:threat terrorismo:terrorism terrorisme:terrorism droga:drug
drogue:drug statuto:statute statut:statute rinnovare:renew renouveler:renew
rinnovato:renewed uscire:leave uscito:left usciti:left quitte:left
aderire:join aderito:joined adhere:joined rejoindre:join entrare:join
entrati:joined autoritario:authoritarian autoritari:authoritarian
autoritaire:authoritarian valori:values valeurs:values ideologia:ideology
ideologie:ideology mediatore:mediator mediateur:mediator ruolo:role role:role
influenza:influence influence:influence controllo:control controle:control
sfera:sphere sphere:sphere sconfitta:defeat vittoria:victory victoire:victory
successo:success succes:success dichiarato:declared declare:declared
pubblicato:published publie:published autore:author auteur:author
odkb:csto otsc:csto urss:ussr storia:history histoire:history repressione:repression
repression:repression polizia:police police:police guardia:guard garde:guard
nazionale:national national:national vicino:neighbor voisin:neighbor
estero:abroad etranger:abroad premier:first primo:first
seconde:second deux:two tre:three trois:three
deuxieme:second premiere:first troisieme:third seconda:second
cinque:five cinq:five nove:nine neuf:nine dieci:ten dix:ten 
picco:peak apice:peak apogee:peak storico:historic storica:historic
historique:historic firmato:signed firmare:sign firma:signing firmatari:signatories
ufficialmente:officially officiellement:officially scritto:written ecrit:written
ecrite:written redige:written soldato:soldiers
americana:american americano:american americaine:american contingenti:contingents
contingente:contingent envoyee:sent envoyees:sent envoyer:send inviare:send
invio:sent deployee:deployed deployees:deployed schierata:deployed
rientrato:rejoined rientrata:rejoined rientrare:rejoin rejoint:rejoined
scopo:purpose obiettivo:goal objectif:goal
risale:dates risalire:dates remonte:dates remonter:dates esempio:example
esempi:example exemple:example riluttante:reluctant hesite:reluctant
hesiter:reluctant reticente:reluctant sottomettere:subdue soumettre:subdue
deriso:mocked deridere:mock moque:mocked sostegno:support sostenere:support
soutien:support soutenir:support sostenuto:supported soutenu:supported
aiuto:help chiamata:called chiamato:called appele:called appelee:called
nome:name nom:name accordo:agreement rinnovo:renewal
renouvellement:renewal popolarita:popularity popularite:popularity
reputazione:reputation nemico:enemy ennemi:enemy
indipendenza:independence independance:independence crisi:crisis crise:crisis
gennaio:january febbraio:february marzo:march aprile:april giugno:june
luglio:july agosto:august settembre:september ottobre:october novembre:november
dicembre:december janvier:january fevrier:february mars:march avril:april
juin:june juillet:july aout:august septembre:september octobre:october
decembre:december
`)

// irregular maps irregular English verb forms, and a few synonyms that
// questions use for the words articles use, to one regular word.
var irregular = pairsOf(`
sent:deploy send:deploy dispatch:deploy dispatched:deploy called:name
named:name led:lead took:take taken:take began:begin begun:begin became:become
found:find made:make went:go gone:go fought:fight won:win lost:lose held:hold
left:leave brought:bring thought:think told:tell saw:see seen:see known:know
knew:know grew:grow grown:grow chose:choose chosen:choose fell:fall
fallen:fall broke:break broken:break struck:strike sought:seek shook:shake
shaken:shake spoke:speak spoken:speak wrote:write written:write paid:pay
kept:keep meant:mean felt:feel ran:run came:come gave:give given:give
stood:stand understood:understand rose:rise risen:rise bore:bear drew:draw
drawn:draw hid:hide hidden:hide sold:sell bought:buy built:build met:meet
charter:statute defence:defense offence:offense licence:license
soldiers:troops soldier:troops airbase:base
`)

// ruGlossary maps Russian words to English. Keys are written in the
// nominative; init adds their stems so other case forms find them too.
var ruGlossary = func() map[string]string {
	m := pairsOf(ruGlossaryPairs)
	for _, f := range strings.Fields(ruGlossaryPairs) {
		k, v, _ := strings.Cut(f, ":")
		if s := stemRussian(k, false); m[s] == "" {
			m[s] = v
		}
	}
	return m
}()

const ruGlossaryPairs = `
страна:country государство:state член:member участник:member альянс:alliance
союз:union союзник:ally организация:organization договор:treaty пакт:pact
безопасность:security оборона:defense коллективный:collective военный:military
армия:army войска:troops войско:troops солдат:soldiers сила:force силы:forces
граница:border пограничный:border столкновение:clash конфликт:conflict
война:war президент:president правительство:government режим:regime
столица:capital город:city протест:protest протесты:protest беспорядки:riot
восстание:uprising вмешательство:intervention миссия:mission операция:operation
миротворец:peacekeeper миротворческий:peacekeeping мир:peace вывод:withdrawal
время:time начало:early год:year годы:years лет:years месяц:month день:day число:number
количество:number официальный:official основан:founded основание:founding
создание:founding распад:breakup крах:collapse падение:fall советский:soviet
ссср:ussr россия:russia российский:russian русский:russian казахстан:kazakhstan
казахский:kazakh таджикистан:tajikistan киргизия:kyrgyzstan
кыргызстан:kyrgyzstan узбекистан:uzbekistan беларусь:belarus
белоруссия:belarus армения:armenia азербайджан:azerbaijan грузия:georgia
украина:ukraine молдова:moldova молдавия:moldova сша:usa америка:america
индия:india кремль:kremlin москва:moscow база:base авиабаза:airbase
бригада:brigade батальон:battalion дивизия:division отправить:sent
направить:sent развернуть:deployed критика:criticism пресса:press
мнение:opinion общественный:public бумажный:paper тигр:tiger угроза:threat
терроризм:terrorism наркотики:drugs устав:statute продлить:renew
выйти:leave вступить:join авторитарный:authoritarian ценность:values
идеология:ideology посредник:mediator роль:role влияние:influence
контроль:control сфера:sphere успех:success объявить:declared
опубликовать:published автор:author дата:date история:history
репрессия:repression полиция:police гвардия:guard национальный:national
сосед:neighbor ближнее:near зарубежье:abroad первый:first второй:second
одкб:csto нато:nato путин:putin токаев:tokayev алматы:almaty ташкент:tashkent
ташкентский:tashkent распался:breakup распасться:breakup распалась:breakup
подписать:sign подписали:signed подписал:signed подписан:signed
американский:american американская:american киргизии:kyrgyzstan
киргизстан:kyrgyzstan пик:peak пике:peak миротворцы:peacekeepers
миротворцев:peacekeepers подразделение:unit часть:part вышли:left вышла:left
вышел:left входить:member входило:member входили:member входит:member
открыть:open открыла:opened открыл:opened называть:called называют:called
написал:wrote написать:write солдаты:troops военнослужащие:troops
цель:purpose задача:purpose январь:january февраль:february март:march
марта:march апрель:april апреля:april июнь:june июня:june июль:july
июля:july август:august августа:august сентябрь:september сентября:september
октябрь:october октября:october ноябрь:november ноября:november
декабрь:december декабря:december января:january февраля:february
независимость:independence кризис:crisis поддержка:support поддержать:support
пример:example
`

func pairsOf(s string) map[string]string {
	m := make(map[string]string)
	for _, f := range strings.Fields(s) {
		k, v, _ := strings.Cut(f, ":")
		m[k] = v
	}
	return m
}
