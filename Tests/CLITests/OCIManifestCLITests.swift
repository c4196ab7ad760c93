import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// `sign … MANIFEST.json --oci-manifest` and `verify` of OCI image manifests in the shapes
/// `skopeo inspect --raw` / `oras manifest fetch` print: against the manifest alone and against
/// the unpacked model directory, with our verifier and the reference's.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct OCIManifestCLITests {
    /// A model directory, an ORAS-style OCI manifest of it (titled layers, empty config) and keys.
    struct Fixture {
        let directory: TemporaryDirectory
        let model: String
        let manifest: String
        let signature: String
        let privateKey: String
        let publicKey: String

        static let files: [(String, String)] = [("model.safetensors", "model-weights-data\n"), ("tokenizer.json", "{\"vocab\": 3}\n")]
        /// The OCI empty descriptor's digest (`{}`), the config of artifacts pushed by oras.
        static let emptyConfigDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"

        init() throws {
            directory = try TemporaryDirectory()
            for (name, contents) in Fixture.files { try directory.write("model/\(name)", contents) }
            let modelPath = directory.appending("model").path
            model = modelPath
            let layers = try Fixture.files.map { name, contents in
                """
                {"mediaType":"application/octet-stream","digest":"sha256:\(try Fixture.sha256(ofFile: modelPath + "/" + name))","size":\(contents.utf8.count),"annotations":{"org.opencontainers.image.title":"\(name)"}}
                """
            }
            manifest = try directory.write("tiny-model.json", """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.unknown.artifact.v1",\
                "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"\(Fixture.emptyConfigDigest)","size":2,"data":"e30="},\
                "layers":[\(layers.joined(separator: ","))],"annotations":{"org.opencontainers.image.created":"2026-12-03T09:00:00Z"}}

                """).path
            signature = directory.appending("model.sig").path
            (privateKey, publicKey) = try directory.writeKeyPair()
        }

        /// SHA-256 by OpenSSL, an implementation independent of ours.
        static func sha256(ofFile path: String) throws -> String {
            let result = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/openssl"), ["dgst", "-sha256", "-r", path])
            guard result.succeeded, let hex = result.stdout.split(separator: " ").first else {
                throw TestSupportError("openssl dgst failed: \(result.stderr)")
            }
            return String(hex)
        }

        func cli(_ arguments: [String]) throws -> ProcessResult { try ProcessRunner.cli(arguments) }
    }

    @Test func manifestSignatureVerifiesAgainstTheManifestAndTheUnpackedModel() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let sign = try fixture.cli(["sign", "key", fixture.manifest, "--oci-manifest", "--private-key", fixture.privateKey,
                                    "--signature", fixture.signature, "--json"])
        #expect(sign.status == 0, "\(sign.stderr)")
        #expect(sign.stdout.contains("\"resources\":3"), "\(sign.stdout)")

        // The manifest alone: with the flag, and recognized without it.
        for flag in [["--oci-manifest"], []] {
            let verify = try fixture.cli(["verify", "key", fixture.manifest, "--public-key", fixture.publicKey,
                                          "--signature", fixture.signature] + flag)
            #expect(verify.status == 0, "\(flag): \(verify.stderr)")
        }
        // The unpacked model has no config.json: it is the one signed file missing.
        let unpacked = try fixture.cli(["verify", "key", fixture.model, "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(unpacked.status == 1)
        #expect(unpacked.stderr.contains("missing files: config.json"), "\(unpacked.stderr)")
    }

    @Test func signingWithoutTheConfigVerifiesTheUnpackedModel() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let sign = try fixture.cli(["sign", "key", fixture.manifest, "--oci-manifest", "--ignore-paths", "config.json",
                                    "--private-key", fixture.privateKey, "--signature", fixture.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let unpacked = try fixture.cli(["verify", "key", fixture.model, "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(unpacked.status == 0, "\(unpacked.stderr)")
        if TestEnvironment.hasReference {
            let reference = try ProcessRunner.referenceCLI(["verify", "key", fixture.model, "--signature", fixture.signature,
                                                            "--public_key", fixture.publicKey])
            #expect(reference.status == 0, "reference refused the unpacked model against our manifest signature: \(reference.stderr)")
        }
        // A changed file no longer matches its layer digest.
        try Data("other weights".utf8).write(to: URL(fileURLWithPath: fixture.model + "/model.safetensors"))
        let tampered = try fixture.cli(["verify", "key", fixture.model, "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("hash mismatch for model.safetensors"), "\(tampered.stderr)")
    }

    @Test func directorySignatureVerifiesTheManifest() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        for signer in ["ours", "reference"] where signer == "ours" || TestEnvironment.hasReference {
            let sign = signer == "ours"
                ? try fixture.cli(["sign", "key", fixture.model, "--private-key", fixture.privateKey, "--signature", fixture.signature])
                : try ProcessRunner.referenceCLI(["sign", "key", fixture.model, "--private_key", fixture.privateKey,
                                                  "--signature", fixture.signature])
            #expect(sign.status == 0, "\(signer): \(sign.stderr)")
            // config.json is in the manifest but not in the signed directory.
            let strict = try fixture.cli(["verify", "key", fixture.manifest, "--public-key", fixture.publicKey,
                                          "--signature", fixture.signature])
            #expect(strict.status == 1)
            #expect(strict.stderr.contains("extra files not in the signature: config.json"), "\(strict.stderr)")
            let tolerant = try fixture.cli(["verify", "key", fixture.manifest, "--public-key", fixture.publicKey,
                                            "--signature", fixture.signature, "--ignore-unsigned-files"])
            #expect(tolerant.status == 0, "\(signer): \(tolerant.stderr)")
        }
    }

    @Test func layerTitledConfigJSONReplacesTheImageConfig() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        // Hugging Face models carry their own config.json: pushed as a layer, it is what gets
        // signed under that name (the last blob of a name wins, as in the reference PR).
        let configText = "{\"hidden_size\": 8}\n"
        try fixture.directory.write("model/config.json", configText)
        let configDigest = try Fixture.sha256(ofFile: fixture.model + "/config.json")
        let original = try String(contentsOfFile: fixture.manifest, encoding: .utf8)
        let withConfigLayer = original.replacingOccurrences(of: "\"layers\":[", with: """
            "layers":[{"mediaType":"application/octet-stream","digest":"sha256:\(configDigest)","size":\(configText.utf8.count),"annotations":{"org.opencontainers.image.title":"config.json"}},
            """)
        try withConfigLayer.write(toFile: fixture.manifest, atomically: true, encoding: .utf8)
        let sign = try fixture.cli(["sign", "key", fixture.manifest, "--oci-manifest", "--private-key", fixture.privateKey,
                                    "--signature", fixture.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        // The unpacked model, config.json included, verifies as is.
        let unpacked = try fixture.cli(["verify", "key", fixture.model, "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(unpacked.status == 0, "\(unpacked.stderr)")
    }

    @Test func changedLayerDigestIsAMismatch() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let sign = try fixture.cli(["sign", "key", fixture.manifest, "--oci-manifest", "--private-key", fixture.privateKey,
                                    "--signature", fixture.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let original = try String(contentsOfFile: fixture.manifest, encoding: .utf8)
        let digest = try Fixture.sha256(ofFile: fixture.model + "/tokenizer.json")
        let replaced = original.replacingOccurrences(of: digest, with: String(repeating: "0", count: 64))
        try replaced.write(toFile: fixture.manifest, atomically: true, encoding: .utf8)
        let verify = try fixture.cli(["verify", "key", fixture.manifest, "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("hash mismatch for tokenizer.json: expected \(digest), actual 0000"), "\(verify.stderr)")
    }

    @Test func containerImageManifestNamesUntitledLayersByIndex() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        // The shape of `skopeo inspect --raw` for a container image: gzip layers without titles.
        let image = try fixture.directory.write("image.json", """
            {
              "schemaVersion": 2,
              "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 1470,
                         "digest": "sha256:\(String(repeating: "c", count: 64))"},
              "layers": [
                {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 3623807,
                 "digest": "sha256:\(String(repeating: "a", count: 64))"},
                {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32,
                 "digest": "sha256:\(String(repeating: "b", count: 64))"}
              ]
            }

            """).path
        let sign = try fixture.cli(["sign", "key", image, "--oci-manifest", "--private-key", fixture.privateKey,
                                    "--signature", fixture.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let bundle = try String(contentsOfFile: fixture.signature, encoding: .utf8)
        let payload = try #require(OCIManifestCLITests.statement(inBundle: bundle))
        for name in ["config.json", "layer_000.tar.gz", "layer_001.tar.gz"] {
            #expect(payload.contains("\"\(name)\""), "\(name) missing from \(payload)")
        }
        // The model name is the manifest file's name without extension, as in the reference PR.
        #expect(payload.contains("\"name\":\"image\"") || payload.contains("\"name\": \"image\""), "\(payload)")
        let verify = try fixture.cli(["verify", "key", image, "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func indexAndArtifactManifestAreRefusedClearly() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let index = try fixture.directory.write("index.json", """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\(String(repeating: "d", count: 64))","size":1000,
               "platform":{"architecture":"amd64","os":"linux"}}]}
            """).path
        let indexSign = try fixture.cli(["sign", "key", index, "--oci-manifest", "--private-key", fixture.privateKey,
                                         "--signature", fixture.signature])
        #expect(indexSign.status == 1)
        #expect(indexSign.stderr.contains("this is an image index"), "\(indexSign.stderr)")

        let artifact = try fixture.directory.write("artifact.json", """
            {"mediaType":"application/vnd.oci.artifact.manifest.v1+json","artifactType":"application/vnd.example+type",
             "blobs":[{"mediaType":"application/octet-stream","digest":"sha256:\(String(repeating: "e", count: 64))","size":5}]}
            """).path
        let artifactSign = try fixture.cli(["sign", "key", artifact, "--oci-manifest", "--private-key", fixture.privateKey,
                                            "--signature", fixture.signature])
        #expect(artifactSign.status == 1)
        #expect(artifactSign.stderr.contains("OCI artifact manifest"), "\(artifactSign.stderr)")

        let malformed = try fixture.directory.write("bad.json", """
            {"schemaVersion":2,"config":{"digest":"sha256:xyz"},"layers":[]}
            """).path
        let malformedSign = try fixture.cli(["sign", "key", malformed, "--oci-manifest", "--private-key", fixture.privateKey,
                                             "--signature", fixture.signature])
        #expect(malformedSign.status == 1)
        #expect(malformedSign.stderr.contains("config has a malformed sha256 digest"), "\(malformedSign.stderr)")

        let sha512 = try fixture.directory.write("sha512.json", """
            {"schemaVersion":2,"layers":[{"mediaType":"x","size":1,"digest":"sha512:\(String(repeating: "f", count: 128))"}]}
            """).path
        let sha512Sign = try fixture.cli(["sign", "key", sha512, "--oci-manifest", "--private-key", fixture.privateKey,
                                          "--signature", fixture.signature])
        #expect(sha512Sign.status == 1)
        #expect(sha512Sign.stderr.contains("layer 0 has a sha512 digest; only sha256 digests can be signed"), "\(sha512Sign.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.signature))
    }

    @Test func externalSignerSignsManifests() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let sign = try fixture.cli(["sign", "external", fixture.manifest, "--oci-manifest",
                                    "--signer-command", "openssl dgst -sha256 -sign '\(fixture.privateKey)'",
                                    "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try fixture.cli(["verify", "key", fixture.manifest, "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    /// The decoded DSSE payload of a bundle (the statement JSON), read with Foundation.
    static func statement(inBundle text: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let envelope = object["dsseEnvelope"] as? [String: Any], let payload = envelope["payload"] as? String,
              let data = Data(base64Encoded: payload) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
