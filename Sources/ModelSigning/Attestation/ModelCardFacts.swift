/// What an ML-BOM states about a model: the facts a verified attestation returns, and what
/// ``ModelCard/facts(defaultName:)`` derives from a card, so that the two can be compared.
public struct ModelCardFacts: Sendable, Equatable {
    /// A `quantitativeAnalysis` performance metric.
    public struct PerformanceMetric: Sendable, Equatable {
        /// The metric, such as `accuracy`.
        public var type: String
        /// The value as the card writes it.
        public var value: String
        /// Where it was measured: task, data set, configuration and split, when given.
        public var slice: String?

        public init(type: String, value: String, slice: String?) {
            self.type = type
            self.value = value
            self.slice = slice
        }
    }

    /// The CycloneDX `considerations` taken from the card's sections.
    public struct Considerations: Sendable, Equatable {
        public var users: [String] = []
        public var useCases: [String] = []
        public var technicalLimitations: [String] = []
        public var performanceTradeoffs: [String] = []
        public var ethicalConsiderations: [String] = []
        public var environmentalConsiderations: [String] = []

        public init() {}

        public var isEmpty: Bool {
            users.isEmpty && useCases.isEmpty && technicalLimitations.isEmpty && performanceTradeoffs.isEmpty
                && ethicalConsiderations.isEmpty && environmentalConsiderations.isEmpty
        }
    }

    public var name: String
    public var version: String?
    public var license: String?
    public var baseModels: [String]
    public var datasets: [String]
    public var languages: [String]
    public var task: String?
    public var tags: [String]
    public var metrics: [PerformanceMetric]
    public var considerations: Considerations
    /// SHA-256 (hex) of the card file that was attested.
    public var modelCardSHA256: String?

    public init(name: String, version: String? = nil, license: String? = nil, baseModels: [String] = [],
                datasets: [String] = [], languages: [String] = [], task: String? = nil, tags: [String] = [],
                metrics: [PerformanceMetric] = [], considerations: Considerations = Considerations(),
                modelCardSHA256: String? = nil) {
        self.name = name
        self.version = version
        self.license = license
        self.baseModels = baseModels
        self.datasets = datasets
        self.languages = languages
        self.task = task
        self.tags = tags
        self.metrics = metrics
        self.considerations = considerations
        self.modelCardSHA256 = modelCardSHA256
    }

    /// Whether there is anything a model card contributed beyond the name.
    public var hasModelCardData: Bool {
        version != nil || license != nil || !baseModels.isEmpty || !datasets.isEmpty || !languages.isEmpty
            || task != nil || !tags.isEmpty || !metrics.isEmpty || !considerations.isEmpty
    }
}
