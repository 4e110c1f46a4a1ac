import Foundation

/// What the report counts of one annotated document, read from its JSONL line: the `priormix`
/// object that `priormix classify` writes (see `DocumentAnnotator`) and, only when that object
/// lacks `bytes` or `tokens`, the text itself.
///
/// Annotations written with `--no-tags` have no segments or densities; annotations from other
/// writers (the mixture tests write category, confidence and densities only) may omit `bytes`,
/// `tokens` and `segments`, which are then derived from the text.
public struct ReportedDocument: Sendable, Equatable {
    public var category: String
    public var confidence: Double
    public var bytes: Int
    /// The tagger's token estimate (`TokenEstimate`), not a real tokenizer's count.
    public var tokens: Int
    /// Label set and tokens of each segment (scores are not read); nil when untagged.
    public var segments: [Segment]?
    /// Reasoning density and visual descriptiveness; nil when the document was not tagged.
    public var reasoning: Density?
    public var visual: Density?
    public var tagger: String?
    /// The classifier's most probable categories with their probabilities (what expected shares add up).
    public var top: [Annotation.Candidate]?

    public init(category: String, confidence: Double, bytes: Int, tokens: Int, segments: [Segment]? = nil,
                reasoning: Density? = nil, visual: Density? = nil, tagger: String? = nil, top: [Annotation.Candidate]? = nil) {
        self.top = top
        self.category = category
        self.confidence = confidence
        self.bytes = bytes
        self.tokens = tokens
        self.segments = segments
        self.reasoning = reasoning
        self.visual = visual
        self.tagger = tagger
    }

    /// Reads one annotated JSONL line; a line that is not an annotated document is an error naming
    /// `location` and what is wrong with it. A caller parsing many lines on one thread passes its
    /// own `decoder` to save an allocation a line.
    public static func parse(_ line: UnsafeBufferPointer<UInt8>, location: SourceLocation,
                             decoder: JSONDecoder = makeDecoder()) throws -> ReportedDocument {
        func failure(_ message: String) -> PriorMixError {
            PriorMixError(.malformedInput, message, file: location.file, line: location.line,
                          hint: "report reads the output of priormix classify; pass --skip-invalid to count such lines and go on")
        }
        let members: [JSONScanner.Member]
        do {
            members = try JSONScanner.members(of: line)
        } catch {
            throw failure("malformed JSON at column \(error.offset + 1): \(error.message)")
        }
        guard let annotation = members.first(where: { $0.key == "priormix" }) else {
            throw failure("no `priormix` object: not an annotated document")
        }
        guard annotation.kind == .object else { throw failure("`priormix` is not an object") }
        let fields: Annotation
        do {
            fields = try Annotation.decode(UnsafeBufferPointer(rebasing: line[annotation.value]), decoder: decoder)
        } catch let error as DecodingError {
            throw failure(Self.describe(error))
        }
        if let problem = fields.problem { throw failure(problem) }

        var text: String?
        func documentText() throws -> String {
            if let text { return text }
            guard let member = members.first(where: { $0.key == "text" }), member.kind == .string else {
                throw failure("`priormix` has no `bytes`/`tokens` and the line has no string `text` to count them from")
            }
            text = JSONScanner.decodeString(line, range: member.value).text
            return text!
        }
        let segments = fields.segments
        let bytes = try fields.bytes ?? documentText().utf8.count
        let tokens = try fields.tokens ?? segments?.reduce(0, { $0 + $1.tokens }) ?? TokenEstimate.tokens(documentText())
        return ReportedDocument(category: fields.category, confidence: fields.confidence, bytes: bytes, tokens: tokens, segments: segments,
                                reasoning: fields.reasoning ?? segments.map { Density(share: Self.share($0, LabelSet.reasoningMask), mean: nil) },
                                visual: fields.visual ?? segments.map { Density(share: Self.share($0, LabelSet.visualMask), mean: nil) },
                                tagger: fields.tagger, top: fields.top)
    }

    /// A decoder for `parse` that skips segment scores (the report counts labels only).
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.userInfo[Annotation.labelsOnly] = true
        return decoder
    }

    /// Share of `segments` with a label in `mask` (without scores there is no mean to derive).
    static func share(_ segments: [Segment], _ mask: UInt8) -> Double {
        segments.isEmpty ? 0 : Double(segments.filter { $0.labels.mask & mask != 0 }.count) / Double(segments.count)
    }

    /// `priormix.segments[2].labels: unknown label …` rather than Foundation's nested description.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.reduce("priormix") { text, key in key.intValue.map { text + "[\($0)]" } ?? text + "." + key.stringValue }
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)) is not a \(Self.typeName(type))"
        case .valueNotFound(let type, let context): return "\(path(context.codingPath)) is null, expected a \(Self.typeName(type))"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is Double.Type, is Int.Type: return "number"
        default: return "\(type)".lowercased()
        }
    }
}

extension ReportedDocument {
    /// One segment as the report counts it (read without its scores, see `makeDecoder`).
    public typealias Segment = Annotation.Segment
    /// A document's `reasoning` or `visual` summary.
    public typealias Density = Annotation.Density
}

extension Annotation {
    /// Values the report's histograms and counts cannot take.
    var problem: String? {
        if category.isEmpty { return "priormix.category is empty" }
        if !(0...1).contains(confidence) { return "priormix.confidence is \(confidence), outside [0, 1]" }
        if let bytes, bytes < 0 { return "priormix.bytes is negative" }
        if let tokens, tokens < 0 { return "priormix.tokens is negative" }
        for (name, density) in [("reasoning", reasoning), ("visual", visual)] {
            guard let density else { continue }
            if !(0...1).contains(density.share) { return "priormix.\(name).share is \(density.share), outside [0, 1]" }
            if let mean = density.mean, !(0...1).contains(mean) { return "priormix.\(name).mean is \(mean), outside [0, 1]" }
        }
        if let segments, segments.contains(where: { $0.tokens < 0 }) { return "priormix.segments has a negative token count" }
        return nil
    }
}
