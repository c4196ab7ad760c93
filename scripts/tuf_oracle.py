"""Builds TUF repositories with python-tuf 7.0.1 for the TUF tests, attacks them, and runs
python-tuf's own client (ngclient.Updater) on them for comparison. Used only by
Tests/TUFTests (interop oracle); run with .venv-tuf/bin/python (scripts/setup-tuf.sh).

  tuf_oracle.py init DIR [FILE...]       repository at DIR/repository, targets at DIR/targets,
                                          initial root at DIR/initial_root.json; each FILE is
                                          added as a target under its base name
  tuf_oracle.py attack DIR SCENARIO      changes the repository (see SCENARIOS)
  tuf_oracle.py client DIR BASE_URL CACHE [TARGET...]
                                          python-tuf's Updater; prints one JSON line
"""
import hashlib
import json
import os
import shutil
import sys
from datetime import datetime, timedelta, timezone

from cryptography.hazmat.primitives import serialization
from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import (DelegatedRole, Delegations, Metadata, MetaFile, Root, Snapshot,
                              TargetFile, Targets, Timestamp)
from tuf.api.serialization.json import JSONSerializer

NOW = datetime.now(timezone.utc).replace(microsecond=0)
LATER = NOW + timedelta(days=30)
EARLIER = NOW - timedelta(days=1)
FILES = {"hello.txt": b"hello from a python-tuf repository\n", "team/data.txt": b"delegated data\n"}


class Repo:
    def __init__(self, path):
        self.path = path
        self.meta = os.path.join(path, "repository")
        self.targets = os.path.join(path, "targets")
        self.keys = os.path.join(path, "keys")

    # Keys: ecdsa for root and targets, ed25519 for timestamp and the delegation, rsa for snapshot.
    def signer(self, name):
        pem_path = os.path.join(self.keys, name + ".pem")
        if not os.path.exists(pem_path):
            kind = name.rstrip("0123456789abc")
            if kind in ("timestamp", "team"):
                signer = CryptoSigner.generate_ed25519()
            elif kind == "snapshot":
                signer = CryptoSigner.generate_rsa()
            else:
                signer = CryptoSigner.generate_ecdsa()
            os.makedirs(self.keys, exist_ok=True)
            with open(pem_path, "wb") as f:
                f.write(signer.private_bytes)
        with open(pem_path, "rb") as f:
            private = serialization.load_pem_private_key(f.read(), None)
        return CryptoSigner(private)

    def load(self, name):
        return Metadata.from_file(os.path.join(self.meta, name))

    def write(self, md, signers, filename):
        md.signatures.clear()
        for name in signers:
            md.sign(self.signer(name), append=True)
        os.makedirs(self.meta, exist_ok=True)
        data = md.to_bytes(JSONSerializer(compact=False))
        with open(os.path.join(self.meta, filename), "wb") as f:
            f.write(data)
        return data

    def latest(self, role):
        versions = [int(n.split(".")[0]) for n in os.listdir(self.meta)
                    if n.endswith("." + role + ".json") and n.split(".")[0].isdigit()]
        return max(versions)


def init(path, extra_files=()):
    repo = Repo(path)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(repo.targets)
    root = Root(expires=LATER, consistent_snapshot=True)
    for role in ("root", "timestamp", "snapshot", "targets"):
        root.add_key(repo.signer(role).public_key, role)
    data = repo.write(Metadata(root), ["root"], "1.root.json")
    with open(os.path.join(path, "initial_root.json"), "wb") as f:
        f.write(data)

    team_key = repo.signer("team").public_key
    targets = Targets(version=5, expires=LATER)
    files = dict(FILES)
    for extra in extra_files:
        with open(extra, "rb") as f:
            files[os.path.basename(extra)] = f.read()
    targets.delegations = Delegations(
        keys={team_key.keyid: team_key},
        roles={"team": DelegatedRole("team", [team_key.keyid], 1, True, paths=["team/*"])})
    team = Targets(version=5, expires=LATER)
    for target_path, content in files.items():
        info = TargetFile.from_data(target_path, content, ["sha256"])
        (team if target_path.startswith("team/") else targets).targets[target_path] = info
        folder, _, base = target_path.rpartition("/")
        os.makedirs(os.path.join(repo.targets, folder), exist_ok=True)
        with open(os.path.join(repo.targets, folder, info.hashes["sha256"] + "." + base), "wb") as f:
            f.write(content)
    repo.write(Metadata(targets), ["targets"], "5.targets.json")
    repo.write(Metadata(team), ["team"], "5.team.json")
    publish_snapshot(repo, 5, {"targets.json": 5, "team.json": 5})
    publish_timestamp(repo, 5, 5)


def publish_snapshot(repo, version, meta, expires=LATER):
    snapshot = Snapshot(version=version, expires=expires)
    snapshot.meta = {name: MetaFile(v) for name, v in meta.items()}
    repo.write(Metadata(snapshot), ["snapshot"], f"{version}.snapshot.json")


def publish_timestamp(repo, version, snapshot_version, expires=LATER, signer="timestamp"):
    timestamp = Timestamp(version=version, expires=expires, snapshot_meta=MetaFile(snapshot_version))
    repo.write(Metadata(timestamp), [signer], "timestamp.json")


def new_root(repo, expires=LATER):
    md = repo.load(f"{repo.latest('root')}.root.json")
    md.signed.version += 1
    md.signed.expires = expires
    return md


def attack(path, scenario):
    repo = Repo(path)
    if scenario == "rotate-root":
        # Root v2: three new root keys, threshold 2; a new timestamp key.
        md = new_root(repo)
        root = md.signed
        for keyid in list(root.roles["root"].keyids):
            root.revoke_key(keyid, "root")
        for name in ("root2a", "root2b", "root2c"):
            root.add_key(repo.signer(name).public_key, "root")
        root.roles["root"].threshold = 2
        root.revoke_key(root.roles["timestamp"].keyids[0], "timestamp")
        root.add_key(repo.signer("timestamp2").public_key, "timestamp")
        repo.write(md, ["root", "root2a", "root2b"], "2.root.json")
        publish_timestamp(repo, 6, 5, signer="timestamp2")
    elif scenario in ("root-signed-by-new-keys-only", "root-below-new-threshold"):
        md = new_root(repo)
        root = md.signed
        for keyid in list(root.roles["root"].keyids):
            root.revoke_key(keyid, "root")
        for name in ("root2a", "root2b", "root2c"):
            root.add_key(repo.signer(name).public_key, "root")
        root.roles["root"].threshold = 2
        signers = ["root2a", "root2b"] if scenario == "root-signed-by-new-keys-only" else ["root", "root2a"]
        repo.write(md, signers, "2.root.json")
    elif scenario == "key-removed":
        # Root v2 replaces the timestamp key; the timestamp is still signed by the removed key.
        md = new_root(repo)
        root = md.signed
        root.revoke_key(root.roles["timestamp"].keyids[0], "timestamp")
        root.add_key(repo.signer("timestamp2").public_key, "timestamp")
        repo.write(md, ["root"], "2.root.json")
        publish_timestamp(repo, 6, 5)
    elif scenario == "freeze-root":
        repo.write(new_root(repo, expires=EARLIER), ["root"], "2.root.json")
    elif scenario == "rollback-timestamp":
        publish_timestamp(repo, 4, 5)
    elif scenario == "rollback-snapshot":
        publish_snapshot(repo, 4, {"targets.json": 5, "team.json": 5})
        publish_timestamp(repo, 6, 4)
    elif scenario == "rollback-targets":
        md = repo.load("5.targets.json")
        md.signed.version = 4
        repo.write(md, ["targets"], "4.targets.json")
        publish_snapshot(repo, 6, {"targets.json": 4, "team.json": 5})
        publish_timestamp(repo, 6, 6)
    elif scenario == "freeze-timestamp":
        current = Metadata.from_file(os.path.join(repo.meta, "timestamp.json")).signed
        publish_timestamp(repo, current.version + 1, current.snapshot_meta.version, expires=EARLIER)
    elif scenario == "freeze-snapshot":
        publish_snapshot(repo, 6, {"targets.json": 5, "team.json": 5}, expires=EARLIER)
        publish_timestamp(repo, 6, 6)
    elif scenario == "freeze-targets":
        md = repo.load("5.targets.json")
        md.signed.version = 6
        md.signed.expires = EARLIER
        repo.write(md, ["targets"], "6.targets.json")
        publish_snapshot(repo, 6, {"targets.json": 6, "team.json": 5})
        publish_timestamp(repo, 6, 6)
    elif scenario == "mix-and-match":
        # Snapshot v6 says targets v6, but 6.targets.json is the signed v5 document.
        shutil.copy(os.path.join(repo.meta, "5.targets.json"), os.path.join(repo.meta, "6.targets.json"))
        publish_snapshot(repo, 6, {"targets.json": 6, "team.json": 5})
        publish_timestamp(repo, 6, 6)
    elif scenario in ("target-hash", "target-length"):
        info = repo.load("5.targets.json").signed.targets["hello.txt"]
        target = os.path.join(repo.targets, info.hashes["sha256"] + ".hello.txt")
        content = FILES["hello.txt"]
        forged = (b"H" + content[1:]) if scenario == "target-hash" else content + b"more"
        with open(target, "wb") as f:
            f.write(forged)
    elif scenario == "delegation-path":
        # The delegated role lists a path outside the paths it is trusted for.
        md = repo.load("5.team.json")
        md.signed.version = 6
        md.signed.targets["other/data.txt"] = TargetFile.from_data("other/data.txt", b"x", ["sha256"])
        repo.write(md, ["team"], "6.team.json")
        publish_snapshot(repo, 6, {"targets.json": 5, "team.json": 6})
        publish_timestamp(repo, 6, 6)
    elif scenario == "bump":
        # A legitimate new release of every role but root.
        md = repo.load("5.targets.json")
        md.signed.version = 6
        repo.write(md, ["targets"], "6.targets.json")
        publish_snapshot(repo, 6, {"targets.json": 6, "team.json": 5})
        publish_timestamp(repo, 6, 6)
    else:
        raise SystemExit(f"unknown scenario {scenario}")


def client(path, base_url, cache, wanted):
    from tuf.ngclient import Updater
    os.makedirs(cache, exist_ok=True)
    if not os.path.exists(os.path.join(cache, "root.json")):
        shutil.copy(os.path.join(path, "initial_root.json"), os.path.join(cache, "root.json"))
    downloads = os.path.join(cache, "downloads")
    os.makedirs(downloads, exist_ok=True)
    updater = Updater(metadata_dir=cache, metadata_base_url=base_url + "repository/",
                      target_base_url=base_url + "targets/", target_dir=downloads, bootstrap=None)
    try:
        updater.refresh()
        digests = {}
        for target_path in wanted:
            info = updater.get_targetinfo(target_path)
            if info is None:
                raise LookupError(f"target {target_path} not found")
            local = updater.download_target(info, os.path.join(downloads, hashlib.sha256(target_path.encode()).hexdigest()))
            with open(local, "rb") as f:
                digests[target_path] = hashlib.sha256(f.read()).hexdigest()
        ts = updater._trusted_set
        print(json.dumps({"ok": True, "root": ts.root.version, "timestamp": ts.timestamp.version,
                          "snapshot": ts.snapshot.version, "targets": ts.targets.version, "files": digests}))
    except Exception as error:  # noqa: BLE001 - any refusal is the result
        print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "init":
        init(sys.argv[2], sys.argv[3:])
    elif command == "attack":
        attack(sys.argv[2], sys.argv[3])
    elif command == "client":
        client(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        raise SystemExit(__doc__)
