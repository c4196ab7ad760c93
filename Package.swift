// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "swift-model-signing",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ModelHashing", targets: ["ModelHashing"]),
        .library(name: "ModelSigning", targets: ["ModelSigning"]),
        .library(name: "Sigstore", targets: ["Sigstore"]),
        .library(name: "KeylessSigning", targets: ["KeylessSigning"]),
        .library(name: "TUF", targets: ["TUF"]),
        .library(name: "SigstoreTrust", targets: ["SigstoreTrust"]),
        .executable(name: "model-signing", targets: ["model-signing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // `swift package generate-documentation` (scripts/docs); not linked into anything.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
    ],
    targets: [
        // BLAKE2b and BLAKE3 compression kernels (portable C plus SIMD paths chosen at run time).
        // No compiler flags: `unsafeFlags` would make SwiftPM refuse the package as a versioned
        // dependency; release builds compile C with -O2, which is as fast for these kernels.
        .target(name: "CBLAKE"),
        // The PKCS #11 types and function-list layout (our own header from the OASIS specification);
        // modules are loaded at run time, nothing is linked.
        .target(name: "CPKCS11"),
        // The platform layer: the only place the C library is imported (Darwin, Glibc, Musl),
        // with the calls that differ between them. Package-level API only.
        .target(name: "ModelSigningPlatform"),
        // Tree walk, serialization, hash engines, parallel scheduler, manifest.
        .target(
            name: "ModelHashing",
            dependencies: [
                "CBLAKE",
                "ModelSigningPlatform",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Sigstore bundle, DSSE, JSON, trust root, transparency log, certificates, timestamps.
        .target(
            name: "Sigstore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            resources: [.copy("Resources/TrustRoots")]
        ),
        // TUF 1.0 client: canonical JSON, metadata, the detailed client workflow, HTTP fetching.
        // Uses the Sigstore module only for its strict JSON parser.
        .target(
            name: "TUF",
            dependencies: [
                "Sigstore",
                "ModelSigningPlatform",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Sigstore trust through TUF: the per-instance cache, embedded TUF roots, and the
        // order in which verification and signing pick their trusted root.
        .target(
            name: "SigstoreTrust",
            dependencies: ["TUF", "Sigstore", "ModelSigningPlatform"],
            resources: [.copy("Resources/TUFRoots")]
        ),
        // OMS statement, signers, verifiers, high-level API; model-card attestations (Yams parses
        // the card's front matter); PKCS #11 and external signers.
        .target(
            name: "ModelSigning",
            dependencies: [
                "ModelHashing",
                "ModelSigningPlatform",
                "Sigstore",
                "CPKCS11",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            // dlopen lives in libdl before glibc 2.34.
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        // Keyless (Sigstore) signing: identity tokens, Fulcio, Rekor, TSA clients over HTTP. A separate
        // target so that verification-only users of ModelSigning and Sigstore do not link SwiftNIO.
        .target(
            name: "KeylessSigning",
            dependencies: [
                "ModelSigning",
                "ModelSigningPlatform",
                "Sigstore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .executableTarget(
            name: "model-signing",
            dependencies: [
                "ModelHashing",
                "ModelSigningPlatform",
                "Sigstore",
                "ModelSigning",
                "KeylessSigning",
                "SigstoreTrust",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Times signature parsing stage by stage (bench/parse); not a product for users.
        .executableTarget(
            name: "model-signing-parse-bench",
            dependencies: ["ModelHashing", "ModelSigning", "ModelSigningPlatform", "Sigstore"]
        ),
        // One entry point per parser of untrusted input, for fuzz/ and FuzzRegressionTests.
        .target(
            name: "ModelSigningFuzzing",
            dependencies: [
                "ModelSigning", "Sigstore", "TUF", "KeylessSigning",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        // Helpers for tests: fixture models, vector locations, throwaway keys and PKI (real cryptography).
        .target(
            name: "ModelSigningTestSupport",
            dependencies: [
                "ModelSigning",
                "ModelSigningPlatform",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // A loopback Sigstore (OIDC issuer, Fulcio, Rekor v1/v2, TSA) for tests; not a product for users.
        .target(
            name: "SigstoreLocal",
            dependencies: [
                "Sigstore",
                "ModelSigningPlatform",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .executableTarget(
            name: "sigstore-local",
            dependencies: ["SigstoreLocal", "ModelSigningPlatform"]
        ),
        .testTarget(
            name: "SigstoreLocalTests",
            dependencies: ["SigstoreLocal", "Sigstore", "ModelSigningTestSupport", .product(name: "X509", package: "swift-certificates")]
        ),
        .testTarget(
            name: "ModelHashingTests",
            dependencies: ["CBLAKE", "ModelHashing", "ModelSigningPlatform", "ModelSigningTestSupport"]
        ),
        .testTarget(name: "ModelSigningPlatformTests", dependencies: ["ModelSigningPlatform", "ModelSigningTestSupport"]),
        .testTarget(
            name: "SigstoreTests",
            dependencies: [
                "Sigstore", "ModelHashing", "ModelSigning", "ModelSigningTestSupport",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .testTarget(name: "TUFTests", dependencies: ["TUF", "SigstoreTrust", "Sigstore", "SigstoreLocal", "ModelSigningTestSupport"]),
        .testTarget(
            name: "ModelSigningTests",
            dependencies: [
                "ModelSigning", "ModelHashing", "ModelSigningPlatform", "Sigstore", "ModelSigningTestSupport", "ModelSigningFuzzing",
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .testTarget(
            name: "KeylessSigningTests",
            dependencies: [
                "KeylessSigning", "SigstoreLocal", "ModelSigningTestSupport",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "ModelSigning", "ModelHashing", "ModelSigningPlatform", "ModelSigningTestSupport",
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
    ]
)

// The libFuzzer harness (fuzz/Harness): declared only for the sanitizer build (scripts/asan-build.sh
// sets the variable), which links compiler-rt's libFuzzer into every binary. A plain build has no
// libFuzzer to link it against; consumers never see it.
if Context.environment["MODEL_SIGNING_FUZZ"] == "1" {
    package.targets += [
        .target(name: "CFuzzDriver", path: "fuzz/Harness/CFuzzDriver"),
        .executableTarget(
            name: "model-signing-fuzz",
            dependencies: ["CFuzzDriver", "ModelSigningFuzzing"],
            path: "fuzz/Harness/model-signing-fuzz"
        ),
    ]
}
