import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Fetches over HTTP(S) with AsyncHTTPClient's shared client: a deadline per request
/// (connection, headers and body together), a declared `Content-Length` above the limit refused
/// before reading, and the body streamed and cut off as soon as it exceeds its limit. Redirects
/// follow the shared client's default (at most 5, no cycles); what is fetched is verified anyway.
public struct HTTPFetcher: TUFFetcher {
    /// Seconds allowed for one whole request (connection, headers and body).
    public let timeout: Double
    private let client: HTTPClient

    /// Uses the shared HTTP client (its event loop lives for the process).
    public init(timeout: Double = 15) {
        self.timeout = timeout
        self.client = HTTPClient.shared
    }

    public func fetch(_ url: URL, maximumLength: Int) async throws(TUFFetchError) -> [UInt8] {
        let text = url.absoluteString
        do {
            var request = HTTPClientRequest(url: text)
            request.method = .GET
            let response = try await client.execute(request, timeout: .milliseconds(Int64(max(1, timeout * 1000))))
            switch response.status.code {
            case 200: break
            case 403, 404: throw TUFFetchError.notFound(url: text, status: Int(response.status.code))
            default: throw TUFFetchError.status(url: text, status: Int(response.status.code))
            }
            if let declared = response.headers.first(name: "content-length").flatMap(Int.init), declared > maximumLength {
                throw TUFFetchError.tooLarge(url: text, limit: maximumLength)
            }
            var body: [UInt8] = []
            for try await chunk in response.body {
                guard body.count + chunk.readableBytes <= maximumLength else {
                    throw TUFFetchError.tooLarge(url: text, limit: maximumLength)
                }
                body.append(contentsOf: chunk.readableBytesView)
            }
            return body
        } catch let error as TUFFetchError {
            throw error
        } catch {
            throw TUFFetchError.transport(url: text, reason: String(describing: error))
        }
    }
}
