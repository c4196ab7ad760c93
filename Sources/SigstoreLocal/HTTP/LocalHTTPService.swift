/// One loopback service: answers requests whose bodies are already read.
protocol LocalHTTPService: Sendable {
    func respond(to request: LocalHTTPRequest) async -> LocalHTTPResponse
}
