package text

import "testing"

func TestPlace(t *testing.T) {
	for _, c := range []struct{ word, want string }{
		{"Moscow", "Russia"}, {"Kremlin", "Russia"}, {"Cremlino", "Russia"}, {"Россией", "Russia"}, {"Кремля", "Russia"},
		{"Armenian", "Armenia"}, {"armeno", "Armenia"}, {"Yerevan", "Armenia"}, {"Ереван", "Armenia"},
		{"Minsk", "Belarus"}, {"biélorusse", "Belarus"}, {"Bishkek", "Kyrgyzstan"}, {"kirgisischen", "Kyrgyzstan"},
		{"Kazajistán", "Kazakhstan"}, {"Uzbek", "Uzbekistan"}, {"Washington", "United States"}, {"Tashkent", "Uzbekistan"},
		{"Douchanbé", "Tajikistan"}, {"Indian", "India"},
	} {
		ts := Terms(c.word)
		if len(ts) != 1 {
			t.Errorf("Terms(%q) = %v", c.word, ts)
			continue
		}
		if got, ok := Place(ts[0]); !ok || got != c.want {
			t.Errorf("Place(%q from %q) = %q, %v; want %q", ts[0], c.word, got, ok, c.want)
		}
	}
	for _, w := range []string{"Collective", "treaty", "alliance", "Tokayev", "Pashinyan"} {
		for _, term := range Terms(w) {
			if p, ok := Place(term); ok {
				t.Errorf("Place(%q from %q) = %q; want none", term, w, p)
			}
		}
	}
}
