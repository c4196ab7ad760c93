/// A TCP port of 127.0.0.1 bound without listening: connections to it are refused, as by a
/// service that is down, and the system gives the port to no other socket until the hold is
/// released (when it is deinitialized). The loopback Sigstore holds the port of a service it
/// stops on purpose, so that a server started meanwhile elsewhere cannot take it over.
package final class LoopbackPortHold: Sendable {
    private let descriptor: Int32

    /// Binds `port` of 127.0.0.1 with `SO_REUSEADDR` (connections of the server just stopped
    /// may linger in TIME_WAIT); `nil` when the port cannot be bound.
    package init?(port: Int) {
        guard (1...65_535).contains(port) else { return nil }
        #if canImport(Glibc)
        let streamType = Int32(SOCK_STREAM.rawValue)
        #else
        let streamType = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, streamType, 0)
        guard descriptor >= 0 else { return nil }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
