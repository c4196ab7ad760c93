import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A static file server on 127.0.0.1 (Hummingbird) for network tests: serves a folder, counts
/// requests, and can misbehave on chosen paths (endless body, no answer, an HTTP status).
/// Call `stop()` at the end of the test; every response loop is bounded in size and time.
public final class LoopbackFileServer: Sendable {
    /// How to answer requests whose path ends with a given suffix.
    public enum Fault: Sendable {
        /// A 200 response whose body never ends (stops after 256 MiB or when the server stops).
        case endlessBody
        /// No answer until the server stops (or 60 s pass).
        case noAnswer
        /// An HTTP status with an empty body.
        case status(Int)
    }

    private struct State {
        var faults: [(suffix: String, fault: Fault)] = []
        var requests: [String] = []
        var stopping = false
    }

    /// The mutable state, shared with request handlers.
    private final class SharedState: Sendable {
        private let mutex = Mutex(State())
        func withLock<T>(_ body: (inout State) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    /// The folder served.
    public let root: URL
    /// The bound port.
    public let port: Int
    private let state: SharedState
    private let task: Task<Void, any Error>

    /// `http://127.0.0.1:<port>/`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    /// Starts serving `root` on an ephemeral loopback port.
    public static func start(serving root: URL) async throws -> LoopbackFileServer {
        let state = SharedState()
        let router = Router()
        router.get("**") { request, _ -> Response in
            try await LoopbackFileServer.respond(to: request.uri.path, root: root, state: state)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "LoopbackFileServer")
        logger.logLevel = .critical
        let app = Application(router: router,
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              },
                              logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await bound in ports { port = bound }
        guard port > 0 else {
            task.cancel()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "loopback server did not start"])
        }
        return LoopbackFileServer(root: root, port: port, state: state, task: task)
    }

    private init(root: URL, port: Int, state: SharedState, task: Task<Void, any Error>) {
        self.root = root
        self.port = port
        self.state = state
        self.task = task
    }

    /// Makes requests whose path ends with `suffix` fail with `fault` (later calls win).
    public func inject(_ fault: Fault, forPathsEndingWith suffix: String) {
        state.withLock { $0.faults.insert((suffix, fault), at: 0) }
    }

    /// Removes every injected fault.
    public func clearFaults() {
        state.withLock { $0.faults.removeAll() }
    }

    /// Paths requested so far, in order.
    public var requestedPaths: [String] { state.withLock { $0.requests } }

    /// Forgets the request log.
    public func resetRequestLog() { state.withLock { $0.requests.removeAll() } }

    /// Stops the server and waits for it to finish.
    public func stop() async {
        state.withLock { $0.stopping = true }
        task.cancel()
        _ = await task.result
    }

    private static func respond(to path: String, root: URL, state: SharedState) async throws -> Response {
        let fault = state.withLock { current -> Fault? in
            current.requests.append(path)
            return current.faults.first { path.hasSuffix($0.suffix) }?.fault
        }
        let isStopping: @Sendable () -> Bool = { state.withLock { $0.stopping } }
        switch fault {
        case .endlessBody:
            let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 65_536)
            return Response(status: .ok, body: ResponseBody { writer in
                var sent = 0
                while sent < 256 << 20, !isStopping() {
                    try await writer.write(chunk)
                    sent += chunk.readableBytes
                }
                try await writer.finish(nil)
            })
        case .noAnswer:
            let deadline = ContinuousClock.now.advanced(by: .seconds(60))
            while !isStopping(), ContinuousClock.now < deadline, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(20))
            }
            return Response(status: .serviceUnavailable)
        case .status(let code):
            return Response(status: HTTPResponse.Status(code: code))
        case nil:
            break
        }
        let parts = path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        let file = parts.reduce(root) { $0.appendingPathComponent($1) }
        guard !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
              let data = FileManager.default.contents(atPath: file.path) else {
            return Response(status: .notFound)
        }
        return Response(status: .ok, headers: [.contentType: "application/octet-stream"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
