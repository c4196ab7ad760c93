#!/usr/bin/env python3
"""Reference digests for the Swift BLAKE tests.

Usage: blake_oracle.py DATA_FILE LENGTH...
For each LENGTH prints "LENGTH BLAKE2B_HEX BLAKE3_HEX" for the first LENGTH bytes of DATA_FILE,
using hashlib.blake2b (64-byte digest) and the `blake3` package (the reference Rust binding).
"""
import hashlib
import sys

import blake3


def main() -> int:
    with open(sys.argv[1], "rb") as handle:
        data = handle.read()
    for arg in sys.argv[2:]:
        length = int(arg)
        prefix = data[:length]
        if len(prefix) != length:
            print(f"length {length} exceeds data ({len(data)} bytes)", file=sys.stderr)
            return 2
        print(length, hashlib.blake2b(prefix).hexdigest(), blake3.blake3(prefix).hexdigest())
    return 0


if __name__ == "__main__":
    sys.exit(main())
