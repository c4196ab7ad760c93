extension LocalTransparencyLog {
    /// What a Rekor does with a proposed entry: integrated, or the answer refusing it.
    enum EntryOutcome {
        case integrated(body: [UInt8], Integration)
        case refused(LocalHTTPResponse)
    }

    /// Checks and canonicalizes a proposed entry with `canonicalBody` and appends it: 400 for a
    /// bad proposal, 409 for a duplicate, 500 when the checkpoint cannot be signed. Under
    /// ``LocalSigstoreFault/Kind/rekorEntryForOtherBody`` a body describing other digests is
    /// logged (and returned) instead of the proposed one.
    func integrate(_ request: [UInt8], fault: LocalSigstoreFault.Kind?,
                   canonicalBody: ([UInt8]) throws(LocalSigstoreError) -> [UInt8]) -> EntryOutcome {
        let body: [UInt8]
        do {
            body = try canonicalBody(request)
        } catch {
            return .refused(.error(400, "\(error)"))
        }
        let logged = fault == .rekorEntryForOtherBody ? LocalRekorV1.otherBody(body) : body
        do {
            guard let integration = try append(logged, fault: fault) else {
                return .refused(.error(409, "an equivalent entry already exists in the transparency log"))
            }
            return .integrated(body: logged, integration)
        } catch {
            return .refused(.error(500, "cannot sign the checkpoint: \(error)"))
        }
    }
}
