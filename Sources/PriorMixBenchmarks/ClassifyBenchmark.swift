import Dispatch
import Foundation
import PriorMix

/// `priormix bench classify`: documents/s and MB/s of the default classifier and of a fastText
/// model, on one core and on all, beside the `fasttext` Python package predicting with the same
/// model on the same (preprocessed) documents.
public struct ClassifyBenchmark {
    public var texts: [String]
    public var taxonomy: CategoryTaxonomy
    public var threads: Int
    public var workDirectory: String
    /// Extra per-document work measured as a separate row (the tagger, when present).
    public var extraStages: [(name: String, run: @Sendable (String) -> Void)] = []
    /// The default classifier (lexicon × learned model) and the learned model's file, when shipped:
    /// rows for the combination, with the tagger, and the learned model beside the fasttext package.
    public var combined: CombinedClassifier?
    public var learnedModelPath: String?
    /// Alternating rounds of the one-core comparison with the fasttext package (see `sideBySide`).
    public var rounds = 3

    public init(texts: [String], taxonomy: CategoryTaxonomy, threads: Int, workDirectory: String) {
        self.texts = texts
        self.taxonomy = taxonomy
        self.threads = threads
        self.workDirectory = workDirectory
    }

    public struct Row: Codable {
        public var name: String
        public var threads: Int
        public var seconds: Double
        public var documentsPerSecond: Double
        public var megabytesPerSecond: Double
        public var megabytesPerSecondPerCore: Double
    }

    public struct Result: Codable, PrettyJSONEncodable {
        public var documents: Int
        public var megabytes: Double
        public var rows: [Row]
        public var note: String?
        /// Peak memory of the classify command by input size (`ClassifyMemoryBenchmark`).
        public var memory: [ClassifyMemoryBenchmark.Row]?

        public var table: String {
            var lines = [String(format: "%d documents, %.1f MB of text", documents, megabytes)]
            var cells = [["stage", "threads", "docs/s", "MB/s", "MB/s per core"]]
            for row in rows {
                cells.append([row.name, String(row.threads), String(format: "%.0f", row.documentsPerSecond),
                              String(format: "%.1f", row.megabytesPerSecond), String(format: "%.1f", row.megabytesPerSecondPerCore)])
            }
            lines.append(AlignedTable(rows: cells, rightAligned: [1, 2, 3, 4]).text)
            if let note { lines.append(note) }
            if let memory, !memory.isEmpty { lines.append(ClassifyMemoryBenchmark.table(memory)) }
            return lines.joined(separator: "\n")
        }
    }

    private var bytes: Int { texts.reduce(0) { $0 + $1.utf8.count } }

    /// Times `work` over every text with `threads` workers (texts split into contiguous chunks).
    private func measure(_ name: String, threads: Int, _ work: @escaping @Sendable (String) -> Void) -> Row {
        let texts = self.texts
        let start = DispatchTime.now()
        if threads == 1 {
            for text in texts { work(text) }
        } else {
            let chunk = (texts.count + threads - 1) / threads
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                for index in (worker * chunk)..<min(texts.count, (worker + 1) * chunk) { work(texts[index]) }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let megabytes = Double(bytes) / 1e6
        return Row(name: name, threads: threads, seconds: seconds, documentsPerSecond: Double(texts.count) / seconds,
                   megabytesPerSecond: megabytes / seconds, megabytesPerSecondPerCore: megabytes / seconds / Double(threads))
    }

    public func run(log: (String) -> Void) throws -> Result {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let lexicon = LexiconClassifier(taxonomy: taxonomy)
        var rows: [Row] = []
        let threadCounts = threads > 1 ? [1, threads] : [1]
        for count in threadCounts { rows.append(measure("lexicon classifier", threads: count) { _ = lexicon.classify($0) }) }
        for stage in extraStages {
            for count in threadCounts {
                rows.append(measure("lexicon classifier + \(stage.name)", threads: count) { text in
                    _ = lexicon.classify(text)
                    stage.run(text)
                })
            }
        }

        var notes: [String] = []
        if let combined {
            for count in threadCounts { rows.append(measure("combined classifier (default)", threads: count) { _ = combined.classify($0) }) }
            for stage in extraStages {
                for count in threadCounts {
                    rows.append(measure("combined classifier + \(stage.name)", threads: count) { text in
                        _ = combined.classify(text)
                        stage.run(text)
                    })
                }
            }
        }
        if let combined, let learnedModelPath {
            let prepared = texts.map(FastTextText.normalize)
            let model = combined.learned.model
            let preparedBench = ClassifyBenchmark(texts: prepared, taxonomy: taxonomy, threads: threads, workDirectory: workDirectory)
            rows.append(preparedBench.measure("shipped learned model (PriorMix)", threads: 1) { _ = model.predict($0, k: 1) })
            let textsPath = workDirectory + "/bench-texts-learned.txt"
            try AtomicOutputFile.write(Array(prepared.joined(separator: "\n").utf8) + [0x0A], to: textsPath)
            if let (seconds, _) = Self.timeFastTextPython(model: learnedModelPath, texts: textsPath) {
                // Rows on preprocessed bytes, as the PriorMix row; the note compares documents per second.
                let megabytes = Double(prepared.reduce(0) { $0 + $1.utf8.count }) / 1e6
                rows.append(Row(name: "shipped learned model (fasttext Python package)", threads: 1, seconds: seconds,
                                documentsPerSecond: Double(prepared.count) / seconds, megabytesPerSecond: megabytes / seconds,
                                megabytesPerSecondPerCore: megabytes / seconds))
                if let stage = extraStages.first, let (ours, theirs) = sideBySide(combined: combined, stage: stage.run, model: learnedModelPath, texts: textsPath) {
                    notes.append(String(format: "one core (best of %d alternating rounds, CPU time of each side's thread): classify with tags (combined + tagger) %.0f documents/s, the fasttext package's predict with the shipped model %.0f: classify with tags handles %.2fx the documents per second",
                                        rounds, Double(texts.count) / ours, Double(texts.count) / theirs, theirs / ours))
                }
            }
        }

        // A fastText model trained on the lexicon's own labels, predicted on preprocessed text.
        log("training a fastText model on the benchmark texts …")
        let prepared = texts.map(FastTextText.normalize)
        let labels = texts.map { lexicon.classify($0).category }
        var trainer = FastTextTrainer()
        trainer.args.dim = 32
        trainer.args.bucket = 200_000
        trainer.args.epoch = 5
        let model = try trainer.train { visit in for (text, label) in zip(prepared, labels) { try visit(text, [label]) } }
        let modelPath = workDirectory + "/bench-model.bin"
        try model.save(path: modelPath)
        let preparedBench = ClassifyBenchmark(texts: prepared, taxonomy: taxonomy, threads: threads, workDirectory: workDirectory)
        for count in threadCounts {
            rows.append(preparedBench.measure("fastText model (PriorMix)", threads: count) { _ = model.predict($0, k: 1) })
        }

        var note: String?
        let textsPath = workDirectory + "/bench-texts.txt"
        try AtomicOutputFile.write(Array(prepared.joined(separator: "\n").utf8) + [0x0A], to: textsPath)
        if let (seconds, _) = Self.timeFastTextPython(model: modelPath, texts: textsPath) {
            let megabytes = Double(prepared.reduce(0) { $0 + $1.utf8.count }) / 1e6
            rows.append(Row(name: "fastText model (fasttext Python package)", threads: 1, seconds: seconds,
                            documentsPerSecond: Double(prepared.count) / seconds, megabytesPerSecond: megabytes / seconds,
                            megabytesPerSecondPerCore: megabytes / seconds))
            if let ours = rows.first(where: { $0.name == "fastText model (PriorMix)" && $0.threads == 1 }) {
                note = String(format: "single-thread fastText prediction: PriorMix runs at %.2fx the fasttext package", ours.megabytesPerSecond / (megabytes / seconds))
            }
            // The same side-by-side rounds against the package predicting with this benchmark's own
            // fastText model: the row `bench classify` has compared the classifier with since it
            // first had one, a 16-category fastText classifier of ordinary size.
            if let combined, let stage = extraStages.first,
               let (ours, theirs) = sideBySide(combined: combined, stage: stage.run, model: modelPath, texts: textsPath) {
                notes.append(String(format: "one core (best of %d alternating rounds, CPU time of each side's thread): classify with tags %.0f documents/s, the fasttext package's predict with the benchmark's fastText model (%ld dimensions, trained above) %.0f: classify with tags handles %.2fx the documents per second",
                                    rounds, Double(texts.count) / ours, trainer.args.dim, Double(texts.count) / theirs, theirs / ours))
            }
        } else {
            note = "the fasttext Python package is not installed: no peer row (scripts/ensure-python.sh installs it)"
        }
        notes += note.map { [$0] } ?? []
        notes.append(String(format: "peak RSS of this benchmark process (texts held in memory): %.0f MB", Double(ResourceUsage.peakResidentBytes()) / 1e6))
        return Result(documents: texts.count, megabytes: Double(bytes) / 1e6, rows: rows, note: notes.joined(separator: "\n"))
    }

    /// The one-core aim measured so that a busy machine cannot decide it (single runs of
    /// either side vary by half when other processes share the cores): `rounds` rounds, each
    /// classifying every text with tags as `priormix classify` does (the raw text to both the
    /// classifier and the tagger) and then letting the package predict every text normalised as
    /// the learned model reads it; each side timed by its own thread's CPU time, each side's
    /// fastest round kept. Seconds (ours, the package's), or nil without the package.
    private func sideBySide(combined: CombinedClassifier, stage: @Sendable (String) -> Void, model: String, texts path: String) -> (Double, Double)? {
        var ours = Double.infinity, theirs = Double.infinity
        for _ in 0..<max(1, rounds) {
            let start = ResourceUsage.threadCPUSeconds()
            for text in texts {
                _ = combined.classify(text)
                stage(text)
            }
            ours = min(ours, ResourceUsage.threadCPUSeconds() - start)
            guard let (_, cpu) = Self.timeFastTextPython(model: model, texts: path) else { return nil }
            theirs = min(theirs, cpu)
        }
        return (ours, theirs)
    }

    /// Seconds the fasttext package spends predicting every line of `texts` (load time excluded,
    /// scripts/bench_fasttext_peer.py): wall time and the predicting thread's CPU time, or nil when it cannot run.
    static func timeFastTextPython(model: String, texts: String) -> (wall: Double, cpu: Double)? {
        guard let output = try? PeerScript.run("bench_fasttext_peer.py", arguments: [model, texts]) else { return nil }
        let numbers = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        guard numbers.count == 2 else { return nil }
        return (numbers[0], numbers[1])
    }
}
