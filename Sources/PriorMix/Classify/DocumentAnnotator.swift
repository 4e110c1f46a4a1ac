/// What `priormix classify` adds to each document: its category (from the source mapping when
/// trusted and known, otherwise from the classifier), the confidence and the runners-up, and the
/// six content labels per segment with the document's reasoning and visual densities, written as
/// a `priormix` object after the document's own fields.
public struct DocumentAnnotator: Sendable {
    public var classifier: DocumentClassifier
    public var taxonomy: CategoryTaxonomy
    /// Let a known `source` (RedPajama set, Dolma source …) decide the category.
    public var trustSource: Bool
    /// The fast tagger (lexicon, or a model fitted to LLM labels); nil skips tagging.
    public var tagger: SegmentTagging?
    /// An LLM tagger used first when given; the fast tagger covers its failures.
    public var llmTagger: LLMTagger?
    /// What identifies the classifier and taggers (model files, taxonomy and rubric versions), so
    /// that a resumed run never mixes parts annotated differently.
    public var fingerprint = ""

    public init(classifier: DocumentClassifier, taxonomy: CategoryTaxonomy, trustSource: Bool = false,
                tagger: SegmentTagging? = nil, llmTagger: LLMTagger? = nil) {
        self.classifier = classifier
        self.taxonomy = taxonomy
        self.trustSource = trustSource
        self.tagger = tagger
        self.llmTagger = llmTagger
    }

    public func predict(_ document: Document) -> CategoryPrediction {
        if trustSource, let category = taxonomy.category(forSource: document.source) ?? sourceFromMetadata(document) {
            return CategoryPrediction(category: category, confidence: 1, top: [(category, 1)], method: "source")
        }
        return classifier.classify(document.text)
    }

    /// RedPajama keeps its set name in `meta.redpajama_set_name`.
    private func sourceFromMetadata(_ document: Document) -> String? {
        guard let meta = document.field("meta") else { return nil }
        let text = String(decoding: meta, as: UTF8.self)
        guard let range = text.range(of: "\"redpajama_set_name\"") else { return nil }
        let rest = text[range.upperBound...].drop { $0 == " " || $0 == ":" }
        guard rest.first == "\"", let end = rest.dropFirst().firstIndex(of: "\"") else { return nil }
        return taxonomy.category(forSource: String(rest.dropFirst()[..<end]))
    }

    /// Tags from the LLM when configured (falling back to the fast tagger on failure), else the fast tagger.
    private func tags(_ text: String, statistics: inout CategoryStatistics) -> DocumentTags? {
        if let llmTagger {
            if let tags = try? llmTagger.tag(text) { return tags }
            statistics.taggerFallbacks += 1
        }
        return tagger?.tag(text)
    }

    /// The document with its `priormix` object, counted in `statistics`.
    public func annotate(_ document: Document, statistics: inout CategoryStatistics) -> Document {
        let prediction = predict(document)
        let documentTags = tags(document.text, statistics: &statistics)
        var document = document
        document.fields.removeAll { $0.name == "priormix" }  // re-classifying an annotated file
        let annotation = Annotation(prediction: prediction, bytes: document.text.utf8.count, tags: documentTags)
        document.fields.append(RawJSONField(name: "priormix", rawValue: annotation.jsonBytes))
        statistics.add(category: prediction.category, bytes: document.text.utf8.count, confidence: prediction.confidence)
        if let documentTags { statistics.tags.add(documentTags, category: prediction.category) }
        return document
    }
}

/// The classify stage: every document gets its category and content labels.
extension DocumentAnnotator: DocumentStage {
    public var name: String { "classify" }

    public func process(_ document: Document, statistics: inout CategoryStatistics) -> StageVerdict {
        .keep(annotate(document, statistics: &statistics))
    }
}
