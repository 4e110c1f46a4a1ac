/// Statistics a stage keeps while it works. Integer counts (or values that merge exactly), so the
/// statistics of a run's batches, units and ranks add up to the same totals whatever the thread or
/// rank count.
public protocol StageStatistics: Codable, Sendable {
    init()
    mutating func merge(_ other: Self)
    /// Puts what the run summary shows of these statistics into it (nothing by default).
    func contribute(to summary: inout RunSummary)
}

extension StageStatistics {
    public func contribute(to summary: inout RunSummary) {}
}

/// Statistics of a stage that counts nothing beyond what the runner counts.
public struct NoStatistics: StageStatistics {
    public init() {}
    public mutating func merge(_ other: NoStatistics) {}
}

/// What a stage decided for one document.
public enum StageVerdict: Sendable {
    /// The document goes on to the next stage (possibly changed: annotated, masked …).
    case keep(Document)
    /// The stage removes the document; `reason` is counted as a filter reason in the summary,
    /// `detail` says what was measured.
    case remove(reason: String, detail: String)
}

/// One step of the pipeline: a document in, the document (changed or not) or a removal out, with
/// statistics of its own. Stages are pure and thread-safe: the runner calls `process` on every
/// core at once, each batch with its own statistics, and merges them in input order.
///
/// ```swift
/// struct ShortDocumentFilter: DocumentStage {
///     var name: String { "short" }
///     var fingerprint: String { "min=\(minimum)" }
///     var minimum = 20
///     func process(_ document: Document, statistics: inout NoStatistics) -> StageVerdict {
///         document.text.utf8.count < minimum ? .remove(reason: "short", detail: "\(document.text.utf8.count) bytes") : .keep(document)
///     }
/// }
/// ```
public protocol DocumentStage: Sendable {
    associatedtype Statistics: StageStatistics
    /// Names the stage in summaries and in the run's fingerprint.
    var name: String { get }
    /// Everything besides the inputs that decides this stage's output (model, thresholds …):
    /// finished parts of a run with another fingerprint are not reused.
    var fingerprint: String { get }
    func process(_ document: Document, statistics: inout Statistics) -> StageVerdict
}
