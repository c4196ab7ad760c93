#!/usr/bin/env bash
# Creates <repo>/.venv-oci-oracle with the reference's open pull request #623 (OCI manifest
# signing, sigstore/model-transparency refs/pull/623/head) as an oracle for
# Tests/CLITests/OCIOracleInteropTests.swift:
#
#   git clone https://github.com/sigstore/model-transparency pr623
#   git -C pr623 fetch origin refs/pull/623/head && git -C pr623 checkout FETCH_HEAD
#   scripts/setup-oci-oracle.sh pr623
#   MODEL_SIGNING_OCI_ORACLE=.venv-oci-oracle/bin/model_signing scripts/test --filter OCIOracle
#
# Not part of scripts/setup.sh: the pull request is not on PyPI and CI reaches only PyPI and
# Debian. Dependencies come from PyPI. Progress goes to stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
checkout="${1:?usage: scripts/setup-oci-oracle.sh PATH_TO_A_CHECKOUT_OF_PR_623}"
venv="$root/.venv-oci-oracle"
[[ -f "$checkout/pyproject.toml" ]] || { echo "setup-oci-oracle: $checkout has no pyproject.toml" >&2; exit 1; }
grep -q "create_manifest_from_oci_layers" "$checkout/src/model_signing/hashing.py" \
    || { echo "setup-oci-oracle: $checkout is not pull request #623 (no create_manifest_from_oci_layers)" >&2; exit 1; }
"${PYTHON:-python3}" -m venv "$venv"
# The reference imports OpenSSL (pyopenssl) without declaring it.
"$venv/bin/pip" install --quiet "$checkout" pyopenssl >&2
echo "setup-oci-oracle: ready: $venv/bin/model_signing" >&2
