/// The fault currently set on a ``LocalSigstore``, read by every service on every request.
final class LocalSigstoreFaultState: Sendable {
    private let fault = LockedValue<LocalSigstoreFault.Kind?>(nil)

    var current: LocalSigstoreFault.Kind? { fault.value }

    func set(_ kind: LocalSigstoreFault.Kind?) { fault.withLock { $0 = kind } }

    /// Whether `kind` is the fault now set.
    func isSet(_ kind: LocalSigstoreFault.Kind) -> Bool { current == kind }
}
