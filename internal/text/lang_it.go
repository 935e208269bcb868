package text

import (
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/italian"
)

var italiano = &Language{
	Code: "it", Name: "Italian", Script: Latin,
	Stop: `
il lo la i gli le un uno una di da del dello della dei degli delle al allo
alla ai agli alle dal dallo dalla dai dagli dalle nel nello nella nei negli
nelle sul sullo sulla sui sugli sulle con su per tra fra e ed o ma se che chi
cui non come dove quando quale quali quanto quanta quanti quante perche cosa
sono sei siamo siete era erano fu furono essere ha
hanno ho hai abbiamo avere aveva avevano questo questa questi queste quello
quella quelli quelle ci si ne mi ti vi anche ancora piu gia poi secondo
articolo loro suo sua suoi sue due
dell nell all sull dall qual davvero tanti tante trovava trovavano cos cosi`,
	Stem: snowball(italian.Stem),
	Glossary: `
paese:country paesi:country nazione:nation nazioni:nation stato:state
stati:state membro:member membri:member alleanza:alliance alleanze:alliance
alleato:ally alleati:ally organizzazione:organization trattato:treaty
patto:pact sicurezza:security difesa:defense collettiva:collective
collettivo:collective militare:military militari:military esercito:army
truppe:troops truppa:troops soldati:soldiers forze:forces forza:force
confine:border confini:border frontiera:border scontro:clash scontri:clash
guerra:war conflitto:conflict presidente:president governo:government
regime:regime capitale:capital citta:city protesta:protest proteste:protest
manifestazioni:protest rivolta:uprising insurrezione:insurgency
intervento:intervention missione:mission operazione:operation pace:peace
ritiro:withdrawal anno:year anni:year inizio:early mese:month giorno:day
numero:number totale:total ufficiale:official fondata:founded
fondato:founded fondazione:founding nascita:birth origine:origin
crollo:collapse caduta:fall dissoluzione:breakup sovietica:soviet
sovietico:soviet unione:union russia:russia russo:russian russa:russian
kazakistan:kazakhstan kazakhstan:kazakhstan tagikistan:tajikistan
kirghizia:kyrgyzstan uzbekistan:uzbekistan bielorussia:belarus
armenia:armenia azerbaigian:azerbaijan georgia:georgia ucraina:ukraine
ukraine:ukraine moldavia:moldova americani:american india:india
cremlino:kremlin mosca:moscow base:base basi:base aerea:air aereo:air
aviazione:aviation brigata:brigade battaglione:battalion divisione:division
unita:unit inviato:sent inviati:sent inviata:sent schierato:deployed
schierati:deployed dispiegato:deployed uomini:men critica:criticism
critiche:criticism stampa:press opinione:opinion pubblica:public tigre:tiger
carta:paper minaccia:threat minacce:threat terrorismo:terrorism droga:drug
statuto:statute rinnovare:renew rinnovato:renewed uscire:leave uscito:left
usciti:left aderire:join aderito:joined entrare:join entrati:joined
autoritario:authoritarian autoritari:authoritarian valori:values
ideologia:ideology mediatore:mediator ruolo:role influenza:influence
controllo:control sfera:sphere sconfitta:defeat vittoria:victory
successo:success dichiarato:declared pubblicato:published autore:author
odkb:csto otsc:csto urss:ussr storia:history repressione:repression
polizia:police guardia:guard nazionale:national vicino:neighbor
estero:abroad primo:first tre:three seconda:second cinque:five nove:nine
dieci:ten picco:peak apice:peak storico:historic storica:historic
firmato:signed firmare:sign firma:signing firmatari:signatories
ufficialmente:officially scritto:written soldato:soldiers americana:american
americano:american contingenti:contingents contingente:contingent
inviare:send invio:sent schierata:deployed rientrato:rejoined
rientrata:rejoined rientrare:rejoin scopo:purpose obiettivo:goal
risale:dates risalire:dates esempio:example esempi:example
riluttante:reluctant reticente:reluctant sottomettere:subdue deriso:mocked
deridere:mock sostegno:support sostenere:support sostenuto:supported
aiuto:help chiamata:called chiamato:called nome:name accordo:agreement
rinnovo:renewal popolarita:popularity reputazione:reputation nemico:enemy
indipendenza:independence crisi:crisis gennaio:january febbraio:february
marzo:march aprile:april giugno:june luglio:july agosto:august
settembre:september ottobre:october novembre:november dicembre:december
segretario:secretary generale:general sede:headquarters vertice:summit
osservatore:observer esercitazione:exercise esercitazioni:exercise rapida:rapid
reazione:reaction sospeso:suspended sospesa:suspended congelato:frozen
adesione:membership creata:founded creato:founded creazione:founding
fondatore:founder fondatori:founder uscita:withdrawal ritirata:withdrawal
ritirato:withdrew vertici:summit capo:head scadenza:expiry mandato:term
guida:leader
otan:nato onu:un ue:eu sco:sco csi:cis uee:eaeu varsavia:warsaw svezia:sweden finlandia:finland cina:china afghanistan:afghanistan turchia:turkey erevan:yerevan biskek:bishkek dusanbe:dushanbe`,
	Months: [12]string{"gennaio gen", "febbraio feb", "marzo mar", "aprile apr", "maggio mag", "giugno giu",
		"luglio lug", "agosto ago", "settembre set", "ottobre ott", "novembre nov", "dicembre dic"},
	Numbers: `zero:0 due:2 tre:3 quattro:4 cinque:5 sei:6 sette:7 otto:8 nove:9 dieci:10
undici:11 dodici:12 tredici:13 quattordici:14 quindici:15 sedici:16 venti:20 trenta:30
quaranta:40 cinquanta:50 sessanta:60 settanta:70 ottanta:80 novanta:90 cento:*100
mille:1000 mila:*1000 milione:*1000000 milioni:*1000000`,
	Multiples: `doppio:2 triplo:3 raddoppiato:2`,
	Times:     `volte volta`,
	Units: `km:km chilometri:km chilometro:km percento:% anni:year anno:year mesi:month
mese:month giorni:day giorno:day settimane:week dollari:usd euro:eur rubli:rub`,
	Cues: Cues{
		When:    `quando, in che anno, in quale anno, che anno, da quando, in che data, quale data`,
		HowMany: `quanti, quante, quanto, quanta, che numero, il numero di`,
		HowLong: `per quanto tempo, quanto tempo, quanto è durato, quanto durò`,
		Who:     `chi, da chi, a chi, di chi`,
		Where:   `dove, in quale paese, in che paese, in quale città, da dove`,
		Why:     `perché, per quale motivo, come mai, per quale ragione`,
		Which:   `quale, quali, qual`,
		Define:  `^cos è, ^cosa è, ^che cos è, ^che cosa è, ^cos era, ^chi è, ^chi era, ^chi sono, cosa significa, che significa, cosa vuol dire`,
		YesNo:   `^è, ^è vero, ^ha, ^hanno, ^può, ^esiste`,
		Now:     `oggi, ora, adesso, attualmente, attuale, tuttora, ancora, ultimo, ultima, ultimi, più recente, al momento, oggigiorno`,
		Author:  `chi ha scritto, autore, autrice, scritto da`,
		Date:    `quando ... pubblicato, quando ... pubblicata, pubblicato, pubblicata, data di pubblicazione`,
		Title:   `titolo, intitolato`,
		Article: `articolo, testo, pezzo`,
		Because: `perché, poiché, dato che, a causa di, per via di, in seguito a, per protesta, per questo, motivo, ragione`,
		And:     `e ed`,
	},
	Profile: Profile{
		Words: `il lo la gli le un uno una di del dello della dei degli delle
			al alla ai agli alle dal dalla nel nella nei sul sulla con per tra fra
			che chi cui non come dove quando quale quali quanti quante quanto
			perché cosa è sono era erano fu ha hanno anche ancora più già poi
			secondo l' dell' all' nell' un' questo questa quello quella ed ci
			si cos' dov' qual`,
		Letters: "ìò",
		Grams: `_di _il _la la_ lla ell del ono no_ _ch che he_ _qu ent nto
			zio ion one ne_ gli li_ per _co _pe ato to_ità tà_ sta`,
	},
	Phrases: map[Msg]string{
		MsgRefusal:    "Le fonti che ho non trattano questo argomento.",
		MsgNoDraft:    "Questa volta non sono riuscito a comporre una risposta dalle mie fonti.",
		MsgLeadOne:    "Secondo l'articolo %s:",
		MsgLeadMany:   "Secondo gli articoli %s:",
		MsgSourcesEnd: "Le mie fonti si fermano a %s.",
		MsgQuote:      "«%s»",
		MsgByline:     "«%[1]s» è stato scritto da %[2]s e pubblicato il %[3]s.",
		MsgDateline:   "«%[1]s» è stato pubblicato il %[2]s.",
		MsgCutShort:   "\n\n*(Questa risposta è stata interrotta.)*",
		MsgCutRestart: "\n\n*(Questa risposta è stata interrotta: mi sto riavviando.)*",
		MsgCutRef:     "\n\n*(Questa risposta è stata interrotta — riferimento `%s`.)*",
	},
	DayMonthYear: "%d %s %d", MonthYear: "%s %d",
}

func init() { register(italiano) }

func snowball(stem func(*snowballstem.Env) bool) func(string, bool) string {
	return func(w string, _ bool) string {
		env := snowballstem.NewEnv(w)
		stem(env)
		return env.Current()
	}
}
