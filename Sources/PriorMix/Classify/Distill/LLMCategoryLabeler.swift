import Foundation

/// Asks an OpenAI-compatible chat model for the category of a document (`CategoryPrompt`), with
/// the client's retries on 429, 5xx and timeouts, a second and third question when the answer is
/// not a category id, and a cache of valid answers on disk (`LLMAnswerCache`), so a rerun sends
/// no request for a document already answered. An answer that stays garbage is not cached: the
/// next run asks again. Safe to call from several threads (each request blocks its caller).
public final class LLMCategoryLabeler: @unchecked Sendable {
    public let client: ChatCompletionsClient
    public let prompt: CategoryPrompt
    public let cache: LLMAnswerCache?
    /// Questions per document while the answers are garbage (at least 1).
    public let answerAttempts: Int
    public let tally = LLMRequestTally()

    public enum Outcome: Equatable, Sendable {
        /// The server answered with this category.
        case answered(String)
        /// The cache held this category.
        case cached(String)
        /// Every answer was garbage; the last one.
        case garbage(String)
        /// The request failed after the client's retries.
        case failed(String)
    }

    public init(client: ChatCompletionsClient, prompt: CategoryPrompt, cachePath: String?, answerAttempts: Int = 3) throws {
        self.client = client
        self.prompt = prompt
        self.answerAttempts = max(1, answerAttempts)
        cache = try cachePath.map {
            try LLMAnswerCache(path: $0, field: "category", singleValue: true, what: "LLM category cache") { CategoryTaxonomy.categoryIDs.contains($0) }
        }
    }

    /// The cache key of a user message under this model and prompt.
    public func key(_ message: String) -> String {
        LLMAnswerCache.key(domain: "priormix-llm-category", [client.model, prompt.version], text: message)
    }

    /// The document's category from the cache or the server; throws only when the cache cannot be
    /// written (a disk problem ends the run rather than losing answers unnoticed).
    public func label(_ text: String) throws -> Outcome {
        let message = prompt.userMessage(text)
        let key = key(message)
        if let cached = cache?.answer(for: key)?.first {
            tally.countCacheHit()
            return .cached(cached)
        }
        var last = ""
        for _ in 0..<answerAttempts {
            tally.countRequest()
            do {
                last = try client.complete(system: prompt.system, user: message)
            } catch {
                tally.countFailure(error)
                return .failed("\(error)")
            }
            if let category = CategoryPrompt.category(from: last) {
                try cache?.store([category], for: key, context: [("model", client.model), ("prompt", prompt.version)])
                return .answered(category)
            }
        }
        return .garbage(last)
    }
}
