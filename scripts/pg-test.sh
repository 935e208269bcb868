#!/usr/bin/env bash
# Runs a command next to a throwaway Postgres server, for the store's tests:
#
#   scripts/pg-test.sh go test -race ./internal/store
#
# The server lives in a temporary folder, listens only on a Unix socket
# there (no TCP port, so it clashes with nothing), trusts local connections
# and is stopped and removed when the command ends, whatever its outcome.
# The command sees CSTOBOT_TEST_DATABASE_URL; without it the Postgres tests
# skip. The exit status is the command's.
#
# It uses Debian's postgresql package, installed with apt-get when missing
# and run as root. As root, the server runs as the postgres user (Postgres
# refuses to run as root). PG_TEST_FSYNC=on keeps fsync on, for
# benchmarks; tests run faster without it.
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 COMMAND [ARGS...]   (e.g. $0 go test ./internal/store)" >&2
	exit 2
fi

# bindir finds the folder with initdb and pg_ctl: on PATH, or Debian's
# versioned folders (newest first).
bindir() {
	local d
	for d in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)")" \
		$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

install_postgres() {
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
		echo "pg-test: Postgres (initdb, pg_ctl) is not installed: install Debian's postgresql package" >&2
		exit 1
	fi
	echo "pg-test: installing Debian's postgresql package" >&2
	# Only the programs: no cluster of the package's own is created or started.
	mkdir -p /etc/postgresql-common/createcluster.d
	echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/cstobot-pg-test.conf
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends postgresql >&2
}

bin=$(bindir) || { install_postgres; bin=$(bindir); }

dir=$(mktemp -d "${TMPDIR:-/tmp}/cstobot-pg.XXXXXX")
as=()
if [ "$(id -u)" = 0 ]; then
	id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
	chown postgres "$dir"
	as=(runuser -u postgres --)
fi

stop() {
	local rc=$?
	(cd "$dir" && "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1) || true
	rm -rf "$dir"
	exit "$rc"
}
trap stop EXIT
trap 'exit 130' INT TERM

fsync=${PG_TEST_FSYNC:-off}
(
	cd "$dir"
	"${as[@]}" "$bin/initdb" -D "$dir/data" -U cstobot --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=$fsync -c max_connections=200" \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
)
echo "pg-test: Postgres $("$bin/postgres" --version | awk '{print $3}') on $dir (fsync=$fsync)" >&2

export CSTOBOT_TEST_DATABASE_URL="host=$dir user=cstobot dbname=postgres sslmode=disable"
"$@"
