package text

import "github.com/blevesearch/snowballstem/german"

var deutsch = &Language{
	Code: "de", Name: "German", Script: Latin,
	Stop: `
der die das den dem des ein eine einer eines einem einen und oder aber nicht
ist sind war waren wurde wurden wird werden worden hat haben hatte hatten wer
wen wem wessen was wann wo wohin woher warum wieso weshalb wie welche welcher
welches welchen welchem mit von vom zu zum zur im in ins auf für bei beim nach
aus über unter auch noch schon es sie er wir ihr ich du sich sein seine seiner
seinen ihre ihren ihrer dass als am an um bis durch gegen ohne so sehr nur
mehr denn doch ja nein kein keine seit laut gibt gab gemäß diese dieser dieses
diesen man mal etwa eigentlich bitte artikel`,
	Stem: snowball(german.Stem),
	Glossary: `
land:country länder:country staat:state staaten:state mitglied:member
mitglieder:member mitgliedstaat:member mitgliedstaaten:member bündnis:alliance
allianz:alliance verbündete:ally verbündeter:ally organisation:organization
vertrag:treaty pakt:pact sicherheit:security verteidigung:defense
kollektive:collective kollektiven:collective militärisch:military
militär:military armee:army truppen:troops soldaten:troops streitkräfte:forces
grenze:border krieg:war konflikt:conflict präsident:president
regierung:government hauptstadt:capital stadt:city proteste:protest
protest:protest unruhen:riot aufstand:uprising intervention:intervention
einsatz:mission mission:mission operation:operation frieden:peace
friedenstruppen:peacekeepers rückzug:withdrawal abzug:withdrawal jahr:year
jahre:year jahren:year monat:month tag:day zahl:number anzahl:number
gegründet:founded gründung:founding zusammenbruch:collapse zerfall:breakup
sowjetisch:soviet sowjetischen:soviet sowjetunion:ussr udssr:ussr union:union
russland:russia russisch:russian russischen:russian kasachstan:kazakhstan
tadschikistan:tajikistan kirgisistan:kyrgyzstan kirgistan:kyrgyzstan
usbekistan:uzbekistan weißrussland:belarus belarus:belarus armenien:armenia
aserbaidschan:azerbaijan georgien:georgia ukraine:ukraine moldau:moldova
moldawien:moldova amerikanisch:american amerikanische:american indien:india
kreml:kremlin moskau:moscow stützpunkt:base basis:base
luftwaffenstützpunkt:airbase brigade:brigade bataillon:battalion
division:division einheit:unit entsandt:deploy geschickt:deploy
stationiert:deployed kritik:criticism presse:press bedrohung:threat
terrorismus:terrorism drogen:drugs statut:statute charta:statute
verlängern:renew verlängert:renewed verlassen:leave ausgetreten:left
austritt:withdrawal beitreten:join beigetreten:joined beitritt:membership
autoritär:authoritarian werte:values ideologie:ideology vermittler:mediator
rolle:role einfluss:influence kontrolle:control erfolg:success
erklärt:declared veröffentlicht:published autor:author autorin:author
verfasser:author geschrieben:written ovks:csto odkb:csto geschichte:history
polizei:police nachbar:neighbor generalsekretär:secretary sekretär:secretary
gipfel:summit gipfeltreffen:summit hauptquartier:headquarters
sitz:headquarters beobachter:observer übung:exercise manöver:exercise
eingreiftruppe:force schnelle:rapid reaktion:reaction ausgesetzt:suspended
eingefroren:frozen mitgliedschaft:membership erste:first ersten:first
zweite:second zwei:two drei:three vier:four fünf:five sechs:six sieben:seven
acht:eight neun:nine zehn:ten januar:january februar:february märz:march
april:april mai:may juni:june juli:july august:august september:september
oktober:october november:november dezember:december hilfe:help
unterstützung:support gründer:founder gründungsmitglied:founder
gegründete:founded geschaffen:founded chef:head leiter:leader
nato:nato uno:un eu:eu soz:sco gus:cis eawu:eaeu warschauer:warsaw schweden:sweden finnland:finland china:china afghanistan:afghanistan türkei:turkey eriwan:yerevan bischkek:bishkek duschanbe:dushanbe paschinjan:pashinyan tokajew:tokayev`,
	Months: [12]string{"Januar Jan Jänner", "Februar Feb", "März Mär", "April Apr", "Mai", "Juni Jun",
		"Juli Jul", "August Aug", "September Sep Sept", "Oktober Okt", "November Nov", "Dezember Dez"},
	Numbers: `null:0 eins:1 zwei:2 drei:3 vier:4 fünf:5 sechs:6 sieben:7 acht:8 neun:9 zehn:10
elf:11 zwölf:12 fünfzehn:15 zwanzig:20 dreißig:30 vierzig:40 fünfzig:50 hundert:*100
tausend:*1000 million:*1000000 millionen:*1000000`,
	Multiples: `doppelt:2 zweimal:2 dreimal:3 verdoppelt:2`,
	Times:     `mal`,
	Units: `km:km kilometer:km prozent:% jahre:year jahren:year jahr:year monate:month monaten:month
monat:month tage:day tagen:day tag:day wochen:week dollar:usd euro:eur rubel:rub`,
	Cues: Cues{
		When:    `wann, seit wann, in welchem jahr, welches jahr, an welchem tag, welches datum`,
		HowMany: `wie viele, wie viel, wieviele, wieviel, welche anzahl`,
		HowLong: `wie lange`,
		Who:     `wer, wen, wem, wessen`,
		Where:   `wo, wohin, woher, in welchem land, in welcher stadt`,
		Why:     `warum, wieso, weshalb, weswegen, aus welchem grund`,
		Which:   `welche, welcher, welches, welchen, welchem`,
		Define:  `^was ist, ^was sind, ^was war, ^wer ist, ^wer war, ^wer sind, was bedeutet, wofür steht`,
		YesNo:   `^ist, ^sind, ^war, ^waren, ^hat, ^haben, ^hatte, ^gibt es, ^kann, ^können, ^wurde, ^wurden, ^gehört, ^gehören`,
		Now:     `jetzt, heute, derzeit, aktuell, aktuelle, gegenwärtig, noch, immer noch, zurzeit, momentan, neueste, letzte`,
		Author:  `wer hat ... geschrieben, wer schrieb, autor, autorin, verfasser, geschrieben von`,
		Date:    `wann ... veröffentlicht, wann ... erschienen, veröffentlicht, erschienen`,
		Title:   `titel, überschrift`,
		Article: `artikel, text, beitrag`,
		Because: `weil, da, wegen, aufgrund, deshalb, um zu, grund, aus protest`,
		And:     `und`,
	},
	Profile: Profile{
		Words: `der die das den dem des ein eine einer eines einem und oder
			aber nicht ist sind war waren wurde wurden hat haben wer wen wem was
			wann wo warum wie welche welcher welches mit von zu zum zur im in auf
			für bei nach aus über auch noch schon es sie er wir ihr`,
		Letters: "äöüß",
		Grams: `_de der er_ die ie_ _di ein _ei sch ch_ cht ich _un und nd_
			en_ _zu ung ng_ _wa wur _ge`,
	},
	Phrases: map[Msg]string{
		MsgRefusal:    "Meine Quellen behandeln das nicht.",
		MsgNoDraft:    "Diesmal konnte ich aus meinen Quellen keine Antwort formulieren.",
		MsgLeadOne:    "Laut dem Artikel %s:",
		MsgLeadMany:   "Laut den Artikeln %s:",
		MsgSourcesEnd: "Meine Quellen reichen nur bis %s.",
		MsgQuote:      "„%s“",
		MsgByline:     "„%[1]s“ wurde von %[2]s geschrieben und am %[3]s veröffentlicht.",
		MsgDateline:   "„%[1]s“ wurde am %[2]s veröffentlicht.",
		MsgCutShort:   "\n\n*(Diese Antwort wurde abgebrochen.)*",
		MsgCutRestart: "\n\n*(Diese Antwort wurde abgebrochen: Ich starte neu.)*",
		MsgCutRef:     "\n\n*(Diese Antwort wurde abgebrochen — Referenz `%s`.)*",
	},
	DayMonthYear: "%d. %s %d", MonthYear: "%s %d",
}

func init() { register(deutsch) }
