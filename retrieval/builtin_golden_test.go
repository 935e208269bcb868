package retrieval

import (
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/text"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files under testdata/")

// goldenTexts cover every path of the analyser: English, accents, Italian,
// French, Russian, numbers, typos.
var goldenTexts = []string{
	"Why doesn't the CSTO have the same ideological unity as NATO?",
	"Кто был президентом Казахстана во время протестов в начале 2022 года?",
	"Tra quali due paesi membri ci sono frequenti scontri di confine?",
	"Combien d'années sont passées depuis la chute de l'URSS ?",
	"The official total of 3,800 \"peacekeepers\" (20-30.000 in reality), 103a Airborne Brigade.",
	"Who was Kazakstan's presdent during the unrest?",
}

// TestBuiltinGolden pins the analyser's terms and a digest of the built-in
// embedder's vectors. Vectors stored in an index are only valid for the
// embedder that made them, so any change here must come with a new version
// in Builtin's ID ("builtin-vN-…"), which makes stored indexes rebuild.
// Update with: go test ./retrieval -run TestBuiltinGolden -update
func TestBuiltinGolden(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "embedder %s\n", NewBuiltin().ID())
	for i, v := range mustEmbed(t, goldenTexts...) {
		h := sha256.New()
		for _, x := range v {
			binary.Write(h, binary.LittleEndian, math.Float32bits(x))
		}
		fmt.Fprintf(&b, "\n%s\nterms  %s\nvector %x\n", goldenTexts[i], strings.Join(text.Terms(goldenTexts[i]), " "), h.Sum(nil)[:8])
	}
	const path = "testdata/quality/builtin.golden"
	if *updateGolden {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("analysis or embedding changed; if on purpose, bump the version in Builtin's ID and run with -update.\ngot:\n%s\nwant:\n%s", got, want)
	}
}
