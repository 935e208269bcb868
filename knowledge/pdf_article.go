package knowledge

import (
	"cmp"
	"errors"
	"strings"
)

// parsePDFFile turns a PDF into an article whose paragraphs know their
// pages. The title is the document's metadata title, else its first page's
// heading; author, date and language come from the metadata when present.
func parsePDFFile(name string, data []byte) (Article, error) {
	if !isPDF(data) {
		return Article{}, errors.New("not a PDF file (it does not start with %PDF-)")
	}
	doc, err := parsePDF(data)
	if err != nil {
		return Article{}, err
	}
	a := Article{Meta: Meta{Title: doc.Title, Author: doc.Author}}
	if doc.Date != "" {
		// pdfDate only returns dates that parse.
		a.Published, _ = parseDate(doc.Date)
	}
	a.Lang, _ = parseLang(doc.Lang)
	a.Lang = cmp.Or(a.Lang, "en")
	texts := make([]string, len(doc.Paras))
	a.Pages = make([]int, len(doc.Paras))
	for i, p := range doc.Paras {
		texts[i], a.Pages[i] = p.Text, p.Page
	}
	a.Body = strings.Join(texts, "\n\n")
	a.Title = cmp.Or(a.Title, doc.Heading, titleFromName(name))
	return a, nil
}
