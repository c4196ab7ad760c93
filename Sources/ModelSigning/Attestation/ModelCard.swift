/// A Hugging Face-style model card: the facts of its YAML front matter and the sections of its
/// Markdown body.
///
/// Read one with ``init(contentsOf:)`` or ``init(markdown:source:)``. Values are kept as the
/// card writes them (a metric value `0.930` stays `"0.930"`).
public struct ModelCard: Sendable, Equatable {
    /// One `model-index` result: a metric measured on a data set for a task.
    public struct EvaluationResult: Sendable, Equatable {
        public var taskType: String?
        public var taskName: String?
        public var datasetType: String?
        public var datasetName: String?
        public var datasetConfig: String?
        public var datasetSplit: String?
        public var metricType: String
        public var metricName: String?
        public var value: String

        public init(taskType: String? = nil, taskName: String? = nil, datasetType: String? = nil,
                    datasetName: String? = nil, datasetConfig: String? = nil, datasetSplit: String? = nil,
                    metricType: String, metricName: String? = nil, value: String) {
            self.taskType = taskType
            self.taskName = taskName
            self.datasetType = datasetType
            self.datasetName = datasetName
            self.datasetConfig = datasetConfig
            self.datasetSplit = datasetSplit
            self.metricType = metricType
            self.metricName = metricName
            self.value = value
        }
    }

    /// A Markdown section: an ATX heading (`#` to `######`) and the text up to the next heading.
    public struct Section: Sendable, Equatable {
        /// 1 for `#`, 2 for `##`, …
        public var level: Int
        public var title: String
        /// The section's own text (without its subsections), trimmed of surrounding blank lines.
        public var text: String

        public init(level: Int, title: String, text: String) {
            self.level = level
            self.title = title
            self.text = text
        }
    }

    /// The model's name: `model-index`'s `name`, else `model_name`, else the body's first `#` heading.
    public var name: String?
    /// `version` from the front matter (not a Hugging Face field; given by some cards).
    public var version: String?
    public var license: String?
    public var baseModels: [String]
    public var datasets: [String]
    public var languages: [String]
    public var pipelineTag: String?
    public var tags: [String]
    public var evaluationResults: [EvaluationResult]
    public var sections: [Section]
    /// Whether the card had YAML front matter.
    public var hasFrontMatter: Bool
    /// SHA-256 of the card file's bytes, lowercase hex.
    public var sha256: String

    public init(name: String? = nil, version: String? = nil, license: String? = nil, baseModels: [String] = [],
                datasets: [String] = [], languages: [String] = [], pipelineTag: String? = nil, tags: [String] = [],
                evaluationResults: [EvaluationResult] = [], sections: [Section] = [], hasFrontMatter: Bool = false,
                sha256: String) {
        self.name = name
        self.version = version
        self.license = license
        self.baseModels = baseModels
        self.datasets = datasets
        self.languages = languages
        self.pipelineTag = pipelineTag
        self.tags = tags
        self.evaluationResults = evaluationResults
        self.sections = sections
        self.hasFrontMatter = hasFrontMatter
        self.sha256 = sha256
    }
}
