package text

import "github.com/blevesearch/snowballstem/french"

var francais = &Language{
	Code: "fr", Name: "French", Script: Latin,
	Stop: `
le la les un une des du de d l au aux et ou mais si que qui quoi quel quelle
quels quelles ne pas plus dans par pour sur avec sans sous entre est sont
etait etaient ete etre avoir ont avait avaient ce cet cette ces son sa ses
leur leurs il elle ils elles on nous vous je tu se y en comment combien
quand pourquoi selon aussi encore deja tres eu lieu depuis qu trouvait
dell nell all sull dall qual davvero tanti tante trovava trovavano trouvait
cos cosi
`,
	Stem: snowball(french.Stem),
	Glossary: `
pays:country etat:state membre:member alliance:alliance allie:ally
organisation:organization traite:treaty pacte:pact securite:security
defense:defense collective:collective militaire:military armee:army
troupe:troops soldat:soldiers force:force frontiere:border
affrontement:clash guerre:war conflit:conflict president:president
gouvernement:government regime:regime capitale:capital ville:city
manifestation:protest emeute:riot intervention:intervention mission:mission
operation:operation paix:peace peacekeeping:peacekeeping retrait:withdrawal
annee:year debut:early mois:month jour:day nombre:number officiel:official
fondee:founded origine:origin chute:fall sovietique:soviet union:union
russie:russia russe:russian kazakhstan:kazakhstan tadjikistan:tajikistan
kirghizistan:kyrgyzstan kirghizstan:kyrgyzstan ouzbekistan:uzbekistan
bielorussie:belarus armenie:armenia azerbaidjan:azerbaijan georgie:georgia
ukraine:ukraine moldavie:moldova americain:american inde:india
kremlin:kremlin moscou:moscow base:base aerienne:air brigade:brigade
bataillon:battalion division:division unite:unit envoye:sent
deploye:deployed hommes:men critique:criticism presse:press publique:public
tigre:tiger papier:paper menace:threat terrorisme:terrorism drogue:drug
statut:statute renouveler:renew quitte:left adhere:joined rejoindre:join
autoritaire:authoritarian valeurs:values ideologie:ideology
mediateur:mediator role:role influence:influence controle:control
sphere:sphere victoire:victory succes:success declare:declared
publie:published auteur:author odkb:csto otsc:csto urss:ussr
histoire:history repression:repression police:police garde:guard
national:national voisin:neighbor etranger:abroad premier:first
seconde:second deux:two trois:three deuxieme:second premiere:first
troisieme:third cinq:five neuf:nine dix:ten apogee:peak historique:historic
officiellement:officially ecrit:written ecrite:written redige:written
americaine:american envoyee:sent envoyees:sent envoyer:send
deployee:deployed deployees:deployed rejoint:rejoined objectif:goal
remonte:dates remonter:dates exemple:example hesite:reluctant
hesiter:reluctant soumettre:subdue moque:mocked soutien:support
soutenir:support soutenu:supported appele:called appelee:called nom:name
renouvellement:renewal popularite:popularity ennemi:enemy
independance:independence crise:crisis novembre:november janvier:january
fevrier:february mars:march avril:april juin:june juillet:july aout:august
septembre:september octobre:october decembre:december
secretaire:secretary general:general siege:headquarters sommet:summit
observateur:observer exercice:exercise exercices:exercise rapide:rapid
reaction:reaction suspendu:suspended suspendue:suspended gele:frozen
adhesion:membership creee:founded cree:founded creation:founding
fondateur:founder fondateurs:founder sortie:withdrawal retire:withdrew
retiree:withdrew chef:head mandat:term dirigeant:leader
otan:nato onu:un ue:eu ocs:sco cei:cis uee:eaeu ueea:eaeu varsovie:warsaw suede:sweden finlande:finland chine:china afghanistan:afghanistan turquie:turkey erevan:yerevan bichkek:bishkek douchanbe:dushanbe chisinau:chisinau pachinian:pashinyan`,
	Months: [12]string{"janvier janv", "février févr", "mars", "avril avr", "mai", "juin",
		"juillet juil", "août", "septembre", "octobre oct", "novembre nov", "décembre déc"},
	Numbers: `zéro:0 deux:2 trois:3 quatre:4 cinq:5 six:6 sept:7 huit:8 neuf:9 dix:10
onze:11 douze:12 treize:13 quatorze:14 quinze:15 seize:16 vingt:20 trente:30
quarante:40 cinquante:50 soixante:60 cent:*100 cents:*100 mille:*1000 million:*1000000
millions:*1000000`,
	Multiples: `double:2 doublé:2 triple:3`,
	Times:     `fois`,
	Units: `km:km kilomètres:km kilomètre:km pourcent:% ans:year an:year années:year année:year
mois:month jours:day jour:day semaines:week dollars:usd euros:eur roubles:rub`,
	Cues: Cues{
		When:    `quand, en quelle année, quelle année, depuis quand, à quelle date, quelle date`,
		HowMany: `combien, quel nombre, le nombre de`,
		HowLong: `combien de temps, pendant combien de temps`,
		Who:     `qui, de qui, à qui`,
		Where:   `où, dans quel pays, dans quelle ville, d où`,
		Why:     `pourquoi, pour quelle raison`,
		Which:   `quel, quelle, quels, quelles, lequel, laquelle, lesquels`,
		Define:  `qu est ce que, qu est ce qu, ^c est quoi, ^qui est, ^qui était, ^que signifie, que veut dire`,
		YesNo:   `^est ce que, ^est ce, ^y a t il, ^a t elle, ^a t il`,
		Now:     `aujourd hui, maintenant, actuellement, actuel, actuelle, actuels, toujours, encore, dernier, dernière, à présent, de nos jours`,
		Author:  `qui a écrit, auteur, autrice, écrit par`,
		Date:    `quand ... publié, quand ... publiée, publié, publiée, date de publication`,
		Title:   `titre, intitulé`,
		Article: `article, texte`,
		Because: `parce que, car, à cause de, en raison de, du fait de, afin de, pour protester, raison, c est pourquoi`,
		And:     `et`,
	},
	Profile: Profile{
		Words: `le la les un une des du de d' l' au aux et ou mais que qui quoi
			quel quelle quels quelles ne pas plus dans par pour sur avec sans sous
			entre est sont était étaient été être avoir ont avait ce cet cette ces
			son sa ses leur leurs il elle ils elles on nous vous je se en comment
			combien quand pourquoi où selon aussi qu' n' s' c' j' y`,
		Letters: "çêâôûœë",
		Grams: `_le les es_ _de de_ ent nt_ _qu que ue_ _la _et et_ _un ion
			eur ur_ _po our _pa _es est ait _ét été _co aux ux_`,
	},
	Phrases: map[Msg]string{
		MsgRefusal:    "Les sources dont je dispose ne traitent pas de ce sujet.",
		MsgNoDraft:    "Cette fois, je n'ai pas pu rédiger de réponse à partir de mes sources.",
		MsgLeadOne:    "Selon l'article %s :",
		MsgLeadMany:   "Selon les articles %s :",
		MsgSourcesEnd: "Mes sources s'arrêtent en %s.",
		MsgQuote:      "« %s »",
		MsgByline:     "« %[1]s » a été écrit par %[2]s et publié le %[3]s.",
		MsgDateline:   "« %[1]s » a été publié le %[2]s.",
		MsgCutShort:   "\n\n*(Cette réponse a été interrompue.)*",
		MsgCutRestart: "\n\n*(Cette réponse a été interrompue : je redémarre.)*",
		MsgCutRef:     "\n\n*(Cette réponse a été interrompue — référence `%s`.)*",
	},
	DayMonthYear: "%d %s %d", MonthYear: "%s %d",
}

func init() { register(francais) }
