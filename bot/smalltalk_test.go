package bot

import "testing"

func TestSmallTalk(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"thanks!", true},
		{"Thank you so much 🙏", true},
		{"lol", true},
		{"hahaha", true},
		{"👍", true},
		{"🎉🎉 <:pepe:123456789012345678>", true},
		{"?!", true},
		{"ok thanks", true},
		{"Спасибо большое!", true},
		{"ахахах", true},
		{"merci beaucoup", true},
		{"danke schön", true},
		{"¡gracias!", true},
		{"grazie mille", true},
		{"valeu kkkk", true},
		{"рахмет", true},
		{"When was the CSTO founded?", false},
		{"ok, and in 1999?", false},
		{"thanks, who signed it?", false},
		{"Кто основал ОДКБ?", false},
		{"yes yes yes yes yes yes yes", false}, // longer than small talk
		{"", false},
		{"1992", false},
	}
	for _, tt := range tests {
		if got := smallTalk(tt.text); got != tt.want {
			t.Errorf("smallTalk(%q) = %v; want %v", tt.text, got, tt.want)
		}
	}
}
