/// The services of a ``LocalSigstore``.
public enum LocalSigstoreService: String, Sendable, Hashable, CaseIterable {
    case oidc, fulcio, rekorV1, rekorV2, tsa
}
