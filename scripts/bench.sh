#!/bin/sh
# bench.sh runs cstobot's performance benchmarks (docs/PERFORMANCE.md), each
# COUNT times, and summarises them with benchstat: raw results and the
# summary land in OUT (default $TMPDIR/cstobot-bench). Run it from anywhere in the repository:
#
#	scripts/bench.sh                 # everything, about 15 minutes on 2 cores
#	COUNT=3 scripts/bench.sh search  # only the named groups
#	scripts/bench.sh library         # whole processes over a generated library
#
# Groups: search vector bandwidth lexical sync open memory embed answer bot,
# and library (not in the default set: it writes about 2 GB and takes some
# 15 minutes). library builds cstobot, generates a library of 300 articles
# (30 MB, ~51k passages) and one of 600 (60 MB, ~103k passages), indexes
# them (the first with the built-in embedder, the second through an
# OpenAI-compatible fake serving random 1536-dim vectors), and times
# `index`, `search` (float32 and int8) and `serve` to /readyz with
# /usr/bin/time -v figures, beside the same commands over the built-in
# article alone, in one run; BASELINE=path/to/another/cstobot measures
# that binary too. Medians land in OUT/library.txt.
# Times on a shared machine are noisy: compare ratios taken in one run
# (x-bound is a search's time over the memory-bandwidth bound measured in the
# same process) and read benchstat's ranges, not single figures.
set -eu
cd "$(dirname "$0")/.."
count=${COUNT:-6}
out=${OUT:-${TMPDIR:-/tmp}/cstobot-bench}
mkdir -p "$out"
groups=${*:-search vector bandwidth lexical sync open memory embed answer bot}
. scripts/bench_library.sh

# run NAME COUNT PACKAGE ARGS... runs one group's benchmarks into OUT/NAME.txt.
run() {
	name=$1 n=$2 pkg=$3
	shift 3
	echo "== $name" >&2
	go test -run '^$' -count "$n" "$@" "$pkg" | tee "$out/$name.txt"
}

for g in $groups; do
	case $g in
	search) run search "$count" ./retrieval -bench '^BenchmarkSearch$' -benchtime 20x ;;
	vector) run vector "$count" ./retrieval -bench '^BenchmarkVectorSearch$' -benchtime 10x ;;
	bandwidth) run bandwidth "$count" ./retrieval -bench '^(BenchmarkBandwidth|BenchmarkDot)$' -benchtime 10x ;;
	lexical) run lexical "$count" ./retrieval -bench '^(BenchmarkLexicalSearch|BenchmarkNewLexical|BenchmarkBuiltinEmbed)$' -benchtime 5x ;;
	sync) run sync "$count" ./retrieval -bench '^BenchmarkSync$' -benchtime 2x ;;
	open) run open "$count" ./retrieval -bench '^BenchmarkOpen$' -benchtime 3x ;;
	# Memory is not noisy, and each count writes a 0.9 GB index: run once.
	memory) run memory 1 ./retrieval -bench '^BenchmarkOpenMemory$' -benchtime 1x ;;
	embed) run embed "$count" ./internal/llm -bench . -benchtime 3x ;;
	answer) run answer "$count" ./internal/answer -bench '^BenchmarkAnswerOffline$' ;;
	library) library ;;
	bot)
		run bot "$count" ./bot -bench '^(BenchmarkAck|BenchmarkAnswerOverhead)$' -benchtime 200x
		run bot-concurrent "$count" ./bot -bench '^Benchmark20ConcurrentAsk$' -benchtime 5x
		;;
	*)
		echo "bench.sh: unknown group $g" >&2
		exit 2
		;;
	esac
done

# One input, so that benchstat makes one column of every benchmark (several
# files would be compared with each other, as configurations).
for g in $groups; do
	[ "$g" = library ] && continue
	cat "$out/$g.txt"
	if [ "$g" = bot ]; then cat "$out/bot-concurrent.txt"; fi
done >"$out/all.txt"
[ -s "$out/all.txt" ] && go run golang.org/x/perf/cmd/benchstat@latest "$out/all.txt" | tee "$out/benchstat.txt"
exit 0
