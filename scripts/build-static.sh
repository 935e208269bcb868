#!/bin/sh
# Builds the release binary: static (no cgo, so it runs on a distroless
# "static" base with no libc), reproducible paths (-trimpath), stripped
# (-s -w) and stamped with its version. This script is the one place these
# flags live: the Dockerfile runs it, and internal/deploycheck's tests run it
# to check the very binary the image ships.
#
# Usage: VERSION=v1.2.3 OUT=/path/to/cstobot scripts/build-static.sh
# (defaults: VERSION=dev, OUT=./cstobot). Run from the module root.
set -eu

VERSION="${VERSION:-dev}"
OUT="${OUT:-./cstobot}"

CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$VERSION" -o "$OUT" ./cmd/cstobot
