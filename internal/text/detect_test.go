package text

import (
	"testing"
	"unicode/utf8"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, text string
		want       string
		minConf    float64 // the confidence must reach this
	}{
		{"en short", "Who founded the CSTO?", "en", 0.5},
		{"en long", "How many soldiers did the CSTO officially deploy in Kazakhstan in January 2022, and what was the real number?", "en", 0.7},
		{"it short name", "Chi è Tokayev?", "it", 0.5},
		{"it short", "Quando è nata la CSTO?", "it", 0.5},
		{"it where", "Dove si trova Manas?", "it", 0.5},
		{"it long", "Perché secondo l'articolo la CSTO non è paragonabile alla NATO, e quali paesi ne fanno parte?", "it", 0.7},
		{"fr short", "Qui est Tokayev ?", "fr", 0.5},
		{"fr elision", "Quand l'OTSC a-t-elle été créée ?", "fr", 0.5},
		{"fr long", "Pourquoi la Russie n'a-t-elle pas défendu l'Arménie pendant la guerre du Haut-Karabakh en 2020 ?", "fr", 0.7},
		{"ru short", "Кто такой Токаев?", "ru", 0.5},
		{"ru long", "Сколько военнослужащих ОДКБ официально направила в Казахстан в январе 2022 года?", "ru", 0.7},
		{"uk", "Які країни входять до ОДКБ і чому?", "uk", 0.5},
		{"de", "Wann wurde die OVKS gegründet und wer sind die Mitglieder?", "de", 0.6},
		{"es", "¿Cuándo se fundó la OTSC y quiénes son sus miembros?", "es", 0.6},
		{"pt", "Quando foi fundada a OTSC e quais são os seus membros?", "pt", 0.5},
		{"en with Russian name", "What does the Russian name ОДКБ stand for?", "en", 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, conf := Detect(tt.text)
			if got != tt.want || conf < tt.minConf {
				t.Errorf("Detect(%q) = %q, %.2f; want %q with at least %.2f", tt.text, got, conf, tt.want, tt.minConf)
			}
		})
	}
}

// TestDetectUnsure lists texts too short or too bare to tell: Detect must
// say so rather than guess, so that the caller uses the locale.
func TestDetectUnsure(t *testing.T) {
	for _, text := range []string{"", "CSTO?", "Tokayev", "2022", "ОДКБ", "NATO CSTO ODKB", "🙂", "Kazakhstan 2022?"} {
		got, conf := Detect(text)
		if conf >= 0.5 || (got != "" && got != "ru") {
			t.Errorf("Detect(%q) = %q, %.2f; want no language with confidence under 0.5", text, got, conf)
		}
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"Chi è Tokayev?", "Кто такой Токаев?", "l'", "’’’", "\xff\xfe", "a b c", "Ǆ ǅ ǆ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, conf := Detect(s)
		if conf < 0 || conf > 1 {
			t.Errorf("Detect(%q) confidence %v out of 0..1", s, conf)
		}
		if got != "" && (len(got) != 2 || !utf8.ValidString(got)) {
			t.Errorf("Detect(%q) = %q; want a two-letter code or nothing", s, got)
		}
	})
}

func BenchmarkDetect(b *testing.B) {
	passage := "The Collective Security Treaty Organization is a military alliance of six post-Soviet states. " +
		"It grew out of the Collective Security Treaty signed in Tashkent in 1992, and its members pledge to " +
		"come to each other's defence; its rapid reaction forces were sent to Kazakhstan in January 2022."
	for b.Loop() {
		Detect(passage)
	}
}
