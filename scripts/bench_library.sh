# bench_library.sh is sourced by bench.sh: the library group, whole-process
# figures over generated libraries (see bench.sh). It uses out, count and
# run from bench.sh.

# measure NAME CMD... runs CMD under /usr/bin/time -v and appends NAME,
# wall seconds and peak RSS (KiB) to OUT/library.raw.
measure() {
	name=$1
	shift
	/usr/bin/time -v "$@" >/dev/null 2>"$out/time.txt" || {
		cat "$out/time.txt" >&2
		return 1
	}
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$out/time.txt")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
	echo "$name $wall $rss" >>"$out/library.raw"
	echo "$name: ${wall}s, $((rss / 1024)) MiB" >&2
}

# medians prints each name's median wall time and peak RSS.
medians() {
	sort -k1,1 -k2,2n "$out/library.raw" | awk '
		{ n[$1]++; w[$1, n[$1]] = $2; r[$1, n[$1]] = $3 }
		END { for (k in n) { m = int((n[k] + 1) / 2); printf "%-28s %3d runs  median %7.3f s  %7.1f MiB\n", k, n[k], w[k, m], r[k, m] / 1024 } }' | sort
}

# searches BIN NAME DATA KNOWLEDGE [ENV...] times one search of an index.
# (sh has no local variables: these are prefixed not to clobber the
# caller's.)
searches() {
	s_bin=$1 s_name=$2 s_data=$3 s_know=$4
	shift 4
	measure "$s_name" env "$@" DATA_DIR="$s_data" KNOWLEDGE_DIR="$s_know" "$s_bin" search "political economy of the region" -k 5
}

# library_for BIN TAG measures BIN's index, search and serve figures.
library_for() {
	bin=$1 tag=$2 lib=$out/library
	api="EMBEDDER=openai OPENAI_BASE_URL=http://$embed_addr/v1 EMBEDDING_DIMENSIONS=1536 OPENAI_API_KEY=bench"
	precs="float32 int8"
	[ "$tag" = baseline ] && precs=float32 # a binary before VECTOR_PRECISION ignores it
	rm -rf "$lib/$tag"
	measure "$tag/index-builtin" env DATA_DIR="$lib/$tag/builtin" KNOWLEDGE_DIR= "$bin" index
	measure "$tag/index-50k" env DATA_DIR="$lib/$tag/50k" KNOWLEDGE_DIR="$lib/articles50k" "$bin" index
	# shellcheck disable=SC2086
	measure "$tag/index-api-builtin" env $api DATA_DIR="$lib/$tag/api-builtin" KNOWLEDGE_DIR= "$bin" index
	# shellcheck disable=SC2086
	measure "$tag/index-100k" env $api DATA_DIR="$lib/$tag/100k" KNOWLEDGE_DIR="$lib/articles100k" "$bin" index
	for p in $precs; do
		# The first search at a new precision builds its search file.
		env VECTOR_PRECISION=$p DATA_DIR="$lib/$tag/50k" KNOWLEDGE_DIR="$lib/articles50k" "$bin" search warm >/dev/null 2>&1 || true
		# shellcheck disable=SC2086
		env $api VECTOR_PRECISION=$p DATA_DIR="$lib/$tag/100k" KNOWLEDGE_DIR="$lib/articles100k" "$bin" search warm >/dev/null 2>&1 || true
	done
	for _ in $(seq "$count"); do
		searches "$bin" "$tag/search-builtin" "$lib/$tag/builtin" ""
		for p in $precs; do
			searches "$bin" "$tag/search-50k-$p" "$lib/$tag/50k" "$lib/articles50k" VECTOR_PRECISION=$p
			# shellcheck disable=SC2086
			searches "$bin" "$tag/search-100k-$p" "$lib/$tag/100k" "$lib/articles100k" $api VECTOR_PRECISION=$p
		done
		# shellcheck disable=SC2086
		searches "$bin" "$tag/search-api-builtin" "$lib/$tag/api-builtin" "" $api
	done
	for set in builtin: 50k:articles50k; do
		d=${set%%:*}
		k=${set#*:}
		[ -n "$k" ] && k=$lib/$k
		CSTOBOT_BIN=$bin CSTOBOT_DATA_DIR=$lib/$tag/$d CSTOBOT_KNOWLEDGE_DIR=$k \
			go test -run '^$' -bench ServeReady -benchtime "${count}x" ./internal/mklibrary | tee -a "$out/library-serve.txt" |
			sed -n "s|^BenchmarkServeReady[^ ]*|$tag/serve-$d|p"
	done
}

library() {
	lib=$out/library
	mkdir -p "$lib"
	: >"$out/library.raw"
	go build -o "$lib/cstobot" ./cmd/cstobot
	[ -d "$lib/articles50k" ] || go run ./internal/mklibrary -out "$lib/articles50k"
	[ -d "$lib/articles100k" ] || go run ./internal/mklibrary -out "$lib/articles100k" -mb 60 -articles 600 -seed 2
	embed_addr=127.0.0.1:${EMBED_PORT:-18099}
	go build -o "$lib/mklibrary" ./internal/mklibrary
	"$lib/mklibrary" -serve "$embed_addr" -vectors random -dim 1536 2>/dev/null &
	embed_pid=$!
	trap 'kill $embed_pid 2>/dev/null' EXIT
	sleep 1
	library_for "$lib/cstobot" new
	[ -n "${BASELINE:-}" ] && library_for "$BASELINE" baseline
	kill $embed_pid
	medians | tee "$out/library.txt"
}
