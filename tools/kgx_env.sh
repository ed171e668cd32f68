#!/usr/bin/env bash
# Creates .kgx-venv with KGX and the Biolink model, once: KGX pins its own stack (LinkML,
# bmt, ...; about 730 MB, 3 minutes) so it gets its own environment, apart from .venv.
# A second run does nothing while the pins below are unchanged (marker file).
#   tools/kgx_env.sh [VENV]      (default: .kgx-venv beside this repository's root)
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-.kgx-venv}"
pins="kgx==2.6.0 biolink-model==4.4.6"
marker="$venv/.installed"
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$pins" ]; then
    exit 0
fi
command -v python3.11 >/dev/null 2>&1 && py=python3.11 || py=python3
rm -rf "$venv"
"$py" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet $pins
echo "$pins" > "$marker"
