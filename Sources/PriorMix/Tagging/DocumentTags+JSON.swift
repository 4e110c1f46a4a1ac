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
        var annotation = Annotation(category: "", confidence: 0)
        annotation.setTags(self)
        annotation.appendTagMembers(to: &json)
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

    /// Reads the layout above; the summaries are recomputed from the segments, so only `tagger`
    /// and `segments` are read (segments as `Annotation.Segment` reads them).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        tagger = try container.decodeIfPresent(String.self, forKey: .tagger) ?? "unknown"
        segments = try container.decode([Annotation.Segment].self, forKey: .segments).map { segment in
            SegmentTags(start: segment.start, end: segment.end, tokens: segment.tokens, labels: segment.labels,
                        scores: segment.scores ?? ContentLabel.allCases.map { segment.labels.contains($0) ? 1 : 0 })
        }
    }

    /// Encodes `tagger` and `segments` in the layout above (the summaries are derived data).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(tagger, forKey: .tagger)
        try container.encode(segments.map { Annotation.Segment(start: $0.start, end: $0.end, tokens: $0.tokens, labels: $0.labels, scores: $0.scores) },
                             forKey: .segments)
    }
}
