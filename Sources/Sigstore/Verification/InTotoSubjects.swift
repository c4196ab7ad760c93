/// Matches an artifact against the subjects of an in-toto statement (DSSE bundles).
enum InTotoSubjects {
    static let payloadType = "application/vnd.in-toto+json"

    static func check(payloadType: String, payload: [UInt8], artifact: ArtifactDigests) throws(SigstoreVerificationError) {
        guard payloadType == InTotoSubjects.payloadType else {
            throw SigstoreVerificationError(.artifact, "the DSSE payload type is \(DisplayText.quoted(payloadType)), not \(DisplayText.quoted(InTotoSubjects.payloadType))")
        }
        let statement: JSONReader
        do {
            statement = try JSONReader(document: payload)
        } catch {
            throw SigstoreVerificationError(.artifact, "the in-toto statement is not a JSON object: \(error.reason)")
        }
        let subjects: [JSONReader]
        do {
            subjects = try statement.objects("subject")
        } catch {
            throw SigstoreVerificationError(.artifact, "the in-toto statement's subject list is malformed: \(error.reason)")
        }
        var compared: [String] = []
        for subject in subjects {
            guard let digests = subject.value("digest")?.objectValue else { continue }
            for (name, value) in digests.entries {
                guard let algorithm = DigestAlgorithm(name: name), let expected = value.stringValue,
                      let actual = artifact.digest(algorithm) else { continue }
                compared.append(name)
                if Hex.decode(expected) == actual { return }
            }
        }
        let have = artifact.algorithms.map { "\($0.rawValue):\(Hex.encode(artifact.digest($0) ?? []))" }
        throw SigstoreVerificationError(
            .artifact,
            compared.isEmpty
                ? "none of the statement's \(subjects.count) subject(s) has a digest comparable with the artifact's (\(have.joined(separator: ", ")))"
                : "the artifact is not a subject of the in-toto statement (\(subjects.count) subject(s); artifact \(have.first ?? ""))")
    }
}
