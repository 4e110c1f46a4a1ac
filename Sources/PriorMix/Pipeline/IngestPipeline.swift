import Foundation

/// Reads inputs of any supported format, normalizes them on all cores, and writes documents,
/// quarantine entries and a summary. Used by `priormix ingest`; later stages (classify) pass an
/// `encode` closure that annotates each document, writes it, and counts it in the statistics.
public struct IngestPipeline {
    /// Serializes one written document and accounts for it. Runs on worker threads.
    public typealias Encoder = (Document, inout [UInt8], inout CategoryStatistics) -> Void

    public struct Configuration {
        /// Names the run in its summary and progress line.
        public var command = "ingest"
        /// Output file name without the `.jsonl(.zst)` extension.
        public var documentsName = "documents"
        public var reader = ReaderOptions()
        public var threads = ProcessInfo.processInfo.activeProcessorCount
        public var compressOutput = true
        public var showProgress = true
        /// Records per batch handed to a worker: large enough to amortise scheduling.
        public var batchRecords = 512
        public var batchBytes = 4 << 20

        public init() {}
    }

    public var configuration: Configuration
    public var encode: Encoder

    /// `encode` defaults to the normalized JSONL form, with no statistics.
    public init(configuration: Configuration, encode: Encoder? = nil) {
        self.configuration = configuration
        self.encode = encode ?? { document, out, _ in DocumentEncoding.appendJSONLine(document, to: &out) }
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

    private struct Batch {
        var input: Int
        var records: [RawRecord]
    }

    private struct ProcessedBatch {
        var input: Int
        var lines: [UInt8] = []
        var quarantine: [UInt8] = []
        var counts = DocumentCounts()
        var categories = CategoryStatistics()
        var errors: [PriorMixError] = []
    }

    /// Runs the whole ingest into `outputDirectory` and returns its summary (also written there).
    public func run(inputs: [String], outputDirectory: String) throws -> RunSummary {
        try IngestPipeline.validateInputs(inputs)
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let started = Date()
        let documentsPath = outputDirectory + "/" + IngestPipeline.documentsFileName(configuration.documentsName, compressed: configuration.compressOutput)
        let quarantinePath = outputDirectory + "/quarantine.jsonl"
        let documents = try AtomicOutputFile(path: documentsPath, compressed: configuration.compressOutput)
        let quarantine = try AtomicOutputFile(path: quarantinePath)

        var summary = RunSummary(command: configuration.command)
        summary.threads = max(1, configuration.threads)
        summary.inputs = try inputs.map { path in
            let format = try configuration.reader.format ?? InputFormat.detect(path: path)
            return InputSummary(path: path, format: format.rawValue, fileBytes: IngestPipeline.totalBytes(path))
        }
        let totalBytes = summary.inputs.reduce(0) { $0 + $1.fileBytes }
        let progress = ProgressLine(label: configuration.command, totalBytes: totalBytes, enabled: configuration.showProgress && ProgressLine.isTerminal)
        var writeFailure: Error?
        var bytesBeforeCurrentInput = 0
        var recordsRead = 0

        let normalizer = Normalizer(options: configuration.reader)
        let encode = self.encode
        let pool = OrderedWorkPool<Batch, ProcessedBatch>(threads: configuration.threads, transform: { batch in
            var result = ProcessedBatch(input: batch.input)
            for record in batch.records {
                let outcome = normalizer.normalize(record)
                result.counts.count(outcome)
                switch outcome {
                case .written(let document, _):
                    encode(document, &result.lines, &result.categories)
                case .quarantined(let reason, let id, let location, let detail):
                    IngestPipeline.appendQuarantineEntry(reason: reason.rawValue, id: id, location: location, detail: detail, to: &result.quarantine)
                case .inputError(let error):
                    result.errors.append(error)
                case .filtered, .notADocument:
                    break
                }
            }
            return result
        }, consume: { result in
            guard writeFailure == nil else { return }
            do {
                if !result.lines.isEmpty { try documents.write(result.lines) }
                if !result.quarantine.isEmpty { try quarantine.write(result.quarantine) }
            } catch {
                writeFailure = error
            }
            summary.inputs[result.input].counts.merge(result.counts)
            summary.inputs[result.input].errors += result.errors.map(\.description)
            summary.totals.merge(result.counts)
            if !result.categories.isEmpty {
                summary.categories = summary.categories ?? CategoryStatistics()
                summary.categories!.merge(result.categories)
            }
        })

        for (index, input) in inputs.enumerated() {
            let format = InputFormat(rawValue: summary.inputs[index].format)!
            var batch = Batch(input: index, records: [])
            var batchBytes = 0
            func submit() {
                if !batch.records.isEmpty { pool.submit(batch) }
                batch.records.removeAll(keepingCapacity: true)
                batchBytes = 0
            }
            do {
                let reader = try configuration.reader.reader(for: input, format: format)
                while let record = try reader.next() {
                    recordsRead += 1
                    if recordsRead & 255 == 0 {
                        progress.update(documents: recordsRead, bytes: bytesBeforeCurrentInput + reader.fileBytesConsumed)
                    }
                    batchBytes += record.bytes.count
                    batch.records.append(record)
                    if batch.records.count >= configuration.batchRecords || batchBytes >= configuration.batchBytes { submit() }
                    if writeFailure != nil { break }
                }
            } catch {
                let failure = error as? PriorMixError ?? PriorMixError(.io, "\(error)", file: input)
                batch.records.append(RawRecord(payload: .readError(failure), source: input, location: SourceLocation(file: input)))
            }
            submit()
            pool.finish()  // keeps progress and per-input accounting exact at input boundaries
            bytesBeforeCurrentInput += summary.inputs[index].fileBytes
        }
        pool.finish()
        progress.clear()
        if let writeFailure { throw writeFailure }

        summary.errors = summary.inputs.flatMap(\.errors)
        summary.complete = summary.errors.isEmpty
        summary.inputFileBytes = totalBytes
        summary.seconds = Date().timeIntervalSince(started)
        summary.outputs = ["documents": documentsPath, "quarantine": quarantinePath, "summary": outputDirectory + "/summary.json"]
        try documents.commit()
        try quarantine.commit()
        // The summary goes last: its presence marks a finished run.
        try AtomicOutputFile.write(Array(try summary.jsonData()) + [0x0A], to: outputDirectory + "/summary.json")
        return summary
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
