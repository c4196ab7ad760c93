import CPKCS11
import Foundation

/// A PKCS #11 module loaded with `dlopen` and initialized, with the functions the signer calls.
final class PKCS11Module: @unchecked Sendable {
    // Immutable after init; PKCS #11 functions are called under the owning session's lock.
    let path: String
    let initialize: CK_C_Initialize
    let finalize: CK_C_Finalize
    let getSlotList: CK_C_GetSlotList
    let getTokenInfo: CK_C_GetTokenInfo
    let openSession: CK_C_OpenSession
    let closeSession: CK_C_CloseSession
    let login: CK_C_Login
    let logout: CK_C_Logout
    let getAttributeValue: CK_C_GetAttributeValue
    let findObjectsInit: CK_C_FindObjectsInit
    let findObjects: CK_C_FindObjects
    let findObjectsFinal: CK_C_FindObjectsFinal
    let signInit: CK_C_SignInit
    let sign: CK_C_Sign
    /// False when another user in this process had initialized the module already: then it
    /// is theirs to finalize.
    private let ownsInitialization: Bool

    /// Loads and initializes the module at `path` (thread-safe mode, the OS's locking).
    init(path: String) throws(ModelSigningError) {
        let library = try DynamicLibrary(path: path)
        guard let entry = library.symbol(named: "C_GetFunctionList") else {
            throw .io(path: path, reason: "not a PKCS #11 module: it exports no C_GetFunctionList")
        }
        let getFunctionList = unsafeBitCast(entry, to: CK_C_GetFunctionList.self)
        var listPointer: UnsafeMutablePointer<CK_FUNCTION_LIST>?
        let listResult = getFunctionList(&listPointer)
        guard listResult == CKR_OK, let list = listPointer?.pointee else {
            throw .io(path: path, reason: "C_GetFunctionList failed: \(PKCS11Module.name(of: listResult))")
        }
        guard list.version.major >= 2 else {
            throw .io(path: path, reason: "the module implements PKCS #11 \(list.version.major).\(list.version.minor); 2.x or later is needed")
        }
        guard let initialize = list.C_Initialize, let finalize = list.C_Finalize, let getSlotList = list.C_GetSlotList,
              let getTokenInfo = list.C_GetTokenInfo, let openSession = list.C_OpenSession,
              let closeSession = list.C_CloseSession, let login = list.C_Login, let logout = list.C_Logout,
              let getAttributeValue = list.C_GetAttributeValue, let findObjectsInit = list.C_FindObjectsInit,
              let findObjects = list.C_FindObjects, let findObjectsFinal = list.C_FindObjectsFinal,
              let signInit = list.C_SignInit, let sign = list.C_Sign else {
            throw .io(path: path, reason: "the module's function list lacks functions the signer needs")
        }
        var arguments = CK_C_INITIALIZE_ARGS(CreateMutex: nil, DestroyMutex: nil, LockMutex: nil, UnlockMutex: nil,
                                             flags: CK_FLAGS(CKF_OS_LOCKING_OK), pReserved: nil)
        let result = initialize(&arguments)
        guard result == CKR_OK || result == CKR_CRYPTOKI_ALREADY_INITIALIZED else {
            throw .io(path: path, reason: "C_Initialize failed: \(PKCS11Module.name(of: result))")
        }
        self.path = path
        self.initialize = initialize
        self.finalize = finalize
        self.getSlotList = getSlotList
        self.getTokenInfo = getTokenInfo
        self.openSession = openSession
        self.closeSession = closeSession
        self.login = login
        self.logout = logout
        self.getAttributeValue = getAttributeValue
        self.findObjectsInit = findObjectsInit
        self.findObjects = findObjects
        self.findObjectsFinal = findObjectsFinal
        self.signInit = signInit
        self.sign = sign
        self.ownsInitialization = result == CKR_OK
    }

    deinit {
        if ownsInitialization { _ = finalize(nil) }
    }

    /// The specification's name of a return value, for messages.
    static func name(of value: CK_RV) -> String {
        let names: [CK_RV: String] = [
            CK_RV(CKR_OK): "CKR_OK", CK_RV(CKR_HOST_MEMORY): "CKR_HOST_MEMORY", CK_RV(CKR_SLOT_ID_INVALID): "CKR_SLOT_ID_INVALID",
            CK_RV(CKR_GENERAL_ERROR): "CKR_GENERAL_ERROR", CK_RV(CKR_FUNCTION_FAILED): "CKR_FUNCTION_FAILED",
            CK_RV(CKR_ARGUMENTS_BAD): "CKR_ARGUMENTS_BAD", CK_RV(CKR_ATTRIBUTE_SENSITIVE): "CKR_ATTRIBUTE_SENSITIVE",
            CK_RV(CKR_ATTRIBUTE_TYPE_INVALID): "CKR_ATTRIBUTE_TYPE_INVALID", CK_RV(CKR_DATA_LEN_RANGE): "CKR_DATA_LEN_RANGE",
            CK_RV(CKR_DEVICE_ERROR): "CKR_DEVICE_ERROR", CK_RV(CKR_DEVICE_REMOVED): "CKR_DEVICE_REMOVED",
            CK_RV(CKR_KEY_HANDLE_INVALID): "CKR_KEY_HANDLE_INVALID", CK_RV(CKR_KEY_TYPE_INCONSISTENT): "CKR_KEY_TYPE_INCONSISTENT",
            CK_RV(CKR_KEY_FUNCTION_NOT_PERMITTED): "CKR_KEY_FUNCTION_NOT_PERMITTED", CK_RV(CKR_MECHANISM_INVALID): "CKR_MECHANISM_INVALID",
            CK_RV(CKR_OBJECT_HANDLE_INVALID): "CKR_OBJECT_HANDLE_INVALID", CK_RV(CKR_OPERATION_ACTIVE): "CKR_OPERATION_ACTIVE",
            CK_RV(CKR_PIN_INCORRECT): "CKR_PIN_INCORRECT", CK_RV(CKR_PIN_INVALID): "CKR_PIN_INVALID",
            CK_RV(CKR_PIN_LEN_RANGE): "CKR_PIN_LEN_RANGE", CK_RV(CKR_PIN_EXPIRED): "CKR_PIN_EXPIRED",
            CK_RV(CKR_PIN_LOCKED): "CKR_PIN_LOCKED", CK_RV(CKR_SESSION_HANDLE_INVALID): "CKR_SESSION_HANDLE_INVALID",
            CK_RV(CKR_TOKEN_NOT_PRESENT): "CKR_TOKEN_NOT_PRESENT", CK_RV(CKR_TOKEN_NOT_RECOGNIZED): "CKR_TOKEN_NOT_RECOGNIZED",
            CK_RV(CKR_USER_ALREADY_LOGGED_IN): "CKR_USER_ALREADY_LOGGED_IN", CK_RV(CKR_USER_NOT_LOGGED_IN): "CKR_USER_NOT_LOGGED_IN",
            CK_RV(CKR_USER_PIN_NOT_INITIALIZED): "CKR_USER_PIN_NOT_INITIALIZED", CK_RV(CKR_BUFFER_TOO_SMALL): "CKR_BUFFER_TOO_SMALL",
            CK_RV(CKR_CRYPTOKI_NOT_INITIALIZED): "CKR_CRYPTOKI_NOT_INITIALIZED",
            CK_RV(CKR_CRYPTOKI_ALREADY_INITIALIZED): "CKR_CRYPTOKI_ALREADY_INITIALIZED",
        ]
        return names[value] ?? "CKR 0x" + String(value, radix: 16)
    }

    /// Finds the module a URI names: `module-path` to a file; or `module-name` searched in
    /// `module-path` (a folder) or the usual module folders.
    static func resolvePath(for uri: PKCS11URI) throws(ModelSigningError) -> String {
        let fileManager = FileManager.default
        var folders = ["/usr/lib64/pkcs11", "/usr/lib/pkcs11", "/usr/local/lib/pkcs11"]
        if let pathBytes = uri.queryAttributes["module-path"] {
            let path = String(decoding: pathBytes, as: UTF8.self)
            guard path.hasPrefix("/") else {
                throw PKCS11URI.invalid("module-path \(path) must be absolute")
            }
            var isFolder: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw .io(path: path, reason: "the PKCS #11 module (module-path) does not exist")
            }
            if !isFolder.boolValue { return path }
            folders = [path]
        }
        guard let name = uri.queryAttributes["module-name"] else {
            throw PKCS11URI.invalid("it names no module: add ?module-path=/path/to/module.so (or module-name)")
        }
        let wanted = name.map(PKCS11URI.asciiLowercased)
        for folder in folders {
            guard let entries = try? fileManager.contentsOfDirectory(atPath: folder) else { continue }
            for entry in entries.sorted() {
                let lowered = Array(entry.utf8).map(PKCS11URI.asciiLowercased)
                if lowered.starts(with: wanted), lowered.count == wanted.count || lowered[wanted.count] == UInt8(ascii: ".") {
                    return folder + "/" + entry
                }
            }
        }
        throw PKCS11URI.invalid("no module named \(String(decoding: name, as: UTF8.self)) in \(folders.joined(separator: ", "))")
    }
}
