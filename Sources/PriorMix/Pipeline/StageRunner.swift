import Foundation

/// Runs a chain of stages over inputs of any supported format: reads them unit by unit,
/// normalizes records into documents and passes them through the stages on all cores, and writes
/// the surviving documents, quarantine entries and a summary, in input order. It owns everything
/// a stage should not re-implement: batching, the ordered work pool, progress, ranks, units, the
/// run's fingerprint, done marks, resume and finalize. `priormix ingest` is the empty chain,
/// `classify` the annotate stage, and `priormix run` any chain.
///
/// ```swift
/// var configuration = StageRunner.Configuration()
/// configuration.stages = StageChain(annotator)
/// let summary = try StageRunner(configuration: configuration).run(inputs: ["corpus/"], outputDirectory: "out")
/// ```
public struct StageRunner {
    /// Serializes one surviving document. Runs on worker threads.
    public typealias Encoder = @Sendable (Document, inout [UInt8]) -> Void

    public struct Configuration {
        /// Names the run in its summary and progress line.
        public var command = "ingest"
        /// Output file name without the `.jsonl(.zst)` extension.
        public var documentsName = "documents"
        public var reader = ReaderOptions()
        /// What happens to each document between reading and writing.
        public var stages = StageChain()
        public var threads = ProcessInfo.processInfo.activeProcessorCount
        public var compressOutput = true
        public var showProgress = true
        /// Records per batch handed to a worker: large enough to amortise scheduling.
        public var batchRecords = 512
        public var batchBytes = 4 << 20
        /// What else decides the output besides the stages: parts of a run with another value are not reused.
        public var fingerprint = ""
        /// Replace a finished run found in the output directory instead of refusing to.
        public var overwrite = false
        /// Write the final documents as Parquet (`documents.parquet`) instead of JSONL; parts stay JSONL.
        public var parquetOutput = false
        /// Assemble the parts at the end of a single-rank run (false leaves them, as a rank of
        /// several does: a pass whose parts another step reads, such as dedup's signatures).
        public var assembleParts = true
        /// Extension of the documents part files instead of `.jsonl(.zst)` (for an encoder that
        /// writes something other than JSON lines).
        public var partExtension: String?

        public init() {}
    }

    public var configuration: Configuration
    public var encode: Encoder

    /// `encode` defaults to the normalized JSONL form of the document.
    public init(configuration: Configuration, encode: Encoder? = nil) {
        self.configuration = configuration
        self.encode = encode ?? { document, out in DocumentEncoding.appendJSONLine(document, to: &out) }
    }

    public static func documentsFileName(_ name: String = "documents", compressed: Bool) -> String {
        compressed ? name + ".jsonl.zst" : name + ".jsonl"
    }

    /// Checks that every input exists before any work starts (a usage error, not a run error).
    public static func validateInputs(_ inputs: [String]) throws {
        if inputs.isEmpty { throw PriorMixError(.usage, "no input given", hint: "pass files or directories to read") }
        for input in inputs where !FileManager.default.fileExists(atPath: input) {
            throw PriorMixError(.usage, "no such file or directory", file: input)
        }
    }

    private struct ProcessedBatch {
        var lines: [UInt8] = []
        var quarantine: [UInt8] = []
        var removed: [UInt8] = []
        var removedCount = 0
        var counts = DocumentCounts()
        var statistics: ChainStatistics
        var errors: [PriorMixError] = []
    }

    /// What one unit of input produced; written beside its part files, last, as the mark that the
    /// unit is finished.
    struct UnitSummary: Codable {
        var unit: Int
        var input: Int
        var counts = DocumentCounts()
        /// Documents the stages removed (written to the unit's `.removed` part).
        var removed = 0
        /// The stages' statistics (see `StageChain.decodeStatistics`).
        var statistics: [StageChain.StoredStatistics] = []
        var errors: [String] = []
    }

    /// Everything that must match for finished parts of an earlier run to be reused.
    struct RunFingerprint: Codable, Equatable {
        var command: String
        var plan: InputPlan
        var options: String
    }

    var fingerprintOptions: String {
        let reader = configuration.reader
        return ["max=\(reader.maxDocumentBytes)", "text=\(reader.textField)", "id=\(reader.idField)",
                "format=\(reader.format?.rawValue ?? "auto")", reader.extractionFingerprint, "compress=\(configuration.compressOutput)",
                "name=\(configuration.documentsName)", configuration.stages.fingerprint, configuration.fingerprint].joined(separator: " ")
            + (configuration.parquetOutput ? " output=parquet" : "")
    }

    private typealias Ledger = UnitLedger<RunFingerprint, UnitSummary>

    private func ledger(_ outputDirectory: String) -> Ledger { Ledger(directory: outputDirectory + "/parts") }

    private var partDocumentsSuffix: String { configuration.partExtension ?? (configuration.compressOutput ? ".jsonl.zst" : ".jsonl") }

    /// The path of one unit's documents part in `outputDirectory` (for steps that read parts).
    public func documentsPartPath(outputDirectory: String, unit: Int) -> String { ledger(outputDirectory).path(unit, partDocumentsSuffix) }
    private var partRemovedSuffix: String { ".removed" + partDocumentsSuffix }

    /// Where documents the stages removed are written, with the stage, reason and measured value.
    public static func removedFileName(compressed: Bool) -> String { "removed/" + documentsFileName("removed", compressed: compressed) }

    /// Runs this rank's share of the inputs into `outputDirectory`. Units an earlier, interrupted
    /// run finished are skipped. With one rank the parts are then assembled into the final
    /// documents, quarantine and summary files; with several, `finalize` does that once all
    /// ranks are done (no rank waits on another).
    public func run(inputs: [String], outputDirectory: String, ranks: RankSelection = RankSelection()) throws -> RunSummary {
        try StageRunner.validateInputs(inputs)
        let started = Date()
        try OutputDirectory.check(outputDirectory, inputs: inputs, overwrite: configuration.overwrite)
        let plan = try InputPlan.make(inputs: inputs, forcedFormat: configuration.reader.format)
        let ledger = ledger(outputDirectory)
        try ledger.claim(RunFingerprint(command: configuration.command, plan: plan, options: fingerprintOptions))

        let mine = plan.units(rank: ranks.rank, worldSize: ranks.worldSize)
        let totalBytes = mine.reduce(0) { $0 + $1.bytes }
        let progress = ProgressLine(label: configuration.command, totalBytes: totalBytes, enabled: configuration.showProgress && ProgressLine.isTerminal)
        let rankSummaries = try ledger.complete(mine.map(\.index), bytes: { plan.units[$0].bytes }) { index, bytesBefore in
            try process(plan.units[index], plan: plan, ledger: ledger, progress: progress, bytesBefore: bytesBefore)
        }
        progress.clear()
        if ranks.worldSize == 1 && configuration.assembleParts {
            return try finalize(inputs: inputs, outputDirectory: outputDirectory, started: started)
        }
        var summary = try makeSummary(plan: plan, units: rankSummaries, outputDirectory: outputDirectory)
        summary.seconds = Date().timeIntervalSince(started)
        summary.inputFileBytes = totalBytes
        summary.outputs = ["summary": outputDirectory + "/summary-\(ranks.suffix).json", "parts": outputDirectory + "/parts"]
        try AtomicOutputFile.write(Array(try summary.jsonData()) + [0x0A], to: summary.outputs["summary"]!)
        return summary
    }

    /// Reads one unit, normalizes and runs the stages on all cores, and writes its part files,
    /// summary last.
    private func process(_ unit: InputPlan.Unit, plan: InputPlan, ledger: Ledger, progress: ProgressLine, bytesBefore: Int) throws -> UnitSummary {
        let documents = try AtomicOutputFile(path: ledger.path(unit.index, partDocumentsSuffix), compressed: configuration.compressOutput)
        let quarantine = try AtomicOutputFile(path: ledger.path(unit.index, ".quarantine.jsonl"))
        let removed = try AtomicOutputFile(path: ledger.path(unit.index, partRemovedSuffix), compressed: configuration.compressOutput)
        var summary = UnitSummary(unit: unit.index, input: unit.input)
        let stages = configuration.stages
        var statistics = stages.makeStatistics()
        var writeFailure: Error?
        let normalizer = Normalizer(options: configuration.reader)
        let encode = self.encode
        let unitIndex = unit.index
        let pool = OrderedWorkPool<[(ordinal: Int, record: RawRecord)], ProcessedBatch>(threads: configuration.threads, transform: { records in
            var result = ProcessedBatch(statistics: stages.makeStatistics())
            for (ordinal, record) in records {
                let outcome = normalizer.normalize(record)
                switch outcome {
                case .written(var document, let repaired):
                    document.position = DocumentPosition(unit: unitIndex, ordinal: ordinal)
                    switch stages.process(document, statistics: &result.statistics) {
                    case .keep(let kept):
                        result.counts.count(.written(kept, repairedUTF8: repaired))
                        encode(kept, &result.lines)
                    case .remove(let removedDocument, let stage, let reason, let detail):
                        result.counts.countRemoved(reason: reason, repairedUTF8: repaired)
                        StageRunner.appendRemovedLine(removedDocument, stage: stage, reason: reason, detail: detail, to: &result.removed)
                        result.removedCount += 1
                    }
                    continue
                case .quarantined(let reason, let id, let location, let detail):
                    StageRunner.appendQuarantineEntry(reason: reason.rawValue, id: id, location: location, detail: detail, to: &result.quarantine)
                case .inputError(let error):
                    result.errors.append(error)
                case .filtered, .notADocument:
                    break
                }
                result.counts.count(outcome)
            }
            return result
        }, consume: { result in
            guard writeFailure == nil else { return }
            do {
                if !result.lines.isEmpty { try documents.write(result.lines) }
                if !result.quarantine.isEmpty { try quarantine.write(result.quarantine) }
                if !result.removed.isEmpty { try removed.write(result.removed) }
            } catch {
                writeFailure = error
            }
            summary.counts.merge(result.counts)
            summary.removed += result.removedCount
            statistics.merge(result.statistics)
            summary.errors += result.errors.map(\.description)
        })

        var feeder = BatchFeeder(pool: pool, maxItems: configuration.batchRecords, maxBytes: configuration.batchBytes)
        var recordsRead = 0
        let label = unit.files.count == 1 ? unit.files[0] : plan.inputs[unit.input]
        do {
            let reader = try plan.reader(for: unit, options: configuration.reader)
            while let record = try reader.next() {
                recordsRead += 1
                if recordsRead & 255 == 0 { progress.update(documents: recordsRead, bytes: bytesBefore + reader.fileBytesConsumed) }
                feeder.add((recordsRead - 1, record), bytes: record.heldBytes)
                if writeFailure != nil { break }
            }
        } catch {
            let failure = error as? PriorMixError ?? PriorMixError(.io, "\(error)", file: label)
            feeder.add((recordsRead, RawRecord(payload: .readError(failure), source: label, location: SourceLocation(file: label))), bytes: 0)
        }
        feeder.finish()
        if let writeFailure { throw writeFailure }
        try documents.commit()
        try quarantine.commit()
        try removed.commit()
        summary.statistics = try statistics.stored()
        return summary
    }

    /// Assembles every unit's parts, in unit order, into the final documents and quarantine files
    /// and `summary.json`, then removes the parts. Fails, naming them, if some units are unfinished.
    public func finalize(inputs: [String], outputDirectory: String, started: Date = Date()) throws -> RunSummary {
        let ledger = ledger(outputDirectory)
        guard ledger.isClaimed else {
            let finished = FileManager.default.fileExists(atPath: outputDirectory + "/summary.json")
            throw PriorMixError(.usage, finished ? "the output directory already holds a finished run (summary.json)"
                                                 : "there is nothing to finalize: no parts of a multi-rank run", file: outputDirectory,
                                hint: finished ? "it was finalized already" : "run every rank with --rank R --world-size W first, then --finalize")
        }
        try OutputDirectory.check(outputDirectory, inputs: inputs, overwrite: configuration.overwrite)
        let plan = try InputPlan.make(inputs: inputs, forcedFormat: configuration.reader.format)
        try ledger.claim(RunFingerprint(command: configuration.command, plan: plan, options: fingerprintOptions))
        let units = try ledger.marks(of: plan.units.map(\.index), hint: "run the ranks that own them again (they resume), then finalize")
        let documentsPath = outputDirectory + "/" + (configuration.parquetOutput ? configuration.documentsName + ".parquet"
            : StageRunner.documentsFileName(configuration.documentsName, compressed: configuration.compressOutput))
        let quarantinePath = outputDirectory + "/quarantine.jsonl"
        var assembled = [(quarantinePath, ".quarantine.jsonl")]
        // Only runs whose stages removed something get a removed/ folder.
        let removedPath = outputDirectory + "/" + Self.removedFileName(compressed: configuration.compressOutput)
        let anyRemoved = units.contains { $0.removed > 0 }
        if anyRemoved {
            try FileManager.default.createDirectory(atPath: outputDirectory + "/removed", withIntermediateDirectories: true)
            assembled.append((removedPath, partRemovedSuffix))
        } else {
            try? FileManager.default.removeItem(atPath: outputDirectory + "/removed")  // from a run this one overwrites
        }
        if configuration.parquetOutput {
            // Written straight from the parts: no JSONL copy to read back.
            try AnnotatedParquetExport.convert(plan.units.map { ledger.path($0.index, partDocumentsSuffix) }, to: documentsPath)
        } else {
            assembled.append((documentsPath, partDocumentsSuffix))
        }
        // Concatenated zstd frames are one valid zstd stream, so parts are copied, not recompressed;
        // a lone part is the whole file and gets its name by a link (the part stays until the
        // summary is written, so a finalize that fails can run again).
        for (path, suffix) in assembled {
            if plan.units.count == 1, try AtomicOutputFile.link(ledger.path(plan.units[0].index, suffix), as: path) { continue }
            let output = try AtomicOutputFile(path: path)
            for unit in plan.units { try Self.copy(ledger.path(unit.index, suffix), into: output) }
            try output.commit()
        }
        var summary = try makeSummary(plan: plan, units: units, outputDirectory: outputDirectory)
        summary.seconds = Date().timeIntervalSince(started)
        summary.inputFileBytes = plan.units.reduce(0) { $0 + $1.bytes }
        summary.outputs = ["documents": documentsPath, "quarantine": quarantinePath, "summary": outputDirectory + "/summary.json"]
        if anyRemoved { summary.outputs["removed"] = removedPath }
        // The summary goes last: its presence marks a finished run.
        try AtomicOutputFile.write(Array(try summary.jsonData()) + [0x0A], to: outputDirectory + "/summary.json")
        try? FileManager.default.removeItem(atPath: outputDirectory + "/parts")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: outputDirectory) {
            for name in names where name.hasPrefix("summary-rank") { try? FileManager.default.removeItem(atPath: outputDirectory + "/" + name) }
        }
        return summary
    }

    private static func copy(_ path: String, into output: AtomicOutputFile) throws {
        let source = try FileByteSource(path: path)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return }
            try output.write(Array(buffer[0..<n]))
        }
    }

    private func makeSummary(plan: InputPlan, units: [UnitSummary], outputDirectory: String) throws -> RunSummary {
        var summary = RunSummary(command: configuration.command)
        summary.threads = max(1, configuration.threads)
        summary.inputs = plan.inputs.enumerated().map { index, path in
            InputSummary(path: path, format: plan.formats[index].rawValue,
                         fileBytes: plan.units.filter { $0.input == index }.reduce(0) { $0 + $1.bytes })
        }
        var statistics = configuration.stages.makeStatistics()
        for unit in units.sorted(by: { $0.unit < $1.unit }) {
            summary.inputs[unit.input].counts.merge(unit.counts)
            summary.inputs[unit.input].errors += unit.errors
            summary.totals.merge(unit.counts)
            statistics.merge(try configuration.stages.decodeStatistics(unit.statistics))
        }
        statistics.contribute(to: &summary)
        summary.errors = summary.inputs.flatMap(\.errors)
        summary.complete = summary.errors.isEmpty
        return summary
    }

    /// A removed document's line: its normalized JSONL form with a `removed_by` member naming the
    /// stage, the reason and what was measured.
    static func appendRemovedLine(_ document: Document, stage: String, reason: String, detail: String, to out: inout [UInt8]) {
        DocumentEncoding.appendJSONLine(document, to: &out)
        out.removeLast(2)  // the closing "}\n"
        var json = JSONWriter()
        json.beginObject()
        json.member("stage", string: stage)
        json.member("reason", string: reason)
        json.member("detail", string: detail)
        json.endObject()
        out.append(contentsOf: #","removed_by":"#.utf8)
        out.append(contentsOf: json.bytes)
        out.append(contentsOf: "}\n".utf8)
    }

    static func appendQuarantineEntry(reason: String, id: String?, location: SourceLocation, detail: String, to out: inout [UInt8]) {
        var json = JSONWriter()
        json.beginObject()
        json.member("file", string: location.file)
        if let line = location.line { json.member("line", integer: line) }
        if let offset = location.offset { json.member("offset", integer: offset) }
        json.member("reason", string: reason)
        json.member("detail", string: detail)
        if let id { json.member("id", string: id) }
        json.endObject()
        out.append(contentsOf: json.bytes)
        out.append(0x0A)
    }

    /// Size on disk of a file, or of every file under a directory.
    static func totalBytes(_ path: String) -> Int {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return 0 }
        guard isDirectory.boolValue else { return FileRecords.fileSize(path) ?? 0 }
        var total = 0
        if let walker = FileManager.default.enumerator(atPath: path) {
            while let relative = walker.nextObject() as? String {
                if (relative as NSString).lastPathComponent.hasPrefix(".") { continue }
                if let size = walker.fileAttributes?[.size] as? NSNumber, walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
                    total += size.intValue
                }
            }
        }
        return total
    }
}

extension DocumentCounts {
    /// A document a stage removed: filtered, with the stage's reason.
    mutating func countRemoved(reason: String, repairedUTF8: Bool) {
        read += 1; filtered += 1
        filteredByReason[reason, default: 0] += 1
        if repairedUTF8 { utf8Repaired += 1 }
    }

    mutating func merge(_ other: DocumentCounts) {
        read += other.read
        written += other.written
        filtered += other.filtered
        quarantined += other.quarantined
        utf8Repaired += other.utf8Repaired
        writtenTextBytes += other.writtenTextBytes
        filteredByReason.merge(other.filteredByReason, uniquingKeysWith: +)
        quarantinedByReason.merge(other.quarantinedByReason, uniquingKeysWith: +)
        nonDocumentRecords.merge(other.nonDocumentRecords, uniquingKeysWith: +)
    }
}

extension ProgressLine {
    public static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
