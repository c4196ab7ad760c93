import Foundation

/// The reference's test fixtures (`tests/conftest.py`), rebuilt byte for byte, so that the
/// golden digests in `oms/goldens` can be checked.
public enum GoldenFixtures {
    public static let names = [
        "sample_model_file", "empty_model_file", "sample_model_folder", "empty_model_folder",
        "model_folder_with_empty_file", "deep_model_folder", "symlink_model_folder",
    ]

    /// Builds fixture `name` inside `directory` and returns the model path.
    public static func build(_ name: String, in directory: TemporaryDirectory) throws -> URL {
        switch name {
        case "sample_model_file":
            return try directory.write("file_model", "This is a simple model")
        case "empty_model_file":
            return try directory.write("empty_file_model", "")
        case "sample_model_folder":
            for i in 0..<2 {
                for j in 0..<3 {
                    try directory.write("sample_model/d\(i)/f\(i)\(j)", "This is file f\(i)\(j) in d\(i).")
                }
            }
            for i in 0..<4 {
                try directory.write("sample_model/f\(i)", "This is file f\(i) in root.")
            }
            return directory.appending("sample_model")
        case "empty_model_folder":
            let model = directory.appending("empty_folder_model")
            try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
            return model
        case "model_folder_with_empty_file":
            try directory.write("empty_file_inside_model/empty_file", "")
            return directory.appending("empty_file_inside_model")
        case "deep_model_folder":
            for i in 0..<4 {
                try directory.write("deep_model/d0/d1/d2/d3/d4/f\(i)", "This is file f\(i).")
            }
            return directory.appending("deep_model")
        case "symlink_model_folder":
            let target = try directory.write("outside/target_file", "This is a simple model")
            let model = directory.appending("symlink_model")
            try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: model.appendingPathComponent("symlink_file"),
                                                       withDestinationURL: target)
            return model
        default:
            throw TestSupportError("unknown fixture \(name)")
        }
    }
}
