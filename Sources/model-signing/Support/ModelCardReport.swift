import ModelSigning
import Sigstore

/// Prints an attested model card's facts, as text or as JSON.
enum ModelCardReport {
    static func json(_ facts: ModelCardFacts) -> JSONValue {
        var object = JSONObject([("name", .string(facts.name))])
        func optional(_ key: String, _ value: String?) { if let value { object[key] = .string(value) } }
        func list(_ key: String, _ values: [String]) { object[key] = .array(values.map(JSONValue.string)) }
        optional("version", facts.version)
        optional("license", facts.license)
        list("base_models", facts.baseModels)
        list("datasets", facts.datasets)
        list("languages", facts.languages)
        optional("task", facts.task)
        list("tags", facts.tags)
        object["metrics"] = .array(facts.metrics.map { metric in
            var entry = JSONObject([("type", .string(metric.type)), ("value", .string(metric.value))])
            if let slice = metric.slice { entry["slice"] = .string(slice) }
            return .object(entry)
        })
        let considerations = facts.considerations
        object["considerations"] = .object(JSONObject([
            ("users", .array(considerations.users.map(JSONValue.string))),
            ("use_cases", .array(considerations.useCases.map(JSONValue.string))),
            ("technical_limitations", .array(considerations.technicalLimitations.map(JSONValue.string))),
            ("performance_tradeoffs", .array(considerations.performanceTradeoffs.map(JSONValue.string))),
            ("ethical_considerations", .array(considerations.ethicalConsiderations.map(JSONValue.string))),
            ("environmental_considerations", .array(considerations.environmentalConsiderations.map(JSONValue.string))),
        ]))
        optional("model_card_sha256", facts.modelCardSHA256)
        return .object(object)
    }

    /// A few lines for people: the facts, one per line; long texts are summarised by count.
    static func text(_ verified: VerifiedAttestation) -> String {
        let facts = verified.bom.facts
        var lines = ["Model card attested by \(verified.signer):", "  name: \(facts.name)"]
        if let version = facts.version { lines.append("  version: \(version)") }
        if let license = facts.license { lines.append("  license: \(license)") }
        if !facts.baseModels.isEmpty { lines.append("  base model: " + facts.baseModels.joined(separator: ", ")) }
        if !facts.datasets.isEmpty { lines.append("  datasets: " + facts.datasets.joined(separator: ", ")) }
        if !facts.languages.isEmpty { lines.append("  languages: " + facts.languages.joined(separator: ", ")) }
        if let task = facts.task { lines.append("  task: \(task)") }
        if !facts.tags.isEmpty { lines.append("  tags: " + facts.tags.joined(separator: ", ")) }
        for metric in facts.metrics {
            lines.append("  \(metric.type) = \(metric.value)" + (metric.slice.map { " (\($0))" } ?? ""))
        }
        let considerations = facts.considerations
        let counted = [("use cases", considerations.useCases.count), ("users", considerations.users.count),
                       ("limitations", considerations.technicalLimitations.count),
                       ("trade-offs", considerations.performanceTradeoffs.count),
                       ("ethical considerations", considerations.ethicalConsiderations.count),
                       ("environmental notes", considerations.environmentalConsiderations.count)]
            .filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
        if !counted.isEmpty { lines.append("  considerations: " + counted.joined(separator: ", ")) }
        lines.append("  files: \(verified.bom.files.count), all signed")
        return lines.joined(separator: "\n")
    }
}
