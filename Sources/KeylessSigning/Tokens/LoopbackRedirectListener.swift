import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A one-shot HTTP listener on 127.0.0.1 that receives the OAuth redirect
/// (`/auth/callback?code=…&state=…`) and answers the browser with a short page.
final class LoopbackRedirectListener: Sendable {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    let server: NIOAsyncChannel<Connection, Never>
    /// The port the listener is bound to.
    let port: Int

    private init(server: NIOAsyncChannel<Connection, Never>, port: Int) {
        self.server = server
        self.port = port
    }

    /// Binds a listener to 127.0.0.1 on a free port.
    static func start() async throws(KeylessSigningError) -> LoopbackRedirectListener {
        do {
            let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: "127.0.0.1", port: 0) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        return try Connection(wrappingChannelSynchronously: channel)
                    }
                }
            guard let port = server.channel.localAddress?.port else {
                throw KeylessSigningError(.oidc, "the loopback redirect listener has no port")
            }
            return LoopbackRedirectListener(server: server, port: port)
        } catch let error as KeylessSigningError {
            throw error
        } catch {
            throw KeylessSigningError(.oidc, "cannot listen on 127.0.0.1 for the OAuth redirect: \(error)")
        }
    }

    /// Waits for a request to `/auth/callback` and returns its query items; other paths get 404.
    /// At most `maximumRequests` requests are served.
    func waitForCallback(maximumRequests: Int = 32) async throws(KeylessSigningError) -> [String: String] {
        do {
            return try await server.executeThenClose { inbound in
                var served = 0
                for try await connection in inbound {
                    served += 1
                    if let query = try await Self.serve(connection) { return query }
                    if served >= maximumRequests { break }
                }
                throw KeylessSigningError(.oidc, "the OAuth redirect never reached the loopback listener (the sign-in was not completed in time)")
            }
        } catch let error as KeylessSigningError {
            throw error
        } catch {
            throw KeylessSigningError(.oidc, "the loopback redirect listener failed: \(error)")
        }
    }

    /// Closes the listener (when the flow ends another way).
    func close() {
        server.channel.close(promise: nil)
    }

    private static func serve(_ connection: Connection) async throws -> [String: String]? {
        try await connection.executeThenClose { input, output in
            var uri: String?
            for try await part in input {
                switch part {
                case .head(let head): uri = head.uri
                case .body: continue
                case .end:
                    let components = uri.flatMap { URLComponents(string: $0) }
                    let isCallback = components?.path == "/auth/callback"
                    let page = isCallback ? "Authentication complete. You can close this window." : "Not found"
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
                    headers.add(name: "Content-Length", value: String(page.utf8.count))
                    headers.add(name: "Connection", value: "close")
                    try await output.write(.head(HTTPResponseHead(version: .http1_1, status: isCallback ? .ok : .notFound, headers: headers)))
                    try await output.write(.body(.byteBuffer(ByteBuffer(string: page))))
                    try await output.write(.end(nil))
                    guard isCallback else { return nil }
                    var query: [String: String] = [:]
                    for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
                    return query
                }
            }
            return nil
        }
    }
}
