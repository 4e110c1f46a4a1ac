import Dispatch
import Foundation
import PriorMix

/// `priormix bench lid`: language-identification predictions/s and MB/s of PriorMix's fastText
/// engine with lid.176.ftz, on one core and on all, beside the `fasttext` Python package on the same
/// texts (scripts/bench_lid_peer.py), and the number of documents whose answer differs.
public struct LIDBenchmark {
    /// Documents, newlines already replaced by spaces (datatrove's preparation, and one a line for the peer).
    public var texts: [String]
    public var modelPath: String
    public var threads: Int
    public var repeats: Int
    public var workDirectory: String

    public init(texts: [String], modelPath: String, threads: Int, repeats: Int, workDirectory: String) {
        self.texts = texts.map(LanguageIdentifier.prepare)
        self.modelPath = modelPath
        self.threads = threads
        self.repeats = max(1, repeats)
        self.workDirectory = workDirectory
    }

    public struct Row: Codable {
        public var name: String
        public var threads: Int
        /// Wall seconds of each repeat; the rates are of the fastest.
        public var seconds: [Double]
        public var predictionsPerSecond: Double
        public var megabytesPerSecond: Double
        public var megabytesPerSecondPerCore: Double
        /// CPU seconds of each repeat: the measuring thread's (one-thread rows; steadier than the wall
        /// clock on a shared machine), the process's (several threads; near threads × wall when they all ran).
        public var cpuSeconds: [Double]?
    }

    public struct Result: Codable, PrettyJSONEncodable {
        public var documents: Int
        public var megabytes: Double
        public var languages: Int
        public var rows: [Row]
        /// PriorMix's single-core rate over the fasttext package's, k = 1 and every label.
        public var ratioTopOne: Double?
        public var ratioEveryLabel: Double?
        /// The same ratios in CPU seconds (fastest repeat of each).
        public var cpuRatioTopOne: Double?
        public var cpuRatioEveryLabel: Double?
        /// Documents whose k = 1 label differs or whose probability is off by more than 1e-4.
        public var differencesTopOne: Int?
        /// The same for the best of every label (datatrove's answer).
        public var differencesEveryLabel: Int?
        public var note: String?

        public var table: String {
            var lines = [String(format: "%d documents, %.2f MB of text, %d languages predicted", documents, megabytes, languages)]
            var cells = [["predictor", "threads", "predictions/s", "MB/s", "MB/s per core", "runs (s)", "CPU (s)"]]
            for row in rows {
                cells.append([row.name, String(row.threads), String(format: "%.0f", row.predictionsPerSecond),
                              String(format: "%.2f", row.megabytesPerSecond), String(format: "%.2f", row.megabytesPerSecondPerCore),
                              row.seconds.map { String(format: "%.3f", $0) }.joined(separator: " "),
                              row.cpuSeconds.map { $0.map { String(format: "%.3f", $0) }.joined(separator: " ") } ?? "-"])
            }
            lines.append(AlignedTable(rows: cells, rightAligned: [1, 2, 3, 4]).text)
            if let ratioTopOne, let ratioEveryLabel {
                lines.append(String(format: "PriorMix per core over the fasttext package: %.2fx (k = 1), %.2fx (every label)", ratioTopOne, ratioEveryLabel))
            }
            if let cpuRatioTopOne, let cpuRatioEveryLabel {
                lines.append(String(format: "the same in CPU time: %.2fx (k = 1), %.2fx (every label)", cpuRatioTopOne, cpuRatioEveryLabel))
            }
            if let differencesTopOne, let differencesEveryLabel {
                lines.append("documents whose prediction differs from fasttext's: \(differencesTopOne) (k = 1), \(differencesEveryLabel) (every label, best)")
            }
            if let note { lines.append(note) }
            return lines.joined(separator: "\n")
        }
    }

    private var megabytes: Double { Double(texts.reduce(0) { $0 + $1.utf8.count }) / 1e6 }

    /// Best of `repeats` timings of `work` over every text with `threads` workers.
    private func measure(_ name: String, threads: Int, _ work: @escaping @Sendable (String) -> Void) -> Row {
        let texts = self.texts
        var runs: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now()
            if threads == 1 {
                // On this thread, so its CPU clock measures exactly the work.
                let cpuStart = ExtractBenchmark.threadCPUSeconds()
                for text in texts { work(text) }
                cpu.append(ExtractBenchmark.threadCPUSeconds() - cpuStart)
            } else {
                // Process CPU time: about threads × wall when the workers really ran side by side.
                let cpuStart = ResourceUsage.cpuSeconds()
                // Interleaved, so each worker gets a like share of pages, documents and translations.
                DispatchQueue.concurrentPerform(iterations: threads) { worker in
                    for index in stride(from: worker, to: texts.count, by: threads) { work(texts[index]) }
                }
                cpu.append(ResourceUsage.cpuSeconds() - cpuStart)
            }
            runs.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        }
        return row(name, threads: threads, seconds: runs, cpuSeconds: cpu)
    }

    private func row(_ name: String, threads: Int, seconds: [Double], cpuSeconds: [Double]?) -> Row {
        let best = seconds.min() ?? 0
        return Row(name: name, threads: threads, seconds: seconds, predictionsPerSecond: Double(texts.count) / best,
                   megabytesPerSecond: megabytes / best, megabytesPerSecondPerCore: megabytes / best / Double(threads),
                   cpuSeconds: cpuSeconds)
    }

    public func run(log: (String) -> Void) throws -> Result {
        let model = try FastTextModel.load(path: modelPath)
        let identifier = LanguageIdentifier(model: model)
        var rows: [Row] = []
        for count in threads > 1 ? [1, threads] : [1] {
            rows.append(measure("PriorMix predict k = 1", threads: count) { _ = model.predict($0, k: 1) })
            rows.append(measure("PriorMix identify (every label)", threads: count) { _ = identifier.identify($0) })
        }
        let ours = texts.map { model.predict($0, k: 1).first }
        let oursBest = texts.map { identifier.identify($0) }
        let languages = Set(oursBest.compactMap { $0?.language }).count

        var result = Result(documents: texts.count, megabytes: megabytes, languages: languages, rows: rows)
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let textsPath = workDirectory + "/lid-texts.txt"
        try AtomicOutputFile.write(Array(texts.joined(separator: "\n").utf8) + [0x0A], to: textsPath)
        log("bench lid: the fasttext package on the same texts …")
        guard let output = try? PeerScript.run("bench_lid_peer.py", arguments: [modelPath, textsPath, String(repeats)]),
              let peer = try? JSONSerialization.jsonObject(with: Data(output)) as? [String: Any],
              let topSeconds = peer["k1_seconds"] as? [Double], let allSeconds = peer["all_seconds"] as? [Double],
              let topCPU = peer["k1_cpu_seconds"] as? [Double], let allCPU = peer["all_cpu_seconds"] as? [Double],
              let top = peer["k1"] as? [Any], let best = peer["best"] as? [Any] else {
            result.note = "the fasttext Python package did not run: no peer rows (scripts/ensure-python.sh installs it)"
            return result
        }
        let peerTop = row("fasttext predict k = 1", threads: 1, seconds: topSeconds, cpuSeconds: topCPU)
        let peerAll = row("fasttext predict k = -1, best (datatrove)", threads: 1, seconds: allSeconds, cpuSeconds: allCPU)
        result.rows += [peerTop, peerAll]
        result.ratioTopOne = rows[0].megabytesPerSecond / peerTop.megabytesPerSecond
        result.ratioEveryLabel = rows[1].megabytesPerSecond / peerAll.megabytesPerSecond
        if let ourTop = rows[0].cpuSeconds?.min(), let ourAll = rows[1].cpuSeconds?.min(), ourTop > 0, ourAll > 0 {
            result.cpuRatioTopOne = (topCPU.min() ?? 0) / ourTop
            result.cpuRatioEveryLabel = (allCPU.min() ?? 0) / ourAll
        }
        func differences(_ ours: [(String, Double)?], _ theirs: [Any]) -> Int {
            zip(ours, theirs).filter { mine, their in
                guard let pair = their as? [Any], let label = pair.first as? String, let p = (pair.last as? NSNumber)?.doubleValue else {
                    return mine != nil
                }
                guard let mine else { return true }
                return mine.0 != label || abs(mine.1 - p) > 1e-4
            }.count + abs(ours.count - theirs.count)
        }
        result.differencesTopOne = differences(ours.map { $0.map { ($0.label, $0.probability) } }, top)
        result.differencesEveryLabel = differences(oursBest.map { $0.map { ($0.language, $0.score) } }, best)
        return result
    }

    /// Real multilingual documents: the web-extraction dev pages (main text), corpus-dev, and the
    /// translations Debian ships under `localeRoot`, each source when present.
    public static func defaultTexts(pagesDirectory: String?, corpus: String?, localeRoot: String?, log: (String) -> Void) throws -> [String] {
        var texts: [String] = []
        if let pagesDirectory, let names = try? FileManager.default.contentsOfDirectory(atPath: pagesDirectory) {
            let pages = names.filter { $0.hasSuffix(".html") }.sorted().compactMap { name -> String? in
                guard let data = FileManager.default.contents(atPath: pagesDirectory + "/" + name) else { return nil }
                return HTMLText.extract(data)?.text
            }
            log("bench lid: \(pages.count) pages from \(pagesDirectory)")
            texts += pages
        }
        if let corpus, FileManager.default.fileExists(atPath: corpus) {
            let documents = try JSONLTexts.read(path: corpus)
            log("bench lid: \(documents.count) documents from \(corpus)")
            texts += documents
        }
        if let localeRoot {
            let documents = GettextCatalog.documents(root: localeRoot)
            log("bench lid: \(documents.count) documents of translations from \(localeRoot)")
            texts += documents
        }
        return texts.filter { !$0.isEmpty }
    }
}
