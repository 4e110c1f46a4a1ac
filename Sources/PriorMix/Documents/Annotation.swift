import Foundation

/// The `priormix` object of an annotated document: the one schema that `classify` writes and that
/// `mix`, `report`, the tagger tools and the tests read.
///
/// ```json
/// {"category":"code","confidence":0.9316,"top":[["code",0.9316],["computer_science",0.05],…],
///  "method":"lexicon","bytes":1891,
///  "tagger":"lexicon:priormix-labels-1","segments":[{"start":0,"end":1891,"tokens":500,
///    "labels":["code_reasoning"],"scores":{"visual_concept":0.02,…}}],
///  "reasoning":{"share":1,"mean":0.93},"visual":{"share":0,"mean":0.05},
///  "label_shares":{"visual_concept":0,…},"tokens":500}
/// ```
/// Only `category` and `confidence` are required: annotations written with `--no-tags` stop after
/// `bytes`, and other writers may give just the category, confidence and densities. Confidences,
/// probabilities, densities and shares are written with four decimals, scores with three.
public struct Annotation: Sendable, Equatable, Codable {
    public var category: String
    public var confidence: Double
    /// The most probable categories, best first.
    public var top: [Candidate]?
    /// `lexicon`, `model` or `source`.
    public var method: String?
    /// UTF-8 bytes of the document's text.
    public var bytes: Int?
    public var tagger: String?
    public var segments: [Segment]?
    public var reasoning: Density?
    public var visual: Density?
    public var labelShares: [String: Double]?
    /// The document's estimated tokens (`TokenEstimate`).
    public var tokens: Int?

    public init(category: String, confidence: Double, top: [Candidate]? = nil, method: String? = nil, bytes: Int? = nil,
                tagger: String? = nil, segments: [Segment]? = nil, reasoning: Density? = nil, visual: Density? = nil,
                labelShares: [String: Double]? = nil, tokens: Int? = nil) {
        self.category = category
        self.confidence = confidence
        self.top = top
        self.method = method
        self.bytes = bytes
        self.tagger = tagger
        self.segments = segments
        self.reasoning = reasoning
        self.visual = visual
        self.labelShares = labelShares
        self.tokens = tokens
    }

    enum CodingKeys: String, CodingKey {
        case category, confidence, top, method, bytes, tagger, segments, reasoning, visual, tokens
        case labelShares = "label_shares"
    }

    /// A category and its probability, written as a two-element array `["code", 0.9316]`.
    public struct Candidate: Sendable, Equatable, Codable {
        public var category: String
        public var probability: Double

        public init(category: String, probability: Double) {
            self.category = category
            self.probability = probability
        }

        public init(from decoder: Decoder) throws {
            var pair = try decoder.unkeyedContainer()
            category = try pair.decode(String.self)
            probability = try pair.decode(Double.self)
        }

        public func encode(to encoder: Encoder) throws {
            var pair = encoder.unkeyedContainer()
            try pair.encode(category)
            try pair.encode(probability)
        }
    }

    /// A share of segments carrying a label of a group, and the mean over segments of the
    /// group's highest score (absent from some writers).
    public struct Density: Sendable, Equatable, Codable {
        public var share: Double
        public var mean: Double?

        public init(share: Double, mean: Double?) {
            self.share = share
            self.mean = mean
        }
    }

    /// One ~1024-token segment: its UTF-8 byte range in the text, tokens, labels and six scores
    /// (in `ContentLabel.allCases` order; nil when the reader asked for labels only).
    public struct Segment: Sendable, Equatable, Codable {
        public var start: Int
        public var end: Int
        public var tokens: Int
        public var labels: LabelSet
        public var scores: [Double]?

        public init(start: Int = 0, end: Int = 0, tokens: Int, labels: LabelSet, scores: [Double]? = nil) {
            self.start = start
            self.end = end
            self.tokens = tokens
            self.labels = labels
            self.scores = scores
        }

        enum CodingKeys: String, CodingKey { case start, end, tokens, labels, scores }

        /// Unknown label names are errors; missing scores are 1 for the segment's labels and 0
        /// otherwise.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            labels = LabelSet()
            for name in try container.decode([String].self, forKey: .labels) {
                guard let label = ContentLabel(rawValue: name) else {
                    throw DecodingError.dataCorruptedError(forKey: .labels, in: container,
                        debugDescription: "unknown label `\(name)` (known: \(ContentLabel.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                labels.insert(label)
            }
            tokens = try container.decodeIfPresent(Int.self, forKey: .tokens) ?? 0
            start = try container.decodeIfPresent(Int.self, forKey: .start) ?? 0
            end = try container.decodeIfPresent(Int.self, forKey: .end) ?? 0
            if decoder.userInfo[Annotation.labelsOnly] as? Bool == true {
                scores = nil
            } else {
                let given = try container.decodeIfPresent([String: Double].self, forKey: .scores) ?? [:]
                let labels = self.labels
                scores = ContentLabel.allCases.map { given[$0.rawValue] ?? (labels.contains($0) ? 1 : 0) }
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
            try container.encode(tokens, forKey: .tokens)
            try container.encode(labels.labels.map(\.rawValue), forKey: .labels)
            if let scores {
                try container.encode(Dictionary(uniqueKeysWithValues: zip(ContentLabel.allCases.map(\.rawValue), scores)), forKey: .scores)
            }
        }
    }

    /// Set to `true` in a decoder's `userInfo` to skip segment scores: the report, whose hot path
    /// this is, counts labels and tokens only.
    public static let labelsOnly = CodingUserInfoKey(rawValue: "priormix.annotation.labelsOnly")!
}

extension Annotation {
    /// The annotation of a classified document with its tags, if it was tagged.
    public init(prediction: CategoryPrediction, bytes: Int, tags: DocumentTags?) {
        self.init(category: prediction.category, confidence: prediction.confidence,
                  top: prediction.top.map { Candidate(category: $0.category, probability: $0.probability) },
                  method: prediction.method, bytes: bytes)
        if let tags { setTags(tags) }
    }

    /// Fills the tag members (tagger to tokens) from a tagger's result.
    mutating func setTags(_ tags: DocumentTags) {
        tagger = tags.tagger
        segments = tags.segments.map { Segment(start: $0.start, end: $0.end, tokens: $0.tokens, labels: $0.labels, scores: $0.scores) }
        reasoning = Density(share: tags.reasoning.share, mean: tags.reasoning.mean)
        visual = Density(share: tags.visual.share, mean: tags.visual.mean)
        labelShares = Dictionary(uniqueKeysWithValues: ContentLabel.allCases.map { ($0.rawValue, tags.share(of: $0)) })
        tokens = tags.tokens
    }

    /// Writes the object in the layout above (members in that order, absent ones left out).
    public func appendJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.member("category", string: category)
        json.member("confidence", number: confidence, decimals: 4)
        if let top {
            json.key("top")
            json.beginArray()
            for candidate in top {
                json.beginArray()
                json.string(candidate.category)
                json.number(candidate.probability, decimals: 4)
                json.endArray()
            }
            json.endArray()
        }
        if let method { json.member("method", string: method) }
        if let bytes { json.member("bytes", integer: bytes) }
        appendTagMembers(to: &json)
        json.endObject()
    }

    /// The members from `tagger` to `tokens`, into the object `json` has open: the layout of
    /// document tags wherever they are written alone (the LLM tagger, `tagger train`'s input).
    func appendTagMembers(to json: inout JSONWriter) {
        if let tagger { json.member("tagger", string: tagger) }
        if let segments {
            json.key("segments")
            json.beginArray()
            for segment in segments { segment.appendJSON(to: &json) }
            json.endArray()
        }
        for (name, density) in [("reasoning", reasoning), ("visual", visual)] {
            guard let density else { continue }
            json.key(name)
            json.beginObject()
            json.member("share", number: density.share, decimals: 4)
            if let mean = density.mean { json.member("mean", number: mean, decimals: 4) }
            json.endObject()
        }
        if let labelShares {
            json.key("label_shares")
            json.beginObject()
            for label in ContentLabel.allCases { json.member(label.rawValue, number: labelShares[label.rawValue] ?? 0, decimals: 4) }
            json.endObject()
        }
        if let tokens { json.member("tokens", integer: tokens) }
    }

    public var jsonBytes: [UInt8] {
        var json = JSONWriter()
        appendJSON(to: &json)
        return json.bytes
    }

    /// Reads the `priormix` object's JSON text.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, decoder: JSONDecoder = JSONDecoder()) throws -> Annotation {
        try decoder.decode(Annotation.self, from: Data(bytes))
    }
}

extension Annotation.Segment {
    func appendJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.member("start", integer: start)
        json.member("end", integer: end)
        json.member("tokens", integer: tokens)
        json.key("labels")
        json.beginArray()
        for label in labels.labels { json.string(label.rawValue) }
        json.endArray()
        if let scores {
            json.key("scores")
            json.beginObject()
            for label in ContentLabel.allCases { json.member(label.rawValue, number: scores[label.index], decimals: 3) }
            json.endObject()
        }
        json.endObject()
    }
}

extension Annotation {
    /// The scalar members (category, confidence, the reasoning and visual shares, tokens), taken
    /// with the fast JSON scanner rather than Foundation's decoder: the mixture's tokenize pass and
    /// the Parquet export read every annotation of the corpus, and decoding cost as much as
    /// tokenizing a short document. Nil when a required member is missing or of the wrong type.
    static func scanningScalarMembers(_ bytes: UnsafeBufferPointer<UInt8>) -> Annotation? {
        guard let members = try? JSONScanner.members(of: bytes) else { return nil }
        var category: String?, confidence: Double?, reasoning: Density?, visual: Density?, tokens: Int?
        func number(_ member: JSONScanner.Member, in bytes: UnsafeBufferPointer<UInt8>) -> Double? {
            member.kind == .number ? Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[member.value]), as: UTF8.self)) : nil
        }
        func density(_ member: JSONScanner.Member) -> Density? {
            guard member.kind == .object else { return nil }
            let object = UnsafeBufferPointer(rebasing: bytes[member.value])
            guard let share = (try? JSONScanner.members(of: object))?.first(where: { $0.key == "share" }) else { return nil }
            return number(share, in: object).map { Density(share: $0, mean: nil) }
        }
        for member in members {
            switch member.key {
            case "category" where member.kind == .string: category = JSONScanner.decodeString(bytes, range: member.value).text
            case "confidence": confidence = number(member, in: bytes)
            case "reasoning": reasoning = density(member)
            case "visual": visual = density(member)
            case "tokens": tokens = number(member, in: bytes).flatMap { Int(exactly: $0) }
            default: break
            }
        }
        guard let category, let confidence else { return nil }
        return Annotation(category: category, confidence: confidence, reasoning: reasoning, visual: visual, tokens: tokens)
    }
}
