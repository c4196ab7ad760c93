import Foundation
import ModelSigning
import Testing

/// A test card, named in test output instead of printed whole.
struct CardFixture: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    var testDescription: String { name }
}

/// Model cards written for the tests, in the shapes found on model hubs.
enum ModelCards {
    static let all = [CardFixture(name: "with model-index", text: withModelIndex),
                      CardFixture(name: "without front matter", text: withoutFrontMatter),
                      CardFixture(name: "unicode", text: unicode)]

    /// A full Hugging Face card: every front-matter field we read, a model-index with two
    /// results, template sections, a fenced block containing a '#' line.
    static let withModelIndex = """
        ---
        license: apache-2.0
        language:
        - en
        - de
        library_name: transformers
        pipeline_tag: text-classification
        tags:
        - sentiment
        - distilbert
        base_model: distilbert/distilbert-base-uncased
        datasets:
        - stanfordnlp/imdb
        - stanfordnlp/sst2
        version: "2.1"
        model-index:
        - name: sentiment-distilbert
          results:
          - task:
              type: text-classification
              name: Text Classification
            dataset:
              name: IMDb
              type: stanfordnlp/imdb
              config: plain_text
              split: test
            metrics:
            - type: accuracy
              value: 0.930
              name: Accuracy
            - type: f1
              value: 0.9312
          - task:
              type: text-classification
            dataset:
              type: stanfordnlp/sst2
              split: validation
            metrics:
            - type: accuracy
              value: 0.91
        ---

        # Sentiment DistilBERT

        Fine-tuned for binary sentiment.

        ## Uses

        ### Direct Use

        Classify English movie reviews as positive or negative.

        ### Out-of-Scope Use

        Medical or legal text.

        ## Bias, Risks, and Limitations

        Reviews in other languages are classified poorly.

        ## Intended Users

        Researchers comparing sentiment models.

        ## Ethical Considerations

        Trained on public reviews that may contain slurs.

        ## Environmental Impact

        About 2 kg CO2eq on one GPU.

        ## How to Get Started

        ```python
        # not a heading
        pipeline("text-classification")
        ```
        """

    /// No front matter at all: a plain README.
    static let withoutFrontMatter = """
        # plain-model

        A model whose README has no metadata block.

        ## Limitations

        Untested.
        """

    /// The front matter's YAML is broken (an unclosed flow sequence).
    static let malformedYAML = """
        ---
        license: mit
        tags: [a, b
        ---
        # broken
        """

    /// Non-ASCII names, values and sections (composed and decomposed forms kept as written).
    static let unicode = """
        ---
        license: cc-by-4.0
        language:
        - ja
        - fr
        tags:
        - 日本語
        - caf\u{E9}
        - cafe\u{301}
        datasets:
        - ユーザー/レビュー
        model-index:
        - name: モデル-ß
          results:
          - task:
              type: text-classification
            dataset:
              type: ユーザー/レビュー
              split: テスト
            metrics:
            - type: accuracy
              value: 0.88
        ---
        # モデル-ß

        ## 用途 (Uses)

        レビューの分類 — émojis 🙂 included.
        """
}

@Suite struct ModelCardTests {
    @Test func parsesFrontMatterModelIndexAndSections() throws {
        let card = try ModelCard(markdown: Array(ModelCards.withModelIndex.utf8), source: "README.md")
        #expect(card.hasFrontMatter)
        #expect(card.name == "sentiment-distilbert")
        #expect(card.version == "2.1")
        #expect(card.license == "apache-2.0")
        #expect(card.baseModels == ["distilbert/distilbert-base-uncased"])
        #expect(card.datasets == ["stanfordnlp/imdb", "stanfordnlp/sst2"])
        #expect(card.languages == ["en", "de"])
        #expect(card.pipelineTag == "text-classification")
        #expect(card.tags == ["sentiment", "distilbert"])
        #expect(card.evaluationResults.count == 3)
        let first = try #require(card.evaluationResults.first)
        #expect(first.metricType == "accuracy")
        #expect(first.value == "0.930", "values are kept as written")
        #expect(first.datasetSplit == "test")
        #expect(first.datasetConfig == "plain_text")
        #expect(card.evaluationResults[2].datasetSplit == "validation")
        #expect(card.sections.map(\.title) == ["Sentiment DistilBERT", "Uses", "Direct Use", "Out-of-Scope Use",
                                                "Bias, Risks, and Limitations", "Intended Users", "Ethical Considerations",
                                                "Environmental Impact", "How to Get Started"])
        #expect(card.sections.last?.text.contains("# not a heading") == true)

        let considerations = card.considerations
        #expect(considerations.useCases == ["Classify English movie reviews as positive or negative."])
        #expect(considerations.technicalLimitations == ["Medical or legal text.", "Reviews in other languages are classified poorly."])
        #expect(considerations.users == ["Researchers comparing sentiment models."])
        #expect(considerations.ethicalConsiderations == ["Trained on public reviews that may contain slurs."])
        #expect(considerations.environmentalConsiderations == ["About 2 kg CO2eq on one GPU."])
    }

    @Test func cardWithoutFrontMatterIsOnlyABody() throws {
        let card = try ModelCard(markdown: Array(ModelCards.withoutFrontMatter.utf8))
        #expect(!card.hasFrontMatter)
        #expect(card.name == "plain-model")
        #expect(card.license == nil)
        #expect(card.evaluationResults.isEmpty)
        #expect(card.considerations.technicalLimitations == ["Untested."])
    }

    @Test func malformedYAMLIsAClearError() throws {
        let caught = #expect(throws: AttestationError.self) {
            try ModelCard(markdown: Array(ModelCards.malformedYAML.utf8), source: "broken/README.md")
        }
        guard let error = caught else { return }
        let message = error.description
        #expect(message.hasPrefix("model card broken/README.md: malformed YAML front matter"), "\(message)")
        #expect(message.contains("line"), "the YAML error gives a position: \(message)")
    }

    @Test(arguments: [
        ("---\nlicense: mit\n# never closed\n", "never closed"),
        ("---\n- a\n- b\n---\n", "not a YAML mapping"),
        ("---\nlicense: [mit, apache-2.0]\n---\n", "front matter field license: expected a single value, found a list"),
        ("---\nmodel-index: oops\n---\n", "front matter field model-index: expected a list"),
        ("---\nmodel-index:\n- name: x\n  results:\n  - metrics:\n    - type: acc\n---\n", "model-index[0].results[0].metrics[0].value: missing"),
    ])
    func wrongShapesAreNamed(card: String, expected: String) throws {
        let caught = #expect(throws: AttestationError.self) {
            try ModelCard(markdown: Array(card.utf8), source: "c.md")
        }
        guard let error = caught else { return }
        #expect(error.description.contains(expected), "\(error.description)")
    }

    @Test func aliasesCannotMultiplyTheWork() throws {
        // 1000 entries aliasing one entry of 1000 results aliasing one result: a small card naming a million results.
        var yaml = "---\nresult: &r {metrics: []}\n"
        yaml += "entry: &e {results: [" + Array(repeating: "*r", count: 1000).joined(separator: ", ") + "]}\n"
        yaml += "model-index: [" + Array(repeating: "*e", count: 1000).joined(separator: ", ") + "]\n---\n"
        let started = ContinuousClock.now
        let caught = #expect(throws: AttestationError.self) { try ModelCard(markdown: Array(yaml.utf8), source: "bomb.md") }
        #expect(caught?.description.contains("more than 10000") == true, "\(caught.map(String.init(describing:)) ?? "")")
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func invalidUTF8IsRefused() throws {
        #expect(throws: AttestationError.self) { try ModelCard(markdown: [0x23, 0x20, 0xFF, 0xFE], source: "bin.md") }
    }

    @Test func unicodeIsKeptExactly() throws {
        let card = try ModelCard(markdown: Array(ModelCards.unicode.utf8))
        #expect(card.name == "モデル-ß")
        // Composed and decomposed "café" are different tags: compared as bytes, never merged.
        #expect(card.tags.map { Array($0.utf8) } == [Array("日本語".utf8), Array("caf\u{E9}".utf8), Array("cafe\u{301}".utf8)])
        #expect(card.evaluationResults.first?.datasetSplit == "テスト")
        #expect(card.considerations.useCases == ["レビューの分類 — émojis 🙂 included."])
    }

    @Test func crlfCardsParseLikeLF() throws {
        let lf = try ModelCard(markdown: Array(ModelCards.withModelIndex.utf8))
        let crlf = try ModelCard(markdown: Array(ModelCards.withModelIndex.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        #expect(crlf.facts(defaultName: "m").considerations == lf.facts(defaultName: "m").considerations)
        #expect(crlf.evaluationResults == lf.evaluationResults)
        #expect(crlf.sha256 != lf.sha256, "the digest is of the file's bytes")
    }
}
