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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // `swift package generate-documentation` (scripts/docs); not linked into anything.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
    ],
    targets: [
        // BLAKE2b and BLAKE3 compression kernels (portable C plus SIMD paths chosen at run time).
        // No compiler flags: `unsafeFlags` would make SwiftPM refuse the package as a versioned
        // dependency; release builds compile C with -O2, which is as fast for these kernels.
        .target(name: "CBLAKE"),
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
        // OMS statement, signers, verifiers, high-level API.
        .target(
            name: "ModelSigning",
            dependencies: [
                "ModelHashing",
                "ModelSigningPlatform",
                "Sigstore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
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
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
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
        .testTarget(
            name: "ModelSigningTests",
            dependencies: [
                "ModelSigning", "ModelHashing", "Sigstore", "ModelSigningTestSupport",
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "ModelSigning", "ModelHashing", "ModelSigningTestSupport",
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
    ]
)
