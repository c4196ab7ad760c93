#!/usr/bin/env bash
# Creates <repo>/.venv-cyclonedx with cyclonedx-python-lib and its JSON-schema
# validator (PyPI `cyclonedx-python-lib[json-validation]`), which the tests use
# to validate the ML-BOMs we write against the CycloneDX 1.6 schema.
# Idempotent: with everything installed it only checks a stamp file.
#
# Environment:
#   PYTHON  interpreter to build the venv from (default: python3; python3-venv is
#           installed by scripts/setup-reference.sh when Debian's python lacks it)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-cyclonedx"
requirements=("cyclonedx-python-lib[json-validation]>=8,<12")
stamp="$venv/.setup-stamp"
want="requirements: ${requirements[*]}"

log() { printf 'setup-cyclonedx: %s\n' "$*" >&2; }

if [[ -f "$stamp" && "$(head -n 1 "$stamp")" == "$want" ]] && "$venv/bin/python" -S -c '' 2>/dev/null; then
    exit 0
fi

if command -v flock >/dev/null 2>&1 && [[ -z "${_SETUP_CYCLONEDX_LOCKED:-}" ]]; then
    mkdir -p "$venv"
    [[ -f "$venv/.gitignore" ]] || printf '*\n' > "$venv/.gitignore"
    export _SETUP_CYCLONEDX_LOCKED=1
    exec flock "$venv/.setup.lock" bash "${BASH_SOURCE[0]}" "$@"
fi

python="${PYTHON:-python3}"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import pip' >/dev/null 2>&1; then
    log "creating venv $venv with $(command -v "$python")"
    rm -rf "$venv/bin" "$venv/lib" "$venv/lib64" "$venv/include" "$venv/pyvenv.cfg" "$stamp"
    "$python" -m venv "$venv" >&2
fi
[[ -f "$venv/.gitignore" ]] || printf '*\n' > "$venv/.gitignore"

log "installing ${requirements[*]} (PyPI)"
PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 "$venv/bin/python" -m pip install -q "${requirements[@]}" >&2

# The strict validator needs the optional jsonschema dependency; check that it loads.
if ! "$venv/bin/python" -c 'from cyclonedx.validation.json import JsonStrictValidator; from cyclonedx.schema import SchemaVersion; JsonStrictValidator(SchemaVersion.V1_6)' >&2; then
    log "error: cyclonedx-python-lib's JSON validator does not load after installation"
    exit 1
fi

{
    echo "$want"
    "$venv/bin/python" -m pip freeze --disable-pip-version-check
} > "$stamp.tmp"
mv "$stamp.tmp" "$stamp"
log "cyclonedx ready: $venv"
