import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing
import X509

/// Reading certificates from PEM text and files.
struct CertificateLoadingTests {
    static func pem(_ certificate: Certificate) throws -> String {
        try certificate.serializeAsPEM().pemString + "\n"
    }

    @Test func severalCertificatesWithTextAroundThem() throws {
        let root = try TestPKI.authority(commonName: "Root A", key: .ec(.p256))
        let intermediate = try TestPKI.authority(commonName: "Intermediate A", key: .ec(.p256), issuer: root)
        let text = """
            Certificate:
                Data:
                    Version: 3 (0x2)
                    Subject: CN = Intermediate A
            \(try Self.pem(intermediate.certificate))
            Bag Attributes
                friendlyName: root
            \(try Self.pem(root.certificate))
            trailing text
            """
        let certificates = try CertificateLoader.certificates(pem: text)
        #expect(certificates == [intermediate.certificate, root.certificate])
    }

    @Test func windowsLineEndingsAndKeysInTheSameFile() throws {
        let root = try TestPKI.authority(commonName: "Root B", key: .ec(.p384))
        let text = (root.privateKeyPEM + (try Self.pem(root.certificate))).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try CertificateLoader.certificates(pem: text) == [root.certificate])
    }

    @Test func filesAreReadInOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try TestPKI.authority(commonName: "First", key: .ec(.p256))
        let second = try TestPKI.authority(commonName: "Second", key: .ec(.p256))
        let third = try TestPKI.authority(commonName: "Third", key: .ec(.p256))
        let one = try directory.write("one.pem", Self.pem(first.certificate) + Self.pem(second.certificate)).path
        let two = try directory.write("two.pem", "preamble\n" + Self.pem(third.certificate)).path
        #expect(try CertificateLoader.certificates(contentsOf: [one, two]) == [first.certificate, second.certificate, third.certificate])
        #expect {
            _ = try CertificateLoader.certificate(contentsOf: one)
        } throws: { "\($0)".contains("expected one certificate, found 2") }
    }

    @Test(.enabled(if: TestEnvironment.hasVectors, "needs ../shared/vectors"))
    func historicalCertificatesLoad() throws {
        for name in ["ca-cert.pem", "int-ca-cert.pem", "signing-key-cert.pem"] {
            let certificates = try CertificateLoader.certificates(contentsOf: TestEnvironment.vector("oms/historical/keys/\(name)").path)
            #expect(certificates.count == 1)
        }
    }

    @Test func clearErrors() throws {
        #expect { _ = try CertificateLoader.certificates(pem: "") } throws: { "\($0)".contains("no CERTIFICATE PEM block") }
        let key = ECPrivateKey.generate(curve: .p256)
        #expect { _ = try CertificateLoader.certificates(pem: key.pkcs8PEM) } throws: { "\($0)".contains("this is a key") }
        let garbage = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
        #expect { _ = try CertificateLoader.certificates(pem: garbage) } throws: { "\($0)".contains("not a valid DER X.509 certificate") }
        #expect { _ = try CertificateLoader.certificates(contentsOf: "/nonexistent/ca.pem") } throws: { "\($0)".contains("/nonexistent/ca.pem") }
    }

    @Test(.enabled(if: SystemTrustStore.bundlePath() != nil, "no system CA bundle on this machine"))
    func systemTrustStoreLoads() throws {
        let store = try SystemTrustStore.load()
        #expect(store.certificates.count > 10)
    }

    @Test func subjectComparison() throws {
        let authority = try TestPKI.authority(commonName: "Builder, Inc", key: .ec(.p256))
        let leaf = try TestPKI.leaf(commonName: "Model Builder", issuer: authority)
        let accepted = ["CN=Model Builder,O=model-signing tests", "cn=Model Builder, o=model-signing tests",
                        "O=model-signing tests, CN=Model Builder", "Model Builder"]
        for subject in accepted {
            try CertificateIdentityConstraints(subject: subject).check(leaf.certificate)
        }
        for subject in ["CN=Model Builder", "CN=model builder,O=model-signing tests", "model builder", "O=model-signing tests"] {
            #expect(throws: ModelSigningError.self, "\(subject)") {
                try CertificateIdentityConstraints(subject: subject).check(leaf.certificate)
            }
        }
    }
}
