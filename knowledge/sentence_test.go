package knowledge

import (
	"reflect"
	"strings"
	"testing"
)

func TestSentenceEnds(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "One. Two! Three? Four", []string{"One.", "Two!", "Three?", "Four"}},
		{"quotes and brackets close", `He said "stop." Then (all left.) After`, []string{`He said "stop."`, "Then (all left.)", "After"}},
		{"opening quote starts", `End. "Quoted" start`, []string{"End.", `"Quoted" start`}},
		{"numbers", "It grew by 3.5 percent. In 1999. 6 of 15 left.", []string{"It grew by 3.5 percent.", "In 1999.", "6 of 15 left."}},
		{"initialisms", "The U.S. Army and the U.S.S.R. Both.", []string{"The U.S. Army and the U.S.S.R. Both."}},
		{"latin abbreviations", "Allies, e.g. Armenia, i.e. Yes.", []string{"Allies, e.g. Armenia, i.e. Yes."}},
		{"titles and initials", "Dr. Ivanov met Gen. A. V. Kozyrev. Then left.", []string{"Dr. Ivanov met Gen. A. V. Kozyrev.", "Then left."}},
		{"lower case continues", "as many as possible. of men", []string{"as many as possible. of men"}},
		{"no space", "a.b.c. end", []string{"a.b.c. end"}},
		{"cyrillic", "Это ОДКБ. Россия и Армения.", []string{"Это ОДКБ.", "Россия и Армения."}},
		{"ellipsis", "Wait... Then go.", []string{"Wait...", "Then go."}},
		{"newline separates", "Line one.\nLine two.", []string{"Line one.", "Line two."}},
		{"cjk", "第一句。第二句。", []string{"第一句。", "第二句。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			start := 0
			for _, end := range append(sentenceEnds(tt.in), len(tt.in)) {
				got = append(got, strings.TrimSpace(tt.in[start:end]))
				start = end
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sentences of %q = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}
