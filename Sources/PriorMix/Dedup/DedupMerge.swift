import Foundation

/// The step between the ranks' signature passes and their removal passes, run once: reads every
/// unit's signatures and bucket runs and writes each unit's decisions.
///
/// MinHash and exact: a k-way merge of all sorted bucket runs lists each bucket's documents
/// together; documents sharing a bucket are joined (after confirmation when asked for) in a
/// union-find that holds only documents that collide; every set is a cluster whose survivor is
/// its earliest document in input order. Memory: the union-find (about 100 bytes per colliding
/// document) plus one read buffer per run.
///
/// Paragraph: the units' line hashes are read in input order through a Bloom filter sized for the
/// corpus's line count; a line already in the filter is dropped. Memory: the filter.
struct DedupMerge {
    let function: SignatureFunction
    let plan: InputPlan
    let signaturePart: (Int) -> String
    let bucketRuns: (Int) -> [String]
    let decisionsDirectory: String
    let scratchDirectory: String

    struct Summary: Codable, Equatable {
        var fingerprint: String
        var documents = 0
        var candidatePairs = 0
        var collidingDocuments = 0
        var clusters = 0
        var duplicates = 0
        var paragraphs = 0
        var repeatedParagraphs = 0
        var filterBytes = 0
    }

    func run(fingerprint: String) throws -> Summary {
        // Decisions of a merge killed half-way are written again from scratch.
        try? FileManager.default.removeItem(atPath: decisionsDirectory)
        try OutputDirectory.create(decisionsDirectory)
        try OutputDirectory.create(scratchDirectory)
        defer { try? FileManager.default.removeItem(atPath: scratchDirectory) }
        var summary = Summary(fingerprint: fingerprint)
        if function.options.mode == .paragraph {
            try mergeParagraphs(&summary)
        } else {
            try mergeBuckets(&summary)
        }
        return summary
    }

    private func mergeBuckets(_ summary: inout Summary) throws {
        let merger = try BucketMerger(runs: plan.units.flatMap { bucketRuns($0.index) }, scratchDirectory: scratchDirectory)
        var clusters = UnionFind()
        var pairs: [(DocumentPosition, DocumentPosition)] = []
        var head: BucketEntry?
        while let entry = try merger.next() {
            guard let first = head, first.sameBucket(entry) else { head = entry; continue }
            if first.position == entry.position { continue }
            if function.needsConfirmation { pairs.append((first.position, entry.position)) } else { clusters.union(first.position, entry.position) }
        }
        // Documents' ids, for the removed documents' detail (each survivor's).
        var ids: [DocumentPosition: String] = [:]
        if function.needsConfirmation {
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var unique: [(DocumentPosition, DocumentPosition)] = []
            for pair in pairs where unique.last.map({ $0.0 != pair.0 || $0.1 != pair.1 }) ?? true { unique.append(pair) }
            summary.candidatePairs = unique.count
            var wanted = Set<DocumentPosition>()
            for (a, b) in unique { wanted.insert(a); wanted.insert(b) }
            var values: [DocumentPosition: [UInt32]] = [:]
            // Every cluster member is in `wanted`, so this one read also gives the survivors' ids.
            try scan(wanted) { position, signature in values[position] = signature.values; ids[position] = signature.id }
            for (a, b) in unique where function.confirms(values[a] ?? [], values[b] ?? []) { clusters.union(a, b) }
        }
        summary.collidingDocuments = clusters.count
        // Survivors' ids, for the removed documents' detail.
        var sizes: [DocumentPosition: Int] = [:]
        var members: [(DocumentPosition, DocumentPosition)] = []
        for position in clusters.members {
            let survivor = clusters.survivor(of: position)
            sizes[survivor, default: 0] += 1
            members.append((position, survivor))
        }
        if !function.needsConfirmation { try scan(Set(sizes.keys)) { position, signature in ids[position] = signature.id } }
        members.sort { $0.0 < $1.0 }
        var decisions: [DedupDecision] = []
        var currentUnit = -1
        func flush() throws {
            if currentUnit >= 0, !decisions.isEmpty {
                try DecisionStore.write(decisions, to: DecisionStore.path(directory: decisionsDirectory, unit: currentUnit))
            }
            decisions = []
        }
        for (position, survivor) in members {
            guard let size = sizes[survivor], size > 1 else { continue }
            if position.unit != currentUnit { try flush(); currentUnit = position.unit }
            let cluster = DedupDecision.clusterID(survivor)
            if position == survivor {
                summary.clusters += 1
                decisions.append(DedupDecision(ordinal: position.ordinal, cluster: cluster, size: size))
            } else {
                summary.duplicates += 1
                decisions.append(DedupDecision(ordinal: position.ordinal, cluster: cluster, survivor: ids[survivor] ?? "?", size: size))
            }
        }
        try flush()
    }

    /// Calls `found` with the signature record of each position in `wanted`, reading only the
    /// units that hold one.
    private func scan(_ wanted: Set<DocumentPosition>, _ found: (DocumentPosition, DocumentSignature) -> Void) throws {
        let units = Set(wanted.map(\.unit)).sorted()
        for unit in units {
            let reader = try SignatureReader(path: signaturePart(unit))
            while let record = try reader.next() {
                let position = DocumentPosition(unit: unit, ordinal: record.ordinal)
                if wanted.contains(position) { found(position, record) }
            }
        }
    }

    private func mergeParagraphs(_ summary: inout Summary) throws {
        // First pass: the line count sizes the filter.
        var lines = 0
        for unit in plan.units {
            let reader = try SignatureReader(path: signaturePart(unit.index))
            while let record = try reader.next() {
                summary.documents += 1
                lines += record.lineHashes.filter { $0 != 0 }.count
            }
        }
        summary.paragraphs = lines
        let needed = BloomFilter.bytes(capacity: lines, falsePositiveRate: function.options.falsePositiveRate)
        guard needed <= function.options.maxFilterBytes else {
            throw PriorMixError(.usage, "the Bloom filter for \(lines) paragraphs at false-positive rate \(function.options.falsePositiveRate) needs \(needed >> 20) MB, over --max-filter-mb \(function.options.maxFilterBytes >> 20)",
                                hint: "raise --max-filter-mb or the false-positive rate")
        }
        var filter = BloomFilter(capacity: lines, falsePositiveRate: function.options.falsePositiveRate)
        summary.filterBytes = filter.byteCount
        for unit in plan.units {
            let reader = try SignatureReader(path: signaturePart(unit.index))
            var decisions: [DedupDecision] = []
            while let record = try reader.next() {
                var repeated: [Int] = []
                for (index, hash) in record.lineHashes.enumerated() where hash != 0 {
                    if filter.insert(hash) { repeated.append(index) }
                }
                if !repeated.isEmpty {
                    summary.repeatedParagraphs += repeated.count
                    decisions.append(DedupDecision(ordinal: record.ordinal, lines: repeated))
                }
            }
            if !decisions.isEmpty { try DecisionStore.write(decisions, to: DecisionStore.path(directory: decisionsDirectory, unit: unit.index)) }
        }
    }

    /// Reads every decisions file once, so the removal pass never meets an unreadable one.
    static func validate(directory: String, plan: InputPlan) throws {
        for unit in plan.units { _ = try DecisionStore.load(DecisionStore.path(directory: directory, unit: unit.index)) }
    }
}
