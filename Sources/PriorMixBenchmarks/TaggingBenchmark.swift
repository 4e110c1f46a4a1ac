import Foundation
import PriorMix

/// Throughput of segmenting and tagging on one core, for `priormix bench classify`: the texts are
/// tagged in turn, repeatedly, until at least `minimumBytes` have gone through, and the rate is
/// the text bytes divided by the wall time (one thread, so MB/s per core).
///
/// ```swift
/// let texts = try TaggingBenchmark.texts(fromJSONL: "../shared/corpus-dev/labeled.jsonl")
/// let result = TaggingBenchmark(tagger: tagger, texts: texts).run()
/// print(result.table)   // tag  61.3 MB/s per core (402.1 MB, 205,600 documents, 6.56 s)
/// ```
public struct TaggingBenchmark {
    public var tagger: LexiconTagger
    public var texts: [String]
    public var minimumBytes: Int

    public init(tagger: LexiconTagger, texts: [String], minimumBytes: Int = 200_000_000) {
        self.tagger = tagger
        self.texts = texts
        self.minimumBytes = minimumBytes
    }

    public struct Result: Codable, Sendable {
        public var documents: Int
        public var bytes: Int
        public var segments: Int
        public var seconds: Double
        public var megabytesPerSecondPerCore: Double

        public var table: String {
            String(format: "segment + tag  %.1f MB/s per core (%.1f MB, %@ documents, %@ segments, %.2f s)",
                   megabytesPerSecondPerCore, Double(bytes) / 1e6, ProgressLine.grouped(documents), ProgressLine.grouped(segments), seconds)
        }
    }

    public func run() -> Result {
        precondition(!texts.isEmpty, "the benchmark needs at least one text")
        var bytes = 0, documents = 0, segments = 0
        let start = DispatchTime.now().uptimeNanoseconds
        while bytes < minimumBytes {
            for text in texts {
                segments += tagger.tag(text).segments.count
                bytes += text.utf8.count
                documents += 1
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(documents: documents, bytes: bytes, segments: segments, seconds: seconds,
                      megabytesPerSecondPerCore: Double(bytes) / 1e6 / max(seconds, 1e-9))
    }

    /// The `field` strings of a JSONL file (plain, .gz or .zst), e.g. corpus-dev's texts, as mixed input.
    public static func texts(fromJSONL path: String, field: String = "text") throws -> [String] {
        let source = try Compression.open(path).source
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        var texts: [String] = []
        for (index, line) in data.split(separator: 0x0A).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw PriorMixError(.malformedInput, "not a JSON object", file: path, line: index + 1)
            }
            if let text = object[field] as? String { texts.append(text) }
        }
        guard !texts.isEmpty else {
            throw PriorMixError(.malformedInput, "no `\(field)` strings found", file: path, hint: "pass a JSONL file of documents")
        }
        return texts
    }
}
