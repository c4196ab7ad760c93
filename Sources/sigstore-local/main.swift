import Foundation
import SigstoreLocal

// sigstore-local DIR [--rekor-version 1|2]: runs the loopback Sigstore in the foreground until
// killed (SIGINT/SIGTERM) and writes its trust material into DIR (DIR/ready last).
let usage = """
    usage: sigstore-local DIR [--rekor-version 1|2]

    Runs a Sigstore on 127.0.0.1 (OIDC issuer, Fulcio, Rekor v1 and v2, RFC 3161 TSA) in the
    foreground until killed, and writes into DIR:
      trust_config.json            ClientTrustConfig (trusted root + signing config) selecting
                                   Rekor v1, or v2 with --rekor-version 2
      trust_config_rekor_v1.json, trust_config_rekor_v2.json   both variants
      trusted_root.json, signing_config.json
      identity_token               a valid token (audience sigstore), refreshed every 5 minutes
      identity, issuer             what the token's certificates will name
      ready                        written last, once every service answers

    """
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("-h") || arguments.contains("--help") {
    print(usage, terminator: "")
    exit(0)
}
var rekorVersion = 1
if let flag = arguments.firstIndex(of: "--rekor-version") {
    guard flag + 1 < arguments.count, let version = Int(arguments[flag + 1]), version == 1 || version == 2 else {
        FileHandle.standardError.write(Data("sigstore-local: --rekor-version takes 1 or 2\n".utf8))
        exit(2)
    }
    rekorVersion = version
    arguments.removeSubrange(flag...(flag + 1))
}
guard arguments.count == 1, !arguments[0].hasPrefix("-") else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
let directory = arguments[0]

let sigstore: LocalSigstore
do {
    sigstore = try await LocalSigstore.start(directory: directory, rekorVersion: rekorVersion)
} catch {
    FileHandle.standardError.write(Data("sigstore-local: \(error)\n".utf8))
    exit(1)
}
FileHandle.standardError.write(Data("""
    sigstore-local: OIDC \(sigstore.oidcURL), Fulcio \(sigstore.fulcioURL), Rekor v1 \(sigstore.rekorV1URL), \
    Rekor v2 \(sigstore.rekorV2URL), TSA \(sigstore.tsaURL)
    sigstore-local: trust config \(sigstore.trustConfigPath); identity \(sigstore.identity); ready

    """.utf8))

// Keep DIR/identity_token valid for users who read it later.
let refresher = Task {
    while !Task.isCancelled {
        try await Task.sleep(nanoseconds: 300 * 1_000_000_000)
        try Data((sigstore.identityToken + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/identity_token"), options: .atomic)
    }
}
await StopSignals.wait()
refresher.cancel()
await sigstore.stop()
try? FileManager.default.removeItem(atPath: directory + "/ready")
