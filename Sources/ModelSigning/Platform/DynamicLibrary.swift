import ModelSigningPlatform

/// A shared library loaded at run time (`dlopen`), for PKCS #11 modules.
///
/// The library stays loaded for the life of the process: modules often register thread or
/// exit handlers, and unloading one under them crashes.
struct DynamicLibrary: @unchecked Sendable {
    // A `dlopen` handle; the loader's functions are thread-safe.
    private let handle: UnsafeMutableRawPointer

    /// Loads the library at `path` (an absolute path: no search of library folders).
    init(path: String) throws(ModelSigningError) {
        guard path.hasPrefix("/") else {
            throw .invalidRequest("the PKCS #11 module path \(path) must be absolute")
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw .io(path: path, reason: "cannot load the PKCS #11 module: \(DynamicLibrary.lastError())")
        }
        self.handle = handle
    }

    /// The address of the exported symbol `name`, or nil.
    func symbol(named name: String) -> UnsafeMutableRawPointer? {
        dlsym(handle, name)
    }

    private static func lastError() -> String {
        guard let message = dlerror() else { return "unknown loader error" }
        return String(cString: message)
    }
}
