import Foundation
import PriorMix

/// Peak memory of `priormix classify` (the whole command, tags on, as a user runs it) on inputs of
/// growing size: the JSONL file repeated to each size, every run a process of its own measured by
/// `MeasuredChild`. Streaming means the peak must level off, not follow the input (issue 19 aims
/// at flat and under 300 MB).
public struct ClassifyMemoryBenchmark {
    public var source: String
    public var sizesMB: [Int]
    public var threads: Int
    public var workDirectory: String

    public init(source: String, sizesMB: [Int], threads: Int, workDirectory: String) {
        self.source = source
        self.sizesMB = sizesMB
        self.threads = threads
        self.workDirectory = workDirectory
    }

    public struct Row: Codable {
        public var inputMB: Double
        public var peakResidentMB: Double
        public var seconds: Double
        public var cpuSeconds: Double
    }

    /// The rows as lines for the terminal.
    public static func table(_ rows: [Row]) -> String {
        var cells = [["input MB", "peak RSS MB", "wall s", "CPU s"]]
        for row in rows {
            cells.append([String(format: "%.1f", row.inputMB), String(format: "%.0f", row.peakResidentMB),
                          String(format: "%.2f", row.seconds), String(format: "%.2f", row.cpuSeconds)])
        }
        var lines = ["peak memory of priormix classify (tags on, a process per size):", AlignedTable(rows: cells, rightAligned: [0, 1, 2, 3]).text]
        if let first = rows.first, let last = rows.last, rows.count > 1 {
            lines.append(String(format: "%.0fx the input, %.2fx the peak", last.inputMB / first.inputMB, last.peakResidentMB / first.peakResidentMB))
        }
        return lines.joined(separator: "\n")
    }

    public func run(log: (String) -> Void) throws -> [Row] {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let original = try Data(contentsOf: URL(fileURLWithPath: source))
        guard !original.isEmpty else { throw PriorMixError(.malformedInput, "no documents", file: source) }
        let copy = original.last == 0x0A ? original : original + Data([0x0A])
        var rows: [Row] = []
        for size in sizesMB.sorted() {
            // Whole copies of the file, so every line stays a document.
            let path = workDirectory + "/classify-memory-\(size)mb.jsonl"
            let output = try AtomicOutputFile(path: path)
            var written = 0
            repeat { try output.write(Array(copy)); written += copy.count } while written < size * 1_000_000
            try output.commit()
            let out = workDirectory + "/classify-memory-out"
            log("bench classify: peak memory on \(written / 1_000_000) MB …")
            let child = try MeasuredChild.run(MeasuredChild.priormix, ["classify", path, "-o", out, "--overwrite", "--quiet", "--threads", String(threads)])
            guard child.status == 0 else { throw PriorMixError(.internalFailure, "priormix classify exited with status \(child.status)", file: path) }
            rows.append(Row(inputMB: Double(written) / 1e6, peakResidentMB: Double(child.peakResidentBytes) / 1e6,
                            seconds: child.seconds, cpuSeconds: child.cpuSeconds))
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: out)
        }
        return rows
    }
}
