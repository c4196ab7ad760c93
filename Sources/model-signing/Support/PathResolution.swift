import ModelHashing
import ModelSigningPlatform

/// Resolves command-line paths the way the reference does (`Path.resolve()`).
enum PathResolution {
    /// `paths` (relative to the current directory, or absolute) as paths inside the model;
    /// those outside the model are dropped.
    static func modelRelative(_ paths: [String], modelPath: String) -> [ModelPath] {
        guard let root = ModelTreeWalker.realPath(modelPath) else { return [] }
        return paths.compactMap { path in
            guard let inside = FileSystemPath.remainder(of: resolve(path), under: root) else { return nil }
            return ModelPath(inside)
        }
    }

    /// An absolute path with links resolved as far as the path exists, then `.` and `..`
    /// applied lexically (like Python's non-strict `resolve`).
    static func resolve(_ path: String) -> String {
        if let real = ModelTreeWalker.realPath(path) { return real }
        let absolute = path.utf8.first == UInt8(ascii: "/") ? path : currentDirectory() + "/" + path
        var components: [String] = []
        for component in FileSystemPath.components(absolute) {
            if FileSystemPath.same(component, ".") { continue }
            if FileSystemPath.same(component, "..") { _ = components.popLast(); continue }
            components.append(component)
        }
        // Resolve the longest existing prefix so that links in it are followed.
        var index = components.count
        while index > 0 {
            let prefix = "/" + components[..<index].joined(separator: "/")
            if let real = ModelTreeWalker.realPath(prefix) {
                let rest = components[index...].joined(separator: "/")
                return rest.isEmpty ? real : (FileSystemPath.same(real, "/") ? "/" : real + "/") + rest
            }
            index -= 1
        }
        return "/" + components.joined(separator: "/")
    }

    static func currentDirectory() -> String {
        RealPath.currentDirectory() ?? "."
    }
}
