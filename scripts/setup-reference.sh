#!/usr/bin/env bash
# Creates <repo>/.venv-reference with the reference Python implementation of
# OpenSSF Model Signing (PyPI `model-signing` 1.1.1), used by the tests and the
# benchmark to compare against. Idempotent: when everything is already
# installed it only checks a stamp file and returns (a few milliseconds).
#
# Environment:
#   PYTHON                   interpreter to build the venv from (default: python3)
#   MODEL_SIGNING_REF_FORCE  set to 1 to reinstall the packages
#
# Progress goes to stderr; nothing is printed on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-reference"
# model-signing 1.1.1 imports OpenSSL (pyopenssl) without declaring it.
requirements=(model-signing==1.1.1 pyopenssl blake3)
stamp="$venv/.setup-stamp"
want="requirements: ${requirements[*]}"

log() { printf 'setup-reference: %s\n' "$*" >&2; }

# Fast path: stamp written by a completed install with the same requirements,
# and the venv's interpreter still runs (a removed base interpreter breaks it).
if [[ "${MODEL_SIGNING_REF_FORCE:-0}" != 1 && -f "$stamp" && -x "$venv/bin/model_signing" ]] \
    && [[ "$(head -n 1 "$stamp")" == "$want" ]] \
    && "$venv/bin/python" -S -c '' 2>/dev/null; then
    exit 0
fi

# Serialize concurrent runs (e.g. tests and the benchmark started together).
if command -v flock >/dev/null 2>&1 && [[ -z "${_SETUP_REFERENCE_LOCKED:-}" ]]; then
    mkdir -p "$venv"
    [[ -f "$venv/.gitignore" ]] || printf '*\n' > "$venv/.gitignore"
    export _SETUP_REFERENCE_LOCKED=1
    exec flock "$venv/.setup.lock" bash "${BASH_SOURCE[0]}" "$@"
fi

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
    log "error: $python not found; install Python 3.9 or newer (Debian: apt-get install -y python3 python3-venv)"
    exit 1
fi

apt_install() {
    local sudo=()
    if [[ $(id -u) != 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
            log "error: need root (or sudo) to install Debian packages: $*"; return 1
        fi
    fi
    log "installing Debian packages: $*"
    export DEBIAN_FRONTEND=noninteractive
    if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@" >&2; then
        log "apt-get install failed; running apt-get update and retrying"
        "${sudo[@]}" apt-get update -q >&2
        "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@" >&2
    fi
}

# Debian's python3 ships venv without ensurepip; that lives in python3-venv
# (python3.X-venv). Other interpreters (pyenv, python.org builds) include it.
if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
        log "error: '$python -m venv' lacks ensurepip and apt-get is not available to install python3-venv"
        exit 1
    fi
    pyver="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    log "$python ($pyver) has no ensurepip: installing python3-venv"
    apt_install python3-venv "python$pyver-venv" || apt_install python3-venv
fi

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
    log "error: $python is $("$python" --version 2>&1); model-signing 1.1.1 needs Python 3.9 or newer"
    exit 1
fi

# (Re)create the venv when it is missing or its interpreter no longer runs.
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import pip' >/dev/null 2>&1; then
    log "creating venv $venv with $(command -v "$python") ($("$python" --version 2>&1))"
    rm -rf "$venv/bin" "$venv/lib" "$venv/lib64" "$venv/include" "$venv/pyvenv.cfg" "$stamp"
    "$python" -m venv "$venv" >&2
fi
# Keep the venv out of git whatever the repository's .gitignore says.
[[ -f "$venv/.gitignore" ]] || printf '*\n' > "$venv/.gitignore"

log "installing ${requirements[*]} (PyPI)"
PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
    "$venv/bin/python" -m pip install -q "${requirements[@]}" >&2

# Check that the CLI really starts and the undeclared dependencies import.
if ! "$venv/bin/python" -c 'import model_signing, model_signing.hashing, OpenSSL, blake3' >&2; then
    log "error: the reference does not import after installation"
    exit 1
fi
"$venv/bin/model_signing" --version >/dev/null

{
    echo "$want"
    "$venv/bin/python" -m pip freeze --disable-pip-version-check
} > "$stamp.tmp"
mv "$stamp.tmp" "$stamp"
log "reference ready: $venv/bin/model_signing ($("$venv/bin/model_signing" --version 2>&1 | tail -n 1))"
