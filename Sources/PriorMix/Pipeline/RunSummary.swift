import Foundation

/// Counts of one run (or one input of it). The invariant every stage keeps:
/// `read == written + filtered + quarantined`.
public struct DocumentCounts: Codable, Sendable, Equatable {
    public var read = 0
    public var written = 0
    public var filtered = 0
    public var quarantined = 0
    public var filteredByReason: [String: Int] = [:]
    public var quarantinedByReason: [String: Int] = [:]
    /// Documents in which invalid UTF-8 (or a lone surrogate escape) was replaced by U+FFFD.
    public var utf8Repaired = 0
    /// Records that are not documents (WARC request, metadata, warcinfo …), by kind.
    public var nonDocumentRecords: [String: Int] = [:]
    public var writtenTextBytes = 0

    public init() {}

    public var balanced: Bool { read == written + filtered + quarantined }

    mutating func count(_ outcome: Outcome) {
        switch outcome {
        case .written(let document, let repaired):
            read += 1; written += 1
            writtenTextBytes += document.text.utf8.count
            if repaired { utf8Repaired += 1 }
        case .filtered(let reason, _, _, _):
            read += 1; filtered += 1
            filteredByReason[reason.rawValue, default: 0] += 1
        case .quarantined(let reason, _, _, _):
            read += 1; quarantined += 1
            quarantinedByReason[reason.rawValue, default: 0] += 1
        case .notADocument(let kind):
            nonDocumentRecords[kind, default: 0] += 1
        case .inputError:
            break
        }
    }
}

/// One input given on the command line and what came of it.
public struct InputSummary: Codable, Sendable {
    public var path: String
    public var format: String
    public var fileBytes: Int
    public var counts = DocumentCounts()
    public var errors: [String] = []
}

/// The run summary written as `summary.json` and printed as one line.
public struct RunSummary: Codable, Sendable, PrettyJSONEncodable {
    public var command: String
    public var complete: Bool
    public var totals = DocumentCounts()
    public var inputs: [InputSummary] = []
    public var errors: [String] = []
    public var inputFileBytes = 0
    public var seconds = 0.0
    public var threads = 1
    public var outputs: [String: String] = [:]
    /// Per-category totals, for runs that classify.
    public var categories: CategoryStatistics?
    /// Duplicates found and removed, for runs that deduplicate.
    public var dedup: DedupStatistics?
    /// Per-rule counts and measured-value distributions, for runs with a filter stage.
    public var filter: FilterStatistics?

    public init(command: String) {
        self.command = command
        complete = true
    }

    /// `ingest: read 1,204 = written 1,180 + filtered 20 + quarantined 4 …`
    public var humanLine: String {
        let g = ProgressLine.grouped
        // Filter reasons beside their count, so a run shows why pages went (no-main-content, empty …).
        let reasons = totals.filteredByReason.sorted { $0.key < $1.key }.map { "\($0.key) \(g($0.value))" }
        let filtered = g(totals.filtered) + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
        var line = "\(command): read \(g(totals.read)) = written \(g(totals.written)) + filtered \(filtered) + quarantined \(g(totals.quarantined))"
        if totals.utf8Repaired > 0 { line += " (\(g(totals.utf8Repaired)) repaired UTF-8)" }
        let megabytes = Double(inputFileBytes) / 1e6
        line += String(format: " from %.1f MB in %.2f s (%.1f MB/s)", megabytes, seconds, seconds > 0 ? megabytes / seconds : 0)
        if !errors.isEmpty { line += "; \(errors.count) input error\(errors.count == 1 ? "" : "s")" }
        if let documents = outputs["documents"] { line += " → \(documents)" }
        return line
    }
}
