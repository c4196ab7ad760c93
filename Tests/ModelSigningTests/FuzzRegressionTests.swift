import Foundation
import ModelSigningFuzzing
import ModelSigningTestSupport
import Sigstore
import X509
import Testing

/// Replays the fuzz targets' inputs in the ordinary suite: the checked-in corpora and crash
/// reproducers under fuzz/, and the seeds scripts/fuzz derives from the vectors, each also cut
/// short and with bytes flipped (a deterministic miniature of a fuzzing run). Every input must
/// come back, whatever it is; a crash fails the suite.
@Suite(.enabled(if: TestEnvironment.hasVectors, "needs ../shared/vectors"))
struct FuzzRegressionTests {
    private static let fuzzFolder = TestEnvironment.packageRoot.appendingPathComponent("fuzz")

    /// Files under `folder` whose names end with one of `suffixes`, at most `limit`, smallest first.
    private static func files(under folder: URL, suffixes: [String], limit: Int = 40) -> [[UInt8]] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey]) else { return [] }
        var found: [(size: Int, url: URL)] = []
        for case let url as URL in walker where suffixes.contains(where: url.lastPathComponent.hasSuffix) {
            let size = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
            if size > 0, size < 1 << 20 { found.append((size, url)) }
        }
        return found.sorted { $0.size < $1.size }.prefix(limit).compactMap { try? Array(Data(contentsOf: $0.url)) }
    }

    private static func seeds(for target: FuzzTarget) -> [[UInt8]] {
        let vectors = TestEnvironment.vector("")
        let bundles = files(under: vectors, suffixes: [".sig", ".sigstore", ".sigstore.json"])
        let parsed = bundles.compactMap { try? SigstoreBundle.parse($0) }
        var seeds: [[UInt8]]
        switch target {
        case .bundle: seeds = bundles
        case .statement: seeds = parsed.compactMap { $0.dsseEnvelope?.payload }
        case .json, .trustRoot: seeds = files(under: vectors, suffixes: [".json"])
        case .pem: seeds = files(under: vectors, suffixes: [".pem", ".pub"])
        case .der: seeds = certificates(in: parsed)
        case .sct: seeds = sctLists(in: parsed)
        case .timestamp: seeds = parsed.flatMap { $0.verificationMaterial.rfc3161Timestamps }
        case .checkpoint:
            seeds = parsed.flatMap { $0.verificationMaterial.tlogEntries.compactMap { $0.inclusionProof?.checkpoint.map { Array($0.utf8) } } }
        case .rekorBody: seeds = parsed.flatMap { $0.verificationMaterial.tlogEntries.map(\.canonicalizedBody) }
        case .tuf: seeds = files(under: vectors.appendingPathComponent("tuf"), suffixes: [".json"])
        // Checked-in seeds only (fuzz/corpus), below.
        case .jwt, .fulcioResponse, .rekorResponse, .modelCard, .mlBOM: seeds = []
        }
        return seeds
    }

    /// The DER certificates of `bundles`.
    private static func certificates(in bundles: [SigstoreBundle]) -> [[UInt8]] {
        bundles.flatMap { bundle -> [[UInt8]] in
            switch bundle.verificationMaterial.signer {
            case .x509CertificateChain(let chain): return chain
            case .certificate(let leaf): return [leaf]
            case .publicKey: return []
            }
        }
    }

    /// The TLS-encoded SCT lists of the certificates of `bundles` (what the sct target parses;
    /// whole certificates would stop at the list's length prefix), as scripts/fuzz derives them.
    private static func sctLists(in bundles: [SigstoreBundle]) -> [[UInt8]] {
        var lists: [[UInt8]] = []
        for der in certificates(in: bundles) {
            guard let certificate = try? Certificate(derEncoded: der),
                  let list = try? SignedCertificateTimestamp.embeddedList(in: certificate),
                  !lists.contains(list) else { continue }
            lists.append(list)
        }
        return lists
    }

    /// The checked-in inputs of `target` in fuzz/corpus or fuzz/crashes.
    private static func checkedIn(_ folder: String, for target: FuzzTarget) -> [[UInt8]] {
        files(under: fuzzFolder.appendingPathComponent(folder).appendingPathComponent(target.rawValue), suffixes: [""], limit: 1000)
    }

    /// scripts/fuzz runs the names in fuzz/targets through the one harness, which looks them up
    /// as FuzzTarget raw values: the list must name every FuzzTarget, once, and nothing else.
    @Test func theTargetListNamesEveryTarget() throws {
        let list = try String(contentsOf: FuzzRegressionTests.fuzzFolder.appendingPathComponent("targets"), encoding: .utf8)
        let names = list.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        #expect(names.sorted() == FuzzTarget.allCases.map(\.rawValue).sorted())
        #expect(Set(names).count == names.count, "fuzz/targets repeats a name")
    }

    /// The derived seeds are capped (a dozen each); every checked-in corpus input and crash
    /// reproducer is replayed.
    @Test(arguments: FuzzTarget.allCases)
    func everyInputComesBack(target: FuzzTarget) {
        let seeds = FuzzRegressionTests.seeds(for: target).prefix(12)
            + FuzzRegressionTests.checkedIn("corpus", for: target) + FuzzRegressionTests.checkedIn("crashes", for: target)
        #expect(!seeds.isEmpty, "no seeds for \(target.rawValue)")
        for seed in seeds {
            target.run(seed)
            let stride = max(1, seed.count / 24)
            for length in Swift.stride(from: 0, to: seed.count, by: stride) {
                target.run(Array(seed.prefix(length)))
            }
            for position in Swift.stride(from: 0, to: seed.count, by: stride) {
                var flipped = seed
                flipped[position] ^= 0x41
                target.run(flipped)
            }
        }
    }

    /// The sct seeds are what the target parses first, the TLS-encoded SCT list: each must parse
    /// (so mutations start past the length checks), with the SCTs the vectors' certificates carry.
    @Test func sctSeedsParse() throws {
        let seeds = FuzzRegressionTests.seeds(for: .sct)
        #expect(seeds.count >= 2)
        for seed in seeds {
            let scts = try SignedCertificateTimestamp.parseList(seed)
            #expect(!scts.isEmpty)
            for sct in scts {
                #expect(sct.version == 0)
                #expect(sct.logID.count == 32)
                #expect(!sct.signature.isEmpty)
                // Fulcio's certificates were issued after 2021 (1.6e12 ms since the epoch).
                #expect(sct.timestamp > 1_600_000_000_000)
            }
        }
    }
}
