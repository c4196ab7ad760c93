import ModelHashing
import ModelSigning
import Sigstore

/// The line printed after a partial verification (`--only`), saying what was not checked.
enum PartialVerificationNote {
    /// Names listed in full up to this many; beyond it, a count (`--json` lists them all).
    static let listLimit = 20

    static func text(for result: VerificationResult) -> String {
        let total = result.signedManifest.filePaths.count
        let unchecked = result.uncheckedFiles
        let checked = total - unchecked.count
        var text = "Partial verification: checked \(checked) of \(total) signed files"
        guard !unchecked.isEmpty else { return text + "." }
        // Names come from the signature: shown escaped.
        let shown = unchecked.prefix(listLimit).map { DisplayText.escaped($0.string) }.joined(separator: ", ")
        text += "; NOT checked: " + shown
        if unchecked.count > listLimit { text += " and \(unchecked.count - listLimit) more" }
        return text
    }
}
