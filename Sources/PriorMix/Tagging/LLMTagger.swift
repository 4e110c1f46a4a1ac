import Foundation

/// Labels segments by asking an LLM served behind an OpenAI-compatible API, with the rubric of
/// `taxonomy/labels/` as the system prompt, and writes the answers in the same `DocumentTags`
/// schema as the lexicon tagger (scores are 1 for a label the model gave, 0 otherwise). These
/// labels are what `priormix tagger train` fits the fast tagger to.
///
/// ```swift
/// let client = ChatCompletionsClient(endpoint: URL(string: "http://127.0.0.1:8000/v1")!, model: "qwen2.5-32b-instruct")
/// let tagger = try LLMTagger(taxonomy: .loadDefault(), client: client, cachePath: "out/llm-tags.jsonl")
/// let tags = try tagger.tag(document.text)
/// ```
///
/// Answers are cached by model, rubric version and segment text, so reruns only ask about new
/// segments. Safe to call from several threads (each request blocks its caller).
public final class LLMTagger: @unchecked Sendable {
    public let taxonomy: LabelTaxonomy
    public let client: ChatCompletionsClient
    public let segmenter: Segmenter
    public let cache: LLMTagCache?
    public let name: String
    private let systemPrompt: String
    /// Requests, cache hits and failures of this tagger's run.
    public let tally = LLMRequestTally()

    public init(taxonomy: LabelTaxonomy, client: ChatCompletionsClient, cachePath: String? = nil, segmenter: Segmenter? = nil) throws {
        self.taxonomy = taxonomy
        self.client = client
        self.segmenter = segmenter ?? Segmenter(targetTokens: taxonomy.segmentTokens)
        cache = try cachePath.map { try LLMTagCache(path: $0) }
        systemPrompt = taxonomy.systemPrompt
        name = "llm:\(client.model):\(taxonomy.rubricVersion)"
    }

    /// Segments answered by the server (not the cache) so far.
    public var requests: Int { tally.requests }
    /// Segments answered from the cache so far.
    public var cacheHits: Int { tally.cacheHits }
    /// Requests that ended in an error (after retries), and the first such error.
    public var failures: Int { tally.failures }
    public var firstFailure: String? { tally.firstFailure }

    /// What went wrong with the server, said once per run: nil when nothing failed. When every
    /// request failed (and no cached answer was used), the LLM labelled nothing and the run failed
    /// in substance, even though the fast tagger covered every document.
    public var failureReport: (message: String, everyRequestFailed: Bool)? {
        tally.failureReport(consequence: "those documents fell back to the fast tagger")
    }

    public func tag(_ text: String) throws -> DocumentTags {
        var text = text
        let pieces = text.withUTF8 { segmenter.segments(utf8: $0) }
        let bytes = Array(text.utf8)
        let segments = try pieces.map { piece -> SegmentTags in
            let segmentText = String(decoding: bytes[piece.start..<piece.end], as: UTF8.self)
            let labels = try self.labels(forSegment: segmentText)
            let scores = ContentLabel.allCases.map { labels.contains($0) ? 1.0 : 0.0 }
            return SegmentTags(start: piece.start, end: piece.end, tokens: piece.tokens, labels: labels, scores: scores)
        }
        return DocumentTags(segments: segments, tagger: name)
    }

    /// The model's labels for one segment, from the cache when it has them.
    public func labels(forSegment text: String) throws -> LabelSet {
        let key = LLMTagCache.key(model: client.model, rubricVersion: taxonomy.rubricVersion, text: text)
        if let cached = cache?.labels(for: key) {
            tally.countCacheHit()
            return cached
        }
        tally.countRequest()
        let labels: LabelSet
        do {
            labels = try LLMAnswerParser.labels(from: try client.complete(system: systemPrompt, user: text))
        } catch {
            tally.countFailure(error)
            throw error
        }
        try cache?.store(labels, for: key, model: client.model, rubricVersion: taxonomy.rubricVersion)
        return labels
    }
}
