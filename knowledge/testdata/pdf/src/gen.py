# Writes the flat ODF sources of the test PDFs (see ../README.md).
import html

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/"')

def doc(title, author, date, lang, country, size, body, columns=1, header="", footer=True):
    e = html.escape
    meta = f'<dc:title>{e(title)}</dc:title>' if title else ''
    if author:
        meta += f'<meta:initial-creator>{e(author)}</meta:initial-creator><dc:creator>{e(author)}</dc:creator>'
    if date:
        meta += f'<meta:creation-date>{date}</meta:creation-date><dc:date>{date}</dc:date>'
    hdr = f'<style:header><text:p text:style-name="Header">{e(header)}</text:p></style:header>' if header else ''
    ftr = ('<style:footer><text:p text:style-name="Footer">Page <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>'
           if footer else '')
    parts = []
    for kind, text in body:
        if kind == 'h':
            parts.append(f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{e(text)}</text:h>')
        elif kind == 'h2':
            parts.append(f'<text:h text:style-name="Heading_20_2" text:outline-level="2">{e(text)}</text:h>')
        elif kind == 'cols':
            parts.append('<text:section text:style-name="Cols" text:name="Columns">')
        elif kind == 'endcols':
            parts.append('</text:section>')
        else:
            parts.append(f'<text:p text:style-name="Body">{e(text)}</text:p>')
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta>{meta}</office:meta>
<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="&apos;Liberation Serif&apos;" style:font-family-generic="roman"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Serif" fo:font-size="{size}pt" fo:language="{lang}" fo:country="{country}"/></style:default-style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.3cm" fo:text-align="justify"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.3cm"/><style:text-properties fo:font-size="{size+6}pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.2cm"/><style:text-properties fo:font-size="{size+2}pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Header" style:family="paragraph"><style:text-properties fo:font-size="9pt" fo:font-style="italic"/></style:style>
<style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="9pt"/></style:style>
</office:styles>
<office:automatic-styles>
<style:style style:name="Cols" style:family="section"><style:section-properties><style:columns fo:column-count="{columns}" fo:column-gap="0.8cm"/></style:section-properties></style:style>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
<style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.4cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">{hdr}{ftr}</style:master-page></office:master-styles>
<office:body><office:text>{"".join(parts)}</office:text></office:body>
</office:document>
'''

def write(name, text):
    with open(name, 'w', encoding='utf-8') as f:
        f.write(text)

exec(open('texts.py', encoding='utf-8').read())
