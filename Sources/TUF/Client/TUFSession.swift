import Foundation
import Sigstore

/// One pass of the client workflow: the trusted metadata set, built role by role, and the
/// files to write once everything has verified.
struct TUFSession {
    let client: TUFClient
    let online: Bool
    /// The reference time, read once (TUF §5.1).
    let now: Date
    private(set) var root: RootMetadata
    private(set) var timestamp: TimestampMetadata?
    private(set) var snapshot: SnapshotMetadata?
    /// Trusted targets roles by name bytes.
    private(set) var targetsRoles: [[UInt8]: TargetsMetadata] = [:]
    /// Files to write on success, in order.
    private var pendingWrites: [(URL, [UInt8])] = []
    private(set) var requests = 0

    private var configuration: TUFClientConfiguration { client.configuration }
    private var store: TUFStore { client.store }

    init(client: TUFClient, bootstrapRoot: [UInt8]?, preferBootstrap: Bool, online: Bool) throws(TUFError) {
        self.client = client
        self.online = online
        self.now = client.clock()
        let rootBytes: [UInt8]
        if !preferBootstrap, let cached = client.store.metadata(role: "root") {
            rootBytes = cached
        } else if let bootstrapRoot {
            rootBytes = bootstrapRoot
            pendingWrites.append((client.store.metadataFile(role: "root"), bootstrapRoot))
        } else {
            throw TUFError(role: "root", check: .untrusted, "no trusted root in \(client.store.directory.path) (trust the instance first)")
        }
        // 5.2: the trusted root must be signed by a threshold of its own root keys.
        let document = try SignedMetadata(bytes: rootBytes, role: "root")
        let trusted = try RootMetadata(document: document)
        try document.verify(with: trusted.roleKeys("root"), keys: trusted.keys, signer: "root v\(trusted.version)")
        self.root = trusted
    }

    // MARK: Downloads

    /// - Parameter listedLength: the length the parent listed, when `maximumLength` is it: a
    ///   longer body is then a length mismatch rather than an endless download.
    private mutating func download(_ relativePath: String, base: URL, maximumLength: Int, listedLength: Int? = nil,
                                   role: String) async throws(TUFError) -> [UInt8] {
        guard let url = configuration.url(base, relativePath) else {
            throw TUFError(role: role, check: .download, "cannot form a URL for \(relativePath) under \(base.absoluteString)")
        }
        requests += 1
        do {
            return try await client.fetcher.fetch(url, maximumLength: maximumLength)
        } catch .tooLarge(let url, let limit) {
            if let listedLength, listedLength == limit {
                throw TUFError(role: role, check: .length, "\(url) is longer than the listed \(limit) bytes")
            }
            throw TUFError(role: role, check: .tooLarge, "download of \(url) exceeds its limit of \(limit) bytes (endless data attack?)")
        } catch {
            throw TUFError(role: role, check: .download, "download failed: \(error.description)")
        }
    }

    private func expired(_ role: String, version: Int, _ expires: Date) -> TUFError {
        TUFError(role: role, check: .expired, "version \(version) expired at \(TUFDate.string(expires)) (freeze attack protection)")
    }

    // MARK: 5.3 Root

    mutating func updateRoot() async throws(TUFError) {
        let first = root.version + 1
        var next = first
        while true {
            guard next - first < configuration.maximumRootRotations else {
                throw TUFError(role: "root", check: .rotationLimit,
                               "more than \(configuration.maximumRootRotations) new root versions after v\(first - 1); refusing to continue")
            }
            let bytes: [UInt8]
            do {
                bytes = try await client.fetcher.fetch(try rootURL(next), maximumLength: configuration.rootMaximumLength)
                requests += 1
            } catch .notFound {
                requests += 1
                break
            } catch .tooLarge(let url, let limit) {
                throw TUFError(role: "root", check: .tooLarge, "download of \(url) exceeds its limit of \(limit) bytes (endless data attack?)")
            } catch {
                throw TUFError(role: "root", check: .download, "download of version \(next) failed: \(error.description)")
            }
            let document = try SignedMetadata(bytes: bytes, role: "root")
            let candidate = try RootMetadata(document: document)
            // 5.3.4: signed by a threshold of the trusted root's keys and of its own.
            try document.verify(with: root.roleKeys("root"), keys: root.keys, signer: "trusted root v\(root.version)")
            try document.verify(with: candidate.roleKeys("root"), keys: candidate.keys, signer: "new root v\(candidate.version)")
            // 5.3.5: exactly the next version (no rollback, no skipping).
            guard candidate.version == next else {
                throw TUFError(role: "root", check: .version,
                               "\(next).root.json holds version \(candidate.version), expected \(next)")
            }
            root = candidate
            pendingWrites.append((store.metadataFile(role: "root"), bytes))
            next += 1
        }
        try checkRootExpiry()
    }

    /// 5.3.10: the final root must not be expired.
    func checkRootExpiry() throws(TUFError) {
        if now >= root.expires { throw expired("root", version: root.version, root.expires) }
    }

    private func rootURL(_ version: Int) throws(TUFFetchError) -> URL {
        guard let url = configuration.url(configuration.metadataBaseURL, "\(version).root.json") else {
            throw TUFFetchError.transport(url: configuration.metadataBaseURL.absoluteString, reason: "cannot form the URL of \(version).root.json")
        }
        return url
    }

    // MARK: 5.4 Timestamp

    /// Verifies a timestamp against the trusted root and the trusted timestamp; returns nil
    /// when it has the same version as the trusted one (nothing new).
    private func checkTimestamp(_ bytes: [UInt8]) throws(TUFError) -> TimestampMetadata? {
        let document = try SignedMetadata(bytes: bytes, role: "timestamp")
        try document.verify(with: root.roleKeys("timestamp"), keys: root.keys, signer: "root v\(root.version)")
        let candidate = try TimestampMetadata(document: document)
        if let trusted = timestamp {
            if candidate.version < trusted.version {
                throw TUFError(role: "timestamp", check: .rollback, "version \(candidate.version) is lower than the trusted \(trusted.version) (rollback)")
            }
            if candidate.version == trusted.version { return nil }
            if candidate.snapshot.version < trusted.snapshot.version {
                throw TUFError(role: "snapshot", check: .rollback,
                               "timestamp v\(candidate.version) lists snapshot version \(candidate.snapshot.version), lower than the trusted \(trusted.snapshot.version) (rollback)")
            }
        }
        return candidate
    }

    mutating func updateTimestamp() async throws(TUFError) {
        try checkRootExpiry()
        if let local = store.metadata(role: "timestamp") {
            // A cached timestamp that no longer verifies (keys rotated) is dropped: fast-forward recovery.
            if let trusted = try? checkTimestamp(local) { timestamp = trusted }
        }
        if online {
            let bytes = try await download("timestamp.json", base: configuration.metadataBaseURL,
                                           maximumLength: configuration.timestampMaximumLength, role: "timestamp")
            if let candidate = try checkTimestamp(bytes) {
                timestamp = candidate
                pendingWrites.append((store.metadataFile(role: "timestamp"), bytes))
            }
        }
        guard let timestamp else {
            throw TUFError(role: "timestamp", check: .untrusted, "no cached timestamp verifies under root v\(root.version)")
        }
        if now >= timestamp.expires { throw expired("timestamp", version: timestamp.version, timestamp.expires) }
    }

    // MARK: 5.5 Snapshot

    private func checkSnapshot(_ bytes: [UInt8], fromCache: Bool) throws(TUFError) -> SnapshotMetadata {
        guard let timestamp else { throw TUFError(role: "snapshot", check: .untrusted, "no trusted timestamp") }
        if !fromCache { try timestamp.snapshot.verify(bytes, role: "snapshot") }
        let document = try SignedMetadata(bytes: bytes, role: "snapshot")
        try document.verify(with: root.roleKeys("snapshot"), keys: root.keys, signer: "root v\(root.version)")
        let candidate = try SnapshotMetadata(document: document)
        if let trusted = snapshot {
            for (name, old) in trusted.meta {
                let file = String(decoding: name, as: UTF8.self)
                guard let new = candidate.meta[name] else {
                    throw TUFError(role: "snapshot", check: .rollback, "version \(candidate.version) no longer lists \(file) (rollback)")
                }
                if new.version < old.version {
                    throw TUFError(role: "snapshot", check: .rollback,
                                   "version \(candidate.version) lists \(file) version \(new.version), lower than the trusted \(old.version) (rollback)")
                }
            }
        }
        return candidate
    }

    private func checkFinalSnapshot(_ candidate: SnapshotMetadata) throws(TUFError) {
        guard let timestamp else { return }
        if now >= candidate.expires { throw expired("snapshot", version: candidate.version, candidate.expires) }
        if candidate.version != timestamp.snapshot.version {
            throw TUFError(role: "snapshot", check: .version,
                           "version \(candidate.version) does not match the version \(timestamp.snapshot.version) listed by timestamp v\(timestamp.version)")
        }
    }

    mutating func updateSnapshot() async throws(TUFError) {
        if let local = store.metadata(role: "snapshot"), let trusted = try? checkSnapshot(local, fromCache: true) {
            // Kept for rollback checks even when it is not the current one.
            snapshot = trusted
            if (try? checkFinalSnapshot(trusted)) != nil { return }
        }
        guard online, let timestamp else {
            if let snapshot { try checkFinalSnapshot(snapshot) }
            throw TUFError(role: "snapshot", check: .untrusted, "no cached snapshot verifies under root v\(root.version)")
        }
        let info = timestamp.snapshot
        let name = root.consistentSnapshot ? "\(info.version).snapshot.json" : "snapshot.json"
        let bytes = try await download(name, base: configuration.metadataBaseURL,
                                       maximumLength: info.length ?? configuration.snapshotMaximumLength,
                                       listedLength: info.length, role: "snapshot")
        let candidate = try checkSnapshot(bytes, fromCache: false)
        try checkFinalSnapshot(candidate)
        snapshot = candidate
        // Cached targets roles verified under the old snapshot are checked again below.
        pendingWrites.append((store.metadataFile(role: "snapshot"), bytes))
    }

    // MARK: 5.6 Targets (top-level and delegated)

    /// The keys and threshold `delegator` gives `role` (the root for top-level targets).
    private func delegation(role: String, delegator: String?) throws(TUFError) -> (RoleKeys, [[UInt8]: TUFKey], String) {
        guard let delegator else { return (root.roleKeys("targets"), root.keys, "root v\(root.version)") }
        guard let parent = targetsRoles[Array(delegator.utf8)],
              let entry = parent.delegatedRoles.first(where: { Array($0.name.utf8) == Array(role.utf8) }) else {
            throw TUFError(role: role, check: .untrusted, "\(delegator) does not delegate to \(role)")
        }
        return (entry.keys, parent.delegationKeys, delegator)
    }

    private func checkTargets(_ bytes: [UInt8], role: String, delegator: String?, fromCache: Bool) throws(TUFError) -> TargetsMetadata {
        guard let snapshot else { throw TUFError(role: role, check: .untrusted, "no trusted snapshot") }
        guard let info = snapshot.info(forRole: role) else {
            throw TUFError(role: role, check: .untrusted, "snapshot v\(snapshot.version) does not list \(role).json")
        }
        if !fromCache { try info.verify(bytes, role: role) }
        let document = try SignedMetadata(bytes: bytes, role: role)
        let (keys, keyring, signer) = try delegation(role: role, delegator: delegator)
        try document.verify(with: keys, keys: keyring, signer: signer)
        let candidate = try TargetsMetadata(document: document)
        if candidate.version != info.version {
            throw TUFError(role: role, check: .version,
                           "version \(candidate.version) does not match the version \(info.version) listed by snapshot v\(snapshot.version)")
        }
        if now >= candidate.expires { throw expired(role, version: candidate.version, candidate.expires) }
        return candidate
    }

    @discardableResult
    mutating func updateTargets(role: String, delegator: String?) async throws(TUFError) -> TargetsMetadata {
        if let trusted = targetsRoles[Array(role.utf8)] { return trusted }
        if let local = store.metadata(role: role), let trusted = try? checkTargets(local, role: role, delegator: delegator, fromCache: true) {
            targetsRoles[Array(role.utf8)] = trusted
            return trusted
        }
        guard online, let snapshot else {
            // Report why the cached copy does not do.
            if let local = store.metadata(role: role) { _ = try checkTargets(local, role: role, delegator: delegator, fromCache: true) }
            throw TUFError(role: role, check: .untrusted, "no cached \(role) metadata")
        }
        guard let info = snapshot.info(forRole: role) else {
            throw TUFError(role: role, check: .untrusted, "snapshot v\(snapshot.version) does not list \(role).json")
        }
        let escaped = TUFStore.escape(role)
        let name = root.consistentSnapshot ? "\(info.version).\(escaped).json" : "\(escaped).json"
        let bytes = try await download(name, base: configuration.metadataBaseURL,
                                       maximumLength: info.length ?? configuration.targetsMaximumLength,
                                       listedLength: info.length, role: role)
        let candidate = try checkTargets(bytes, role: role, delegator: delegator, fromCache: false)
        targetsRoles[Array(role.utf8)] = candidate
        pendingWrites.append((store.metadataFile(role: role), bytes))
        return candidate
    }

    // MARK: 5.7 Target files

    /// The target's listing, searched pre-order depth-first through delegations (TUF §5.6.7).
    mutating func targetInfo(_ path: String) async throws(TUFError) -> MetaFileInfo {
        var toVisit: [(role: String, delegator: String?)] = [("targets", nil)]
        var visited = Set<[UInt8]>()
        var budget = configuration.maximumDelegations
        while budget > 0, let next = toVisit.popLast() {
            let (role, delegator) = next
            if visited.contains(Array(role.utf8)) { continue }
            let metadata = try await updateTargets(role: role, delegator: delegator)
            if let info = metadata.target(path) { return info }
            visited.insert(Array(role.utf8))
            budget -= 1
            var children: [(String, String?)] = []
            for child in metadata.delegatedRoles where child.isResponsible(for: path) {
                children.append((child.name, role))
                if child.terminating {
                    toVisit.removeAll()
                    break
                }
            }
            toVisit.append(contentsOf: children.reversed())
        }
        throw TUFError(role: "target \(path)", check: .unknownTarget, "not listed by any role trusted for it")
    }

    /// The verified bytes of a target: the cached copy when it still matches, else downloaded.
    mutating func target(_ path: String) async throws(TUFError) -> [UInt8] {
        let info = try await targetInfo(path)
        let role = "target \(path)"
        if let cached = store.target(path), (try? info.verify(cached, role: role)) != nil { return cached }
        guard online else { throw TUFError(role: role, check: .untrusted, "not in the cache, or the cached copy differs from its listing") }
        var relative = path
        if root.consistentSnapshot, configuration.prefixTargetsWithHash, let first = info.hashes.first {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            let base = parts.last.map(String.init) ?? path
            let folder = parts.dropLast().joined(separator: "/")
            relative = (folder.isEmpty && parts.count == 1 ? "" : folder + "/") + Hex.encode(first.digest) + "." + base
        }
        let escaped = relative.split(separator: "/", omittingEmptySubsequences: false).map { TUFStore.escape(String($0)) }.joined(separator: "/")
        let bytes = try await download(escaped, base: configuration.targetsBaseURL,
                                       maximumLength: info.length ?? configuration.targetsMaximumLength,
                                       listedLength: info.length, role: role)
        try info.verify(bytes, role: role)
        pendingWrites.append((store.targetFile(path), bytes))
        return bytes
    }

    /// The required targets and those optional ones some role lists.
    mutating func targets(_ required: [String], optional: [String]) async throws(TUFError) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for path in required { files[path] = try await target(path) }
        for path in optional {
            do {
                files[path] = try await target(path)
            } catch where error.check == .unknownTarget {
                continue
            }
        }
        return files
    }

    // MARK: Result

    /// Writes every verified file (root first, then timestamp, snapshot, targets, target files).
    func commit() throws(TUFError) {
        for (url, bytes) in pendingWrites {
            try TUFStore.writeAtomically(bytes, to: url)
        }
    }

    func result(targetFiles: [String: [UInt8]]) throws(TUFError) -> TUFUpdateResult {
        guard let timestamp, let snapshot, let targets = targetsRoles[Array("targets".utf8)] else {
            throw TUFError(role: "targets", check: .untrusted, "the update did not reach the targets role")
        }
        return TUFUpdateResult(root: root, timestamp: timestamp, snapshot: snapshot, targets: targets,
                               targetFiles: targetFiles, requests: requests)
    }
}

