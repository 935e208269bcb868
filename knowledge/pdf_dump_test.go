package knowledge

import (
	"fmt"
	"os"
	"testing"
)

func TestDumpPDF(t *testing.T) {
	f := os.Getenv("PDF")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	a, err := parsePDFFile(f, data)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("title=%q author=%q date=%v lang=%s\n", a.Title, a.Author, a.Published, a.Lang)
	for i, p := range Paragraphs(a.Body) {
		fmt.Printf("[p%d] %s\n\n", a.Pages[i], p)
	}
}
