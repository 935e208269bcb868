package text

// ukrainian is told apart from Russian and answered in; its words are
// analysed as Russian ones, which share most stems once transliterated.
var ukrainian = &Language{
	Code: "uk", Name: "Ukrainian", Script: Cyrillic,
	Cues: Cues{
		When: `коли`, HowMany: `скільки`, Who: `хто`, Where: `де`, Why: `чому`,
		Which: `який, яка, які`, And: `і`,
	},
	Profile: Profile{
		Words: `і й та що він вона вони як але це ця цей ці з із зі від був
		була були хто де який яка які скільки чому коли між після згідно статті
		котрий`,
		Letters: "іїєґ",
	},
	Phrases: map[Msg]string{
		MsgRefusal: "У моїх джерелах про це нічого немає.",
	},
}

func init() { register(ukrainian) }
