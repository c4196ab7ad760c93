#!/usr/bin/env bash
# Creates <repo>/.venv-cyclonedx with cyclonedx-python-lib and its JSON-schema validator
# (PyPI `cyclonedx-python-lib[json-validation]`), which the tests use to validate the
# ML-BOMs we write against the CycloneDX 1.6 schema. Idempotent (scripts/setup-venv.sh);
# the check loads the strict validator, which needs the optional jsonschema dependency.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/setup-venv.sh" cyclonedx \
    'python -c "from cyclonedx.validation.json import JsonStrictValidator; from cyclonedx.schema import SchemaVersion; JsonStrictValidator(SchemaVersion.V1_6)"' \
    "cyclonedx-python-lib[json-validation]>=8,<12"
