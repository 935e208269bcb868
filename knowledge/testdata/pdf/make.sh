#!/bin/sh
# Rebuilds the test PDFs from the sources in src/ (see README.md).
# Needs: python3, LibreOffice (libreoffice-writer-nogui), qpdf, Ghostscript
# (all Debian packages).
set -eu
cd "$(dirname "$0")"
out=$(mktemp -d)
(cd src && python3 gen.py)
soffice --headless --convert-to pdf --outdir "$out" src/charter.fodt src/bulletin.fodt src/russian.fodt src/long.fodt >/dev/null
cp "$out/charter.pdf" "$out/bulletin.pdf" "$out/russian.pdf" "$out/long.pdf" .
# The same guide with compressed object streams and a cross-reference stream.
qpdf --object-streams=generate --compress-streams=y charter.pdf charter-objstm.pdf
# A password is needed to open these: AES-128, which the reader knows, and
# AES-256, which it does not...
qpdf --encrypt secret secret 128 --use-aes=y -- charter.pdf password.pdf
qpdf --encrypt secret secret 256 -- charter.pdf encrypted.pdf
# ...but not this one: only the owner password is set (AES, 128 bits).
qpdf --encrypt '' owner 128 --use-aes=y -- charter.pdf owner-password.pdf
# A page from another producer, with standard Type 1 fonts.
ps2pdf src/gs.ps gs.pdf
# A scan: the guide's first page as a picture, no text layer.
gs -q -sDEVICE=jpeggray -r40 -dJPEGQ=30 -dFirstPage=1 -dLastPage=1 -o "$out/page.jpg" charter.pdf
viewjpeg=$(ls /usr/share/ghostscript/*/lib/viewjpeg.ps | head -n 1)
gs -q -dNOSAFER -sDEVICE=pdfwrite -o scanned.pdf "$viewjpeg" \
	-c "($out/page.jpg) << /PageSize 2 index viewJPEGgetsize 2 array astore >> setpagedevice viewJPEG"
rm -r "$out"
