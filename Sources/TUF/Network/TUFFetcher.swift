import Foundation

/// Downloads one URL, refusing to read more than a maximum number of bytes. Tests inject
/// their own to simulate faults; `HTTPFetcher` is the real one.
public protocol TUFFetcher: Sendable {
    /// The body of `url`, at most `maximumLength` bytes.
    func fetch(_ url: URL, maximumLength: Int) async throws(TUFFetchError) -> [UInt8]
}

/// Why a download failed.
public enum TUFFetchError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The server answered 404 or 403: the file does not exist (ends the root chain).
    case notFound(url: String, status: Int)
    /// Any other HTTP status.
    case status(url: String, status: Int)
    /// The body is longer than allowed.
    case tooLarge(url: String, limit: Int)
    /// Connection, timeout or protocol failure.
    case transport(url: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let url, let status): return "\(url): HTTP \(status) (not found)"
        case .status(let url, let status): return "\(url): HTTP \(status)"
        case .tooLarge(let url, let limit): return "\(url): more than \(limit) bytes (endless data?)"
        case .transport(let url, let reason): return "\(url): \(reason)"
        }
    }
}
