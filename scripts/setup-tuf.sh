#!/usr/bin/env bash
# Creates <repo>/.venv-tuf with python-tuf 7.0.1 (PyPI `tuf`, the reference TUF
# implementation), which the TUF tests use to build repositories (key rotation,
# rollback, freeze, mix-and-match, wrong hashes…) and as a second client to compare
# against. Idempotent: a stamp file makes a re-run return in milliseconds.
# Progress goes to stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-tuf"
requirements=(tuf==7.0.1 "securesystemslib[crypto]")
stamp="$venv/.setup-stamp"
want="requirements: ${requirements[*]}"

log() { printf 'setup-tuf: %s\n' "$*" >&2; }

if [[ -f "$stamp" && "$(head -n 1 "$stamp")" == "$want" ]] && "$venv/bin/python" -S -c '' 2>/dev/null; then
    exit 0
fi

# Serialize concurrent runs.
if command -v flock >/dev/null 2>&1 && [[ -z "${_SETUP_TUF_LOCKED:-}" ]]; then
    mkdir -p "$venv"
    [[ -f "$venv/.gitignore" ]] || printf '*\n' > "$venv/.gitignore"
    export _SETUP_TUF_LOCKED=1
    exec flock "$venv/.setup.lock" bash "${BASH_SOURCE[0]}" "$@"
fi

python="${PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || { log "error: $python not found"; exit 1; }
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -S -c '' 2>/dev/null; then
    log "creating $venv"
    "$python" -m venv --clear "$venv"
    printf '*\n' > "$venv/.gitignore"
fi
log "installing ${requirements[*]}"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}" >&2
printf '%s\n' "$want" > "$stamp"
