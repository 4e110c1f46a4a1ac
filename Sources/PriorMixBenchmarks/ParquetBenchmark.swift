import Foundation
import PriorMix

/// `priormix bench parquet`: how fast PriorMix reads Parquet, beside pyarrow reading the same
/// file. A synthetic corpus is written once as FineWeb-shaped Parquet by pyarrow (ZSTD, row
/// groups of 10,000 rows), then timed: PriorMix's reader and normalizer on one core (every row
/// to a Document, as datatrove's ParquetReader makes one of every row), the reader alone (rows
/// to records), a whole `ingest` on all cores, and in pyarrow `read_table` (one thread
/// and all), the text column to Python strings, and a datatrove-style loop (`iter_batches`, then
/// one dict per document, as datatrove's ParquetReader builds its documents), on one thread and
/// with pyarrow's own threads (datatrove's default). Rates are MB of text (the `text` column's UTF-8 bytes) per second.
public struct ParquetBenchmark {
    public var sizeMB: Int
    public var workDirectory: String
    public var threads: Int
    public var repeats: Int
    /// A Parquet file (with a `text` column) to time instead of the generated one.
    public var input: String?

    public init(sizeMB: Int, workDirectory: String, threads: Int, repeats: Int = 3, input: String? = nil) {
        self.input = input
        self.sizeMB = sizeMB
        self.workDirectory = workDirectory
        self.threads = threads
        self.repeats = repeats
    }

    public struct Row: Codable {
        public var name: String
        public var seconds: Double
        public var megabytesPerSecond: Double
        /// CPU seconds of the one-thread rows (best run), and MB of text per CPU second: on a
        /// machine shared with other work this is the steadier per-core figure.
        public var cpuSeconds: Double?
        public var megabytesPerCPUSecond: Double?
    }

    public struct Result: Codable, PrettyJSONEncodable {
        public var file: String
        public var fileBytes: Int
        public var textBytes: Int
        public var rows: Int
        public var rowGroups: Int
        public var rowsMeasured: [Row]
        public var peakResidentMegabytes: Double
        public var note: String?

        public var table: String {
            var lines = [["file", "\(file) (\(String(format: "%.0f", Double(fileBytes) / 1e6)) MB Parquet, \(String(format: "%.0f", Double(textBytes) / 1e6)) MB of text, \(ProgressLine.grouped(rows)) rows, \(rowGroups) row groups)"]]
            let reference = rowsMeasured.first?.megabytesPerSecond ?? 0
            let referenceCPU = rowsMeasured.first?.megabytesPerCPUSecond ?? 0
            for row in rowsMeasured {
                let ours = row.name.hasPrefix("PriorMix") || row.name.hasPrefix("priormix")
                var text = String(format: "%.1f MB/s of text, %.2f s", row.megabytesPerSecond, row.seconds)
                if !ours, reference > 0, row.megabytesPerSecond > 0 { text += String(format: " (reader → documents ×%.2f)", reference / row.megabytesPerSecond) }
                if let perCPU = row.megabytesPerCPUSecond {
                    text += String(format: "; %.1f MB per CPU-s", perCPU)
                    if !ours, referenceCPU > 0, perCPU > 0 { text += String(format: " (×%.2f)", referenceCPU / perCPU) }
                }
                lines.append([row.name, text])
            }
            lines.append(["peak RSS (PriorMix)", String(format: "%.1f MB", peakResidentMegabytes)])
            if let note { lines.append(["note", note]) }
            return AlignedTable(rows: lines).text
        }
    }

    public func run(log: (String) -> Void) throws -> Result {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let parquet = input ?? workDirectory + "/synthetic-\(sizeMB)MB.parquet"
        if input == nil && !FileManager.default.fileExists(atPath: parquet) {
            let jsonl = workDirectory + "/synthetic-\(sizeMB)MB.jsonl"
            log("generating \(parquet) with pyarrow …")
            let file = try AtomicOutputFile(path: jsonl, compressed: false)
            try SyntheticCorpus().generate(bytes: sizeMB * 1_000_000) { try file.write($0) }
            try file.commit()
            _ = try PeerScript.run("bench_parquet_write.py", arguments: [jsonl, parquet + ".tmp"], hint: "run scripts/ensure-python.sh to install pyarrow")
            try FileManager.default.moveItem(atPath: parquet + ".tmp", toPath: parquet)
            try? FileManager.default.removeItem(atPath: jsonl)
        }
        log("timing pyarrow …")
        let peer = try PeerScript.run("bench_parquet_peer.py", arguments: [parquet, String(repeats)], hint: "run scripts/ensure-python.sh to install pyarrow")
        guard let numbers = try JSONSerialization.jsonObject(with: Data(peer)) as? [String: Any],
              let textBytes = numbers["text_bytes"] as? Int else {
            throw PriorMixError(.internalFailure, "pyarrow timing gave no result")
        }
        let megabytes = Double(textBytes) / 1e6
        func row(_ name: String, _ seconds: Double, cpu: Double? = nil) -> Row {
            Row(name: name, seconds: seconds, megabytesPerSecond: megabytes / seconds, cpuSeconds: cpu, megabytesPerCPUSecond: cpu.map { megabytes / $0 })
        }

        log("timing PriorMix's reader …")
        ResourceUsage.resetPeak()
        // Reader and normalizer on one thread: every row becomes a Document, as datatrove's
        // ParquetReader makes a Python Document of every row; then the reader alone.
        let normalizer = Normalizer(options: ReaderOptions())
        var documentsSeconds = Double.infinity, documentsCPU = Double.infinity
        var readerSeconds = Double.infinity, readerCPU = Double.infinity
        var rowsRead = 0
        var documentsMade = 0
        // Each reader lives only for its own loop, so the peak is one reader's.
        func timed(_ body: () throws -> Void) rethrows -> (seconds: Double, cpu: Double) {
            let start = Date(), cpuStart = ResourceUsage.cpuSeconds()
            try body()
            return (Date().timeIntervalSince(start), ResourceUsage.cpuSeconds() - cpuStart)
        }
        for _ in 0..<repeats {
            let documents = try timed {
                let reader = try ParquetReader(path: parquet, textField: "text")
                var written = 0
                while let record = try reader.next() {
                    if case .written = normalizer.normalize(record) { written += 1 }
                }
                documentsMade = written
            }
            documentsSeconds = min(documentsSeconds, documents.seconds)
            documentsCPU = min(documentsCPU, documents.cpu)
            let rows = try timed {
                let reader = try ParquetReader(path: parquet, textField: "text")
                rowsRead = 0
                while let record = try reader.next() {
                    if case .columns = record.payload { rowsRead += 1 }
                }
            }
            readerSeconds = min(readerSeconds, rows.seconds)
            readerCPU = min(readerCPU, rows.cpu)
        }
        let peak = ResourceUsage.peakResidentBytes()
        log("timing priormix ingest with \(threads) thread(s) …")
        var configuration = StageRunner.Configuration()
        configuration.threads = threads
        configuration.showProgress = false
        configuration.overwrite = true
        let summary = try StageRunner(configuration: configuration).run(inputs: [parquet], outputDirectory: workDirectory + "/parquet-ingest-out")

        var measured = [row("PriorMix reader → documents, 1 thread", documentsSeconds, cpu: documentsCPU),
                        row("PriorMix reader alone (rows), 1 thread", readerSeconds, cpu: readerCPU),
                        row("priormix ingest, \(threads) thread\(threads == 1 ? "" : "s")", summary.seconds)]
        for (key, name) in [("read_table_1", "pyarrow read_table, 1 thread"), ("read_table_all", "pyarrow read_table, all threads"),
                            ("text_to_python_1", "pyarrow text column to Python str, 1 thread"),
                            ("datatrove_style_1", "datatrove-style loop, 1 thread"),
                            ("datatrove_style", "datatrove-style loop, pyarrow's threads"),
                            ("datatrove_reader_1", "datatrove ParquetReader, 1 thread")] {
            if let seconds = numbers[key] as? Double { measured.append(row(name, seconds, cpu: numbers[key + "_cpu"] as? Double)) }
        }
        return Result(file: parquet, fileBytes: FileRecords.fileSize(parquet) ?? 0, textBytes: textBytes,
                      rows: rowsRead, rowGroups: numbers["row_groups"] as? Int ?? 0, rowsMeasured: measured,
                      peakResidentMegabytes: Double(peak) / 1e6,
                      note: "best of \(repeats) runs for the reader and pyarrow; \(documentsMade) documents made of \(rowsRead) rows; ingest also writes zstd JSONL")
    }
}
