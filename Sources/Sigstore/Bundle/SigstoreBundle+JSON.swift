extension SigstoreBundle {
    /// Reads a bundle from its JSON bytes. Checks structure only; no signature is verified.
    ///
    /// - Throws: ``BundleError`` naming the field at fault.
    public static func parse<Bytes: Collection<UInt8>>(_ document: Bytes) throws(BundleError) -> SigstoreBundle {
        try parse(document, payloadDeferral: payloadDeferral)
    }

    /// ``parse(_:)`` with another choice of payloads read in place (nil: none, every string is
    /// decoded by the JSON parser; tests compare the two).
    package static func parse<Bytes: Collection<UInt8>>(_ document: Bytes,
                                                        payloadDeferral: StringDeferral?) throws(BundleError) -> SigstoreBundle {
        let parse = { (buffer: UnsafeBufferPointer<UInt8>) in parseResult(buffer, payloadDeferral: payloadDeferral) }
        let result: Result<SigstoreBundle, BundleError>
        if let contiguous = document.withContiguousStorageIfAvailable(parse) {
            result = contiguous
        } else {
            result = Array(document).withUnsafeBufferPointer(parse)
        }
        return try result.get()
    }

    /// DSSE payloads at least this long are decoded from the document's bytes, without a copy
    /// as a `String` (shorter ones are not worth the look-up).
    package static let payloadDeferral = StringDeferral(key: "payload", minimumLength: 1 << 12)

    private static func parseResult(_ document: UnsafeBufferPointer<UInt8>,
                                    payloadDeferral: StringDeferral?) -> Result<SigstoreBundle, BundleError> {
        do {
            return .success(try parse(buffer: document, payloadDeferral: payloadDeferral))
        } catch {
            return .failure(error)
        }
    }

    private static func parse(buffer document: UnsafeBufferPointer<UInt8>,
                              payloadDeferral: StringDeferral?) throws(BundleError) -> SigstoreBundle {
        let parsed: (value: JSONValue, deferred: [DeferredString])
        do {
            if let payloadDeferral {
                parsed = try JSONParser.parse(document, deferring: payloadDeferral)
            } else {
                parsed = (try JSONParser.parse(document), [])
            }
        } catch {
            throw BundleError(field: "", reason: error.description)
        }
        let root = try JSONReader(documentValue: parsed.value)
        let mediaType = try root.string("mediaType")
        guard acceptedMediaTypes[mediaType] != nil else {
            throw root.error("mediaType", "unsupported bundle media type \(DisplayText.quoted(mediaType))")
        }
        let material = try VerificationMaterial(root.object("verificationMaterial"))

        let envelope = try root.optionalObject("dsseEnvelope")
        let message = try root.optionalObject("messageSignature")
        let content: Content
        switch (envelope, message) {
        case (let envelope?, nil):
            // The envelope is the member `optionalObject` chose; its payload, if deferred, is
            // the one deferred string in it (keys are unique in every object).
            let containerKey = root.object.fieldKey("dsseEnvelope")
            let payload = parsed.deferred.first { deferred in
                containerKey.map { deferred.containerKey.utf8.elementsEqual($0.utf8) } == true
            }
            content = .dsseEnvelope(try DSSEEnvelope(envelope, deferredPayload: payload.map {
                UnsafeBufferPointer(rebasing: document[$0.span])
            }))
        case (nil, let message?): content = .messageSignature(try MessageSignature(message))
        case (nil, nil): throw root.error(nil, "neither dsseEnvelope nor messageSignature is present")
        case (_?, _?): throw root.error(nil, "both dsseEnvelope and messageSignature are present")
        }
        return SigstoreBundle(mediaType: mediaType, verificationMaterial: material, content: content)
    }

    /// The bundle as compact JSON (protobuf JSON mapping), without a trailing newline.
    public func serialized() -> [UInt8] {
        jsonValue.serialized(.compact)
    }

    package var jsonValue: JSONValue {
        var object = JSONObject()
        object["mediaType"] = .string(mediaType)
        object["verificationMaterial"] = verificationMaterial.jsonValue
        switch content {
        case .dsseEnvelope(let envelope): object["dsseEnvelope"] = envelope.jsonValue
        case .messageSignature(let message): object["messageSignature"] = message.jsonValue
        }
        return .object(object)
    }
}

extension VerificationMaterial {
    package init(_ reader: JSONReader) throws(BundleError) {
        let candidates = ["publicKey", "x509CertificateChain", "certificate"].filter { reader.contains($0) }
        guard candidates.count == 1 else {
            throw reader.error(nil, candidates.isEmpty
                ? "none of publicKey, x509CertificateChain or certificate is present"
                : "more than one of publicKey, x509CertificateChain and certificate is present")
        }
        switch candidates[0] {
        case "publicKey":
            let key = try reader.object("publicKey")
            signer = .publicKey(hint: try key.optionalString("hint"), rawBytes: try key.optionalBytes("rawBytes"),
                                keyDetails: try key.optionalString("keyDetails"))
        case "x509CertificateChain":
            let chain = try reader.object("x509CertificateChain")
            var certificates: [[UInt8]] = []
            for certificate in try chain.objects("certificates") {
                certificates.append(try certificate.bytes("rawBytes"))
            }
            signer = .x509CertificateChain(certificates)
        default:
            signer = .certificate(try reader.object("certificate").bytes("rawBytes"))
        }
        hasTlogEntriesField = reader.contains("tlogEntries")
        var entries: [TransparencyLogEntry] = []
        let entryReaders = try reader.objects("tlogEntries")
        // Refused before decoding any entry: each costs base64, JSON and later signature work.
        guard entryReaders.count <= TransparencyLogEntry.maximumCountPerBundle else {
            throw reader.error("tlogEntries", "\(entryReaders.count) transparency log entries; at most \(TransparencyLogEntry.maximumCountPerBundle) are accepted")
        }
        for entry in entryReaders {
            entries.append(try TransparencyLogEntry(entry))
        }
        tlogEntries = entries
        var timestamps: [[UInt8]] = []
        if let data = try reader.optionalObject("timestampVerificationData") {
            for timestamp in try data.objects("rfc3161Timestamps") {
                timestamps.append(try timestamp.bytes("signedTimestamp"))
            }
        }
        rfc3161Timestamps = timestamps
    }

    package var jsonValue: JSONValue {
        var object = JSONObject()
        switch signer {
        case .publicKey(let hint, let rawBytes, let keyDetails):
            var key = JSONObject()
            if let hint { key["hint"] = .string(hint) }
            if let rawBytes { key["rawBytes"] = .string(Base64.encode(rawBytes)) }
            if let keyDetails { key["keyDetails"] = .string(keyDetails) }
            object["publicKey"] = .object(key)
        case .x509CertificateChain(let certificates):
            let list = certificates.map { JSONValue.object(JSONObject([("rawBytes", .string(Base64.encode($0)))])) }
            object["x509CertificateChain"] = .object(JSONObject([("certificates", .array(list))]))
        case .certificate(let certificate):
            object["certificate"] = .object(JSONObject([("rawBytes", .string(Base64.encode(certificate)))]))
        }
        object["tlogEntries"] = .array(tlogEntries.map(\.jsonValue))
        if !rfc3161Timestamps.isEmpty {
            let list = rfc3161Timestamps.map {
                JSONValue.object(JSONObject([("signedTimestamp", .string(Base64.encode($0)))]))
            }
            object["timestampVerificationData"] = .object(JSONObject([("rfc3161Timestamps", .array(list))]))
        }
        return .object(object)
    }
}

extension TransparencyLogEntry {
    package init(_ reader: JSONReader) throws(BundleError) {
        logIndex = try reader.int64("logIndex")
        logID = try reader.object("logId").bytes("keyId")
        let kindVersion = try reader.object("kindVersion")
        kind = try kindVersion.string("kind")
        version = try kindVersion.string("version")
        integratedTime = try reader.optionalInt64("integratedTime")
        signedEntryTimestamp = try reader.optionalObject("inclusionPromise")?.bytes("signedEntryTimestamp")
        if let proof = try reader.optionalObject("inclusionProof") {
            var hashes: [[UInt8]] = []
            guard let list = proof.value("hashes").map({ $0.arrayValue }) ?? [] else {
                throw proof.error("hashes", "expected an array")
            }
            guard list.count <= InclusionProof.maximumHashCount else {
                throw proof.error("hashes", "\(list.count) hashes; an inclusion proof has at most \(InclusionProof.maximumHashCount)")
            }
            for (index, element) in list.enumerated() {
                guard let text = element.stringValue, let hash = Base64.decode(text) else {
                    throw proof.error("hashes[\(index)]", "expected a base64 string")
                }
                hashes.append(hash)
            }
            inclusionProof = InclusionProof(
                logIndex: try proof.int64("logIndex"), rootHash: try proof.bytes("rootHash"),
                treeSize: try proof.int64("treeSize"), hashes: hashes,
                checkpoint: try proof.optionalObject("checkpoint")?.optionalString("envelope"))
        } else {
            inclusionProof = nil
        }
        canonicalizedBody = try reader.bytes("canonicalizedBody")
    }

    package var jsonValue: JSONValue {
        var object = JSONObject()
        object["logIndex"] = .string(String(logIndex))
        object["logId"] = .object(JSONObject([("keyId", .string(Base64.encode(logID)))]))
        object["kindVersion"] = .object(JSONObject([("kind", .string(kind)), ("version", .string(version))]))
        if let integratedTime { object["integratedTime"] = .string(String(integratedTime)) }
        if let signedEntryTimestamp {
            object["inclusionPromise"] = .object(JSONObject([
                ("signedEntryTimestamp", .string(Base64.encode(signedEntryTimestamp))),
            ]))
        }
        if let proof = inclusionProof {
            var proofObject = JSONObject()
            proofObject["logIndex"] = .string(String(proof.logIndex))
            proofObject["rootHash"] = .string(Base64.encode(proof.rootHash))
            proofObject["treeSize"] = .string(String(proof.treeSize))
            proofObject["hashes"] = .array(proof.hashes.map { .string(Base64.encode($0)) })
            if let checkpoint = proof.checkpoint {
                proofObject["checkpoint"] = .object(JSONObject([("envelope", .string(checkpoint))]))
            }
            object["inclusionProof"] = .object(proofObject)
        }
        object["canonicalizedBody"] = .string(Base64.encode(canonicalizedBody))
        return .object(object)
    }
}

extension DSSEEnvelope {
    /// Reads an envelope; `deferredPayload` is the payload's base64 text when the parser left
    /// it in the document (``SigstoreBundle/payloadDeferral``).
    package init(_ reader: JSONReader, deferredPayload: UnsafeBufferPointer<UInt8>? = nil) throws(BundleError) {
        if let deferredPayload {
            guard let decoded = Base64.decode(bytes: deferredPayload) else { throw reader.error("payload", "not valid base64") }
            payload = decoded
        } else {
            payload = try reader.bytes("payload")
        }
        payloadType = try reader.string("payloadType")
        var signatures: [DSSESignature] = []
        for signature in try reader.objects("signatures") {
            signatures.append(DSSESignature(signature: try signature.bytes("sig"),
                                            keyID: try signature.optionalString("keyid")))
        }
        self.signatures = signatures
    }

    package var jsonValue: JSONValue {
        var object = JSONObject()
        object["payload"] = .string(Base64.encode(payload))
        object["payloadType"] = .string(payloadType)
        object["signatures"] = .array(signatures.map { signature in
            var entry = JSONObject([("sig", .string(Base64.encode(signature.signature)))])
            if let keyID = signature.keyID { entry["keyid"] = .string(keyID) }
            return .object(entry)
        })
        return .object(object)
    }
}

extension MessageSignature {
    package init(_ reader: JSONReader) throws(BundleError) {
        if let digest = try reader.optionalObject("messageDigest") {
            messageDigest = (try digest.optionalString("algorithm") ?? "HASH_ALGORITHM_UNSPECIFIED",
                             try digest.bytes("digest"))
        } else {
            messageDigest = nil
        }
        signature = try reader.bytes("signature")
    }

    package var jsonValue: JSONValue {
        var object = JSONObject()
        if let messageDigest {
            object["messageDigest"] = .object(JSONObject([
                ("algorithm", .string(messageDigest.algorithm)),
                ("digest", .string(Base64.encode(messageDigest.digest))),
            ]))
        }
        object["signature"] = .string(Base64.encode(signature))
        return .object(object)
    }
}
