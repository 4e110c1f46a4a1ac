import Foundation

/// Reads annotated corpora (JSONL or Parquet, see `AnnotatedRecords`) and shard-set manifests into
/// one `CorpusReport`: annotated files are streamed record by record and parsed in batches on all cores; counts are integers, so the result is
/// the same for any thread count.
///
/// A line that is not an annotated document stops the read with an error naming its file and line,
/// unless `skipInvalid` is set: it is then counted in `invalidLines` and handed to `onInvalidLine`.
public struct CorpusReportReader {
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var skipInvalid = false
    public var showProgress = false
    /// Called, in input order, for every line skipped with `skipInvalid`.
    public var onInvalidLine: (PriorMixError) -> Void = { _ in }
    /// Lines per batch handed to a worker: large enough to amortise scheduling.
    public var batchLines = 1024
    public var batchBytes = 4 << 20

    public init() {}

    /// Expands `paths` (see `ReportInput.resolve`) and reads them, or with several ranks this
    /// rank's share of the files (balanced by bytes, as the runner shares units); `CorpusReport`
    /// counts are integers, so the ranks' reports merge into exactly the report of the whole.
    public func read(paths: [String], ranks: RankSelection = RankSelection()) throws -> CorpusReport {
        let inputs = try ReportInput.resolve(paths)
        let mine = ranks.share(of: inputs) { FileRecords.fileSize($0.path) ?? 0 }
        return mine.isEmpty ? CorpusReport() : try read(mine)
    }

    public func read(_ inputs: [ReportInput]) throws -> CorpusReport {
        var report = CorpusReport()
        let annotated = inputs.compactMap { input -> String? in
            if case .annotated(let path) = input { return path }
            return nil
        }
        let totalBytes = annotated.reduce(0) { $0 + (FileRecords.fileSize($1) ?? 0) }
        let progress = ProgressLine(label: "report", totalBytes: totalBytes, enabled: showProgress && ProgressLine.isTerminal)
        var bytesBefore = 0
        for input in inputs {
            switch input {
            case .manifest(let path):
                report.add(try ShardSetReport.load(path: path))
            case .filterSummary(let path):
                report.addFilterStatistics(try Self.filterStatistics(path), from: path)
            case .annotated(let path):
                report.merge(try readAnnotated(path: path) { progress.update(documents: $0, bytes: bytesBefore + $1) })
                report.inputs.append(path)
                report.inputs.sort()
                bytesBefore += FileRecords.fileSize(path) ?? 0
            }
        }
        progress.clear()
        return report
    }

    /// The filter statistics of a run's summary.json.
    static func filterStatistics(_ path: String) throws -> FilterStatistics {
        guard let data = FileManager.default.contents(atPath: path) else { throw PriorMixError(.io, "cannot read run summary", file: path) }
        do {
            let summary = try JSONDecoder().decode(RunSummary.self, from: data)
            guard let filter = summary.filter else { throw PriorMixError(.malformedInput, "the run summary holds no filter statistics", file: path) }
            return filter
        } catch let error as DecodingError {
            throw PriorMixError(.malformedInput, "not a PriorMix run summary: \(ReportedDocument.describe(error))", file: path)
        }
    }

    private struct Counted {
        var report = CorpusReport()
        var invalid: [PriorMixError] = []
    }

    /// The counts of one annotated file (its path is not added to `inputs`).
    func readAnnotated(path: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> CorpusReport {
        let skipInvalid = self.skipInvalid
        var report = CorpusReport()
        let stop = FirstError()
        let pool = OrderedWorkPool<[RawRecord], Counted>(threads: threads, transform: { records in
            var counted = Counted()
            let decoder = ReportedDocument.makeDecoder()
            for record in records {
                do {
                    counted.report.add(try ReportedDocument.parse(record: record, decoder: decoder))
                } catch {
                    counted.invalid.append(error as? PriorMixError ?? PriorMixError(.malformedInput, "\(error)", file: record.location.file, line: record.location.line))
                    if !skipInvalid { break }
                }
            }
            return counted
        }, consume: { counted in
            guard stop.error == nil else { return }
            if !skipInvalid, let error = counted.invalid.first {
                stop.error = error
                return
            }
            report.merge(counted.report)
            report.invalidLines += counted.invalid.count
            counted.invalid.forEach(onInvalidLine)
        })

        let reader = try AnnotatedRecords.open(path: path)
        var feeder = BatchFeeder(pool: pool, maxItems: batchLines, maxBytes: batchBytes)
        var lines = 0
        do {
            while stop.error == nil, let record = try reader.next() {
                lines += 1
                if feeder.add(record, bytes: record.heldBytes) { progress(lines, reader.fileBytesConsumed) }
            }
        } catch {
            pool.finish()
            throw error
        }
        feeder.finish()
        if let error = stop.error { throw error }
        return report
    }
}

/// The first invalid line, set by the pool's consumer and read by the loop feeding the pool, which
/// stops reading once it is set.
private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: PriorMixError?

    var error: PriorMixError? {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
