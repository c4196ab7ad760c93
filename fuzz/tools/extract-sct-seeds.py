#!/usr/bin/env python3
"""Writes the sct target's seeds: the SCT lists embedded in the vectors' Fulcio certificates.

The sct target parses a TLS-encoded SignedCertificateTimestampList (RFC 6962 §3.3), which is
what the certificate's SCT extension (1.3.6.1.4.1.11129.2.4.2) holds inside its OCTET STRING.
Whole certificates as seeds die at the list's length prefix, so this cuts the lists out.
It keeps one list per log ID and list length (the others differ only in timestamps and
signature bytes). Besides those, it writes a few variants the vectors lack: two SCTs in
one list, and an SCT with non-empty extensions.

scripts/fuzz runs it at each run: python3 fuzz/tools/extract-sct-seeds.py VECTORS OUT. Nothing
cut from the vectors is checked in (the vectors are used by path).
"""
import base64, hashlib, json, pathlib, sys

if len(sys.argv) != 3:
    sys.exit("usage: extract-sct-seeds.py VECTORS OUT")
vectors, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
SCT_EXTENSION_OID = bytes.fromhex("060a2b06010401d679020402")  # DER of 1.3.6.1.4.1.11129.2.4.2


def element(data, offset):
    """(tag, content start, content end) of the DER element at offset (definite lengths only)."""
    tag, first = data[offset], data[offset + 1]
    if first < 0x80:
        return tag, offset + 2, offset + 2 + first
    count = first & 0x7F
    length = int.from_bytes(data[offset + 2:offset + 2 + count], "big")
    start = offset + 2 + count
    return tag, start, start + length


def children(data, start, end):
    while start < end:
        tag, content, stop = element(data, start)
        yield tag, start, content, stop
        start = stop


def sct_list(certificate):
    """The TLS SCT list of a certificate's SCT extension, or None."""
    _, cert_start, cert_end = element(certificate, 0)
    _, tbs_start, tbs_end = element(certificate, cert_start)
    for tag, _, content, stop in children(certificate, tbs_start, tbs_end):
        if tag != 0xA3:  # [3] extensions
            continue
        _, ext_start, ext_end = element(certificate, content)
        for _, ext_at, ext_content, ext_stop in children(certificate, ext_start, ext_end):
            parts = list(children(certificate, ext_content, ext_stop))
            if certificate[parts[0][1]:parts[0][3]] != SCT_EXTENSION_OID:
                continue
            _, value_start, value_end = element(certificate, parts[-1][1])  # extnValue OCTET STRING
            tag, inner_start, inner_end = element(certificate, value_start)  # the list's OCTET STRING
            assert tag == 0x04 and inner_end == value_end
            return certificate[inner_start:inner_end]
    return None


def b64(text):
    return base64.b64decode(text + "=" * (-len(text) % 4))


lists = {}
kinds = set()
for path in sorted(vectors.rglob("*")):
    if not path.is_file() or not (path.suffix in (".sig", ".sigstore") or path.name.endswith(".sigstore.json")):
        continue
    try:
        bundle = json.loads(path.read_bytes())
        material = bundle.get("verificationMaterial") or {}
        raws = [c.get("rawBytes", "") for c in (material.get("x509CertificateChain") or {}).get("certificates", [])]
        raws.append((material.get("certificate") or {}).get("rawBytes", ""))
    except (ValueError, AttributeError):
        continue
    for raw in raws:
        if raw and (found := sct_list(b64(raw))) is not None and (found[5:37], len(found)) not in kinds:
            kinds.add((found[5:37], len(found)))  # the first SCT's log ID, the list's length
            lists[found] = path.relative_to(vectors)

out.mkdir(parents=True, exist_ok=True)
for data, source in sorted(lists.items(), key=lambda item: str(item[1])):
    name = "sct-" + hashlib.sha256(data).hexdigest()[:16]
    (out / name).write_bytes(data)
    print(f"{name}: {len(data)} bytes from {source}")


def tls_list(items):
    body = b"".join(len(item).to_bytes(2, "big") + item for item in items)
    return len(body).to_bytes(2, "big") + body


def one_sct(data):
    """The first SCT of a list, as its serialized bytes."""
    length = int.from_bytes(data[2:4], "big")
    return data[4:4 + length]


if lists:
    first = next(one_sct(d) for d in sorted(lists, key=lambda d: str(lists[d])) if one_sct(d)[41:43] == b"\x00\x00")
    # Two SCTs in one list (Fulcio's certificates carry one).
    (out / "sct-two-scts").write_bytes(tls_list([first, first]))
    # Non-empty CtExtensions: version(1) logID(32) timestamp(8), then extensions<0..2^16-1>.
    extensions = b"\x00\x05" + b"\x00\x00\x05\x00\x01"
    (out / "sct-with-extensions").write_bytes(tls_list([first[:41] + extensions + first[43:]]))
    print(f"two-scts, sct-with-extensions from the first list ({len(lists)} lists found)")
