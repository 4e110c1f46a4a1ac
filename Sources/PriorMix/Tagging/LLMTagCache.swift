import Foundation

/// The LLM tagger's answers kept on disk (`LLMAnswerCache`): one line per segment,
/// `{"key":"<sha256>","model":"…","rubric":"…","labels":["…"]}`, where the key hashes the model,
/// the rubric version and the segment text, so changing either asks again.
/// Safe to use from several threads.
public final class LLMTagCache: @unchecked Sendable {
    private let answers: LLMAnswerCache
    public var path: String { answers.path }

    /// Loads `path` if it exists; a malformed line other than a torn last line is an error.
    public init(path: String) throws {
        answers = try LLMAnswerCache(path: path, field: "labels", what: "LLM tag cache") { ContentLabel(rawValue: $0) != nil }
    }

    public var count: Int { answers.count }

    /// The cache key of a segment for a model and rubric version.
    public static func key(model: String, rubricVersion: String, text: String) -> String {
        LLMAnswerCache.key(domain: "priormix-llm-tags", [model, rubricVersion], text: text)
    }

    public func labels(for key: String) -> LabelSet? {
        answers.answer(for: key).map { LabelSet($0.compactMap(ContentLabel.init(rawValue:))) }
    }

    /// Records an answer in memory and appends it to the file.
    public func store(_ labels: LabelSet, for key: String, model: String, rubricVersion: String) throws {
        try answers.store(labels.map(\.rawValue), for: key, context: [("model", model), ("rubric", rubricVersion)])
    }
}
