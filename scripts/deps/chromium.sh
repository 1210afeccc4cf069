# shellcheck shell=bash
# Sourced by scripts/test.sh (set -euo pipefail is active). Makes Debian's
# Chromium available to the browser tests (cmd/readout/browser_test.go)
# and exports READOUT_CHROMIUM=/path/to/chromium.
#
#   - READOUT_CHROMIUM already set to an executable: use it, do nothing.
#   - chromium on PATH: export its path (quick; no network).
#   - missing and root: apt-get update && apt-get install -y chromium.
#   - missing and not root: print a note and export nothing; the browser
#     test then skips (or fails when CI=true).

readout_chromium_setup() {
	if [ -n "${READOUT_CHROMIUM:-}" ] && [ -x "${READOUT_CHROMIUM}" ]; then
		return 0
	fi
	local exe=""
	exe="$(command -v chromium 2>/dev/null || true)"
	if [ -z "$exe" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
		echo "chromium.sh: installing Debian's chromium for the browser tests" >&2
		if DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2; then
			exe="$(command -v chromium 2>/dev/null || true)"
		else
			echo "chromium.sh: apt-get install chromium failed" >&2
		fi
	fi
	if [ -z "$exe" ]; then
		echo "chromium.sh: no chromium; the browser tests will skip (install it: apt-get install chromium)" >&2
		return 0
	fi
	export READOUT_CHROMIUM="$exe"
}

readout_chromium_setup
unset -f readout_chromium_setup
