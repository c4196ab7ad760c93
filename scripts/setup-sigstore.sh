#!/usr/bin/env bash
# Creates <repo>/.venv-sigstore with sigstore-python 4.5.1 (PyPI `sigstore`), the real
# Sigstore client the loopback-Sigstore tests sign and verify with. Idempotent
# (scripts/setup-venv.sh); Python and python3-venv come from scripts/setup-reference.sh,
# which scripts/setup.sh runs first.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/setup-venv.sh" sigstore 'sigstore --version >/dev/null' sigstore==4.5.1
