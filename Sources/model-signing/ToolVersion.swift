/// The version `model-signing --version` prints. `scripts/release VERSION` stamps the release's
/// version here in the copy of the sources it builds; the committed value is the development one.
enum ToolVersion {
    static let current = "0.1.0"
}
