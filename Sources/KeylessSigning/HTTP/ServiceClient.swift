import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP to one Sigstore service with the behaviour users expect: a timeout per attempt, at most
/// ``Policy/maximumAttempts`` attempts with exponential backoff on 5xx answers and connection
/// failures, a cap on the size of answers, and errors that name the service and its answer.
///
/// Requests go through AsyncHTTPClient (SwiftNIO): maintained by the Swift server workgroup,
/// streaming with size limits and deadlines, and the same on Linux and macOS.
public struct ServiceClient: Sendable {
    /// Limits applied to every request.
    public struct Policy: Sendable {
        /// Seconds allowed for one attempt, connection included.
        public var timeout: TimeInterval
        /// Attempts in all (the first plus retries); at most 3 are made whatever is set.
        public var maximumAttempts: Int
        /// Seconds before the first retry; doubled for each further one.
        public var initialBackoff: TimeInterval
        /// The largest answer accepted, in bytes.
        public var maximumResponseBytes: Int
        /// The least timeout used for Rekor v2, which answers only once its checkpoint is signed.
        public var minimumRekorV2Timeout: TimeInterval

        public init(timeout: TimeInterval = 30, maximumAttempts: Int = 3, initialBackoff: TimeInterval = 0.5,
                    maximumResponseBytes: Int = 8 << 20, minimumRekorV2Timeout: TimeInterval = 20) {
            self.timeout = timeout
            self.minimumRekorV2Timeout = minimumRekorV2Timeout
            self.maximumAttempts = maximumAttempts
            self.initialBackoff = initialBackoff
            self.maximumResponseBytes = maximumResponseBytes
        }
    }

    /// An answer.
    public struct Response: Sendable {
        public var status: Int
        public var contentType: String?
        public var body: [UInt8]

        /// The body as text for messages, shortened.
        public var bodySummary: String {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
            return body.count > 300 ? text + "…" : text
        }
    }

    /// The service's name in messages (`Fulcio`, `Rekor`, …).
    public var service: String
    public var stage: KeylessSigningError.Stage
    public var policy: Policy
    let client: HTTPClient

    public init(service: String, stage: KeylessSigningError.Stage, policy: Policy = Policy(), client: HTTPClient = .shared) {
        self.service = service
        self.stage = stage
        self.policy = policy
        self.client = client
    }

    /// Sends a request and returns the answer, whatever its status (4xx answers are not retried).
    public func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [],
                     body: [UInt8]? = nil) async throws(KeylessSigningError) -> Response {
        let attempts = max(1, min(policy.maximumAttempts, 3))
        var backoff = policy.initialBackoff
        var lastProblem = ""
        // Copied into NIO's buffer once, not once per attempt (a Rekor v1 upload is megabytes).
        let bodyBuffer = body.map { ByteBuffer(bytes: $0) }
        for attempt in 1...attempts {
            if attempt > 1 {
                try? await Task.sleep(nanoseconds: UInt64(max(0, backoff) * 1_000_000_000))
                backoff *= 2
            }
            var request = HTTPClientRequest(url: url)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let bodyBuffer { request.body = .bytes(bodyBuffer) }
            do {
                let response = try await client.execute(request, timeout: .milliseconds(Int64(policy.timeout * 1000)))
                var buffer = try await response.body.collect(upTo: policy.maximumResponseBytes)
                let answer = Response(status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
                                      body: buffer.readBytes(length: buffer.readableBytes) ?? [])
                if answer.status >= 500, attempt < attempts {
                    lastProblem = "\(answer.status) \(answer.bodySummary)"
                    continue
                }
                return answer
            } catch let error as NIOTooManyBytesError {
                _ = error
                throw KeylessSigningError(stage, "\(service) at \(url) answered with more than \(policy.maximumResponseBytes) bytes; refusing the answer")
            } catch {
                if Self.isTimeout(error) {
                    throw KeylessSigningError(stage, "\(service) at \(url) did not answer within \(Self.seconds(policy.timeout)) s (timeout)")
                }
                lastProblem = "\(error)"
                if attempt < attempts { continue }
            }
        }
        throw KeylessSigningError(stage, "\(service) at \(url) is unreachable after \(attempts) attempt(s): \(lastProblem)")
    }

    /// Sends a request and returns the body of a 2xx answer; any other status is an error
    /// naming the service, `action` and the answer (`Fulcio refused the token: 401 …`).
    public func expectSuccess(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                              refusal action: String) async throws(KeylessSigningError) -> Response {
        let response = try await send(method, url, headers: headers, body: body)
        guard (200..<300).contains(response.status) else {
            throw KeylessSigningError(stage, "\(service) refused \(action): \(response.status) \(response.bodySummary)")
        }
        return response
    }

    static func isTimeout(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
        }
        return false
    }

    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
