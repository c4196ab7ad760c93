import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ModelSigningPlatform
import NIOCore

/// Serves one ``LocalHTTPService`` on 127.0.0.1 with Hummingbird, applying the faults set on
/// the shared ``LocalSigstoreFaultState``. The port is bound before the handler is installed,
/// because some services (a Rekor v2 checkpoint origin) need their own URL.
final class LocalHTTPServer: Sendable {
    /// Request bodies larger than this are refused. Rekor v1's `dsse` entries carry the whole
    /// envelope, whose statement grows by about 160 bytes per model file: 64 MiB admits
    /// models of a few hundred thousand files while keeping one request's memory bounded.
    static let maximumBodySize = 64 << 20

    let service: LocalSigstoreService
    let faults: LocalSigstoreFaultState
    private let handler = LockedValue<(any LocalHTTPService)?>(nil)
    private let running = LockedValue<Task<Void, any Error>?>(nil)
    private let boundPort = LockedValue(0)
    /// The port held while the service plays "down" (see ``goDown()``).
    private let portHold = LockedValue<LoopbackPortHold?>(nil)

    init(service: LocalSigstoreService, faults: LocalSigstoreFaultState) {
        self.service = service
        self.faults = faults
    }

    /// Sets the service that answers requests (until then every request gets 503).
    func install(_ handler: any LocalHTTPService) { self.handler.withLock { $0 = handler } }

    /// `http://127.0.0.1:<port>`.
    var url: String { "http://127.0.0.1:\(port)" }

    /// The port the server listens on (0 before the first start).
    var port: Int { boundPort.value }

    /// Starts listening on `port` (0: an ephemeral port) and returns once the socket is bound.
    func start(port requested: Int = 0) async throws {
        portHold.withLock { $0 = nil }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let handler = handler
        let faults = faults
        let service = service
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            try await LocalHTTPServer.respond(to: request, service: service, handler: handler.value, faults: faults)
        }
        var logger = Logger(label: "sigstore-local.\(service.rawValue)")
        logger.logLevel = .critical
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: requested), reuseAddress: true),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let task = Task {
            // A server that fails to bind never calls onServerRunning: end the wait anyway.
            defer { continuation.finish() }
            try await application.run()
        }
        running.withLock { $0 = task }
        var port = 0
        for await value in stream { port = value }
        guard port > 0 else {
            task.cancel()
            _ = try? await task.value
            throw LocalSigstoreError("\(service.rawValue): could not listen on 127.0.0.1:\(requested)")
        }
        boundPort.withLock { $0 = port }
    }

    /// Stops listening and keeps the port bound without listening: connections are refused,
    /// and no server started meanwhile (by another test, say) can be given the port, which
    /// would then answer for this one. ``start(port:)`` with the same port lets it go.
    func goDown() async {
        await stop()
        let port = port
        portHold.withLock { $0 = LoopbackPortHold(port: port) }
    }

    /// Stops listening (and lets a held port go); open connections are closed.
    func stop() async {
        portHold.withLock { $0 = nil }
        let task = running.withLock { current -> Task<Void, any Error>? in
            defer { current = nil }
            return current
        }
        guard let task else { return }
        task.cancel()
        _ = try? await task.value
    }

    private static func respond(to request: Request, service: LocalSigstoreService, handler: (any LocalHTTPService)?,
                                faults: LocalSigstoreFaultState) async throws -> Response {
        switch faults.current {
        case .slow(let slowed, let seconds)? where slowed == service:
            try? await Task.sleep(nanoseconds: UInt64(min(max(0, seconds), 3600) * 1_000_000_000))
        case .status(let failing, let code)? where failing == service:
            return makeResponse(.error(code, "injected fault: \(service.rawValue) answers \(code)"))
        default:
            break
        }
        guard let handler else { return makeResponse(.error(503, "\(service.rawValue) is starting")) }
        guard let body = try? await readBody(of: request, limit: maximumBodySize) else {
            return makeResponse(.error(413, "request body larger than \(maximumBodySize) bytes"))
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        var query: [String: String] = [:]
        if let raw = request.uri.query { query = LocalHTTPRequest.decodeForm(raw) }
        let local = LocalHTTPRequest(method: request.method.rawValue, path: request.uri.path, query: query,
                                     headers: headers, body: body)
        return makeResponse(await handler.respond(to: local))
    }

    /// The request body, read into one buffer sized from Content-Length (bounded by `limit`):
    /// a Rekor v1 `dsse` upload is megabytes, which would otherwise be regrown chunk by chunk
    /// and copied again. Nil when the body is larger than `limit`.
    private static func readBody(of request: Request, limit: Int) async throws -> [UInt8]? {
        var bytes: [UInt8] = []
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }) {
            bytes.reserveCapacity(min(max(0, declared), limit))
        }
        for try await chunk in request.body {
            guard chunk.readableBytes <= limit - bytes.count else { return nil }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }

    private static func makeResponse(_ response: LocalHTTPResponse) -> Response {
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        fields[.contentLength] = String(response.body.count)
        return Response(status: HTTPResponse.Status(code: response.status), headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}
