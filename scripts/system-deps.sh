#!/usr/bin/env bash
# The system packages the tests need, installed the one way both `make test` and `.ci/run` use:
#   chromium        the browser the page tests drive (Playwright runs Debian's build; never `playwright install`)
#   raptor2-utils   `rapper`, an RDF parser independent of ours, for the RDF tests
# As root with apt-get: installs what is missing. Otherwise (or with --check): prints one line naming
# the packages to install and exits 1. Nothing to do: silent, exit 0.
set -euo pipefail
check_only=0
[ "${1:-}" = "--check" ] && check_only=1
need=()
command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM:-/nonexistent}" ] || need+=(chromium)
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$check_only" -eq 0 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    exit 0
fi
echo "the tests need system packages: ${need[*]}; install them with: sudo apt-get install ${need[*]}" >&2
exit 1
