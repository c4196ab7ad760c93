import Sigstore

extension MLBOM {
    /// Reads back the facts and file list of a BOM written by ``serialized()`` (other CycloneDX
    /// 1.6 ML-BOMs of the same shape are read too).
    package init(reading bom: JSONReader) throws(BundleError) {
        let format = try bom.string("bomFormat")
        guard format == "CycloneDX" else { throw bom.error("bomFormat", "is \"\(format)\", expected \"CycloneDX\"") }
        let version = try bom.string("specVersion")
        guard version == MLBOM.specVersion else { throw bom.error("specVersion", "is \"\(version)\", expected \"\(MLBOM.specVersion)\"") }
        let metadata = try bom.object("metadata")
        let model = try metadata.object("component")
        let type = try model.string("type")
        guard type == "machine-learning-model" else {
            throw model.error("type", "is \"\(type)\", expected \"machine-learning-model\"")
        }
        var facts = ModelCardFacts(name: try model.string("name"), version: try model.optionalString("version"))
        let licenses = try model.objects("licenses")
        guard licenses.count <= 1 else { throw model.error("licenses", "lists \(licenses.count) licences, expected one") }
        if let license = licenses.first {
            let entry = try license.object("license")
            if let name = try entry.optionalString("name") {
                facts.license = name
            } else {
                facts.license = try entry.string("id")
            }
        }
        facts.tags = try model.strings("tags")
        for property in try model.objects("properties") {
            let name = try property.string("name")
            if name == MLBOM.languageProperty { facts.languages.append(try property.string("value")) }
            if name == MLBOM.modelCardDigestProperty { facts.modelCardSHA256 = try property.string("value") }
        }
        if let card = try model.optionalObject("modelCard") {
            facts.task = try card.optionalObject("modelParameters")?.optionalString("task")
            if let analysis = try card.optionalObject("quantitativeAnalysis") {
                for metric in try analysis.objects("performanceMetrics") {
                    facts.metrics.append(ModelCardFacts.PerformanceMetric(
                        type: try metric.string("type"), value: try metric.string("value"), slice: try metric.optionalString("slice")))
                }
            }
            if let considerations = try card.optionalObject("considerations") {
                facts.considerations = try MLBOM.considerations(considerations)
            }
        }
        var files: [File] = []
        for component in try bom.objects("components") {
            let name = try component.string("name")
            switch try component.string("type") {
            case "machine-learning-model": facts.baseModels.append(name)
            case "data": facts.datasets.append(name)
            case "file":
                let hashes = try component.objects("hashes")
                guard hashes.count <= 1 else { throw component.error("hashes", "lists \(hashes.count) digests, expected one") }
                files.append(File(name: name, algorithm: try hashes.first?.string("alg"),
                                  digest: try hashes.first?.string("content")))
            default: continue
            }
        }
        self.init(facts: facts, files: files, timestamp: try metadata.optionalString("timestamp"))
    }

    private static func considerations(_ reader: JSONReader) throws(BundleError) -> ModelCardFacts.Considerations {
        var result = ModelCardFacts.Considerations()
        result.users = try reader.strings("users")
        result.useCases = try reader.strings("useCases")
        result.technicalLimitations = try reader.strings("technicalLimitations")
        result.performanceTradeoffs = try reader.strings("performanceTradeoffs")
        for risk in try reader.objects("ethicalConsiderations") {
            result.ethicalConsiderations.append(try risk.string("name"))
        }
        if let environmental = try reader.optionalObject("environmentalConsiderations") {
            for property in try environmental.objects("properties") {
                result.environmentalConsiderations.append(try property.string("value"))
            }
        }
        return result
    }
}
