import Foundation

/// Deduplication in three steps over the runner's units, each resumable and each rank-independent:
///
/// 1. signatures (every rank): the runner reads the rank's units through the stages before dedup
///    and writes, per unit, every document's signature (`.dedup/signatures/parts/unit-N.sig`), then
///    sorts each unit's band keys into bucket runs (`unit-N.run-K.bkt`, at most `maxRunEntries`
///    entries in memory) with a mark listing them.
/// 2. merge (once, after every rank): `DedupMerge` writes each unit's decisions
///    (`.dedup/decisions/`) and `merge.json`.
/// 3. remove (every rank), then finalize: the runner reads the units again through the same stages
///    plus `DuplicateRemovalStage`, writing `documents.jsonl.zst`, `removed/removed.jsonl.zst`
///    and `summary.json` as any run does; finalizing deletes `.dedup`.
///
/// Units, positions and decisions do not depend on the rank or thread count, so neither do the
/// survivors. A single process runs all three with `run`.
public struct Deduplicator {
    /// The reading, output and preceding stages (`stages`) of the run; `documentsName`, `command`,
    /// `overwrite`, `parquetOutput` apply to the final output.
    public var configuration: StageRunner.Configuration
    public var options: DedupOptions
    /// Bucket entries (24 bytes each) one sorted run may hold: the signature step's memory bound.
    public var maxRunEntries = 1 << 21

    public init(configuration: StageRunner.Configuration, options: DedupOptions) {
        self.configuration = configuration
        self.options = options
    }

    public enum Step: String, CaseIterable, Sendable {
        case signatures, merge, remove
    }

    static func workDirectory(_ output: String) -> String { output + "/.dedup" }
    private func signaturesDirectory(_ output: String) -> String { Self.workDirectory(output) + "/signatures" }
    private func decisionsDirectory(_ output: String) -> String { Self.workDirectory(output) + "/decisions" }
    private func mergeMarkPath(_ output: String) -> String { Self.workDirectory(output) + "/merge.json" }

    private var function: SignatureFunction { SignatureFunction(options: options) }

    private func signatureRunner() -> StageRunner {
        var signatures = configuration
        signatures.command = configuration.command + "-signatures"
        signatures.compressOutput = false
        signatures.partExtension = ".sig"
        signatures.assembleParts = false
        signatures.parquetOutput = false
        signatures.overwrite = false
        signatures.fingerprint = configuration.fingerprint + " dedup(\(options.fingerprint))"
        let function = self.function
        return StageRunner(configuration: signatures) { document, out in
            DocumentSignature(ordinal: document.position?.ordinal ?? 0, id: document.id, values: function.values(document.text)).append(to: &out)
        }
    }

    private func removalRunner(_ output: String) -> StageRunner {
        var removal = configuration
        removal.stages.append(DuplicateRemovalStage(store: DecisionStore(directory: decisionsDirectory(output)), options: options))
        return StageRunner(configuration: removal)
    }

    /// What the bucket sort of one unit wrote.
    struct BucketMark: Codable {
        var runs: Int
        var documents: Int
    }

    private func bucketMarkPath(_ output: String, unit: Int) -> String {
        signaturesDirectory(output) + "/parts/" + String(format: "unit-%06d", unit) + ".buckets.json"
    }

    private func runPath(_ output: String, unit: Int, run: Int) -> String {
        signaturesDirectory(output) + "/parts/" + String(format: "unit-%06d.run-%04d.bkt", unit, run)
    }

    /// Step 1 for this rank's units. Finished units (signatures and bucket runs) are skipped.
    @discardableResult
    public func signatures(inputs: [String], output: String, ranks: RankSelection = RankSelection()) throws -> RunSummary {
        try options.validate()
        try OutputDirectory.check(output, inputs: inputs, overwrite: configuration.overwrite)
        let runner = signatureRunner()
        let summary = try runner.run(inputs: inputs, outputDirectory: signaturesDirectory(output), ranks: ranks)
        guard options.mode != .paragraph else { return summary }
        let plan = try InputPlan.make(inputs: inputs, forcedFormat: configuration.reader.format)
        let function = self.function
        for unit in plan.units(rank: ranks.rank, worldSize: ranks.worldSize) {
            let markPath = bucketMarkPath(output, unit: unit.index)
            if DoneMark.load(BucketMark.self, at: markPath) != nil { continue }
            var writer = BucketRunWriter(maxEntries: maxRunEntries) { runPath(output, unit: unit.index, run: $0) }
            let reader = try SignatureReader(path: runner.documentsPartPath(outputDirectory: signaturesDirectory(output), unit: unit.index))
            var documents = 0
            while let record = try reader.next() {
                documents += 1
                let position = DocumentPosition(unit: unit.index, ordinal: record.ordinal)
                for (band, key) in function.bandKeys(record.values).enumerated() {
                    try writer.add(BucketEntry(band: UInt32(band), key: key, position: position))
                }
            }
            try writer.flush()
            try DoneMark.write(BucketMark(runs: writer.runs, documents: documents), to: markPath)
        }
        return summary
    }

    /// Step 2: needs every unit's signatures; done once (a finished merge is not repeated).
    @discardableResult
    public func merge(inputs: [String], output: String) throws -> DedupMergeResult {
        try options.validate()
        let plan = try InputPlan.make(inputs: inputs, forcedFormat: configuration.reader.format)
        let fingerprint = mergeFingerprint(plan)
        if let done = DoneMark.load(DedupMerge.Summary.self, at: mergeMarkPath(output)), done.fingerprint == fingerprint {
            return DedupMergeResult(done)
        }
        let runner = signatureRunner()
        var missing: [Int] = []
        var documents = 0
        var marks: [Int] = []  // bucket runs per unit, in plan order (none in paragraph mode)
        for unit in plan.units {
            let partDone = FileManager.default.fileExists(atPath: signaturesDirectory(output) + "/parts/" + String(format: "unit-%06d", unit.index) + ".done.json")
            if options.mode == .paragraph {
                if !partDone { missing.append(unit.index) }
                marks.append(0)
            } else if let mark = DoneMark.load(BucketMark.self, at: bucketMarkPath(output, unit: unit.index)), partDone {
                documents += mark.documents
                marks.append(mark.runs)
            } else {
                missing.append(unit.index)
            }
        }
        guard missing.isEmpty else {
            throw PriorMixError(.usage, "\(missing.count) of \(plan.units.count) input units have no signatures yet (first: unit \(missing[0]))",
                                file: signaturesDirectory(output), hint: "run --step signatures on every rank first (reruns resume)")
        }
        let merge = DedupMerge(function: function, plan: plan,
                               signaturePart: { runner.documentsPartPath(outputDirectory: signaturesDirectory(output), unit: $0) },
                               bucketRuns: { unit in (0..<marks[unit]).map { runPath(output, unit: unit, run: $0) } },
                               decisionsDirectory: decisionsDirectory(output), scratchDirectory: Self.workDirectory(output) + "/scratch")
        var summary = try merge.run(fingerprint: fingerprint)
        if options.mode != .paragraph { summary.documents = documents }
        try DoneMark.write(summary, to: mergeMarkPath(output))
        return DedupMergeResult(summary)
    }

    private func mergeFingerprint(_ plan: InputPlan) -> String {
        let inputs = plan.units.map { "\($0.index):\($0.bytes)" }.joined(separator: ",")
        return "\(options.fingerprint) stages=\(configuration.stages.fingerprint) units=\(inputs)"
    }

    /// Step 3 for this rank's units; with one rank it also finalizes.
    @discardableResult
    public func remove(inputs: [String], output: String, ranks: RankSelection = RankSelection()) throws -> RunSummary {
        let plan = try InputPlan.make(inputs: inputs, forcedFormat: configuration.reader.format)
        guard let done = DoneMark.load(DedupMerge.Summary.self, at: mergeMarkPath(output)), done.fingerprint == mergeFingerprint(plan) else {
            throw PriorMixError(.usage, "the duplicates have not been merged yet", file: output, hint: "run --step merge once every rank's signatures are done")
        }
        try DedupMerge.validate(directory: decisionsDirectory(output), plan: plan)
        let summary = try removalRunner(output).run(inputs: inputs, outputDirectory: output, ranks: ranks)
        if summary.outputs["documents"] != nil { try? FileManager.default.removeItem(atPath: Self.workDirectory(output)) }
        return summary
    }

    /// Assembles the ranks' removal parts (after step 3 on every rank) and deletes `.dedup`.
    public func finalize(inputs: [String], output: String) throws -> RunSummary {
        let summary = try removalRunner(output).finalize(inputs: inputs, outputDirectory: output)
        try? FileManager.default.removeItem(atPath: Self.workDirectory(output))
        return summary
    }

    /// All three steps in one process (resumes each).
    public func run(inputs: [String], output: String) throws -> RunSummary {
        try StageRunner.validateInputs(inputs)
        try signatures(inputs: inputs, output: output)
        try merge(inputs: inputs, output: output)
        return try remove(inputs: inputs, output: output)
    }
}

/// What the merge found, for the command line.
public struct DedupMergeResult: Sendable, Equatable {
    public var documents: Int
    public var collidingDocuments: Int
    public var clusters: Int
    public var duplicates: Int
    public var candidatePairs: Int
    public var paragraphs: Int
    public var repeatedParagraphs: Int
    public var filterBytes: Int

    init(_ summary: DedupMerge.Summary) {
        documents = summary.documents
        collidingDocuments = summary.collidingDocuments
        clusters = summary.clusters
        duplicates = summary.duplicates
        candidatePairs = summary.candidatePairs
        paragraphs = summary.paragraphs
        repeatedParagraphs = summary.repeatedParagraphs
        filterBytes = summary.filterBytes
    }
}
