#!/usr/bin/env bash
# Creates <repo>/.venv-sigstore with sigstore-python 4.5.1 (PyPI `sigstore`), the real
# Sigstore client the loopback-Sigstore tests sign and verify with. Idempotent: when it is
# already installed it only checks a stamp file and returns.
#
# Environment:
#   PYTHON                   interpreter to build the venv from (default: python3)
#   MODEL_SIGNING_SIGSTORE_FORCE  set to 1 to reinstall
#
# Progress goes to stderr; nothing is printed on stdout. Python itself (and python3-venv)
# is installed by scripts/setup-reference.sh, which scripts/setup.sh runs first.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-sigstore"
requirements=(sigstore==4.5.1)
stamp="$venv/.setup-stamp"
want="requirements: ${requirements[*]}"

log() { printf 'setup-sigstore: %s\n' "$*" >&2; }

if [[ "${MODEL_SIGNING_SIGSTORE_FORCE:-0}" != 1 && -f "$stamp" && -x "$venv/bin/sigstore" ]] \
    && [[ "$(head -n 1 "$stamp")" == "$want" ]] \
    && "$venv/bin/python" -S -c '' 2>/dev/null; then
    exit 0
fi

# Serialize concurrent runs.
if command -v flock >/dev/null 2>&1 && [[ -z "${_SETUP_SIGSTORE_LOCKED:-}" ]]; then
    mkdir -p "$venv"
    [[ -f "$venv/.gitignore" ]] || printf '*\n' > "$venv/.gitignore"
    export _SETUP_SIGSTORE_LOCKED=1
    exec flock "$venv/.setup.lock" bash "${BASH_SOURCE[0]}" "$@"
fi

python="${PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || { log "error: $python not found"; exit 1; }

if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import pip' >/dev/null 2>&1; then
    log "creating venv $venv with $(command -v "$python") ($("$python" --version 2>&1))"
    rm -rf "$venv/bin" "$venv/lib" "$venv/lib64" "$venv/include" "$venv/pyvenv.cfg" "$stamp"
    "$python" -m venv "$venv" >&2
fi
[[ -f "$venv/.gitignore" ]] || printf '*\n' > "$venv/.gitignore"

log "installing ${requirements[*]} (PyPI)"
PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 "$venv/bin/python" -m pip install -q "${requirements[@]}" >&2
"$venv/bin/sigstore" --version >/dev/null

{
    echo "$want"
    "$venv/bin/python" -m pip freeze --disable-pip-version-check
} > "$stamp.tmp"
mv "$stamp.tmp" "$stamp"
log "sigstore-python ready: $venv/bin/sigstore ($("$venv/bin/sigstore" --version 2>&1 | tail -n 1))"
