import ArgumentParser
import Crypto
import Foundation
import ModelSigning
import Sigstore
import SigstoreTrust
import TUF

/// `model-signing trust update|show`: the TUF cache of a Sigstore instance.
struct TrustCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Refresh or show the TUF-verified trust cache of a Sigstore instance.",
        discussion: """
            The cache lives in $XDG_CACHE_HOME/model-signing/tuf/<escaped URL> (else \
            ~/.cache/… , ~/Library/Caches/… on macOS). Each request may take 15 s \
            ($MODEL_SIGNING_TUF_TIMEOUT seconds when set).
            """,
        subcommands: [TrustUpdateCommand.self, TrustShowCommand.self]
    )
}

/// `model-signing trust update`.
struct TrustUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Update the cache from the instance's TUF repository (exit 1 when TUF refuses; the cache is then unchanged)."
    )

    @OptionGroup var instance: TrustInstanceOptions

    func run() async throws {
        let selected = instance.selected
        do {
            let result = try await SigstoreTrust.update(
                selected, fetcher: HTTPFetcher(timeout: TrustInstanceOptions.requestTimeout(default: 15)))
            TrustUpdateCommand.reportSuccess(selected, result)
        } catch {
            throw ExitCode(CommandReporter(operation: "Trust update", json: false).fail(error))
        }
    }

    /// The success line of `trust update` and `trust-instance`: the role versions now trusted.
    static func reportSuccess(_ instance: SigstoreInstance, _ result: TUFUpdateResult) {
        print("Trust update succeeded: \(instance.identifier): root v\(result.root.version), timestamp v\(result.timestamp.version), "
              + "snapshot v\(result.snapshot.version), targets v\(result.targets.version)")
    }
}

/// `model-signing trust-instance URL --root ROOT.json`.
struct TrustInstanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust-instance",
        abstract: "Trust a Sigstore instance from its initial TUF root and update its cache at once.",
        discussion: """
            The repository layout is sigstore-python's: metadata at URL/ (N.root.json, \
            timestamp.json, …) and targets at URL/targets/. The root is kept only if the update \
            succeeds. Afterwards use --instance URL with verify, verify-bundle and trust.
            """
    )

    @Argument(help: ArgumentHelp("The instance's TUF repository URL.", valueName: "URL"))
    var url: String

    @Option(name: .customLong("root"), help: ArgumentHelp("The instance's initial TUF root.json.", valueName: "ROOT.json"))
    var root: String

    func run() async throws {
        do {
            let instance = try TrustInstanceOptions.parse(url)
            guard let bytes = FileManager.default.contents(atPath: root) else {
                throw TUFError(role: "root", check: .untrusted, "cannot read \(root)")
            }
            let result = try await SigstoreTrust.trustInstance(
                instance, root: [UInt8](bytes), fetcher: HTTPFetcher(timeout: TrustInstanceOptions.requestTimeout(default: 15)))
            TrustUpdateCommand.reportSuccess(instance, result)
        } catch {
            throw ExitCode(CommandReporter(operation: "Trust update", json: false).fail(error))
        }
    }
}

/// `model-signing trust show`.
struct TrustShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the cached TUF state of an instance: role versions and expiries, trusted root digest, service URLs."
    )

    @OptionGroup var instance: TrustInstanceOptions

    @Flag(name: .customLong("json"), help: "Print one JSON object (root_version, timestamp_version, snapshot_version, targets_version, trusted_root_sha256, …).")
    var json = false

    func run() async throws {
        let selected = instance.selected
        let store = TrustCache.store(for: selected)
        let roles = store.roleSummaries()
        guard !roles.isEmpty else {
            let error = ModelSigningError.invalidRequest(
                "nothing cached for \(selected.identifier) in \(store.directory.path) (run `model-signing trust update`)")
            throw ExitCode(CommandReporter(operation: "Trust show", json: false).fail(error))
        }
        let fresh = (try? await SigstoreTrust.cached(selected)) != nil
        let trustedRoot = store.target(SigstoreTrust.trustedRootTarget)
        let digest = trustedRoot.map { Hex.encode(SHA256.hash(data: $0)) }
        let services = store.target(SigstoreTrust.signingConfigTarget).map(TrustShowCommand.serviceURLs) ?? []
        if json {
            var entries: [(key: String, value: JSONValue)] = [("instance", .string(selected.identifier)),
                                                             ("cache", .string(store.directory.path)), ("fresh", .bool(fresh))]
            for role in roles {
                entries.append(("\(role.role)_version", .integer(role.version)))
                entries.append(("\(role.role)_expires", .string(TUFDate.string(role.expires))))
            }
            entries.append(("trusted_root_sha256", digest.map(JSONValue.string) ?? .null))
            entries.append(("services", .object(JSONObject(services.map { ($0.kind, JSONValue.array($0.urls.map(JSONValue.string))) }))))
            print(String(decoding: JSONValue.object(JSONObject(entries)).serialized(), as: UTF8.self))
            return
        }
        print("instance: \(selected.identifier)")
        print("cache: \(store.directory.path) (\(fresh ? "fresh" : "not fresh: run `model-signing trust update`"))")
        for role in roles {
            print("\(role.role): version \(role.version), expires \(TUFDate.string(role.expires))")
        }
        print("trusted_root.json sha256: \(digest ?? "not cached")")
        for service in services {
            print("\(service.kind): \(service.urls.joined(separator: ", "))")
        }
    }

    /// The service URLs of a signing configuration (v0.2: caUrls, oidcUrls, rekorTlogUrls, tsaUrls).
    static func serviceURLs(_ bytes: [UInt8]) -> [(kind: String, urls: [String])] {
        guard let object = (try? JSONParser.parse(bytes))?.objectValue else { return [] }
        return ["caUrls", "oidcUrls", "rekorTlogUrls", "tsaUrls"].compactMap { kind in
            guard let list = object[kind]?.arrayValue else { return nil }
            let urls = list.compactMap { $0.objectValue?["url"]?.stringValue }
            return (kind, urls)
        }
    }
}
