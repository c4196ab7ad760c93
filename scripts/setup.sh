#!/usr/bin/env bash
# Installs everything the tests and the benchmark need, idempotently:
#   - Debian packages: b3sum, openssl, time (/usr/bin/time -v), softhsm2 and
#     opensc (pkcs11-tool) for the PKCS#11 tests, and python3 +
#     python3-venv when no python3 is on PATH. `apt-get update` runs only when
#     a package is missing (and then only once).
#   - the reference Python implementation in <repo>/.venv-reference
#     (scripts/setup-reference.sh).
#   - cyclonedx-python-lib's CycloneDX schema validator in <repo>/.venv-cyclonedx
#     (scripts/setup-cyclonedx.sh).
#   - sigstore-python 4.5.1 in <repo>/.venv-sigstore (scripts/setup-sigstore.sh), the
#     real client the loopback-Sigstore tests sign and verify with.
# The Swift toolchain itself is not installed here (expected at /opt/swift or
# on PATH). Progress goes to stderr. Re-running with everything present takes
# a few tens of milliseconds.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf 'setup: %s\n' "$*" >&2; }

packages=(b3sum openssl time softhsm2 opensc)
command -v python3 >/dev/null 2>&1 || packages+=(python3 python3-venv)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    installed=" $(dpkg-query -W -f='${db:Status-Abbrev}${Package} ' "${packages[@]}" 2>/dev/null || true)"
    for p in "${packages[@]}"; do
        [[ "$installed" == *" ii $p "* ]] || missing+=("$p")
    done
else
    # Not Debian: only check that the commands exist.
    command -v b3sum >/dev/null 2>&1 || missing+=(b3sum)
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    [[ -x /usr/bin/time ]] || missing+=(time)
fi

if ((${#missing[@]})); then
    if ! command -v apt-get >/dev/null 2>&1; then
        log "error: missing ${missing[*]} and no apt-get to install them; install them by hand"
        exit 1
    fi
    sudo=()
    if [[ $(id -u) != 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
            log "error: need root (or sudo) to install: ${missing[*]}"; exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    log "installing Debian packages: ${missing[*]}"
    # Try without refreshing the lists first (fresh images often have none,
    # in which case this fails fast), then update once and retry.
    if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 2>/dev/null; then
        log "running apt-get update"
        "${sudo[@]}" apt-get update -q >&2
        "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    fi
fi

bash "$root/scripts/setup-reference.sh"
bash "$root/scripts/setup-cyclonedx.sh"
bash "$root/scripts/setup-sigstore.sh"
bash "$root/scripts/setup-tuf.sh"
