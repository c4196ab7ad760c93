#!/bin/sh
# Refreshes the trusted roots bundled with the Sigstore module
# (Sources/Sigstore/Resources/TrustRoots/{production,staging}/trusted_root.json).
#
# Usage:
#   scripts/refresh-trust-roots.sh --tuf [production|staging]...
#       Runs our TUF client (`model-signing trust update`, built here) from the TUF roots shipped
#       in Sources/SigstoreTrust/Resources/TUFRoots, in a temporary cache, and installs the
#       verified trusted_root.json (and the newest TUF root.json). Default: both instances.
#   scripts/refresh-trust-roots.sh DIR
#       DIR holds production/trusted_root.json and/or staging/trusted_root.json (for example a
#       checkout of the test vectors' sigstore/trust folder, or a TUF client's verified cache).
#   scripts/refresh-trust-roots.sh --production URL_OR_FILE [--staging URL_OR_FILE]
#       Fetches each root from an https URL (with curl) or copies it from a file.
#
# The roots are distributed through TUF (tuf-repo-cdn.sigstore.dev); only --tuf verifies them,
# so give the other forms only roots you obtained from a verified source. Each new file
# must be a JSON object with a trustedroot media type; the previous copy is kept only if the new
# one fails that check. Rebuild afterwards (`swift build`) and run `swift test --filter SigstoreTests`.
set -eu

root_dir=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
dest="$root_dir/Sources/Sigstore/Resources/TrustRoots"

usage() {
    sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# install_root INSTANCE SOURCE
install_root() {
    instance=$1
    source=$2
    tmp=$(mktemp)
    trap 'rm -f "$tmp"' EXIT
    case "$source" in
        https://*|http://*)
            command -v curl >/dev/null 2>&1 || { echo "error: curl is needed to fetch $source" >&2; exit 1; }
            curl --fail --silent --show-error --location --proto '=https' --output "$tmp" "$source"
            ;;
        *)
            [ -f "$source" ] || { echo "error: $source: no such file" >&2; exit 1; }
            cp "$source" "$tmp"
            ;;
    esac
    if ! grep -q '"mediaType"[[:space:]]*:[[:space:]]*"application/vnd\.dev\.sigstore\.trustedroot' "$tmp"; then
        echo "error: $source is not a Sigstore trusted root (no trustedroot mediaType)" >&2
        exit 1
    fi
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp" || { echo "error: $source is not valid JSON" >&2; exit 1; }
    fi
    mkdir -p "$dest/$instance"
    if cmp -s "$tmp" "$dest/$instance/trusted_root.json"; then
        echo "$instance: unchanged"
    else
        cp "$tmp" "$dest/$instance/trusted_root.json"
        echo "$instance: updated from $source"
    fi
    rm -f "$tmp"
    trap - EXIT
}

# refresh_with_tuf INSTANCE: a TUF-verified update into a throwaway cache, then install.
refresh_with_tuf() {
    instance=$1
    case "$instance" in
        production) flag="" ; url="https://tuf-repo-cdn.sigstore.dev" ;;
        staging) flag="--staging" ; url="https://tuf-repo-cdn.sigstage.dev" ;;
        *) usage ;;
    esac
    cache=$(mktemp -d)
    # shellcheck disable=SC2086
    if ! XDG_CACHE_HOME="$cache" "$cli" trust update $flag; then
        rm -rf "$cache"
        echo "error: the TUF update of $instance was refused; nothing changed" >&2
        exit 1
    fi
    escaped=$(printf '%s' "$url" | sed 's/:/%3A/g; s#/#%2F#g')
    dir="$cache/model-signing/tuf/$escaped"
    install_root "$instance" "$dir/targets/trusted_root.json"
    cp "$dir/root.json" "$root_dir/Sources/SigstoreTrust/Resources/TUFRoots/$instance/root.json"
    rm -rf "$cache"
}

[ $# -ge 1 ] || usage
case "$1" in
    -h|--help) usage ;;
    --tuf)
        shift
        export PATH="/opt/swift/usr/bin:$PATH"
        (cd "$root_dir" && swift build --product model-signing >&2)
        cli="$root_dir/.build/debug/model-signing"
        [ $# -ge 1 ] || set -- production staging
        for instance in "$@"; do refresh_with_tuf "$instance"; done
        ;;
    --production|--staging)
        while [ $# -gt 0 ]; do
            case "$1" in
                --production) [ $# -ge 2 ] || usage; install_root production "$2"; shift 2 ;;
                --staging) [ $# -ge 2 ] || usage; install_root staging "$2"; shift 2 ;;
                *) usage ;;
            esac
        done
        ;;
    *)
        [ $# -eq 1 ] && [ -d "$1" ] || usage
        found=0
        for instance in production staging; do
            if [ -f "$1/$instance/trusted_root.json" ]; then
                install_root "$instance" "$1/$instance/trusted_root.json"
                found=1
            fi
        done
        [ "$found" = 1 ] || { echo "error: $1 has neither production/ nor staging/trusted_root.json" >&2; exit 1; }
        ;;
esac
