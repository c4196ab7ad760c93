"""Verifies a DSSE bundle with sigstore-python 4.5.1's library API (Verifier.verify_dsse) under
an identity policy and prints what it returns as one JSON line: the DSSE payload type and the
in-toto statement's predicate type and subjects. Used only by Tests/SigstoreLocalTests
(interop oracle for `attest sigstore`); run with .venv-sigstore/bin/python
(scripts/setup-sigstore.sh).

  sigstore_dsse_oracle.py TRUST_CONFIG BUNDLE IDENTITY ISSUER

Exit status 0 with the JSON line when the bundle verifies; 1 with sigstore-python's error on
stderr when it does not.
"""
import json
import sys

from sigstore.errors import VerificationError
from sigstore.models import Bundle, ClientTrustConfig
from sigstore.verify import Verifier, policy


def main(trust_config_path: str, bundle_path: str, identity: str, issuer: str) -> int:
    with open(trust_config_path, encoding="utf-8") as file:
        trust_config = ClientTrustConfig.from_json(file.read())
    with open(bundle_path, "rb") as file:
        bundle = Bundle.from_json(file.read())
    verifier = Verifier(trusted_root=trust_config.trusted_root)
    try:
        payload_type, payload = verifier.verify_dsse(bundle, policy.Identity(identity=identity, issuer=issuer))
    except VerificationError as error:
        print(f"verification failed: {error}", file=sys.stderr)
        return 1
    statement = json.loads(payload)
    print(json.dumps({
        "payload_type": payload_type,
        "statement_type": statement.get("_type"),
        "predicate_type": statement.get("predicateType"),
        "subjects": statement.get("subject"),
    }))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
