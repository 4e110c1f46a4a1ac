import Foundation

/// Anything that tags a document's segments without failing: the lexicon tagger, or a linear
/// model trained on LLM labels. Implementations are immutable and thread-safe.
public protocol SegmentTagging: Sendable {
    func tag(_ text: String) -> DocumentTags
}

extension LexiconTagger: SegmentTagging {}

/// The fast tagger fitted to LLM labels (`priormix tagger train`): a one-vs-all fastText-format
/// model whose labels are the six content labels; a segment gets each label whose probability
/// reaches `threshold`.
public struct ModelTagger: SegmentTagging {
    public let model: FastTextModel
    public let segmenter: Segmenter
    public let threshold: Double
    public let name: String
    private let labelIndex: [Int?]

    public init(model: FastTextModel, name: String, segmenter: Segmenter = Segmenter(), threshold: Double = 0.5) throws {
        let known = Set(ContentLabel.allCases.map(\.rawValue) + [TaggerTraining.noLabel])
        if let stray = model.labels.first(where: { !known.contains($0) }) {
            throw PriorMixError(.usage, "model label '\(stray)' is not a content label", file: name,
                                hint: "train it with priormix tagger train")
        }
        self.model = model
        self.segmenter = segmenter
        self.threshold = threshold
        self.name = "model:" + (name as NSString).lastPathComponent
        labelIndex = ContentLabel.allCases.map { label in model.labels.firstIndex(of: label.rawValue) }
    }

    public func tag(_ text: String) -> DocumentTags {
        var text = text
        let pieces = text.withUTF8 { segmenter.segments(utf8: $0) }
        let bytes = Array(text.utf8)
        let segments = pieces.map { piece -> SegmentTags in
            let probabilities = model.probabilities(FastTextText.normalize(String(decoding: bytes[piece.start..<piece.end], as: UTF8.self)))
            let scores = labelIndex.map { index in index.map { probabilities[$0] } ?? 0 }
            let labels = LabelSet(ContentLabel.allCases.filter { scores[$0.index] >= threshold })
            return SegmentTags(start: piece.start, end: piece.end, tokens: piece.tokens, labels: labels, scores: scores)
        }
        return DocumentTags(segments: segments, tagger: name)
    }
}

/// Training examples for the fast tagger from annotated documents: every segment with the labels
/// its tagger (usually the LLM) gave it, "none" when it has none.
public enum TaggerTraining {
    public static let noLabel = "none"

    /// Streams (segment text, labels) pairs from annotated JSONL files, taking only segments whose
    /// tagger name starts with `taggerPrefix` (e.g. "llm") when given.
    public static func forEachSegment(in paths: [String], taggerPrefix: String?, _ visit: (String, [String]) throws -> Void) throws -> Int {
        var used = 0
        for path in paths {
            let reader = try JSONLReader(path: path, maxLineBytes: 256 << 20)
            while let record = try reader.next() {
                guard case .jsonLine = record.payload,
                      let object = try? JSONSerialization.jsonObject(with: Data(record.bytes)) as? [String: Any],
                      let text = object["text"] as? String,
                      let annotation = object["priormix"] as? [String: Any],
                      let segments = annotation["segments"] as? [[String: Any]] else { continue }
                if let taggerPrefix, !((annotation["tagger"] as? String) ?? "").hasPrefix(taggerPrefix) { continue }
                let bytes = Array(text.utf8)
                for segment in segments {
                    guard let start = segment["start"] as? Int, let end = segment["end"] as? Int,
                          start >= 0, start <= end, end <= bytes.count, let labels = segment["labels"] as? [String] else { continue }
                    let segmentText = FastTextText.normalize(String(decoding: bytes[start..<end], as: UTF8.self))
                    try visit(segmentText, labels.isEmpty ? [noLabel] : labels)
                    used += 1
                }
            }
        }
        return used
    }
}
