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
    /// The document's `source`, for duplicate rates per source.
    public var source: String?
    /// `removed_by.reason` of a line from a run's `removed/` file (nil for a document of the corpus).
    public var removedReason: String?
    /// The classifier's most probable categories with their probabilities (what expected shares add up).
    public var top: [Annotation.Candidate]?

    public init(category: String, confidence: Double, bytes: Int, tokens: Int, segments: [Segment]? = nil,
                reasoning: Density? = nil, visual: Density? = nil, tagger: String? = nil, source: String? = nil,
                removedReason: String? = nil, top: [Annotation.Candidate]? = nil) {
        self.top = top
        self.category = category
        self.confidence = confidence
        self.bytes = bytes
        self.tokens = tokens
        self.segments = segments
        self.reasoning = reasoning
        self.visual = visual
        self.tagger = tagger
        self.source = source
        self.removedReason = removedReason
    }

    /// Reads one annotated JSONL line; a line that is not an annotated document is an error naming
    /// `location` and what is wrong with it. A caller parsing many lines on one thread passes its
    /// own `decoder` to save an allocation a line.
    public static func parse(_ line: UnsafeBufferPointer<UInt8>, location: SourceLocation,
                             decoder: JSONDecoder = makeDecoder()) throws -> ReportedDocument {
        let members: [JSONScanner.Member]
        do {
            members = try JSONScanner.members(of: line)
        } catch {
            throw failure("malformed JSON at column \(error.offset + 1): \(error.message)", location)
        }
        guard let annotation = members.first(where: { $0.key == "priormix" }) else {
            throw failure("no `priormix` object: not an annotated document", location)
        }
        guard annotation.kind == .object else { throw failure("`priormix` is not an object", location) }
        let source = members.first(where: { $0.key == "source" && $0.kind == .string }).map { JSONScanner.decodeString(line, range: $0.value).text }
        // A line of a run's removed/ file: the report counts it as a duplicate, not a document.
        var removedReason: String?
        if let removed = members.first(where: { $0.key == "removed_by" && $0.kind == .object }) {
            let inner = UnsafeBufferPointer(rebasing: line[removed.value])
            let reason = (try? JSONScanner.members(of: inner))?.first { $0.key == "reason" && $0.kind == .string }
            removedReason = reason.map { JSONScanner.decodeString(inner, range: $0.value).text } ?? "unknown"
        }
        return try parse(annotation: UnsafeBufferPointer(rebasing: line[annotation.value]), location: location, decoder: decoder,
                         source: source, removedReason: removedReason) {
            guard let member = members.first(where: { $0.key == "text" }), member.kind == .string else { return nil }
            return JSONScanner.decodeString(line, range: member.value).text
        }
    }

    /// Reads one record of an annotated file (see `AnnotatedRecords`): a JSONL line as above, or a
    /// Parquet row, whose `priormix` column holds the annotation's JSON and `text` the text.
    public static func parse(record: RawRecord, decoder: JSONDecoder = makeDecoder()) throws -> ReportedDocument {
        let location = record.location
        switch record.payload {
        case .jsonLine:
            return try record.bytes.withUnsafeBufferPointer { try parse($0, location: location, decoder: decoder) }
        case .columns(let row):
            return try record.bytes.withUnsafeBufferPointer { bytes in
                guard let annotation = AnnotatedRecords.annotationJSON(row, in: bytes) else {
                    throw failure("no `priormix` string column: not an annotated document", location)
                }
                return try parse(annotation: annotation, location: location, decoder: decoder,
                                 source: row.string(named: "source", in: bytes), removedReason: nil) { row.string(named: "text", in: bytes) }
            }
        case .lineTooLong(let length):
            throw PriorMixError(.malformedInput, "line of \(length) bytes is too long for an annotated document",
                                file: location.file, line: location.line)
        case .setAside(_, let detail):
            throw failure(detail, location)
        case .readError(let error):
            throw error
        default:
            throw failure("not an annotated document", location)
        }
    }

    private static func failure(_ message: String, _ location: SourceLocation) -> PriorMixError {
        PriorMixError(.malformedInput, message, file: location.file, line: location.line,
                      hint: "report reads the output of priormix classify; pass --skip-invalid to count such lines and go on")
    }

    /// What both record shapes share once the annotation's JSON is found; `documentText` gives
    /// the text, read only when the annotation lacks `bytes` or `tokens`.
    private static func parse(annotation: UnsafeBufferPointer<UInt8>, location: SourceLocation, decoder: JSONDecoder,
                              source: String?, removedReason: String?, documentText textOf: () -> String?) throws -> ReportedDocument {
        let fields: Annotation
        do {
            fields = try Annotation.decode(annotation, decoder: decoder)
        } catch let error as DecodingError {
            throw failure(Self.describe(error), location)
        }
        if let problem = fields.problem { throw failure(problem, location) }

        var text: String?
        func documentText() throws -> String {
            if let text { return text }
            guard let found = textOf() else {
                throw failure("`priormix` has no `bytes`/`tokens` and the line has no string `text` to count them from", location)
            }
            text = found
            return found
        }
        let segments = fields.segments
        let bytes = try fields.bytes ?? documentText().utf8.count
        let tokens = try fields.tokens ?? segments?.reduce(0, { $0 + $1.tokens }) ?? TokenEstimate.tokens(documentText())
        return ReportedDocument(category: fields.category, confidence: fields.confidence, bytes: bytes, tokens: tokens, segments: segments,
                                reasoning: fields.reasoning ?? segments.map { Density(share: Self.share($0, LabelSet.reasoningMask), mean: nil) },
                                visual: fields.visual ?? segments.map { Density(share: Self.share($0, LabelSet.visualMask), mean: nil) },
                                tagger: fields.tagger, source: source, removedReason: removedReason, top: fields.top)
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
