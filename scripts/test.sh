#!/usr/bin/env bash
# The project's test command: what the README tells a new user to run and
# what CI runs (.ci/run). Works on a fresh machine with only Go installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local
go mod download
go vet ./...
go test -count=1 ./...
