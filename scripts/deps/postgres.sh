# shellcheck shell=bash
# Sourced by scripts/test.sh (set -euo pipefail is active). Never fails
# the test run: when PostgreSQL cannot be had it says why and exports
# nothing (the PostgreSQL tests then skip, or fail under CI=true). Makes a
# PostgreSQL server available to the tests and exports
# READOUT_TEST_POSTGRES=postgres://… for internal/store/postgres.
#
#   - READOUT_TEST_POSTGRES already set: use it, do nothing.
#   - PostgreSQL missing: as root, install Debian's package
#     (apt-get install postgresql); otherwise print a note and export
#     nothing (the PostgreSQL tests then skip, or fail when CI=true).
#   - Start a throwaway cluster of our own: initdb into
#     /tmp/readout-pg-<uid> (or $READOUT_PG_DIR; owned by the `postgres` user when
#     run as root, since PostgreSQL refuses to run as root), listening on a
#     unix socket in that directory only (no TCP port to collide with),
#     trust authentication, fsync off. A second run finds it running and
#     only re-exports the URL; a stopped or half-made cluster is restarted
#     or rebuilt.
#
# Stop it with: pg_ctl -D /tmp/readout-pg-<uid>/data stop
# (as the postgres user when root).

readout_pg_setup() {
	if [ -n "${READOUT_TEST_POSTGRES:-}" ]; then
		return 0
	fi
	local bindir=""
	readout_pg_bindir() {
		local d
		# Highest installed major version first.
		for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
			if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
				echo "$d"
				return 0
			fi
		done
		if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
			dirname "$(command -v pg_ctl)"
			return 0
		fi
		return 1
	}
	bindir=$(readout_pg_bindir || true)
	if [ -z "$bindir" ]; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
			echo "postgres.sh: installing PostgreSQL (apt-get install postgresql)" >&2
			export DEBIAN_FRONTEND=noninteractive
			# A failed install is reported, not fatal: the other tests still
			# run, and the PostgreSQL ones say what is missing.
			if apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2; then
				bindir=$(readout_pg_bindir || true)
			fi
		fi
		if [ -z "$bindir" ]; then
			echo "postgres.sh: PostgreSQL is not installed and cannot be installed here (not root?);" \
				"the PostgreSQL store tests will skip (or fail with CI=true)" >&2
			return 0
		fi
	fi

	# /tmp, not $TMPDIR: the postgres user must be able to reach it, and a
	# unix socket path must stay under ~100 bytes.
	local base="${READOUT_PG_DIR:-/tmp/readout-pg-$(id -u)}"
	local data="$base/data" run=()
	if [ "$(id -u)" = 0 ]; then
		if ! id postgres >/dev/null 2>&1; then
			useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
		fi
		if command -v runuser >/dev/null 2>&1; then
			run=(runuser -u postgres --)
		else
			run=(su postgres -s /bin/sh -c '"$0" "$@"')
		fi
	fi
	local port=5432 db=readout_test user
	user=$([ "$(id -u)" = 0 ] && echo postgres || id -un)

	mkdir -p "$base"
	chmod 755 "$base"
	if [ "$(id -u)" = 0 ]; then
		chown postgres "$base"
	fi
	# Running already (a second source of this script)?
	if ! "${run[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		if [ ! -s "$data/PG_VERSION" ] || [ ! -s "$data/postgresql.conf" ]; then
			rm -rf "$data"
			"${run[@]}" "$bindir/initdb" -D "$data" -U "$user" --auth=trust --encoding=UTF8 \
				--locale=C.UTF-8 --no-sync >"$base/initdb.log" 2>&1 ||
				"${run[@]}" "$bindir/initdb" -D "$data" -U "$user" --auth=trust --encoding=UTF8 \
					--locale=C --no-sync >"$base/initdb.log" 2>&1 || {
				echo "postgres.sh: initdb failed, see $base/initdb.log" >&2
				return 0
			}
		fi
		rm -f "$data/postmaster.pid"
		"${run[@]}" "$bindir/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
			-o "-c listen_addresses='' -c unix_socket_directories='$base' -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
			start >/dev/null || {
			echo "postgres.sh: pg_ctl start failed, see $base/server.log" >&2
			return 0
		}
	fi
	local psql=("${run[@]}" "$bindir/psql" -h "$base" -p "$port" -U "$user" -d postgres -qAtX -v ON_ERROR_STOP=1)
	if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$db'" || true)" != 1 ] &&
		! "${psql[@]}" -c "CREATE DATABASE $db" >/dev/null; then
		echo "postgres.sh: cannot create database $db, see $base/server.log" >&2
		return 0
	fi
	export READOUT_TEST_POSTGRES="postgres://$user@/$db?host=$base&port=$port&sslmode=disable"
	echo "postgres.sh: READOUT_TEST_POSTGRES=$READOUT_TEST_POSTGRES" >&2
}
readout_pg_setup
unset -f readout_pg_setup readout_pg_bindir
