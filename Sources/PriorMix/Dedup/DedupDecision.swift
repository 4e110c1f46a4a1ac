import Foundation

/// What the merge decided for one document, one JSON object a line in its unit's decisions file
/// (`.dedup/decisions/unit-NNNNNN.jsonl`, sorted by ordinal; documents without a decision are
/// unique and kept as they are).
struct DedupDecision: Codable, Sendable, Equatable {
    var ordinal: Int
    /// The cluster (MinHash, exact): the survivor's position, `unit:ordinal`.
    var cluster: String?
    /// For a removed duplicate: the survivor's document id.
    var survivor: String?
    /// Documents in the cluster, the survivor included.
    var size: Int?
    /// Paragraph mode: indices of the lines to drop.
    var lines: [Int]?

    static func clusterID(_ survivor: DocumentPosition) -> String { "\(survivor.unit):\(survivor.ordinal)" }
}

/// The decisions of the unit being processed, loaded on first use and replaced when the runner
/// moves to the next unit (it finishes one unit before reading the next), so memory holds one
/// unit's decisions. Thread-safe: the removal stage asks from every worker.
final class DecisionStore: @unchecked Sendable {
    let directory: String
    private let lock = NSLock()
    private var unit = -1
    private var decisions: [Int: DedupDecision] = [:]
    private var failure: PriorMixError?

    init(directory: String) {
        self.directory = directory
    }

    static func path(directory: String, unit: Int) -> String { directory + "/" + String(format: "unit-%06d", unit) + ".jsonl" }

    func decision(_ position: DocumentPosition) throws -> DedupDecision? {
        lock.lock()
        defer { lock.unlock() }
        if position.unit != unit {
            unit = position.unit
            decisions = [:]
            failure = nil
            do {
                for decision in try Self.load(Self.path(directory: directory, unit: unit)) { decisions[decision.ordinal] = decision }
            } catch {
                failure = error as? PriorMixError ?? PriorMixError(.io, "\(error)", file: Self.path(directory: directory, unit: unit))
            }
        }
        if let failure { throw failure }
        return decisions[position.ordinal]
    }

    static func load(_ path: String) throws -> [DedupDecision] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else { throw PriorMixError(.io, "cannot read dedup decisions", file: path) }
        let decoder = JSONDecoder()
        var result: [DedupDecision] = []
        for (number, line) in data.split(separator: 0x0A).enumerated() {
            do {
                result.append(try decoder.decode(DedupDecision.self, from: line))
            } catch {
                throw PriorMixError(.malformedInput, "line \(number + 1) is not a dedup decision", file: path,
                                    hint: "remove the output directory's .dedup folder and run again")
            }
        }
        return result
    }

    static func write(_ decisions: [DedupDecision], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var bytes: [UInt8] = []
        for decision in decisions {
            bytes += try encoder.encode(decision)
            bytes.append(0x0A)
        }
        try AtomicOutputFile.write(bytes, to: path)
    }
}
