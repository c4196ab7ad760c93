extension ModelCard {
    /// The facts an ML-BOM built from this card states; `defaultName` is used when the card
    /// names no model (the model folder's name, for instance).
    public func facts(defaultName: String) -> ModelCardFacts {
        ModelCardFacts(
            name: name ?? defaultName, version: version, license: license, baseModels: baseModels,
            datasets: datasets, languages: languages, task: pipelineTag, tags: tags,
            metrics: evaluationResults.map { result in
                ModelCardFacts.PerformanceMetric(type: result.metricType, value: result.value, slice: result.slice)
            },
            considerations: considerations, modelCardSHA256: sha256)
    }

    /// The body's sections sorted into CycloneDX considerations by their titles (Hugging Face's
    /// card template: "Uses", "Direct Use", "Out-of-Scope Use", "Bias, Risks, and Limitations",
    /// "Environmental Impact", …). Sections without text are skipped.
    public var considerations: ModelCardFacts.Considerations {
        var result = ModelCardFacts.Considerations()
        for section in sections where !section.text.isEmpty {
            let title = section.title.lowercased()
            if title.contains("environmental") {
                result.environmentalConsiderations.append(section.text)
            } else if title.contains("limitation") || title.contains("out-of-scope") || title.contains("out of scope") {
                result.technicalLimitations.append(section.text)
            } else if title.contains("ethic") || title.contains("bias") || title.contains("risk") {
                result.ethicalConsiderations.append(section.text)
            } else if title.contains("trade-off") || title.contains("tradeoff") {
                result.performanceTradeoffs.append(section.text)
            } else if title.contains("user") {
                result.users.append(section.text)
            } else if title.split(whereSeparator: { !$0.isLetter }).contains(where: { $0 == "use" || $0 == "uses" || $0 == "usage" }) {
                result.useCases.append(section.text)
            }
        }
        return result
    }
}

extension ModelCard.EvaluationResult {
    /// "task: text-classification, dataset: imdb (IMDb), config: plain_text, split: test", from
    /// what is given; nil when nothing is.
    var slice: String? {
        var parts: [String] = []
        if let task = taskType ?? taskName { parts.append("task: " + task) }
        switch (datasetType, datasetName) {
        case let (type?, name?) where type != name: parts.append("dataset: \(type) (\(name))")
        case let (type?, _): parts.append("dataset: " + type)
        case let (nil, name?): parts.append("dataset: " + name)
        case (nil, nil): break
        }
        if let datasetConfig { parts.append("config: " + datasetConfig) }
        if let datasetSplit { parts.append("split: " + datasetSplit) }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
