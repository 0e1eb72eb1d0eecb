#!/usr/bin/env bash
# moto-venv.sh: a Python venv with moto's server (PyPI) for the MSK tests;
# prints the venv's python.  Made once under KDECK_CACHE (default
# ~/.cache/kdeck); a venv that already imports moto is used as it is.
set -euo pipefail
cache=${KDECK_CACHE:-$HOME/.cache/kdeck}
venv=$cache/moto-venv
version=${KDECK_MOTO_VERSION:-5.2.1}
if ! "$venv/bin/python" -c 'import moto.server, flask' > /dev/null 2>&1; then
    mkdir -p "$cache"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check "moto[server]==$version" >&2
fi
echo "$venv/bin/python"
