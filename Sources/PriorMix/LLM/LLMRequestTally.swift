import Foundation

/// What a run asked an LLM server: requests sent, answers taken from the cache, requests that
/// failed after the client's retries, and the first failure's text. Shared by the LLM tagger and
/// `classifier distill`, so both report a broken server the same way: once, at the end, and as a
/// failed run when every request failed. Safe to use from several threads.
public final class LLMRequestTally: @unchecked Sendable {
    private let lock = NSLock()
    private var requestCount = 0
    private var cacheHitCount = 0
    private var failureCount = 0
    private var firstFailureText: String?

    public init() {}

    public var requests: Int { lock.lock(); defer { lock.unlock() }; return requestCount }
    public var cacheHits: Int { lock.lock(); defer { lock.unlock() }; return cacheHitCount }
    public var failures: Int { lock.lock(); defer { lock.unlock() }; return failureCount }
    public var firstFailure: String? { lock.lock(); defer { lock.unlock() }; return firstFailureText }

    public func countRequest() { lock.lock(); requestCount += 1; lock.unlock() }
    public func countCacheHit() { lock.lock(); cacheHitCount += 1; lock.unlock() }

    public func countFailure(_ error: Error) {
        lock.lock()
        failureCount += 1
        if firstFailureText == nil { firstFailureText = "\(error)" }
        lock.unlock()
    }

    /// What went wrong with the server, said once per run: nil when nothing failed. When every
    /// request failed (and no cached answer was used), the LLM answered nothing and the run failed
    /// in substance. `consequence` says what became of the texts it could not answer.
    public func failureReport(consequence: String) -> (message: String, everyRequestFailed: Bool)? {
        lock.lock(); defer { lock.unlock() }
        guard failureCount > 0 else { return nil }
        let every = failureCount == requestCount && cacheHitCount == 0
        let count = every ? "all \(failureCount) LLM requests failed" : "\(failureCount) of \(requestCount) LLM requests failed"
        return ("\(count) (\(consequence)); the first error: \(firstFailureText ?? "unknown")", every)
    }
}
