#!/usr/bin/env bash
# Creates <repo>/.venv-reference with the reference Python implementation of
# OpenSSF Model Signing (PyPI `model-signing` 1.1.1), used by the tests and the
# benchmark to compare against. Makes sure Python can build venvs (Debian's
# python3-venv), then leaves the venv to scripts/setup-venv.sh (idempotent).
#
# Environment:
#   PYTHON                   interpreter to build the venv from (default: python3)
#   MODEL_SIGNING_VENV_FORCE set to 1 to reinstall the packages
#
# Progress goes to stderr; nothing is printed on stdout.
set -euo pipefail

log() { printf 'setup-reference: %s\n' "$*" >&2; }

# model-signing 1.1.1 imports OpenSSL (pyopenssl) without declaring it; blake3 is for the
# BLAKE3 comparisons; the pkcs11 extra (PyKCS11, a binary wheel) lets the reference sign with
# a SoftHSM2 token for the interop tests. The check proves the CLI starts and those import.
install_venv() {
    exec bash "$(dirname "${BASH_SOURCE[0]}")/setup-venv.sh" reference \
        'python -c "import model_signing, model_signing.hashing, OpenSSL, blake3, PyKCS11" && model_signing --version >/dev/null' \
        'model-signing[pkcs11]==1.1.1' pyopenssl blake3
}

# A venv that was set up before needs no check of the base interpreter.
venv="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.venv-reference"
if [[ -f "$venv/.setup-stamp" ]] && "$venv/bin/python" -S -c '' 2>/dev/null; then install_venv; fi

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

install_venv
