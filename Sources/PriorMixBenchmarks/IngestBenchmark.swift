import Foundation
import PriorMix

/// `priormix bench ingest`: throughput of jsonl.zst → normalized jsonl.zst, its peak memory, and
/// the speed of `zstd -d` on the same file as the ceiling no reader of that file can beat.
public struct IngestBenchmark {
    public var sizeMB: Int
    public var workDirectory: String
    public var threads: Int

    public init(sizeMB: Int, workDirectory: String, threads: Int) {
        self.sizeMB = sizeMB
        self.workDirectory = workDirectory
        self.threads = threads
    }

    public struct Result: Codable, PrettyJSONEncodable {
        public var corpus: String
        public var corpusBytes: Int
        public var compressedBytes: Int
        public var documents: Int
        public var threads: Int
        public var seconds: Double
        public var megabytesPerSecond: Double
        public var megabytesPerSecondPerThread: Double
        public var peakResidentMegabytes: Double
        public var zstdDecompressSeconds: Double?
        public var zstdDecompressMegabytesPerSecond: Double?

        public var table: String {
            var rows = [
                ("corpus", "\(corpus) (\(String(format: "%.0f", Double(corpusBytes) / 1e6)) MB JSONL, \(String(format: "%.0f", Double(compressedBytes) / 1e6)) MB zstd, \(ProgressLine.grouped(documents)) docs)"),
                ("priormix ingest", String(format: "%.1f MB/s with %d thread%@ (%.1f MB/s per thread), %.2f s", megabytesPerSecond, threads, threads == 1 ? "" : "s", megabytesPerSecondPerThread, seconds)),
                ("peak RSS", String(format: "%.1f MB", peakResidentMegabytes)),
            ]
            if let rate = zstdDecompressMegabytesPerSecond, let seconds = zstdDecompressSeconds {
                rows.append(("zstd -d (ceiling)", String(format: "%.1f MB/s, %.2f s; ingest runs at %.0f%% of it", rate, seconds, 100 * megabytesPerSecond / rate)))
            }
            return AlignedTable(rows: rows.map { [$0.0, $0.1] }).text
        }
    }

    /// Generates the corpus once (kept for later runs), then measures.
    public func run(log: (String) -> Void) throws -> Result {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let corpus = workDirectory + "/synthetic-\(sizeMB)MB.jsonl.zst"
        if !FileManager.default.fileExists(atPath: corpus) {
            log("generating \(corpus) …")
            let file = try AtomicOutputFile(path: corpus, compressed: true)
            try SyntheticCorpus().generate(bytes: sizeMB * 1_000_000) { try file.write($0) }
            try file.commit()
        }
        let compressedBytes = FileRecords.fileSize(corpus) ?? 0

        var configuration = StageRunner.Configuration()
        configuration.threads = threads
        configuration.showProgress = false
        configuration.overwrite = true  // each measurement replaces the last
        ResourceUsage.resetPeak()
        log("ingesting with \(threads) thread(s) …")
        let summary = try StageRunner(configuration: configuration).run(inputs: [corpus], outputDirectory: workDirectory + "/ingest-out")
        let peak = ResourceUsage.peakResidentBytes()
        let corpusBytes = try Self.decompressedSize(corpus)
        let rate = Double(corpusBytes) / 1e6 / summary.seconds

        var result = Result(corpus: corpus, corpusBytes: corpusBytes, compressedBytes: compressedBytes,
                            documents: summary.totals.read, threads: threads, seconds: summary.seconds,
                            megabytesPerSecond: rate, megabytesPerSecondPerThread: rate / Double(threads),
                            peakResidentMegabytes: Double(peak) / 1e6)
        if let zstd = Self.timeZstdDecompress(corpus) {
            result.zstdDecompressSeconds = zstd
            result.zstdDecompressMegabytesPerSecond = Double(corpusBytes) / 1e6 / zstd
        }
        return result
    }

    static func decompressedSize(_ path: String) throws -> Int {
        let source = try Compression.open(path).source
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return total }
            total += n
        }
    }

    /// Seconds `zstd -d` takes to decompress `path` to /dev/null, or nil without the zstd tool.
    static func timeZstdDecompress(_ path: String) -> Double? {
        let start = Date()
        guard let result = try? ProcessRunner.run("/usr/bin/env", ["zstd", "-q", "-d", "-c", path], output: .discard, errorOutput: .discard),
              result.status == 0 else { return nil }
        return Date().timeIntervalSince(start)
    }
}
