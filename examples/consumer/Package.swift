// swift-tools-version: 6.0
// A program that uses swift-model-signing the way another project would: as a package
// dependency, through its public API only.
//
// As committed it depends on the enclosing checkout (`swift run` here works); the test
// `ConsumerPackageTests` rewrites the dependency line to a tagged `file://` git clone, so the
// package is resolved by version exactly as SwiftPM resolves it for real users.
import PackageDescription

let package = Package(
    name: "consumer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-model-signing", path: "../.."),  // consumer-test: dependency
    ],
    targets: [
        .executableTarget(
            name: "consumer",
            dependencies: [
                .product(name: "ModelSigning", package: "swift-model-signing"),
                .product(name: "ModelHashing", package: "swift-model-signing"),
            ]
        ),
    ]
)
