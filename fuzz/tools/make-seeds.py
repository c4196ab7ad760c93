#!/usr/bin/env python3
"""Writes the hand-made seeds of fuzz/corpus for the targets the vectors do not cover.

Run once by hand (python3 fuzz/tools/make-seeds.py); its output is checked in. The rekor-body
and rekor-response seeds match the fixed material of FuzzTarget.LogEntryMaterial: P-256 private
scalar 0x0102…20, signature bytes 0x30…0x47, the payload and artifact below.
"""
import base64, datetime, hashlib, json, pathlib
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

out = pathlib.Path(__file__).resolve().parent.parent / "corpus"
b64 = lambda b: base64.b64encode(b).decode()
b64url = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")
dump = lambda v: json.dumps(v, separators=(",", ":"), sort_keys=True).encode()

def write(target, name, data):
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())

key = ec.derive_private_key(int.from_bytes(bytes(range(1, 33)), "big"), ec.SECP256R1())
spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
def pem(label, der):
    text = b64(der)
    return f"-----BEGIN {label}-----\n" + "\n".join(text[i:i + 64] for i in range(0, len(text), 64)) + f"\n-----END {label}-----\n"
payload = b'{"_type":"https://in-toto.io/Statement/v1","subject":[]}'
payload_type = "application/vnd.in-toto+json"
signature = bytes(range(0x30, 0x48))
artifact = b"fuzzed artifact"
pae = b"DSSEv1 %d %s %d " % (len(payload_type), payload_type.encode(), len(payload)) + payload
sha = lambda b: hashlib.sha256(b).digest()

# rekor-body: each kind, with a certificate-labelled and a key-labelled verifier.
for label, tag in (("CERTIFICATE", "cert"), ("PUBLIC KEY", "key")):
    verifier = b64(pem(label, spki).encode())
    write("rekor-body", f"dsse-001-{tag}.json", dump({"apiVersion": "0.0.1", "kind": "dsse", "spec": {
        "envelopeHash": {"algorithm": "sha256", "value": sha(b"envelope").hex()},
        "payloadHash": {"algorithm": "sha256", "value": sha(payload).hex()},
        "signatures": [{"signature": b64(signature), "verifier": verifier}]}}))
    write("rekor-body", f"intoto-002-{tag}.json", dump({"apiVersion": "0.0.2", "kind": "intoto", "spec": {"content": {
        "envelope": {"payload": b64(b64(payload).encode()), "payloadType": payload_type,
                     "signatures": [{"sig": b64(b64(signature).encode()), "publicKey": verifier}]},
        "hash": {"algorithm": "sha256", "value": sha(b"envelope").hex()},
        "payloadHash": {"algorithm": "sha256", "value": sha(payload).hex()}}}}))
    write("rekor-body", f"hashedrekord-001-{tag}.json", dump({"apiVersion": "0.0.1", "kind": "hashedrekord", "spec": {
        "data": {"hash": {"algorithm": "sha256", "value": sha(artifact).hex()}},
        "signature": {"content": b64(signature), "publicKey": {"content": verifier}}}}))
for digest, what in ((sha(artifact), "message"), (sha(pae), "dsse")):
    for field, tag in (("x509Certificate", "cert"), ("publicKey", "key")):
        body = dump({"apiVersion": "0.0.2", "kind": "hashedrekord", "spec": {"hashedRekordV002": {
            "data": {"algorithm": "SHA2_256", "digest": b64(digest)},
            "signature": {"content": b64(signature),
                          "verifier": {field: {"rawBytes": b64(spki)}, "keyDetails": "PKIX_ECDSA_P256_SHA_256"}}}}})
        write("rekor-body", f"hashedrekord-002-{what}-{tag}.json", body)

# rekor-response: a v1 answer (entry by UUID) and a v2 answer (TransparencyLogEntry).
body = (out / "rekor-body" / "hashedrekord-001-cert.json").read_bytes()
checkpoint = "rekor.example\n2\n" + b64(sha(b"root")) + "\n\n\u2014 rekor.example " + b64(b"\x01\x02\x03\x04" + bytes(64)) + "\n"
write("rekor-response", "v1.json", dump({"24296fb24b8ad77a" + sha(body).hex(): {
    "body": b64(body), "integratedTime": 1700000000, "logID": sha(b"log").hex(), "logIndex": 1,
    "verification": {"inclusionProof": {"checkpoint": checkpoint, "hashes": [sha(b"sibling").hex()], "logIndex": 1,
                                        "rootHash": sha(b"root").hex(), "treeSize": 2},
                     "signedEntryTimestamp": b64(bytes(70))}}}))
body2 = (out / "rekor-body" / "hashedrekord-002-message-cert.json").read_bytes()
write("rekor-response", "v2.json", dump({
    "logIndex": "1", "logId": {"keyId": b64(sha(b"log"))}, "kindVersion": {"kind": "hashedrekord", "version": "0.0.2"},
    "integratedTime": "0", "inclusionProof": {"logIndex": "1", "rootHash": b64(sha(b"root")), "treeSize": "2",
                                              "hashes": [b64(sha(b"sibling"))], "checkpoint": {"envelope": checkpoint}},
    "canonicalizedBody": b64(body2)}))

# fulcio-response: a chain of two self-signed throwaway certificates, and a detached-SCT answer.
def certificate(name):
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(1).not_valid_before(start).not_valid_after(start + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode())
write("fulcio-response", "embedded.json", dump({"signedCertificateEmbeddedSct": {"chain": {"certificates": [
    certificate("leaf"), certificate("root")]}}}))
write("fulcio-response", "detached.json", dump({"signedCertificateDetachedSct": {"chain": {"certificates": []}}}))

# jwt: tokens with an email identity, a CI subject identity and an audience list.
def jwt(claims):
    return ".".join([b64url(dump({"alg": "RS256", "kid": "fuzz"})), b64url(dump(claims)), b64url(b"signature")])
write("jwt", "email.jwt", jwt({"iss": "https://oauth2.sigstore.dev/auth", "sub": "CgZmdXp6", "email": "fuzz@example.com",
                              "aud": "sigstore", "exp": 1900000000, "nbf": 1700000000, "iat": 1700000000}))
write("jwt", "github.jwt", jwt({"iss": "https://token.actions.githubusercontent.com", "sub": "repo:o/r:ref:refs/heads/main",
                               "aud": ["sigstore", "other"], "exp": 1800000030.5}))

# model-card: front matter with every field read, model-index results, headings and a fence.
write("model-card", "card.md", """---
license: apache-2.0
model_name: fuzz-model
version: "1.0"
pipeline_tag: text-classification
base_model: [base/one, base/two]
datasets:
  - data/one
language: [en, fr]
tags: [tag]
model-index:
  - name: fuzz-model
    results:
      - task: {type: text-classification, name: Classification}
        dataset: {type: data/one, name: One, config: default, split: test}
        metrics:
          - {type: accuracy, value: 0.9, name: Accuracy}
anchors: &a [x, *a]
---
# Fuzz model

## Intended uses
Text.

```
# not a heading
```
### Limitations ###
None.
""")

# ml-bom: the shape MLBOM.serialized() writes.
write("ml-bom", "bom.json", dump({
    "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    "metadata": {"timestamp": "2026-12-03T12:00:00Z", "component": {
        "type": "machine-learning-model", "name": "fuzz-model", "version": "1.0",
        "licenses": [{"license": {"id": "Apache-2.0"}}], "tags": ["tag"],
        "properties": [{"name": "huggingface:language", "value": "en"}, {"name": "swift-model-signing:model-card:sha256", "value": sha(b"card").hex()}],
        "modelCard": {"modelParameters": {"task": "text-classification"},
                      "quantitativeAnalysis": {"performanceMetrics": [{"type": "accuracy", "value": "0.9", "slice": "test"}]},
                      "considerations": {"users": ["u"], "useCases": ["c"], "technicalLimitations": ["t"],
                                         "performanceTradeoffs": ["p"], "ethicalConsiderations": [{"name": "e"}],
                                         "environmentalConsiderations": {"properties": [{"name": "n", "value": "v"}]}}}}},
    "components": [{"type": "machine-learning-model", "name": "base/one"}, {"type": "data", "name": "data/one"},
                   {"type": "file", "name": "weights.bin", "hashes": [{"alg": "SHA-256", "content": sha(b"w").hex()}]}]}))

# tuf: targets metadata with delegations (path patterns and hash prefixes); the vectors have none.
write("tuf", "delegating-targets.json", dump({"signatures": [{"keyid": "ab", "sig": "00"}], "signed": {
    "_type": "targets", "spec_version": "1.0.31", "version": 3, "expires": "2030-01-01T00:00:00Z",
    "targets": {"a/b/c.json": {"length": 2, "hashes": {"sha256": sha(b"{}").hex()}}},
    "delegations": {"keys": {"ab": {"keytype": "ed25519", "scheme": "ed25519", "keyval": {"public": "00" * 32}}},
                    "roles": [{"name": "paths", "keyids": ["ab"], "threshold": 1, "terminating": False,
                               "paths": ["a/*/[a-c!].json", "*", "a/?/c.*"]},
                              {"name": "hashed", "keyids": ["ab"], "threshold": 1, "terminating": True,
                               "path_hash_prefixes": ["8f", "0"]}]}}}))
