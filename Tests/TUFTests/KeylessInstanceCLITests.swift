import Foundation
import ModelSigningTestSupport
import SigstoreLocal
import Testing

/// `sign sigstore --instance URL` and `sign-bundle --instance URL` (issue 11): the loopback
/// Sigstore's trusted root and signing config published as TUF targets of a python-tuf
/// repository served on 127.0.0.1; `trust-instance`, then signing and verifying with the
/// instance's cache only. The cache goes to a temporary $XDG_CACHE_HOME.
@Suite("TUF: keyless signing with --instance", .serialized,
       .enabled(if: TUFOracle.isEnabled && TestEnvironment.cli != nil))
struct KeylessInstanceCLITests {
    /// A private instance: the loopback services and the TUF repository that publishes their trust material.
    struct Instance {
        let stack: LocalSigstore
        let server: LoopbackFileServer
        let folder: TemporaryDirectory
        var url: String { server.baseURL.absoluteString }
        var initialRoot: String { folder.appending("repo/initial_root.json").path }
        var cache: URL { folder.appending("cache") }
        var tokenFile: String { stack.directory + "/identity_token" }
    }

    static func withInstance(publishing signingConfig: Bool = true, _ body: (Instance) async throws -> Void) async throws {
        let folder = try TemporaryDirectory("keyless-instance")
        defer { folder.remove() }
        let stack = try await LocalSigstore.start(directory: folder.appending("stack").path)
        var server: LoopbackFileServer?
        do {
            // TUF target names are those sigstore-python and we look for.
            let trustedRoot = try folder.write("publish/trusted_root.json", try Data(contentsOf: URL(fileURLWithPath: stack.trustedRootPath)))
            var targets = [trustedRoot.path]
            if signingConfig {
                targets.append(try folder.write("publish/signing_config.v0.2.json",
                                                try Data(contentsOf: URL(fileURLWithPath: stack.signingConfigPath))).path)
            }
            let repository = folder.appending("repo")
            _ = try await TUFOracle.run(["init", repository.path] + targets)
            // sigstore-python's layout: metadata at URL/, targets at URL/targets/.
            try FileManager.default.createSymbolicLink(at: repository.appendingPathComponent("repository/targets"),
                                                       withDestinationURL: repository.appendingPathComponent("targets"))
            let started = try await LoopbackFileServer.start(serving: repository.appendingPathComponent("repository"))
            server = started
            try await body(Instance(stack: stack, server: started, folder: folder))
        } catch {
            await server?.stop()
            await stack.stop()
            throw error
        }
        await server?.stop()
        await stack.stop()
    }

    static func model(in folder: TemporaryDirectory) throws -> String {
        _ = try folder.write("model/weights.bin", Data(repeating: 5, count: 20_000))
        _ = try folder.write("model/config.json", "{\"layers\": 3}\n")
        return folder.appending("model").path
    }

    @Test("trust-instance, then sign sigstore / sign-bundle --instance and verify --instance, from the cache alone")
    func signAndVerifyWithATrustedInstance() async throws {
        try await Self.withInstance { instance in
            let trust = try await TrustCLITests.cli(["trust-instance", instance.url, "--root", instance.initialRoot], cache: instance.cache)
            #expect(trust.status == 0, "\(trust.stderr)")

            // The cache is fresh: signing and verifying send no request to the TUF repository.
            instance.server.resetRequestLog()
            let model = try Self.model(in: instance.folder)
            let signature = instance.folder.appending("model.sig").path
            let signed = try await TrustCLITests.cli(["sign", "sigstore", model, "--instance", instance.url,
                                                      "--identity-token", "@" + instance.tokenFile,
                                                      "--signature", signature, "--json"], cache: instance.cache)
            #expect(signed.status == 0, "\(signed.stderr)")
            #expect(signed.stdout.contains("\"certificate_identity\":\"\(instance.stack.identity)\""), "\(signed.stdout)")
            #expect(!signed.stderr.contains("warning"), "\(signed.stderr)")
            // The services came from the instance's signing config: the loopback Fulcio and Rekor.
            #expect(signed.stderr.contains(instance.stack.fulcioURL), "\(signed.stderr)")
            #expect(signed.stderr.contains(instance.stack.rekorV1URL) || signed.stderr.contains(instance.stack.rekorV2URL), "\(signed.stderr)")

            let verified = try await TrustCLITests.cli(["verify", "sigstore", model, "--signature", signature,
                                                        "--identity", instance.stack.identity,
                                                        "--identity-provider", instance.stack.issuer,
                                                        "--instance", instance.url], cache: instance.cache)
            #expect(verified.status == 0, "\(verified.stderr)")

            let artifact = model + "/config.json"
            let bundle = instance.folder.appending("config.sigstore.json").path
            let bundled = try await TrustCLITests.cli(["sign-bundle", artifact, "--bundle", bundle, "--instance", instance.url,
                                                       "--identity-token", "@" + instance.tokenFile, "--offline"],
                                                      cache: instance.cache)
            #expect(bundled.status == 0, "\(bundled.stderr)")
            let checked = try await TrustCLITests.cli(["verify-bundle", artifact, "--bundle", bundle,
                                                       "--certificate-identity", instance.stack.identity,
                                                       "--certificate-oidc-issuer", instance.stack.issuer,
                                                       "--instance", instance.url], cache: instance.cache)
            #expect(checked.status == 0, "\(checked.stderr)")
            #expect(instance.server.requestedPaths.isEmpty, "\(instance.server.requestedPaths)")

            // Without --instance the public-good root is used, which does not know the loopback CA.
            let production = try await TrustCLITests.cli(["verify", "sigstore", model, "--signature", signature,
                                                          "--identity", instance.stack.identity,
                                                          "--identity-provider", instance.stack.issuer], cache: instance.cache)
            #expect(production.status == 1, "\(production.stderr)")
        }
    }

    @Test("an instance that publishes no signing config needs --signing-config")
    func instanceWithoutSigningConfig() async throws {
        try await Self.withInstance(publishing: false) { instance in
            let trust = try await TrustCLITests.cli(["trust-instance", instance.url, "--root", instance.initialRoot], cache: instance.cache)
            #expect(trust.status == 0, "\(trust.stderr)")
            let model = try Self.model(in: instance.folder)
            let signature = instance.folder.appending("model.sig").path
            let refused = try await TrustCLITests.cli(["sign", "sigstore", model, "--instance", instance.url,
                                                       "--identity-token", "@" + instance.tokenFile, "--signature", signature],
                                                      cache: instance.cache)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("publishes no signing_config.v0.2.json through TUF; give --signing-config"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: signature))

            let signed = try await TrustCLITests.cli(["sign", "sigstore", model, "--instance", instance.url,
                                                      "--signing-config", instance.stack.signingConfigPath,
                                                      "--identity-token", "@" + instance.tokenFile, "--signature", signature],
                                                     cache: instance.cache)
            #expect(signed.status == 0, "\(signed.stderr)")
        }
    }

    @Test("an instance that was never trusted is refused with a clear error, and nothing is written")
    func untrustedInstance() async throws {
        let folder = try TemporaryDirectory("keyless-instance")
        defer { folder.remove() }
        let model = try Self.model(in: folder)
        let signature = folder.appending("model.sig").path
        for extra in [[], ["--offline"]] {
            let result = try await TrustCLITests.cli(["sign", "sigstore", model, "--instance", "http://127.0.0.1:9/",
                                                      "--identity-token", "not-used", "--signature", signature] + extra,
                                                     cache: folder.appending("cache"))
            #expect(result.status == 1)
            #expect(result.stderr.contains("no trusted root for http://127.0.0.1:9"), "\(result.stderr)")
            #expect(result.stderr.contains("model-signing trust-instance http://127.0.0.1:9 --root ROOT.json"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: signature))
        }
        let bundle = try await TrustCLITests.cli(["sign-bundle", model + "/config.json", "--bundle", folder.appending("b.json").path,
                                                  "--instance", "http://127.0.0.1:9/", "--identity-token", "not-used", "--offline"],
                                                 cache: folder.appending("cache"))
        #expect(bundle.status == 1)
        #expect(bundle.stderr.contains("no trusted root for http://127.0.0.1:9"), "\(bundle.stderr)")
    }
}
