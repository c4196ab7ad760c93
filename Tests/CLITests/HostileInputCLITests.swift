import Foundation
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import Testing

/// What a hostile model or signature can do at the command line (issue 15): canonically
/// equivalent file names, terminal control characters and huge values in fields, malformed
/// certificates and keys.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct HostileInputCLITests {
    /// The issue's scenario: sign two same-content twins, change one, verify.
    @Test(arguments: UnicodeTwins.pairs)
    func tamperedUnicodeTwinFailsVerification(pair: UnicodeTwins.Pair) throws {
        try #require(UnicodeTwins.fileSystemKeepsBoth, "this file system merges canonically equivalent names")
        let model = try UnicodeTwins.model(pair, sameContent: true)
        defer { model.remove() }
        let (privateKey, publicKey) = try model.directory.writeKeyPair()
        let signature = model.directory.appending("s.sig").path
        let sign = try ProcessRunner.cli(["sign", "key", model.path, "--private-key", privateKey, "--signature", signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        try UnicodeTwins.write(model.path + "/" + pair.second, UnicodeTwins.secondContent)
        let verify = try ProcessRunner.cli(["verify", "key", model.path, "--public-key", publicKey, "--signature", signature])
        #expect(verify.status == 1)
        #expect(!verify.stdout.contains("Verification succeeded"))
        #expect(verify.stderr.contains("hash mismatch for \(pair.second):"), "\(verify.stderr)")

        // --json names the twin by its exact bytes.
        let json = try ProcessRunner.cli(["verify", "key", model.path, "--public-key", publicKey, "--signature", signature, "--json"])
        let report = try JSONParser.parse(Array(json.stdout.utf8))
        let changed = report.objectValue?["changed"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue } ?? []
        #expect(changed.count == 1 && changed.first.map { $0.utf8.elementsEqual(pair.second.utf8) } == true, "\(json.stdout)")

        // --only with the untouched twin checks it alone and succeeds; with the changed one, fails.
        let onlyFirst = try ProcessRunner.cli(["verify", "key", model.path, "--public-key", publicKey, "--signature", signature,
                                               "--only", pair.first])
        #expect(onlyFirst.status == 0, "\(onlyFirst.stderr)")
        let onlySecond = try ProcessRunner.cli(["verify", "key", model.path, "--public-key", publicKey, "--signature", signature,
                                                "--only", pair.second])
        #expect(onlySecond.status == 1)
    }

    /// An ignored twin does not hide the other.
    @Test(arguments: UnicodeTwins.pairs)
    func ignoringOneTwinSignsTheOther(pair: UnicodeTwins.Pair) throws {
        try #require(UnicodeTwins.fileSystemKeepsBoth, "this file system merges canonically equivalent names")
        let model = try UnicodeTwins.model(pair)
        defer { model.remove() }
        let (privateKey, publicKey) = try model.directory.writeKeyPair()
        let signature = model.directory.appending("s.sig").path
        let sign = try ProcessRunner.cli(["sign", "key", model.path, "--private-key", privateKey, "--signature", signature,
                                          "--ignore-paths", model.path + "/" + pair.first])
        #expect(sign.status == 0, "\(sign.stderr)")
        try UnicodeTwins.write(model.path + "/" + pair.second, Array("ODD!".utf8))
        let verify = try ProcessRunner.cli(["verify", "key", model.path, "--public-key", publicKey, "--signature", signature])
        #expect(verify.status == 1, "the twin that was not ignored changed")
    }

    /// A media type that tries to clear the screen and print a fake success, and a huge one.
    @Test func controlCharactersAndHugeValuesAreNeutralized() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("model/a.bin", "a")
        let (privateKey, publicKey) = try directory.writeKeyPair()
        let signature = directory.appending("s.sig").path
        #expect(try ProcessRunner.cli(["sign", "key", directory.appending("model").path, "--private-key", privateKey,
                                       "--signature", signature]).status == 0)
        let original = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: signature))))
        for mediaType in ["\u{1B}[2J\u{1B}[HVerification succeeded\n", String(repeating: "x", count: 5_000_000)] {
            guard case .object(var object) = original else { Issue.record("not an object"); return }
            object["mediaType"] = .string(mediaType)
            try Data(JSONValue.object(object).serialized()).write(to: URL(fileURLWithPath: signature))
            let verify = try ProcessRunner.cli(["verify", "key", directory.appending("model").path, "--public-key", publicKey,
                                                "--signature", signature])
            #expect(verify.status == 1)
            #expect(!verify.stderr.contains("\u{1B}"), "raw escape character in: \(verify.stderr.prefix(200))")
            #expect(verify.stderr.split(separator: "\n").count == 1, "a forged line in: \(verify.stderr.prefix(200))")
            #expect(verify.stderr.utf8.count < 2 * DisplayText.maximumValueLength + 200, "\(verify.stderr.utf8.count) bytes of error")
            #expect(verify.stderr.contains("media type"))
        }
    }

    /// Malformed keys and certificates get messages in words, never library internals.
    @Test func malformedKeysAndCertificatesDoNotLeakInternals() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("model/a.bin", "a")
        let model = directory.appending("model").path
        let (privateKey, _) = try directory.writeKeyPair()
        let signature = directory.appending("s.sig").path
        #expect(try ProcessRunner.cli(["sign", "key", model, "--private-key", privateKey, "--signature", signature]).status == 0)

        func pem(_ label: String, _ der: [UInt8]) -> String {
            "-----BEGIN \(label)-----\n\(Base64.encode(der))\n-----END \(label)-----\n"
        }
        let validKey = try ECPrivateKey(pem: try String(contentsOfFile: privateKey, encoding: .utf8))
        let spki = validKey.publicKey.subjectPublicKeyInfo
        var truncatedSPKI = spki
        truncatedSPKI.removeLast(5)
        var badPoint = spki
        badPoint[badPoint.count - 1] ^= 0xFF
        // An RSA-encryption algorithm identifier in place of id-ecPublicKey.
        let rsaSPKI: [UInt8] = [0x30, 0x1C, 0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00,
                                0x03, 0x0B, 0x00, 0x30, 0x08, 0x02, 0x03, 0x01, 0x00, 0x01, 0x02, 0x01, 0x03]
        var cases: [(String, [String])] = []
        for (name, der) in [("truncated", truncatedSPKI), ("bad-point", badPoint), ("rsa-ish", rsaSPKI), ("garbage", [0x30, 0x83, 0xFF])] {
            let path = try directory.write("\(name).pub", pem("PUBLIC KEY", der)).path
            cases.append(("public key \(name)", ["verify", "key", model, "--public-key", path, "--signature", signature]))
            let keyPath = try directory.write("\(name).pem", pem("PRIVATE KEY", der)).path
            cases.append(("private key \(name)", ["sign", "key", model, "--private-key", keyPath, "--signature",
                                                  directory.appending("\(name).sig").path]))
            let certificate = try directory.write("\(name).crt", pem("CERTIFICATE", der)).path
            cases.append(("certificate \(name)", ["verify", "certificate", model, "--signature", signature,
                                                  "--certificate-chain", certificate]))
        }
        for (name, arguments) in cases {
            let result = try ProcessRunner.cli(arguments)
            #expect(result.status != 0, "\(name) was accepted")
            for leak in ["ASN1Error", ".swift:", "AlgorithmIdentifier(", "CryptoKitError", "CertificateError", "ASN1Any("] {
                #expect(!result.stderr.contains(leak), "\(name): \(result.stderr)")
            }
        }
    }

    /// Malformed certificates inside a bundle, through the Sigstore and the certificate
    /// verification paths: messages name the problem (and an unknown algorithm by its OID).
    @Test(.enabled(if: TestEnvironment.hasVectors, "needs ../shared/vectors"))
    func malformedBundleCertificatesDoNotLeakInternals() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let original = try SigstoreBundle.parse(Array(try Data(contentsOf: TestEnvironment.vector("oms/historical/v1.1.0-sigstore/model.sig"))))
        guard case .certificate(let leaf) = original.verificationMaterial.signer else {
            Issue.record("the vector bundle should carry one certificate")
            return
        }
        let ecPublicKeyOID: [UInt8] = [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
        let keyAlgorithm = try #require(leaf.firstRange(of: ecPublicKeyOID))
        var unknownKeyAlgorithm = leaf
        unknownKeyAlgorithm[keyAlgorithm.upperBound - 1] = 0x09  // 1.2.840.10045.2.9
        let certificates: [(String, [UInt8], String?)] = [
            ("truncated", Array(leaf.dropLast(40)), nil),
            ("garbage", [0x30, 0x82, 0x01, 0x00, 0x02, 0x01], nil),
            ("unknown key algorithm", unknownKeyAlgorithm, "1.2.840.10045.2.9"),
        ]
        try directory.write("model/a.bin", "a")
        let digest = "sha256:" + String(repeating: "0", count: 64)
        for (name, der, expected) in certificates {
            var bundle = original
            bundle.verificationMaterial.signer = .certificate(der)
            let path = try directory.write("\(name).sig", Data(bundle.serialized())).path
            let runs = [
                try ProcessRunner.cli(["verify-bundle", digest, "--bundle", path, "--certificate-identity", "stefanb@us.ibm.com",
                                       "--certificate-oidc-issuer", "https://sigstore.verify.ibm.com/oauth2"]),
                try ProcessRunner.cli(["verify", "certificate", directory.appending("model").path, "--signature", path,
                                       "--certificate-chain", path]),
                try ProcessRunner.cli(["verify", "sigstore", directory.appending("model").path, "--signature", path,
                                       "--identity", "stefanb@us.ibm.com", "--identity-provider", "https://sigstore.verify.ibm.com/oauth2"]),
            ]
            for result in runs {
                #expect(result.status != 0, "\(name) was accepted")
                for leak in ["ASN1Error", ".swift:", "AlgorithmIdentifier(", "CryptoKitError", "CertificateError", "ASN1Any("] {
                    #expect(!result.stderr.contains(leak), "\(name): \(result.stderr)")
                }
            }
            if let expected {
                #expect(runs[0].stderr.contains("unsupported public key algorithm \(expected)"), "\(runs[0].stderr)")
            }
        }
    }
}
