package text

import "github.com/blevesearch/snowballstem/spanish"

var espanol = &Language{
	Code: "es", Name: "Spanish", Script: Latin,
	Stop: `
el la los las un una unos unas de del al a y e o u pero que qué quien quién
quienes quiénes cual cuál cuales cuáles cuando cuándo cuanto cuánto cuantos
cuántos cuanta cuánta cuantas cuántas donde dónde como cómo por porque para
no es son fue fueron era eran ha han había habían hay ser estar está están
estaba con sin en sobre entre su sus se lo le les me te nos os mi tu este
esta estos estas ese esa esos esas aquel muy más ya también según tan tanto
sí artículo`,
	Stem: snowball(spanish.Stem),
	Glossary: `
país:country países:country estado:state estados:state miembro:member
miembros:member alianza:alliance aliado:ally aliados:ally
organización:organization tratado:treaty pacto:pact seguridad:security
defensa:defense colectiva:collective colectivo:collective militar:military
militares:military ejército:army tropas:troops soldados:troops
fuerzas:forces fuerza:force frontera:border guerra:war conflicto:conflict
presidente:president gobierno:government capital:capital ciudad:city
protestas:protest protesta:protest disturbios:riot levantamiento:uprising
intervención:intervention misión:mission operación:operation paz:peace
retirada:withdrawal año:year años:year mes:month día:day número:number
fundada:founded fundado:founded fundación:founding creada:founded
creado:founded colapso:collapse disolución:breakup soviética:soviet
soviético:soviet unión:union rusia:russia ruso:russian rusa:russian
kazajistán:kazakhstan kazajstán:kazakhstan tayikistán:tajikistan
kirguistán:kyrgyzstan uzbekistán:uzbekistan bielorrusia:belarus
armenia:armenia azerbaiyán:azerbaijan georgia:georgia ucrania:ukraine
moldavia:moldova estadounidense:american americano:american india:india
kremlin:kremlin moscú:moscow base:base aérea:air brigada:brigade
batallón:battalion división:division unidad:unit enviado:deploy
enviados:deploy enviaron:deploy envió:deploy desplegado:deployed
crítica:criticism prensa:press amenaza:threat terrorismo:terrorism
drogas:drugs estatuto:statute carta:statute renovar:renew abandonar:leave
abandonó:left salió:left retiró:withdrew unirse:join adhesión:membership
ingresó:joined autoritario:authoritarian valores:values ideología:ideology
mediador:mediator papel:role influencia:influence control:control
éxito:success declarado:declared publicado:published publicó:published
autor:author autora:author escrito:written escribió:wrote otsc:csto
odkb:csto urss:ussr historia:history policía:police vecino:neighbor
secretario:secretary general:general cumbre:summit sede:headquarters
observador:observer ejercicio:exercise ejercicios:exercise rápida:rapid
reacción:reaction suspendida:suspended suspendido:suspended
congelada:frozen membresía:membership primero:first primer:first
segundo:second dos:two tres:three cuatro:four cinco:five seis:six
siete:seven ocho:eight nueve:nine diez:ten enero:january febrero:february
marzo:march abril:april mayo:may junio:june julio:july agosto:august
septiembre:september octubre:october noviembre:november
diciembre:december ayuda:help apoyo:support fundador:founder
fundadores:founder jefe:head líder:leader
otan:nato onu:un ue:eu ocs:sco cei:cis ueea:eaeu uee:eaeu varsovia:warsaw suecia:sweden finlandia:finland china:china afganistán:afghanistan turquía:turkey ereván:yerevan biskek:bishkek dusambé:dushanbe`,
	Months: [12]string{"enero ene", "febrero feb", "marzo mar", "abril abr", "mayo may", "junio jun",
		"julio jul", "agosto ago", "septiembre setiembre sep", "octubre oct", "noviembre nov", "diciembre dic"},
	Numbers: `cero:0 uno:1 dos:2 tres:3 cuatro:4 cinco:5 seis:6 siete:7 ocho:8 nueve:9 diez:10
once:11 doce:12 quince:15 veinte:20 treinta:30 cuarenta:40 cincuenta:50 cien:100 ciento:100
mil:*1000 millón:*1000000 millones:*1000000`,
	Multiples: `doble:2 duplicado:2 triple:3`,
	Times:     `veces vez`,
	Units: `km:km kilómetros:km kilómetro:km años:year año:year meses:month mes:month días:day
día:day semanas:week dólares:usd euros:eur rublos:rub`,
	Cues: Cues{
		When:    `cuándo, en qué año, qué año, desde cuándo, en qué fecha, qué fecha`,
		HowMany: `cuántos, cuántas, cuánto, cuánta, qué número, el número de`,
		HowLong: `cuánto tiempo, durante cuánto tiempo`,
		Who:     `quién, quiénes, a quién, de quién`,
		Where:   `dónde, adónde, en qué país, en qué ciudad, de dónde`,
		Why:     `por qué, por qué razón, por qué motivo`,
		Which:   `cuál, cuáles`,
		Define:  `^qué es, ^qué son, ^qué era, ^quién es, ^quién era, ^quiénes son, qué significa, qué quiere decir`,
		YesNo:   `^es, ^son, ^fue, ^ha, ^han, ^hay, ^puede, ^sigue, ^tiene, ^tienen`,
		Now:     `ahora, hoy, actualmente, actual, todavía, aún, sigue, siguen, hoy en día, último, última, más reciente`,
		Author:  `quién escribió, autor, autora, escrito por`,
		Date:    `cuándo ... publicado, cuándo ... publicada, publicado, publicada, fecha de publicación`,
		Title:   `título, titulado`,
		Article: `artículo, texto`,
		Because: `porque, ya que, debido a, a causa de, por eso, para, razón, motivo, en protesta`,
		And:     `y e`,
	},
	Profile: Profile{
		Words: `el la los las un una unos unas de del al y o pero que quién
			quiénes cuál cuáles cuándo cuánto cuántos cuántas dónde cómo por qué
			porque no es son fue fueron era eran ha han con para por en sobre entre
			su sus según también muy se lo`,
		Letters: "ñ¿¡",
		Grams: `_de de_ _la la_ _el el_ os_ _lo los as_ _qu que ue_ ión ón_
			_co _en en_ _es ado ado _po nte _y_`,
	},
	Phrases: map[Msg]string{
		MsgRefusal:    "Las fuentes que tengo no tratan ese tema.",
		MsgNoDraft:    "Esta vez no pude redactar una respuesta a partir de mis fuentes.",
		MsgLeadOne:    "Según el artículo %s:",
		MsgLeadMany:   "Según los artículos %s:",
		MsgSourcesEnd: "Mis fuentes llegan solo hasta %s.",
		MsgQuote:      "«%s»",
		MsgByline:     "«%[1]s» fue escrito por %[2]s y publicado el %[3]s.",
		MsgDateline:   "«%[1]s» fue publicado el %[2]s.",
		MsgCutShort:   "\n\n*(Esta respuesta se interrumpió.)*",
		MsgCutRestart: "\n\n*(Esta respuesta se interrumpió: me estoy reiniciando.)*",
		MsgCutRef:     "\n\n*(Esta respuesta se interrumpió — referencia `%s`.)*",
	},
	DayMonthYear: "%d de %s de %d", MonthYear: "%s de %d",
}

func init() { register(espanol) }
