// swift-tools-version: 6.0
// libFuzzer harnesses for the parsers of untrusted input. Build and run with scripts/fuzz
// (`swift build -Xswiftc -sanitize=fuzzer,address`); the entry points live in the main
// package's ModelSigningFuzzing library so that the ordinary tests replay the same code. That
// library is a product of the main package only when MODEL_SIGNING_FUZZ_PRODUCT=1 (scripts/fuzz
// sets it): a path dependency is reachable through its products alone.
import PackageDescription

let targets = ["bundle", "statement", "json", "pem", "der", "timestamp", "checkpoint", "trust-root", "sct",
               "rekor-body", "tuf", "jwt", "fulcio-response", "rekor-response", "model-card", "ml-bom"]

let package = Package(
    name: "model-signing-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "swift-model-signing", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzMain", dependencies: ["CFuzzDriver", .product(name: "ModelSigningFuzzing", package: "swift-model-signing")]),
    ] + targets.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzMain"], path: "Targets/\(name)")
    }
)
