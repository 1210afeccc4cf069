#!/usr/bin/env bash
# The project's test command: what the README tells a new user to run and
# what CI runs (.ci/run). Works on a fresh machine with only Go installed:
# each scripts/deps/*.sh installs and starts a service the tests need
# (when missing) and exports how to reach it; it is sourced in name order.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local
for dep in scripts/deps/*.sh; do
	[ -e "$dep" ] || continue
	# shellcheck source=/dev/null
	source "$dep"
done
go mod download
go vet ./...
go test -count=1 ./...
