/// The fast, offline tagger: segments a document and scores every segment on the six labels
/// from the vocabulary and structure signals of a `LabelTaxonomy`.
///
/// ```swift
/// let tagger = try LexiconTagger(taxonomy: LabelTaxonomy.loadDefault())
/// let tags = tagger.tag(document.text)
/// print(tags.reasoning.share, tags.visual.share)
/// ```
///
/// One instance is immutable and safe to share between threads.
/// Complexity: O(n) in the document's bytes.
public final class LexiconTagger: Sendable {
    public let taxonomy: LabelTaxonomy
    public let segmenter: Segmenter
    private let scanner: LexiconScanner
    /// Per signal, its weight in each label's evidence (lanes in `ContentLabel.index` order).
    private let structureWeights: [(StructuralSignal, SIMD8<Double>)]
    private let halfEvidence: SIMD8<Double>
    private let thresholds: [Double]
    public let name: String

    /// `segmenter` defaults to the taxonomy's segment length with the token estimate.
    public init(taxonomy: LabelTaxonomy, segmenter: Segmenter? = nil) {
        self.taxonomy = taxonomy
        self.segmenter = segmenter ?? Segmenter(targetTokens: taxonomy.segmentTokens)
        scanner = LexiconScanner(taxonomy: taxonomy)
        structureWeights = StructuralSignal.allCases.compactMap { signal in
            var weights = SIMD8<Double>()
            for definition in taxonomy.labels { weights[definition.label.index] = definition.structure[signal] ?? 0 }
            return weights == SIMD8() ? nil : (signal, weights)
        }
        var half = SIMD8<Double>(repeating: 1)
        for definition in taxonomy.labels { half[definition.label.index] = definition.halfEvidence }
        halfEvidence = half
        thresholds = taxonomy.labels.map(\.threshold)
        name = "lexicon:\(taxonomy.rubricVersion)"
    }

    /// Loads the taxonomy from `directory` (e.g. `taxonomy/labels`).
    public convenience init(taxonomyDirectory directory: String, segmenter: Segmenter? = nil) throws {
        self.init(taxonomy: try LabelTaxonomy.load(directory: directory), segmenter: segmenter)
    }

    public func tag(_ text: String) -> DocumentTags {
        var text = text
        return text.withUTF8 { tag(utf8: $0) }
    }

    /// Tags valid UTF-8 text.
    public func tag(utf8 bytes: UnsafeBufferPointer<UInt8>) -> DocumentTags {
        let pieces = segmenter.segments(utf8: bytes)
        let stamps = TermStamps.forCurrentThread(entries: scanner.entryCount)
        let firstStamp = stamps.reserve(pieces.count)
        let segments = stamps.values.withUnsafeMutableBufferPointer { values in
            pieces.enumerated().map { index, piece -> SegmentTags in
                let evidence = scanner.scan(bytes, from: piece.start, to: piece.end, stamps: values, stamp: firstStamp + UInt32(index))
                let scores = self.scores(evidence)
                var labels = LabelSet()
                for label in ContentLabel.allCases where scores[label.index] >= thresholds[label.index] { labels.insert(label) }
                return SegmentTags(start: piece.start, end: piece.end, tokens: piece.tokens, labels: labels, scores: scores)
            }
        }
        return DocumentTags(segments: segments, tagger: name)
    }

    /// The measurements of one piece of text taken as a single segment.
    public func evidence(of text: String) -> SegmentEvidence {
        var text = text
        var stamps = [UInt32](repeating: 0, count: scanner.entryCount)
        return text.withUTF8 { bytes in
            stamps.withUnsafeMutableBufferPointer { scanner.scan(bytes, from: 0, to: bytes.count, stamps: $0, stamp: 1) }
        }
    }

    /// Scores in `ContentLabel.index` order: `e / (e + halfEvidence)` for evidence `e ≥ 0`.
    public func scores(_ evidence: SegmentEvidence) -> [Double] {
        let minimumWords = taxonomy.minimumWords
        let perHundred = 100.0 / Double(max(evidence.words, minimumWords, 1))
        var total = SIMD8<Double>(
            Double(evidence.lexicon[0]), Double(evidence.lexicon[1]), Double(evidence.lexicon[2]), Double(evidence.lexicon[3]),
            Double(evidence.lexicon[4]), Double(evidence.lexicon[5]), 0, 0) * perHundred
        for (signal, weights) in structureWeights {
            total += weights * evidence.value(of: signal, minimumWords: minimumWords)
        }
        total.replace(with: 0, where: total .< 0)
        let score = total / (total + halfEvidence)
        return (0..<ContentLabel.allCases.count).map { score[$0] }
    }
}
