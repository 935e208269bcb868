// Package knowledge turns sources (the built-in articles and an operator's
// folder of Markdown, text, HTML and PDF files) into passages ready to be
// indexed.
//
// It is a pure pipeline: fs.FS in, []Passage out, no network, no logging.
// [Builtin] returns the articles compiled into the binary, [Load] and
// [LoadDir] read an operator's folder, and [Split] cuts an article into
// passages whose IDs depend only on the article ID and the passage text, so
// re-indexing unchanged text is idempotent.
//
// # Adding articles
//
// Drop files into the knowledge folder (KNOWLEDGE_DIR); subfolders are walked,
// hidden files and folders (names starting with ".") are skipped, and files
// with other extensions are ignored.
//
//   - .md, .markdown: Markdown. Headings, emphasis, links and images are
//     reduced to plain text (a link keeps its text, an image is dropped);
//     code blocks are kept as text; each list item stays on its own line.
//   - .txt: plain text, kept as written; paragraphs are separated by blank
//     lines.
//   - .html, .htm: the page's main text: the <article> with the most text,
//     else <main>, else the element whose paragraphs hold the most text;
//     without scripts, styles, navigation, headers, footers, asides, forms,
//     and furniture found by class, id, role or link density (cookie
//     banners, share widgets, related links). The title is og:title, else
//     the JSON-LD headline, else <title>, else the first <h1>, without the
//     site's name; author, date and URL come from <meta> tags, JSON-LD,
//     <time> and rel="author", the language from <html lang>.
//   - .pdf: the text in reading order, rebuilt from glyph positions
//     (columns, running headers and footers, paragraphs across pages), each
//     paragraph with its page (Article.Pages, Passage.Page); title, author,
//     date and language from the document's metadata. Scans without text,
//     encrypted and broken files, and files past [MaxPDFSize],
//     [MaxPDFPages] or the bounds on work are reported.
//
// [FromWebPage] turns a fetched HTML page into a Markdown article with
// front matter, which reads back to the same text.
//
// A Markdown or text file may start with a front matter block of simple
// "key: value" lines between two "---" lines:
//
//	---
//	title: "CSTO: Russian NATO?"
//	author: Andrea Gaspardo
//	published: 2022-01-26
//	lang: en
//	url: https://example.org/csto
//	id: csto-2022
//	---
//
// Values may be quoted with "..." or '...'; unknown keys are ignored; "#"
// starts a comment line. The date (key published or date) may be written
// 2022-01-26, 2022-01-26T10:00:00Z, 26/01/2022 or 26 January 2022. Without
// front matter the title is the first heading, else the first line when it
// is short, else the file name. The article ID is "local/" followed by the
// file's path without extension (e.g. "local/news/csto"), unless front
// matter sets id (which may not start with "builtin/").
//
// A file that cannot be used (bad front matter, invalid UTF-8, no text, a
// date that cannot be read, larger than [MaxFileSize] ([MaxPDFSize] for a
// PDF), an ID already taken)
// is reported as a [FileError] naming the file and the reason, and the other
// files still load.
package knowledge
