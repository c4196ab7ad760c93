import Foundation
import Hummingbird
import NIOCore

/// A loopback stand-in for GitHub Actions' OIDC token endpoint: `GET /token?audience=…` with
/// `Authorization: bearer <request token>` answers `{"value": "<token>"}`.
final class FakeGitHubTokenEndpoint: Sendable {
    let url: String
    private let task: Task<Void, any Error>
    private let queries: LockedBox<[String]>

    private init(url: String, task: Task<Void, any Error>, queries: LockedBox<[String]>) {
        self.url = url
        self.task = task
        self.queries = queries
    }

    static func start(token: String, requestToken: String) async throws -> FakeGitHubTokenEndpoint {
        let queries = LockedBox<[String]>([])
        let router = Router()
        router.get("token") { request, _ -> Response in
            queries.set(queries.get() + [request.uri.query ?? ""])
            guard request.headers[.authorization] == "bearer \(requestToken)" else {
                return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: "{\"message\":\"bad request token\"}")))
            }
            let body = "{\"count\":1,\"value\":\"\(token)\"}"
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        let port = LockedBox<Int?>(nil)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in port.set(channel.localAddress?.port) })
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        for _ in 0..<200 where port.get() == nil {
            try await Task.sleep(nanoseconds: 25_000_000)
        }
        guard let bound = port.get() else {
            task.cancel()
            throw FakeEndpointError()
        }
        return FakeGitHubTokenEndpoint(url: "http://127.0.0.1:\(bound)", task: task, queries: queries)
    }

    func lastQuery() -> String? { queries.get().last }

    func stop() { task.cancel() }

    struct FakeEndpointError: Error, CustomStringConvertible {
        var description: String { "the fake GitHub token endpoint did not start within 5 s" }
    }
}
