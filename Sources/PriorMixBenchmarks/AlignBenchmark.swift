import Foundation
import PriorMix
import PriorMixTrainer

/// `priormix bench align`: seconds and peak memory of each alignment metric on generated paired
/// features (default 10,000 items × 1,024 columns, the issue's target size), and optionally the
/// same files through scripts/alignment_reference.py (numpy, full n × n matrices) for comparison.
public struct AlignBenchmark {
    public struct Row: Codable, Sendable {
        public var metric: String
        public var seconds: Double
        public var peakResidentMB: Double
        public var score: Double
        public var referenceSeconds: Double?
        public var referenceScore: Double?
    }

    public struct Result: Codable, Sendable, PrettyJSONEncodable {
        public var items: Int
        public var width: Int
        public var threads: Int
        public var readSeconds: Double
        public var rows: [Row]

        public var table: String {
            var lines = [["metric", "seconds", "peak RSS MB", "score", "numpy s", "numpy score"]]
            for row in rows {
                lines.append([row.metric, String(format: "%.2f", row.seconds), String(format: "%.0f", row.peakResidentMB), String(format: "%.6f", row.score),
                              row.referenceSeconds.map { String(format: "%.1f", $0) } ?? "-", row.referenceScore.map { String(format: "%.6f", $0) } ?? "-"])
            }
            return "\(items) items × \(width) columns per side, \(threads) threads; reading both .npy files: \(String(format: "%.2f", readSeconds)) s\n"
                + AlignedTable(rows: lines, rightAligned: [1, 2, 3, 4, 5]).text
        }
    }

    public var items = 10_000
    public var width = 1_024
    public var metrics = AlignmentMetric.allCases
    public var k = 10
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var repeats = 2
    public var workDirectory = ".build/bench"
    /// With an interpreter, also time scripts/alignment_reference.py on the same files.
    public var referencePython: String?

    public init() {}

    /// Both sides see the same 16-dimensional latent through different maps (one nonlinear), with
    /// noise: aligned, but far from identical.
    func writeFeatures() throws -> (String, String) {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        var random = SplitMix64(seed: 2024)
        // Box–Muller standard normals, deterministic for the seed.
        func gaussian() -> Double {
            let u1 = Double((random.next() >> 11) + 1) * 0x1p-53, u2 = Double(random.next() >> 11) * 0x1p-53
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        let latentWidth = 16
        let latent = (0..<(items * latentWidth)).map { _ in gaussian() }
        var paths: [String] = []
        for side in 0..<2 {
            let map = FeatureMatrix(rows: width, columns: latentWidth, values: (0..<(width * latentWidth)).map { _ in gaussian() / 4 })
            var values = FeatureMatrix(rows: items, columns: latentWidth, values: latent).timesTranspose(map).values
            for i in values.indices { values[i] = (side == 0 ? values[i] : tanh(values[i])) + 0.5 * gaussian() }
            let path = workDirectory + "/align-\(side == 0 ? "a" : "b")-\(items)x\(width).npy"
            try NumpyFloat32Writer.write(NumpyArray(shape: [items, width], values: values), to: path)
            paths.append(path)
        }
        return (paths[0], paths[1])
    }

    public func run(report: (String) -> Void = { _ in }) throws -> Result {
        report("bench align: writing \(items) × \(width) feature pairs to \(workDirectory)")
        let (pathA, pathB) = try writeFeatures()
        let readStart = Date()
        let a = try AlignmentFeatures.read(path: pathA), b = try AlignmentFeatures.read(path: pathB)
        let readSeconds = Date().timeIntervalSince(readStart)
        var rows: [Row] = []
        for metric in metrics {
            var options = AlignmentOptions(metric: metric, k: k)
            options.threads = threads
            var best = Double.infinity, score = 0.0
            ResourceUsage.resetPeak()
            for _ in 0..<max(1, repeats) {
                let start = Date()
                score = try LayerAlignment.measure(a, b, options: options).best.score
                best = min(best, Date().timeIntervalSince(start))
            }
            var row = Row(metric: metric.rawValue, seconds: best, peakResidentMB: Double(ResourceUsage.peakResidentBytes()) / 1e6, score: score)
            if let python = referencePython {
                let start = Date()
                let output = try runReference(python: python, metric: metric, a: pathA, b: pathB)
                row.referenceSeconds = Date().timeIntervalSince(start)
                row.referenceScore = output
            }
            report(String(format: "%@: %.2f s, score %.6f", metric.rawValue, best, score))
            rows.append(row)
        }
        return Result(items: items, width: width, threads: threads, readSeconds: readSeconds, rows: rows)
    }

    func runReference(python: String, metric: AlignmentMetric, a: String, b: String) throws -> Double {
        let output = try PeerScript.run("alignment_reference.py", python: python, arguments: [a, b, "--metric", metric.rawValue, "--k", String(k)])
        guard let object = try JSONSerialization.jsonObject(with: Data(output)) as? [String: [String: [[Double]]]],
              let score = object[metric.rawValue]?["scores"]?.first?.first else {
            throw PriorMixError(.internalFailure, "scripts/alignment_reference.py printed no \(metric.rawValue) score")
        }
        return score
    }
}
