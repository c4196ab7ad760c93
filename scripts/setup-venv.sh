#!/usr/bin/env bash
# Creates or refreshes <repo>/.venv-NAME with the given PyPI requirements, then runs CHECK
# (a shell command, with the venv's bin first on PATH) to prove the install works.
# Idempotent: a stamp file naming the requirements makes a re-run return in milliseconds.
# Concurrent runs for the same venv are serialized with flock.
#
#   scripts/setup-venv.sh NAME CHECK REQUIREMENT...
#
# Environment:
#   PYTHON                    interpreter to build the venv from (default: python3; Debian's
#                             python3-venv is installed by scripts/setup-reference.sh)
#   MODEL_SIGNING_VENV_FORCE  set to 1 to reinstall
# Progress goes to stderr; nothing is printed on stdout.
set -euo pipefail

name="${1:?usage: scripts/setup-venv.sh NAME CHECK REQUIREMENT...}"
check="${2:?usage: scripts/setup-venv.sh NAME CHECK REQUIREMENT...}"
shift 2
(($#)) || { echo "setup-venv: no requirements given for $name" >&2; exit 2; }
requirements=("$@")

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-$name"
stamp="$venv/.setup-stamp"
want="requirements: ${requirements[*]}"

log() { printf 'setup-%s: %s\n' "$name" "$*" >&2; }

# Fast path: a completed install with the same requirements whose interpreter still runs
# (a removed base interpreter breaks a venv).
if [[ "${MODEL_SIGNING_VENV_FORCE:-0}" != 1 && -f "$stamp" && "$(head -n 1 "$stamp")" == "$want" ]] \
    && "$venv/bin/python" -S -c '' 2>/dev/null; then
    exit 0
fi

if command -v flock >/dev/null 2>&1 && [[ "${_SETUP_VENV_LOCKED:-}" != "$name" ]]; then
    mkdir -p "$venv"
    [[ -f "$venv/.gitignore" ]] || printf '*\n' > "$venv/.gitignore"
    export _SETUP_VENV_LOCKED="$name"
    exec flock "$venv/.setup.lock" bash "${BASH_SOURCE[0]}" "$name" "$check" "$@"
fi

python="${PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || { log "error: $python not found; install Python 3.9 or newer"; exit 1; }

if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import pip' >/dev/null 2>&1; then
    log "creating venv $venv with $(command -v "$python") ($("$python" --version 2>&1))"
    rm -rf "$venv/bin" "$venv/lib" "$venv/lib64" "$venv/include" "$venv/pyvenv.cfg" "$stamp"
    "$python" -m venv "$venv" >&2
fi
# Keep the venv out of git whatever the repository's .gitignore says.
[[ -f "$venv/.gitignore" ]] || printf '*\n' > "$venv/.gitignore"

log "installing ${requirements[*]} (PyPI)"
PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 "$venv/bin/python" -m pip install -q "${requirements[@]}" >&2

if ! PATH="$venv/bin:$PATH" bash -c "$check" >&2; then
    log "error: the installed packages do not work ($check failed)"
    exit 1
fi

{
    echo "$want"
    "$venv/bin/python" -m pip freeze --disable-pip-version-check
} > "$stamp.tmp"
mv "$stamp.tmp" "$stamp"
log "ready: $venv"
