import Crypto
import Foundation
import Sigstore
import SwiftASN1
import X509

/// The loopback RFC 3161 timestamp authority. Replies are made by `openssl ts -reply`, an
/// independent TSA implementation (so our TimestampVerifier is checked against someone
/// else's encoder); this type makes its key and certificates (a root and a TSA leaf with a
/// critical timeStamping EKU) and its configuration file, and runs it once per request.
final class LocalTimestampAuthority: LocalHTTPService {
    let root: Certificate
    let leaf: Certificate
    let directory: URL
    let faults: LocalSigstoreFaultState
    /// `openssl ts -reply` keeps a serial-number file: one reply at a time.
    private let replyLock = NSLock()

    /// Timestamp queries larger than this are refused (a real one is under 100 bytes).
    static let maximumQuerySize = 4096

    init(directory: URL, notBefore: Date, faults: LocalSigstoreFaultState) throws {
        self.directory = directory
        self.faults = faults
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rootKey = P256.Signing.PrivateKey()
        let leafKey = P256.Signing.PrivateKey()
        let rootName = try DistinguishedName { OrganizationName("sigstore-local"); CommonName("sigstore-local TSA root") }
        let leafName = try DistinguishedName { OrganizationName("sigstore-local"); CommonName("sigstore-local TSA") }
        let root = try LocalCertificateIssuer.root(key: rootKey, name: rootName, maxPathLength: 0, notBefore: notBefore)
        self.root = root
        leaf = try LocalCertificateIssuer.issue(
            key: leafKey.publicKey, subject: leafName,
            extensions: Array(Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                Critical(try ExtendedKeyUsage([.timeStamping]))
            }),
            issuer: root, issuerKey: rootKey, notBefore: notBefore)
        try writeFile("tsa-key.pem", leafKey.pemRepresentation + "\n", private: true)
        try writeFile("tsa.pem", leaf.pemText)
        // What `verify key|certificate --tsa-certificate-chain` takes: the signing certificate, then the root.
        try writeFile("chain.pem", leaf.pemText + root.pemText)
        try writeFile("serial", "01\n")
        try writeFile("openssl.cnf", """
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            dir = \(directory.path)
            serial = $dir/serial
            crypto_device = builtin
            signer_cert = $dir/tsa.pem
            signer_key = $dir/tsa-key.pem
            signer_digest = sha256
            default_policy = 1.3.6.1.4.1.57264.2
            other_policies = 1.2.3.4.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = no
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256

            """)
    }

    private func writeFile(_ name: String, _ text: String, private isPrivate: Bool = false) throws {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url, options: .atomic)
        if isPrivate { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path) }
    }

    func respond(to request: LocalHTTPRequest) async -> LocalHTTPResponse {
        guard request.method == "POST", request.path == "/api/v1/timestamp" || request.path == "/" else {
            return .error(404, "no route \(request.method) \(request.path) on the TSA")
        }
        guard request.headers["content-type"]?.hasPrefix("application/timestamp-query") == true else {
            return .error(415, "Content-Type must be application/timestamp-query")
        }
        guard !request.body.isEmpty, request.body.count <= LocalTimestampAuthority.maximumQuerySize else {
            return .error(400, "the timestamp query is empty or larger than \(LocalTimestampAuthority.maximumQuerySize) bytes")
        }
        var query = request.body
        if faults.current == .tsaWrongDigest {
            guard let altered = LocalTimestampAuthority.alteringImprint(of: query) else {
                return .error(400, "the timestamp query is not a DER TimeStampReq")
            }
            query = altered
        }
        do {
            // openssl runs on a dispatch queue, not on the Swift concurrency pool that serves requests.
            let finalQuery = query
            let reply = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try self.reply(to: finalQuery) })
                }
            }
            return LocalHTTPResponse(status: 200, headers: [("Content-Type", "application/timestamp-reply")], body: reply)
        } catch {
            return .error(400, "\(error)")
        }
    }

    /// Runs `openssl ts -reply` on `query`, returning the DER TimeStampResp.
    func reply(to query: [UInt8]) throws -> [UInt8] {
        replyLock.lock()
        defer { replyLock.unlock() }
        let queryURL = directory.appendingPathComponent("query.der")
        let replyURL = directory.appendingPathComponent("reply.der")
        try Data(query).write(to: queryURL)
        try? FileManager.default.removeItem(at: replyURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "ts", "-reply", "-config", directory.appendingPathComponent("openssl.cnf").path,
                             "-queryfile", queryURL.path, "-out", replyURL.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let reply = try? Data(contentsOf: replyURL), !reply.isEmpty else {
            throw LocalSigstoreError("openssl ts -reply failed (status \(process.terminationStatus)): "
                                     + String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return Array(reply)
    }

    /// `query` with the last byte of its messageImprint.hashedMessage flipped; nil when the
    /// query is not `SEQUENCE { version, SEQUENCE { algorithm, OCTET STRING }, … }`.
    static func alteringImprint(of query: [UInt8]) -> [UInt8]? {
        guard let request = try? parseDER(query, "TimeStampReq"), let fields = try? request.children("TimeStampReq"),
              fields.count >= 2, let imprint = try? fields[1].children("messageImprint"), imprint.count == 2,
              let digest = try? imprint[1].octetString("hashedMessage"), !digest.isEmpty else { return nil }
        var altered = query
        altered[digest.endIndex - 1] ^= 0x01
        return altered
    }
}
