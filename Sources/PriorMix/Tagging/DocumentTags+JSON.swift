import Foundation

/// The JSON layout of document tags, shared by annotated JSONL, the LLM tagger's output and
/// `tagger train`'s input:
///
/// ```json
/// {"tagger":"lexicon:priormix-labels-1",
///  "segments":[{"start":0,"end":4096,"tokens":1003,"labels":["code_reasoning"],
///               "scores":{"visual_concept":0.02,…,"code_reasoning":0.93,…}}],
///  "reasoning":{"share":1,"mean":0.93},"visual":{"share":0,"mean":0.05},
///  "label_shares":{"visual_concept":0,…,"code_reasoning":1,…},"tokens":1003}
/// ```
/// `start` and `end` are UTF-8 byte offsets into the document's text; scores have three decimals.
extension DocumentTags {
    /// Writes the members above into the object `json` has open (the classify stage embeds them
    /// in its `priormix` object next to the category).
    public func appendMembers(to json: inout JSONWriter) {
        json.member("tagger", string: tagger)
        json.key("segments")
        json.beginArray()
        for segment in segments {
            json.beginObject()
            json.member("start", integer: segment.start)
            json.member("end", integer: segment.end)
            json.member("tokens", integer: segment.tokens)
            json.key("labels")
            json.beginArray()
            for label in segment.labels { json.string(label.rawValue) }
            json.endArray()
            json.key("scores")
            json.beginObject()
            for label in ContentLabel.allCases { json.member(label.rawValue, number: segment.scores[label.index], decimals: 3) }
            json.endObject()
            json.endObject()
        }
        json.endArray()
        for (name, density) in [("reasoning", reasoning), ("visual", visual)] {
            json.key(name)
            json.beginObject()
            json.member("share", number: density.share, decimals: 4)
            json.member("mean", number: density.mean, decimals: 4)
            json.endObject()
        }
        json.key("label_shares")
        json.beginObject()
        for label in ContentLabel.allCases { json.member(label.rawValue, number: share(of: label), decimals: 4) }
        json.endObject()
        json.member("tokens", integer: tokens)
    }

    /// Writes the tags as one JSON object.
    public func appendJSON(to json: inout JSONWriter) {
        json.beginObject()
        appendMembers(to: &json)
        json.endObject()
    }

    public var jsonBytes: [UInt8] {
        var json = JSONWriter()
        appendJSON(to: &json)
        return json.bytes
    }
}

extension DocumentTags: Codable {
    private enum Keys: String, CodingKey { case tagger, segments }
    private enum SegmentKeys: String, CodingKey { case start, end, tokens, labels, scores }

    /// Reads the layout above; the summaries are recomputed from the segments, so only `tagger`
    /// and `segments` are read. Unknown label names are errors; missing scores are 1 for the
    /// segment's labels and 0 otherwise.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        tagger = try container.decodeIfPresent(String.self, forKey: .tagger) ?? "unknown"
        var list = try container.nestedUnkeyedContainer(forKey: .segments)
        segments = []
        while !list.isAtEnd {
            let segment = try list.nestedContainer(keyedBy: SegmentKeys.self)
            var labels = LabelSet()
            for name in try segment.decode([String].self, forKey: .labels) {
                guard let label = ContentLabel(rawValue: name) else {
                    throw DecodingError.dataCorruptedError(forKey: .labels, in: segment,
                        debugDescription: "unknown label `\(name)` (known: \(ContentLabel.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                labels.insert(label)
            }
            let given = try segment.decodeIfPresent([String: Double].self, forKey: .scores) ?? [:]
            let scores = ContentLabel.allCases.map { given[$0.rawValue] ?? (labels.contains($0) ? 1 : 0) }
            segments.append(SegmentTags(start: try segment.decode(Int.self, forKey: .start), end: try segment.decode(Int.self, forKey: .end),
                                        tokens: try segment.decodeIfPresent(Int.self, forKey: .tokens) ?? 0, labels: labels, scores: scores))
        }
    }

    /// Encodes `tagger` and `segments` in the layout above (the summaries are derived data).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(tagger, forKey: .tagger)
        var list = container.nestedUnkeyedContainer(forKey: .segments)
        for segment in segments {
            var item = list.nestedContainer(keyedBy: SegmentKeys.self)
            try item.encode(segment.start, forKey: .start)
            try item.encode(segment.end, forKey: .end)
            try item.encode(segment.tokens, forKey: .tokens)
            try item.encode(segment.labels.labels.map(\.rawValue), forKey: .labels)
            try item.encode(Dictionary(uniqueKeysWithValues: ContentLabel.allCases.map { ($0.rawValue, segment.scores[$0.index]) }), forKey: .scores)
        }
    }
}
