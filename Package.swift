// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "swift-model-signing",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ModelHashing", targets: ["ModelHashing"]),
        .library(name: "ModelSigning", targets: ["ModelSigning"]),
        .library(name: "Sigstore", targets: ["Sigstore"]),
        .executable(name: "model-signing", targets: ["model-signing"]),
        // Parser entry points for the libFuzzer harnesses in fuzz/ (scripts/fuzz).
        .library(name: "ModelSigningFuzzing", targets: ["ModelSigningFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // BLAKE2b and BLAKE3 compression kernels (portable C plus SIMD paths chosen at run time).
        .target(
            name: "CBLAKE",
            cSettings: [.unsafeFlags(["-O3"])]
        ),
        // Tree walk, serialization, hash engines, parallel scheduler, manifest.
        .target(
            name: "ModelHashing",
            dependencies: [
                "CBLAKE",
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
        // OMS statement, signers, verifiers, high-level API; model-card attestations (Yams parses the card's front matter).
        .target(
            name: "ModelSigning",
            dependencies: [
                "ModelHashing",
                "Sigstore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .executableTarget(
            name: "model-signing",
            dependencies: [
                "ModelSigning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // One entry point per parser of untrusted input, for fuzz/ and FuzzRegressionTests.
        .target(
            name: "ModelSigningFuzzing",
            dependencies: ["ModelSigning", "Sigstore", .product(name: "X509", package: "swift-certificates")]
        ),
        // Helpers for tests: fixture models, vector locations, throwaway keys and PKI (real cryptography).
        .target(
            name: "ModelSigningTestSupport",
            dependencies: [
                "ModelSigning",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .testTarget(name: "ModelHashingTests", dependencies: ["ModelHashing", "ModelSigningTestSupport"]),
        .testTarget(name: "SigstoreTests", dependencies: ["Sigstore", "ModelSigningTestSupport"]),
        .testTarget(
            name: "ModelSigningTests",
            dependencies: ["ModelSigning", "ModelSigningTestSupport", "ModelSigningFuzzing",
                           .product(name: "X509", package: "swift-certificates")]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["ModelSigningTestSupport", .product(name: "X509", package: "swift-certificates")]
        ),
    ]
)
