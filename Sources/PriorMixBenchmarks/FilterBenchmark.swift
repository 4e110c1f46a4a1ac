import Foundation
import PriorMix

/// `priormix bench filter`: MB/s of text through the filter stage (a rules file, by default
/// taxonomy/filters/default.yaml) on one core and on all, beside `ingest` alone on the same file
/// (so the stage's own cost shows), and beside datatrove's pipeline with the same rules on the same
/// jsonl.zst (scripts/bench_filter_peer.py, one core), with each rule's agreement on which documents
/// it removed.
///
/// The per-core comparison is by CPU time (user + system of the whole process, every thread), since
/// PriorMix's one-thread run still reads and compresses on helper threads: both sides run in-process
/// on the corpus and on its first document alone, and what the corpus costs beyond that one document
/// (each side's start-up inside the run: datatrove's spaCy and fastText loads, PriorMix's tables) is
/// the steady-state cost a terabyte run pays. Wall-clock times are shown beside it.
///
/// lid.176's per-thread token cache makes a pass over text whose words were seen before cheaper, so
/// repeating the same corpus flatters PriorMix. Each one-thread filter run therefore loads the rules
/// afresh (a new model, a new cache) and, with `warmUp`, first filters that other text untimed, as a
/// long run has seen other documents before these: the cache then holds other text's tokens, not these.
public struct FilterBenchmark {
    public var input: String?
    public var rules: String
    public var workDirectory: String
    public var threads: Int
    public var repeats: Int
    public var peer: Bool
    /// Other text filtered untimed before each timed one-thread run (see above).
    public var warmUp: String?

    public init(input: String?, rules: String, workDirectory: String, threads: Int, repeats: Int, peer: Bool, warmUp: String? = nil) {
        self.input = input
        self.rules = rules
        self.workDirectory = workDirectory
        self.threads = threads
        self.repeats = repeats
        self.peer = peer
        self.warmUp = warmUp
    }

    public struct RuleAgreement: Codable, Sendable {
        public var rule: String
        public var removedByPriorMix: Int
        public var removedByDatatrove: Int
        public var agreement: Double
    }

    public struct Result: Codable, PrettyJSONEncodable {
        public var corpus: String
        public var textBytes: Int
        public var documents: Int
        public var ingestSecondsOneThread: Double
        public var filterSecondsOneThread: Double
        public var filterSecondsAllThreads: Double
        public var threads: Int
        /// CPU seconds of the one-thread filter run on the corpus (the least of the repeats, each with
        /// fresh rules and a cache that never saw the corpus) and on its first document alone.
        public var filterCPUSecondsOneThread: Double
        public var filterCPUSecondsOneDocument: Double
        /// The text filtered untimed before each one-thread run, if any.
        public var warmUp: String?
        public var datatroveSeconds: Double?
        public var datatroveCPUSeconds: Double?
        public var datatroveCPUSecondsOneDocument: Double?
        public var agreements: [RuleAgreement] = []

        /// CPU seconds beyond the one-document run: the cost per corpus once started.
        public var filterSteadyCPUSeconds: Double { filterCPUSecondsOneThread - filterCPUSecondsOneDocument }
        public var datatroveSteadyCPUSeconds: Double? {
            guard let datatroveCPUSeconds, let datatroveCPUSecondsOneDocument else { return nil }
            return datatroveCPUSeconds - datatroveCPUSecondsOneDocument
        }

        var megabytes: Double { Double(textBytes) / 1e6 }

        public var table: String {
            var rows = [
                ["corpus", "\(corpus) (\(String(format: "%.1f", megabytes)) MB of text, \(ProgressLine.grouped(documents)) documents)"],
                ["ingest alone, 1 thread", String(format: "%.1f MB/s (%.2f s)", megabytes / ingestSecondsOneThread, ingestSecondsOneThread)],
                ["filter, 1 thread", String(format: "%.1f MB/s (%.2f s); the stage adds %.0f%% to ingest's time", megabytes / filterSecondsOneThread,
                                            filterSecondsOneThread, 100 * (filterSecondsOneThread - ingestSecondsOneThread) / ingestSecondsOneThread)],
                ["filter, 1 thread, CPU", String(format: "%.2f s (%.2f s on one document): %.2f s steady, %.1f MB per CPU-second; lid.176's cache %@",
                                                  filterCPUSecondsOneThread, filterCPUSecondsOneDocument, filterSteadyCPUSeconds,
                                                  megabytes / filterSteadyCPUSeconds, warmUp.map { "warmed on \($0)" } ?? "cold")],
                ["filter, \(threads) threads", String(format: "%.1f MB/s (%.2f s)", megabytes / filterSecondsAllThreads, filterSecondsAllThreads)],
            ]
            if let datatroveSeconds {
                rows.append(["datatrove, 1 core", String(format: "%.2f MB/s (%.1f s); wall-clock ratio %.0fx", megabytes / datatroveSeconds,
                                                        datatroveSeconds, datatroveSeconds / filterSecondsOneThread)])
            }
            if let datatroveCPUSeconds, let datatroveCPUSecondsOneDocument, let datatroveSteadyCPUSeconds {
                rows.append(["datatrove, CPU", String(format: "%.1f s (%.1f s on one document): %.1f s steady, %.2f MB per CPU-second",
                                                     datatroveCPUSeconds, datatroveCPUSecondsOneDocument, datatroveSteadyCPUSeconds,
                                                     megabytes / datatroveSteadyCPUSeconds)])
                rows.append(["PriorMix per core", String(format: "%.0fx datatrove (steady CPU); %.0fx with both start-ups",
                                                        datatroveSteadyCPUSeconds / filterSteadyCPUSeconds,
                                                        datatroveCPUSeconds / filterCPUSecondsOneThread)])
            }
            for agreement in agreements {
                rows.append(["  \(agreement.rule)", String(format: "removed %d (datatrove %d), same decision on %.2f%% of documents",
                                                           agreement.removedByPriorMix, agreement.removedByDatatrove, 100 * agreement.agreement)])
            }
            return AlignedTable(rows: rows).text
        }
    }

    public func run(log: (String) -> Void) throws -> Result {
        // As `priormix filter` does (ingest's run below gets the same allocator).
        AllocatorTuning.keepFreedMemory()
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let corpus = try input ?? defaultCorpus(log: log)
        let ruleSet = try FilterRuleSet.load(path: rules)

        /// A timed row: the best wall-clock summary and the least CPU time (the whole process's,
        /// every thread) of its runs so far.
        struct Timed {
            var summary: RunSummary?
            var cpuSeconds = Double.infinity
            mutating func add(_ run: RunSummary, cpuSeconds: Double) {
                self.cpuSeconds = min(self.cpuSeconds, cpuSeconds)
                if summary == nil || run.seconds < summary!.seconds { summary = run }
            }
        }
        /// One timed run added to `row`. `fresh` stages load the rules again (a new lid.176 cache),
        /// after the untimed warm-up pass if there is one.
        func time(_ row: inout Timed, _ stages: () throws -> StageChain, threads: Int, input: String, output: String,
                  warmUp: String? = nil) throws {
            func run(_ stages: StageChain, _ input: String, _ output: String) throws -> RunSummary {
                var configuration = StageRunner.Configuration()
                configuration.threads = threads
                configuration.showProgress = false
                configuration.overwrite = true
                configuration.command = "bench"
                configuration.stages = stages
                return try StageRunner(configuration: configuration).run(inputs: [input], outputDirectory: output)
            }
            let chain = try stages()
            if let warmUp { _ = try run(chain, warmUp, output + "-warm-up") }
            let cpuStart = ResourceUsage.cpuSeconds()
            let summary = try run(chain, input, output)
            row.add(summary, cpuSeconds: ResourceUsage.cpuSeconds() - cpuStart)
        }
        func freshFilter() throws -> StageChain { StageChain(FilterStage(rules: try FilterRuleSet.load(path: rules))) }
        let oneDocument = try Self.firstDocument(of: corpus, to: workDirectory + "/filter-one-document.jsonl.zst")
        let rounds = max(1, repeats)
        log("ingest, 1 thread …")
        var ingest = Timed()
        for _ in 0..<rounds { try time(&ingest, { StageChain() }, threads: 1, input: corpus, output: workDirectory + "/filter-ingest-out") }
        log("filter, \(threads) threads …")
        var filterAll = Timed()
        for _ in 0..<rounds { try time(&filterAll, freshFilter, threads: threads, input: corpus, output: workDirectory + "/filter-out-all") }

        var peerArguments: [String]?
        if peer {
            do {
                peerArguments = try Self.peerArguments(for: ruleSet)
            } catch let reason as PeerMismatch {
                log("no datatrove comparison: \(reason.message)")
            }
        }
        func runPeer(_ input: String, _ directory: String, _ arguments: [String]) throws -> [String: Any] {
            try? FileManager.default.removeItem(atPath: directory)
            let output = try PeerScript.run("bench_filter_peer.py", arguments: [input, directory] + arguments,
                                            hint: "scripts/ensure-python.sh installs datatrove; make models fetches lid.176.ftz")
            return try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any] ?? [:]
        }
        // The rows the ratio is taken from run in rounds, one run of each per round, each row
        // keeping its least: both sides are sampled across the same stretch of the machine's time.
        // Run side after side, a slow minute fell on one side's runs only (95x and 125x from one build).
        var filterOneDocument = Timed(), filterOne = Timed()
        var peerOneDocument: Double?, peerCorpus: Double?, peerCorpusSeconds: Double?
        var peerRemoved: [String: String]?
        /// The lesser of a row's least so far and a run's number (when the run reported one).
        func least(_ current: Double?, _ value: Any?) -> Double? {
            guard let value = value as? Double else { return current }
            return min(current ?? value, value)
        }
        for round in 0..<rounds {
            log("round \(round + 1) of \(rounds): filter, 1 thread, on the first document alone and on the corpus"
                + "\(warmUp.map { ", each after \($0)" } ?? "")\(peerArguments == nil ? "" : "; datatrove, 1 core, on both (slow: spaCy splits every word)") …")
            try time(&filterOneDocument, freshFilter, threads: 1, input: oneDocument, output: workDirectory + "/filter-out-one-document", warmUp: warmUp)
            try time(&filterOne, freshFilter, threads: 1, input: corpus, output: workDirectory + "/filter-out", warmUp: warmUp)
            guard let peerArguments else { continue }
            let one = try runPeer(oneDocument, workDirectory + "/filter-datatrove-one-document", peerArguments)
            let all = try runPeer(corpus, workDirectory + "/filter-datatrove", peerArguments)
            peerOneDocument = least(peerOneDocument, one["cpu_seconds"])
            peerCorpus = least(peerCorpus, all["cpu_seconds"])
            peerCorpusSeconds = least(peerCorpusSeconds, all["seconds"])
            if peerRemoved == nil { peerRemoved = all["removed"] as? [String: String] ?? [:] }
        }
        let textBytes = try JSONLTexts.read(path: corpus).reduce(0) { $0 + $1.utf8.count }
        var result = Result(corpus: corpus, textBytes: textBytes, documents: ingest.summary!.totals.read,
                            ingestSecondsOneThread: ingest.summary!.seconds, filterSecondsOneThread: filterOne.summary!.seconds,
                            filterSecondsAllThreads: filterAll.summary!.seconds, threads: threads,
                            filterCPUSecondsOneThread: filterOne.cpuSeconds, filterCPUSecondsOneDocument: filterOneDocument.cpuSeconds,
                            warmUp: warmUp)
        guard let theirs = peerRemoved else { return result }
        result.datatroveSeconds = peerCorpusSeconds
        result.datatroveCPUSeconds = peerCorpus
        result.datatroveCPUSecondsOneDocument = peerOneDocument
        let ours = try Self.removedReasons(workDirectory + "/filter-out")
        let ids = try JSONLTexts.read(path: corpus, field: "id")
        for rule in ruleSet.rules where !(rule is PIIMaskingRule) {
            var same = 0
            for id in ids where (ours[id] == rule.name) == (theirs[id] == rule.name) { same += 1 }
            result.agreements.append(RuleAgreement(rule: rule.name, removedByPriorMix: ours.values.filter { $0 == rule.name }.count,
                                                   removedByDatatrove: theirs.values.filter { $0 == rule.name }.count,
                                                   agreement: ids.isEmpty ? 1 : Double(same) / Double(ids.count)))
        }
        return result
    }

    /// Why the rules benchmarked have no datatrove pipeline to compare with.
    struct PeerMismatch: Error { let message: String }

    /// The peer script's arguments for the same pipeline as `ruleSet`: its steps in order (type and
    /// the name removals count under) and the language rule's list and threshold. The peer runs
    /// datatrove's defaults, which the presets' rules equal; a rule with other parameters, another
    /// language model or a model rule has no datatrove counterpart, and comparing anyway would
    /// count every difference as disagreement.
    static func peerArguments(for ruleSet: FilterRuleSet) throws -> [String] {
        var steps: [String] = []
        var arguments: [String] = []
        for rule in ruleSet.rules {
            let type: String
            let defaults: (any FilterRule)?
            switch rule {
            case let language as LanguageRule:
                guard language.modelDescription.hasPrefix("lid.176.ftz:") else {
                    throw PeerMismatch(message: "the language rule's model is not lid.176.ftz")
                }
                // datatrove reads no list as "any language"; an empty list here keeps nothing.
                guard language.languages?.isEmpty != true else { throw PeerMismatch(message: "the language rule's list is empty") }
                type = "language"
                defaults = nil
                arguments += ["--lid", LanguageIdentifier.defaultModelPath, "--language-threshold", "\(language.minScore)",
                              "--languages", (language.languages ?? []).joined(separator: ",")]
            case is GopherRepetitionRule: type = "gopher_repetition"; defaults = GopherRepetitionRule()
            case is GopherQualityRule: type = "gopher_quality"; defaults = GopherQualityRule()
            case is C4QualityRule: type = "c4"; defaults = C4QualityRule()
            case is FineWebQualityRule: type = "fineweb"; defaults = FineWebQualityRule()
            case is PIIMaskingRule: type = "pii"; defaults = PIIMaskingRule()
            default: throw PeerMismatch(message: "rule `\(rule.name)` has no datatrove counterpart")
            }
            if let defaults, defaults.fingerprint != rule.fingerprint {
                throw PeerMismatch(message: "rule `\(rule.name)` differs from datatrove's defaults, which the peer runs")
            }
            steps.append("\(type):\(rule.name)")
        }
        return ["--steps", steps.joined(separator: ",")] + arguments
    }

    /// The first line of `corpus` as its own jsonl.zst at `path`: the input of both sides' start-up runs.
    static func firstDocument(of corpus: String, to path: String) throws -> String {
        let reader = ByteReader(source: try Compression.open(corpus).source)
        var first: [UInt8]?
        while first == nil, let line = try reader.readLine(maxLength: 1 << 28) {
            if case .bytes(let bytes) = line, bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { first = bytes }
        }
        guard let first else { throw PriorMixError(.malformedInput, "the corpus holds no document", file: corpus) }
        let file = try AtomicOutputFile(path: path, compressed: true)
        try file.write(first + [0x0A])
        try file.commit()
        return path
    }

    /// id → rule, from the run's removed documents.
    static func removedReasons(_ output: String) throws -> [String: String] {
        let path = output + "/" + StageRunner.removedFileName(compressed: true)
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        var reasons: [String: String] = [:]
        let reader = ByteReader(source: try Compression.open(path).source)
        while let line = try reader.readLine(maxLength: 1 << 28) {
            guard case .bytes(let bytes) = line,
                  let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                  let id = object["id"] as? String, let removedBy = object["removed_by"] as? [String: Any],
                  let reason = removedBy["reason"] as? String else { continue }
            reasons[id] = reason
        }
        return reasons
    }

    /// corpus-dev's documents (../shared, real text) as jsonl.zst, kept for later runs.
    private func defaultCorpus(log: (String) -> Void) throws -> String {
        let path = workDirectory + "/filter-corpus.jsonl.zst"
        if FileManager.default.fileExists(atPath: path) { return path }
        let source = ["../shared/corpus-dev/labeled.jsonl", "../../shared/corpus-dev/labeled.jsonl"].first { FileManager.default.fileExists(atPath: $0) }
        guard let source else {
            throw PriorMixError(.io, "no default corpus: ../shared/corpus-dev/labeled.jsonl is not beside the checkout", hint: "pass --input FILE.jsonl.zst")
        }
        log("writing \(path) from \(source) …")
        let texts = try JSONLTexts.read(path: source)
        let ids = try JSONLTexts.read(path: source, field: "id")
        let file = try AtomicOutputFile(path: path, compressed: true)
        for (id, text) in zip(ids, texts) {
            var json = JSONWriter()
            json.beginObject()
            json.member("id", string: id)
            json.member("text", string: text)
            json.endObject()
            try file.write(json.bytes + [0x0A])
        }
        try file.commit()
        return path
    }
}
