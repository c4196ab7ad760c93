#!/usr/bin/env bash
# Creates <repo>/.venv-tuf with python-tuf 7.0.1 (PyPI `tuf`, the reference TUF
# implementation), which the TUF tests use to build repositories (key rotation, rollback,
# freeze, mix-and-match, wrong hashes…) and as a second client to compare against.
# Idempotent (scripts/setup-venv.sh).
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/setup-venv.sh" tuf \
    'python -c "import tuf.ngclient, tuf.api.metadata, securesystemslib.signer"' \
    tuf==7.0.1 "securesystemslib[crypto]"
