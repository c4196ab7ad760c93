import CPKCS11
import Foundation

/// A logged-in session on the token a ``PKCS11URI`` names, holding the key it names.
///
/// Calls into the module are serialized by a lock; the session is logged out and closed (and
/// the module finalized, if this session initialized it) when the last reference goes away.
final class PKCS11Session: @unchecked Sendable {
    let module: PKCS11Module
    let handle: CK_SESSION_HANDLE
    /// Where the key is, for messages: the URI without its PIN.
    let location: String
    private let lock = NSLock()
    private var loggedIn = false

    /// Opens a session on the token the URI selects and logs in when the token asks for it.
    /// - Parameter pinPrompt: asked for the PIN when the URI gives none (nil: no prompt).
    init(uri: PKCS11URI, pinPrompt: (@Sendable (String) -> [UInt8]?)?) throws(ModelSigningError) {
        location = uri.redacted
        module = try PKCS11Module(path: try PKCS11Module.resolvePath(for: uri))
        let (slot, token) = try PKCS11Session.selectToken(uri: uri, module: module, location: location)
        var session = CK_SESSION_HANDLE(0)
        let opened = module.openSession(slot, CK_FLAGS(CKF_SERIAL_SESSION), nil, nil, &session)
        guard opened == CKR_OK else {
            throw .key(path: location, reason: "C_OpenSession failed: \(PKCS11Module.name(of: opened))")
        }
        handle = session
        var tokenInfo = token
        let label = PKCS11Session.text(of: &tokenInfo.label, count: 32)
        if tokenInfo.flags & CK_FLAGS(CKF_LOGIN_REQUIRED) != 0 {
            let pin = try PKCS11Session.pin(for: uri, tokenLabel: label, prompt: pinPrompt,
                                            protectedPath: tokenInfo.flags & CK_FLAGS(CKF_PROTECTED_AUTHENTICATION_PATH) != 0)
            var pinBytes = pin ?? []
            let result = pinBytes.withUnsafeMutableBufferPointer { buffer in
                module.login(handle, CK_USER_TYPE(CKU_USER), pin == nil ? nil : buffer.baseAddress, CK_ULONG(buffer.count))
            }
            switch result {
            case CK_RV(CKR_OK): loggedIn = true
            case CK_RV(CKR_USER_ALREADY_LOGGED_IN): break
            case CK_RV(CKR_PIN_INCORRECT), CK_RV(CKR_PIN_INVALID), CK_RV(CKR_PIN_LEN_RANGE):
                throw .key(path: location, reason: "the token '\(label)' refused the PIN (\(PKCS11Module.name(of: result)))")
            default:
                throw .key(path: location, reason: "C_Login on token '\(label)' failed: \(PKCS11Module.name(of: result))")
            }
        }
    }

    deinit {
        if loggedIn { _ = module.logout(handle) }
        _ = module.closeSession(handle)
    }

    /// Runs `body` with exclusive use of the session.
    func withLock<T>(_ body: () throws(ModelSigningError) -> T) throws(ModelSigningError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Handles of the objects of `objectClass` whose label and id match the URI's (at most `limit`).
    func findObjects(of objectClass: CK_ULONG, uri: PKCS11URI, limit: Int) throws(ModelSigningError) -> [CK_OBJECT_HANDLE] {
        // The template points into these buffers for the duration of C_FindObjectsInit.
        var values: [(CK_ULONG, [UInt8])] = [(CK_ULONG(CKA_CLASS), withUnsafeBytes(of: objectClass) { Array($0) })]
        if let label = uri.pathAttributes["object"] { values.append((CK_ULONG(CKA_LABEL), label)) }
        if let id = uri.pathAttributes["id"] { values.append((CK_ULONG(CKA_ID), id)) }
        let buffers = values.map { value in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(value.1.count, 1), alignment: 8)
            buffer.copyBytes(from: value.1)
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var template = zip(values, buffers).map { value, buffer in
            CK_ATTRIBUTE(type: CK_ATTRIBUTE_TYPE(value.0), pValue: buffer.baseAddress, ulValueLen: CK_ULONG(value.1.count))
        }
        return try withLock { () throws(ModelSigningError) in
            let started = template.withUnsafeMutableBufferPointer { buffer in
                module.findObjectsInit(handle, buffer.baseAddress, CK_ULONG(buffer.count))
            }
            guard started == CKR_OK else {
                throw .key(path: location, reason: "C_FindObjectsInit failed: \(PKCS11Module.name(of: started))")
            }
            defer { _ = module.findObjectsFinal(handle) }
            var handles = [CK_OBJECT_HANDLE](repeating: 0, count: limit)
            var found = CK_ULONG(0)
            let result = handles.withUnsafeMutableBufferPointer { buffer in
                module.findObjects(handle, buffer.baseAddress, CK_ULONG(limit), &found)
            }
            guard result == CKR_OK else {
                throw .key(path: location, reason: "C_FindObjects failed: \(PKCS11Module.name(of: result))")
            }
            return Array(handles.prefix(Int(min(found, CK_ULONG(limit)))))
        }
    }

    /// The value of one attribute of an object (at most 64 KiB).
    func attribute(_ type: CK_ULONG, of object: CK_OBJECT_HANDLE, name: String) throws(ModelSigningError) -> [UInt8] {
        try withLock { () throws(ModelSigningError) in
            var query = CK_ATTRIBUTE(type: CK_ATTRIBUTE_TYPE(type), pValue: nil, ulValueLen: 0)
            let sized = module.getAttributeValue(handle, object, &query, 1)
            guard sized == CKR_OK, query.ulValueLen != CK_ULONG(CK_UNAVAILABLE_INFORMATION), query.ulValueLen <= 65_536 else {
                throw .key(path: location, reason: "cannot read the key's \(name): \(PKCS11Module.name(of: sized))")
            }
            var value = [UInt8](repeating: 0, count: Int(query.ulValueLen))
            let result = value.withUnsafeMutableBytes { buffer in
                query.pValue = buffer.baseAddress
                query.ulValueLen = CK_ULONG(buffer.count)
                return module.getAttributeValue(handle, object, &query, 1)
            }
            guard result == CKR_OK, Int(query.ulValueLen) <= value.count else {
                throw .key(path: location, reason: "cannot read the key's \(name): \(PKCS11Module.name(of: result))")
            }
            return Array(value.prefix(Int(query.ulValueLen)))
        }
    }

    /// Signs `data` with `key` using `mechanism` in one part; returns the module's raw output.
    func sign(_ data: [UInt8], key: CK_OBJECT_HANDLE, mechanism: CK_ULONG) throws(ModelSigningError) -> [UInt8] {
        try withLock { () throws(ModelSigningError) in
            var mechanismValue = CK_MECHANISM(mechanism: CK_MECHANISM_TYPE(mechanism), pParameter: nil, ulParameterLen: 0)
            let started = module.signInit(handle, &mechanismValue, key)
            guard started == CKR_OK else {
                throw .key(path: location, reason: "C_SignInit failed: \(PKCS11Module.name(of: started))")
            }
            var input = data
            var output = [UInt8](repeating: 0, count: 1024)
            var length = CK_ULONG(output.count)
            let result = input.withUnsafeMutableBufferPointer { inputBuffer in
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    module.sign(handle, inputBuffer.baseAddress, CK_ULONG(inputBuffer.count), outputBuffer.baseAddress, &length)
                }
            }
            guard result == CKR_OK, Int(length) <= output.count else {
                throw .key(path: location, reason: "C_Sign failed: \(PKCS11Module.name(of: result))")
            }
            return Array(output.prefix(Int(length)))
        }
    }

    // MARK: - Token and PIN

    private static func selectToken(uri: PKCS11URI, module: PKCS11Module, location: String) throws(ModelSigningError) -> (CK_SLOT_ID, CK_TOKEN_INFO) {
        var slots: [CK_SLOT_ID]
        if let slot = uri.slotID {
            slots = [CK_SLOT_ID(slot)]
        } else {
            var count = CK_ULONG(0)
            let counted = module.getSlotList(1, nil, &count)
            guard counted == CKR_OK else {
                throw .key(path: location, reason: "C_GetSlotList failed: \(PKCS11Module.name(of: counted))")
            }
            slots = [CK_SLOT_ID](repeating: 0, count: Int(min(count, 4096)))
            var filled = CK_ULONG(slots.count)
            let listed = slots.withUnsafeMutableBufferPointer { module.getSlotList(1, $0.baseAddress, &filled) }
            guard listed == CKR_OK else {
                throw .key(path: location, reason: "C_GetSlotList failed: \(PKCS11Module.name(of: listed))")
            }
            slots = Array(slots.prefix(Int(min(filled, CK_ULONG(slots.count)))))
        }
        var matches: [(CK_SLOT_ID, CK_TOKEN_INFO)] = []
        for slot in slots {
            var info = CK_TOKEN_INFO()
            let result = module.getTokenInfo(slot, &info)
            guard result == CKR_OK else {
                if uri.slotID != nil {
                    throw .key(path: location, reason: "no token in slot \(slot): \(PKCS11Module.name(of: result))")
                }
                continue
            }
            if matchesToken(info, uri: uri) { matches.append((slot, info)) }
        }
        guard let first = matches.first else {
            throw .key(path: location, reason: "no token matches the URI (\(slots.count) slot(s) with a token looked at)")
        }
        guard matches.count == 1 else {
            throw .key(path: location, reason: "\(matches.count) tokens match the URI; name one with token= or slot-id=")
        }
        return first
    }

    private static func matchesToken(_ info: CK_TOKEN_INFO, uri: PKCS11URI) -> Bool {
        var info = info
        let fields: [(String, [UInt8])] = [
            ("token", bytes(of: &info.label, count: 32)),
            ("manufacturer", bytes(of: &info.manufacturerID, count: 32)),
            ("model", bytes(of: &info.model, count: 16)),
            ("serial", bytes(of: &info.serialNumber, count: 16)),
        ]
        for (name, value) in fields {
            if let wanted = uri.pathAttributes[name], wanted != value { return false }
        }
        return true
    }

    /// A blank-padded fixed-size field of a PKCS #11 structure, without its padding.
    private static func bytes<T>(of field: inout T, count: Int) -> [UInt8] {
        var value = withUnsafeBytes(of: &field) { Array($0.prefix(count)) }
        while let last = value.last, last == UInt8(ascii: " ") || last == 0 { value.removeLast() }
        return value
    }

    private static func text<T>(of field: inout T, count: Int) -> String {
        String(decoding: bytes(of: &field, count: count), as: UTF8.self)
    }

    /// The PIN from the URI (`pin-value`, `pin-source`), else from the prompt; nil when the
    /// token has its own PIN pad.
    private static func pin(for uri: PKCS11URI, tokenLabel: String, prompt: (@Sendable (String) -> [UInt8]?)?,
                            protectedPath: Bool) throws(ModelSigningError) -> [UInt8]? {
        if let value = uri.pinValue { return value }
        if let source = uri.queryAttributes["pin-source"] {
            return try readPINSource(String(decoding: source, as: UTF8.self))
        }
        if protectedPath { return nil }
        if let prompt, let entered = prompt("PIN for PKCS #11 token '\(tokenLabel)': ") { return entered }
        throw .key(path: uri.redacted, reason: "the token '\(tokenLabel)' needs a PIN: add pin-value or pin-source=file:/path to the URI, or run from a terminal to be asked")
    }

    /// Reads a PIN file named by a `file:` URI or an absolute path; one trailing newline is dropped.
    static func readPINSource(_ source: String) throws(ModelSigningError) -> [UInt8] {
        var path = source
        if path.hasPrefix("file://") { path.removeFirst("file://".count) } else if path.hasPrefix("file:") { path.removeFirst("file:".count) }
        guard path.hasPrefix("/") else {
            throw PKCS11URI.invalid("pin-source must be a file: URI or an absolute path, not \(source)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .io(path: path, reason: "cannot read the PIN file (pin-source)")
        }
        defer { try? handle.close() }
        var pin: [UInt8]
        do { pin = Array(try handle.read(upToCount: 4097) ?? Data()) } catch {
            throw .io(path: path, reason: "cannot read the PIN file (pin-source): \(error)")
        }
        guard pin.count <= 4096 else { throw .io(path: path, reason: "the PIN file is larger than 4 KiB") }
        if pin.last == UInt8(ascii: "\n") { pin.removeLast() }
        if pin.last == UInt8(ascii: "\r") { pin.removeLast() }
        return pin
    }
}
