import Foundation

/// Stages run one after the other on each document, with their statistics kept side by side.
/// The chain hides each stage's statistics type so that a run can be assembled from flags or a
/// YAML file, while every stage still merges its own statistics exactly.
public struct StageChain: Sendable {
    fileprivate struct Link: Sendable {
        var name: String
        var fingerprint: String
        var makeStatistics: @Sendable () -> any StageStatistics
        var process: @Sendable (Document, inout any StageStatistics) -> StageVerdict
        var decode: @Sendable (Data) throws -> any StageStatistics
    }

    fileprivate var links: [Link] = []

    public init() {}

    public init<S: DocumentStage>(_ stage: S) {
        append(stage)
    }

    public mutating func append<S: DocumentStage>(_ stage: S) {
        links.append(Link(
            name: stage.name, fingerprint: stage.fingerprint,
            makeStatistics: { S.Statistics() },
            process: { document, statistics in
                var typed = statistics as! S.Statistics
                let verdict = stage.process(document, statistics: &typed)
                statistics = typed
                return verdict
            },
            decode: { try JSONDecoder().decode(S.Statistics.self, from: $0) }))
    }

    public var isEmpty: Bool { links.isEmpty }
    public var names: [String] { links.map(\.name) }
    public var fingerprint: String { links.map { "\($0.name)(\($0.fingerprint))" }.joined(separator: " ") }

    public func makeStatistics() -> ChainStatistics {
        ChainStatistics(entries: links.map { ChainStatistics.Entry(stage: $0.name, value: $0.makeStatistics()) })
    }

    /// What the chain decided for one document.
    public enum Outcome: Sendable {
        case keep(Document)
        /// `document` is the document as the removing stage saw it (earlier stages' changes, such
        /// as masking, applied), so what is set aside never holds more than what would be kept.
        case remove(Document, stage: String, reason: String, detail: String)
    }

    /// Runs `document` through every stage; the first removal ends its way.
    public func process(_ document: Document, statistics: inout ChainStatistics) -> Outcome {
        var current = document
        for index in links.indices {
            switch links[index].process(current, &statistics.entries[index].value) {
            case .keep(let next): current = next
            case .remove(let reason, let detail): return .remove(current, stage: links[index].name, reason: reason, detail: detail)
            }
        }
        return .keep(current)
    }

    /// One stage's statistics as a unit's done mark stores them: the stage's name and its
    /// statistics' JSON text, decoded again by the chain that knows their type.
    public struct StoredStatistics: Codable, Sendable {
        var stage: String
        var statistics: String
    }

    /// Reads statistics stored by `ChainStatistics.stored()` for this chain.
    public func decodeStatistics(_ stored: [StoredStatistics]) throws -> ChainStatistics {
        guard stored.map(\.stage) == names else {
            throw PriorMixError(.malformedInput, "statistics of stages \(stored.map(\.stage)) do not match the run's stages \(names)")
        }
        return ChainStatistics(entries: try zip(links, stored).map { link, entry in
            ChainStatistics.Entry(stage: link.name, value: try link.decode(Data(entry.statistics.utf8)))
        })
    }
}

/// The statistics of every stage of a chain, in chain order.
public struct ChainStatistics: Sendable {
    fileprivate struct Entry: Sendable {
        var stage: String
        var value: any StageStatistics
    }

    fileprivate var entries: [Entry]

    public mutating func merge(_ other: ChainStatistics) {
        for index in entries.indices { entries[index].value.mergeErased(other.entries[index].value) }
    }

    /// The statistics of the first stage whose statistics are of type `T`.
    public func first<T: StageStatistics>(_ type: T.Type) -> T? {
        entries.lazy.compactMap { $0.value as? T }.first
    }

    public func contribute(to summary: inout RunSummary) {
        for entry in entries { entry.value.contribute(to: &summary) }
    }

    public func stored() throws -> [StageChain.StoredStatistics] {
        try entries.map { StageChain.StoredStatistics(stage: $0.stage, statistics: String(decoding: try JSONEncoder().encode($0.value), as: UTF8.self)) }
    }
}

extension StageStatistics {
    /// Merges statistics known to be of this type (the chain keeps each stage's type in its slot).
    fileprivate mutating func mergeErased(_ other: any StageStatistics) {
        merge(other as! Self)
    }
}
