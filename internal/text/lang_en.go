package text

// english is the corpus's main language and the one the glossaries of the
// others translate into; its stemmer is a light one of our own
// (stem_en.go), which only needs terms to meet.
var english = &Language{
	Code: "en", Name: "English", Script: Latin,
	Stop: `
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
thx wait hmm um uh didnt doesnt dont isnt arent wasnt werent cant couldnt
wouldnt shouldnt hasnt havent wont whos wheres whens hows`,
	Keep: `war die man hat son era con sin car come dove data`,
	Stem: func(w string, _ bool) string { return stemEnglish(w) },
	Glossary: `
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
sec:secretary secgen:secretary gen:general jan:january feb:february apr:april
jun:june jul:july aug:august sep:september sept:september oct:october
nov:november dec:december ppl:people govt:government gov:government
intl:international mil:military yr:year yrs:year pres:president
pullout:withdrawal`,
	Synonyms: `troops soldiers men peacekeepers contingents units, country state nation republic,
war conflict clash fighting warfare, leave quit withdraw, join enter rejoin, goal purpose aim,
criticism criticize mock, help support`,
	Months: [12]string{"January Jan", "February Feb", "March Mar", "April Apr", "May", "June Jun",
		"July Jul", "August Aug", "September Sep Sept", "October Oct", "November Nov", "December Dec"},
	Numbers: `zero:0 one:1 two:2 three:3 four:4 five:5 six:6 seven:7 eight:8 nine:9 ten:10
eleven:11 twelve:12 thirteen:13 fourteen:14 fifteen:15 sixteen:16 seventeen:17
eighteen:18 nineteen:19 twenty:20 thirty:30 forty:40 fifty:50 sixty:60
seventy:70 eighty:80 ninety:90 hundred:*100 thousand:*1000 million:*1000000
billion:*1000000000 dozen:12`,
	Multiples: `twice:2 thrice:3 double:2 doubled:2 doubling:2 doubles:2 triple:3 tripled:3 tripling:3 quadrupled:4`,
	Times:     `times fold`,
	Units: `km:km kilometres:km kilometers:km kilometre:km kilometer:km mi:mi miles:mi
mile:mi percent:% per-cent:% pct:% years:year year:year months:month month:month
weeks:week week:week days:day day:day hours:hour hour:hour dollars:usd usd:usd
euros:eur euro:eur eur:eur roubles:rub rubles:rub`,
	Cues: Cues{
		When:    `when, what year, which year, what date, which date, what day, since when, in what year, how long ago, what time`,
		HowMany: `how many, how much, what number of, number of, what percentage, what share, how big, how large`,
		HowLong: `how long, for how long`,
		Who:     `who, whom, whose, which person, what person`,
		Where:   `where, in which country, in what country, in which city, in what city, what place, which place, whereabouts`,
		Why:     `why, for what reason, what reason, how come, what was the reason, what caused, what led to, what made`,
		Which:   `which, what kind of, what type of`,
		Define: `^what is, ^what are, ^what was, ^what were, ^what s, ^who is, ^who are, ^who was, ^who were,
			^who s, what does ... mean, what does ... stand for, what is meant by, ^define, ^what is the meaning of`,
		YesNo: `^is, ^are, ^was, ^were, ^do, ^does, ^did, ^can, ^could, ^has, ^have, ^had, ^will, ^would,
			^should, ^may, ^might, ^must, ^isn, ^aren, ^wasn, ^weren, ^didn, ^doesn, ^don, ^hasn, ^haven`,
		Now: `now, today, nowadays, currently, current, presently, latest, still, at present, these days,
			anymore, any more, any longer, most recent, newest, incumbent, as of`,
		Author:  `who wrote, who is the author, author, authors, written by, who authored, whose article, who penned, byline`,
		Date:    `when was ... published, when was ... written, published, publication date, date of publication, how old is`,
		Title:   `title, titled, headline`,
		Article: `article, piece, text, story, report, post, essay, source`,
		Because: `because, because of, due to, owing to, as a result of, in order to, so that, so as to, for fear, since it, since they, the reason, reasons, which is why, that is why, led to, in protest, in response to, in retaliation, after it, over its, citing, on the grounds`,
		And:     `and n &`,
	},
	Profile: Profile{
		Words: `the of and to in is was are were be been it that this which
			who whom what when where why how did does do has have had with for on
			by from as at an or not can could would will should its their there
			many much after before about into than also`,
		Grams: `_th the he_ ing ng_ _wh hat ed_ _an and nd_ _of of_ ion tio
			_is is_ _wa was _ha ere _be`,
	},
	Phrases: map[Msg]string{
		MsgRefusal:    "The sources I have don't cover that.",
		MsgNoDraft:    "I couldn't draft an answer from my sources this time.",
		MsgLeadOne:    "According to the article %s:",
		MsgLeadMany:   "According to the articles %s:",
		MsgSourcesEnd: "My sources end in %s.",
		MsgQuote:      "“%s”",
		MsgByline:     "“%[1]s” was written by %[2]s, published on %[3]s.",
		MsgDateline:   "“%[1]s” was published on %[2]s.",
		MsgCutShort:   "\n\n*(This answer was cut short.)*",
		MsgCutRestart: "\n\n*(This answer was cut short: I'm restarting.)*",
		MsgCutRef:     "\n\n*(This answer was cut short — reference `%s`.)*",
	},
	DayMonthYear: "%d %s %d", MonthYear: "%s %d",
}

func init() {
	register(english)
}
