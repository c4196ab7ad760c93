import Crypto
import Foundation
import Sigstore
import Yams

extension ModelCard {
    /// Cards larger than this are refused rather than read into memory.
    public static let maximumSize = 4 << 20
    /// At most this many `model-index` entries, results and metrics are read: YAML aliases
    /// could otherwise make a small card list billions of them.
    static let maximumEvaluationResults = 10_000

    /// Reads and parses the card at `path`.
    public init(contentsOf path: String) throws(AttestationError) {
        let bytes: [UInt8]
        do {
            bytes = try SignatureFile.contents(of: path, what: "model card", limit: ModelCard.maximumSize)
        } catch {
            throw .signing(error)
        }
        try self.init(markdown: bytes, source: path)
    }

    /// Parses a card's bytes; `source` names it in errors.
    ///
    /// Front matter is YAML between a first line `---` and the next line `---` (or `...`). A card
    /// without it is only a body. Malformed YAML, a front matter that is not a mapping, or a
    /// known field of the wrong shape is an error naming the field.
    public init(markdown bytes: [UInt8], source: String = "model card") throws(AttestationError) {
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw .malformedModelCard(path: source, reason: "not valid UTF-8 text")
        }
        let digest = Hex.encode(Array(SHA256.hash(data: bytes)))
        var text = decoded.replacingOccurrences(of: "\r\n", with: "\n")
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let (frontMatter, body) = try ModelCard.split(text, source: source)
        let sections = ModelCard.sections(of: body)
        self.init(sections: sections, hasFrontMatter: frontMatter != nil, sha256: digest)
        if let frontMatter {
            try readFrontMatter(frontMatter, source: source)
        }
        if name == nil {
            name = sections.first(where: { $0.level == 1 && !$0.title.isEmpty })?.title
        }
    }

    /// Splits the text into its front matter (nil when there is none) and its body.
    static func split(_ text: String, source: String) throws(AttestationError) -> (String?, Substring) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingSpaces == "---" else { return (nil, Substring(text)) }
        for index in lines.indices.dropFirst() {
            let line = lines[index].trimmingTrailingSpaces
            if line == "---" || line == "..." {
                let yaml = lines[1..<index].joined(separator: "\n")
                let body = lines[(index + 1)...].joined(separator: "\n")
                return (yaml, Substring(body))
            }
        }
        throw .malformedModelCard(path: source, reason: "the front matter opened by '---' on line 1 is never closed by a '---' line")
    }

    /// The ATX headings of `body` and their own text; headings inside fenced code blocks are text.
    static func sections(of body: Substring) -> [Section] {
        var sections: [Section] = []
        var current: (level: Int, title: String, lines: [Substring])?
        var fence: Substring?
        func finish() {
            guard let section = current else { return }
            let text = section.lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            sections.append(Section(level: section.level, title: section.title, text: text))
        }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                current?.lines.append(line)
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                current?.lines.append(line)
                continue
            }
            if line.count - trimmed.count < 4, let heading = ModelCard.heading(trimmed) {
                finish()
                current = (heading.level, heading.title, [])
            } else {
                current?.lines.append(line)
            }
        }
        finish()
        return sections
    }

    /// `## Title ##` → (2, "Title"); nil when the line is not an ATX heading.
    static func heading(_ line: Substring) -> (level: Int, title: String)? {
        let level = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(level) else { return nil }
        let rest = line.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = rest.trimmingCharacters(in: .whitespaces)
        // A closing sequence of '#' preceded by a space is not part of the title.
        let withoutClosing = title.reversed().drop(while: { $0 == "#" })
        if withoutClosing.first == " " || withoutClosing.isEmpty {
            title = String(withoutClosing.reversed()).trimmingCharacters(in: .whitespaces)
        }
        return (level, title)
    }

    private mutating func readFrontMatter(_ yaml: String, source: String) throws(AttestationError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            // Yams counts lines from the front matter's first line, which is line 2 of the file.
            // Yams quotes the offending line; a hostile card's line can be megabytes long.
            var detail = String(describing: error)
            if detail.count > 600 { detail = String(detail.prefix(600)) + " …" }
            throw .malformedModelCard(path: source, reason: "malformed YAML front matter (its line 1 is line 2 of the file): \(detail)")
        }
        guard let root else { return }
        guard let mapping = root.mapping else {
            throw .malformedModelCard(path: source, reason: "the front matter is not a YAML mapping of fields")
        }
        let fields = FrontMatter(mapping: mapping, source: source)
        license = try fields.string("license")
        version = try fields.string("version")
        pipelineTag = try fields.string("pipeline_tag")
        baseModels = try fields.strings("base_model")
        datasets = try fields.strings("datasets")
        languages = try fields.strings("language")
        tags = try fields.strings("tags")
        name = try fields.string("model_name")
        if let index = fields.value("model-index") {
            try readModelIndex(index, fields: fields)
        }
    }

    private mutating func readModelIndex(_ index: Node, fields: FrontMatter) throws(AttestationError) {
        guard let entries = index.sequence else { throw fields.error("model-index", "expected a list of models") }
        var visited = 0
        func visit() throws(AttestationError) {
            visited += 1
            guard visited <= ModelCard.maximumEvaluationResults else {
                throw fields.error("model-index", "more than \(ModelCard.maximumEvaluationResults) entries, results and metrics")
            }
        }
        for (entryNumber, entry) in entries.enumerated() {
            try visit()
            let entryField = "model-index[\(entryNumber)]"
            guard entry.mapping != nil else { throw fields.error(entryField, "expected a mapping") }
            if let entryName = try fields.scalar(entry["name"], entryField + ".name") { name = entryName }
            guard let results = entry["results"] else { continue }
            guard let resultList = results.sequence else { throw fields.error(entryField + ".results", "expected a list") }
            for (resultNumber, result) in resultList.enumerated() {
                try visit()
                let resultField = "\(entryField).results[\(resultNumber)]"
                let task = result["task"]
                let dataset = result["dataset"]
                guard let metrics = result["metrics"]?.sequence else {
                    throw fields.error(resultField + ".metrics", "expected a list of metrics")
                }
                for (metricNumber, metric) in metrics.enumerated() {
                    let metricField = "\(resultField).metrics[\(metricNumber)]"
                    guard let type = try fields.scalar(metric["type"], metricField + ".type") else {
                        throw fields.error(metricField + ".type", "missing")
                    }
                    guard let value = try fields.scalar(metric["value"], metricField + ".value") else {
                        throw fields.error(metricField + ".value", "missing (a metric needs a value)")
                    }
                    try visit()
                    evaluationResults.append(EvaluationResult(
                        taskType: try fields.scalar(task?["type"], resultField + ".task.type"),
                        taskName: try fields.scalar(task?["name"], resultField + ".task.name"),
                        datasetType: try fields.scalar(dataset?["type"], resultField + ".dataset.type"),
                        datasetName: try fields.scalar(dataset?["name"], resultField + ".dataset.name"),
                        datasetConfig: try fields.scalar(dataset?["config"], resultField + ".dataset.config"),
                        datasetSplit: try fields.scalar(dataset?["split"], resultField + ".dataset.split"),
                        metricType: type,
                        metricName: try fields.scalar(metric["name"], metricField + ".name"),
                        value: value))
                }
            }
        }
    }
}

/// Typed access to the front matter's fields, with errors naming the field.
private struct FrontMatter {
    let mapping: Node.Mapping
    let source: String

    func value(_ key: String) -> Node? {
        mapping.first(where: { $0.key.scalar.map { Array($0.string.utf8) == Array(key.utf8) } ?? false })?.value
    }

    func error(_ field: String, _ reason: String) -> AttestationError {
        .malformedModelCard(path: source, reason: "front matter field \(field): \(reason)")
    }

    /// A scalar's text as written; nil for an absent or null value.
    func scalar(_ node: Node?, _ field: String) throws(AttestationError) -> String? {
        guard let node else { return nil }
        guard let scalar = node.scalar else {
            throw error(field, "expected a single value, found \(node.mapping != nil ? "a mapping" : "a list")")
        }
        if node.null != nil { return nil }
        return scalar.string
    }

    func string(_ key: String) throws(AttestationError) -> String? {
        try scalar(value(key), key)
    }

    /// A single value or a list of values.
    func strings(_ key: String) throws(AttestationError) -> [String] {
        guard let node = value(key) else { return [] }
        if let sequence = node.sequence {
            var values: [String] = []
            for (index, element) in sequence.enumerated() {
                if let text = try scalar(element, "\(key)[\(index)]") { values.append(text) }
            }
            return values
        }
        return try scalar(node, key).map { [$0] } ?? []
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var copy = self
        while let last = copy.last, last == " " || last == "\t" { copy.removeLast() }
        return copy
    }
}
