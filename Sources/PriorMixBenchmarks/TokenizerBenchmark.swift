import Foundation
import PriorMix

/// `priormix bench tokenize`: encoding throughput of PriorMix, tiktoken and HF `tokenizers` on the
/// same documents with the same vocabulary, one core and both cores, measured in one run; plus
/// PriorMix alone on pathological inputs at two sizes to show linear scaling.
///
/// The peers run in Python: HF loads the same tokenizer.json, tiktoken gets its tokens as ranks
/// (id order) with the same split regex. tiktoken merges any two tokens whose bytes form a token,
/// HF only listed pairs, so their ids can differ on a trained vocabulary; HF's are the reference.
public struct TokenizerBenchmark {
    public var input: String?
    public var sizeMB: Int
    public var tokenizerPath: String?
    public var vocabularySize: Int
    public var pattern: SplitPattern
    public var workDirectory: String
    public var repetitions: Int
    public var runPeers: Bool
    public var runPathological = true

    public init(input: String?, sizeMB: Int, tokenizerPath: String?, vocabularySize: Int = 32_000, pattern: SplitPattern = .llama3,
                workDirectory: String, repetitions: Int = 3, runPeers: Bool = true) {
        self.input = input
        self.sizeMB = sizeMB
        self.tokenizerPath = tokenizerPath
        self.vocabularySize = vocabularySize
        self.pattern = pattern
        self.workDirectory = workDirectory
        self.repetitions = repetitions
        self.runPeers = runPeers
    }

    public struct Row: Codable {
        public var name: String
        public var threads: Int
        public var seconds: Double
        public var megabytesPerSecond: Double
        public var tokens: Int
        public var note: String?
        /// CPU time of the best run (PriorMix rows): near `seconds × threads` when the threads
        /// really ran in parallel, whatever else the machine was doing.
        public var cpuSeconds: Double?
    }

    public struct Result: Codable, PrettyJSONEncodable {
        public var corpus: String
        public var corpusBytes: Int
        public var documents: Int
        public var tokenizer: String
        public var vocabularySize: Int
        public var pattern: String
        public var rows: [Row]
        public var pathological: [Row]
        /// PriorMix ÷ tiktoken, single thread and both cores (nil without the peers).
        public var speedupOverTiktokenSingle: Double?
        /// The same single-thread ratio from CPU time, which load from other processes disturbs less.
        public var cpuSpeedupOverTiktokenSingle: Double?
        public var speedupOverTiktokenBoth: Double?
        public var speedupOverHFSingle: Double?
        /// Documents whose PriorMix ids equal HF's (the reference) and tiktoken's.
        public var documentsMatchingHF: Int?
        public var documentsMatchingTiktoken: Int?
        public var peerError: String?

        public var table: String {
            var lines = ["corpus     \(corpus): " + String(format: "%.1f MB", Double(corpusBytes) / 1e6) + ", \(documents) documents",
                         "tokenizer  \(tokenizer): \(vocabularySize) tokens, pattern \(pattern)", ""]
            func format(_ rows: [Row]) {
                let width = rows.map(\.name.count).max() ?? 0
                for row in rows {
                    lines.append(row.name.padding(toLength: width, withPad: " ", startingAt: 0)
                                 + String(format: "  %d thread%@  %8.2f MB/s  %7.3f s  %10d tokens", row.threads, row.threads == 1 ? " " : "s",
                                          row.megabytesPerSecond, row.seconds, row.tokens)
                                 + (row.cpuSeconds.map { String(format: "  (%.3f s CPU)", $0) } ?? "")
                                 + (row.note.map { "  " + $0 } ?? ""))
                }
            }
            format(rows)
            if let single = speedupOverTiktokenSingle {
                lines.append("")
                lines.append(String(format: "PriorMix vs tiktoken: %.2fx single thread, %.2fx both cores", single, speedupOverTiktokenBoth ?? 0)
                             + (speedupOverHFSingle.map { String(format: "; vs HF tokenizers: %.2fx single thread", $0) } ?? ""))
                if let cpu = cpuSpeedupOverTiktokenSingle {
                    lines.append(String(format: "by CPU time, single thread: %.2fx tiktoken", cpu))
                }
            }
            if let hf = documentsMatchingHF {
                lines.append("ids equal to HF tokenizers in \(hf) of \(documents) documents"
                             + (documentsMatchingTiktoken.map { "; to tiktoken in \($0)" } ?? ""))
            }
            if let peerError { lines.append("peers not measured: \(peerError)") }
            if !pathological.isEmpty {
                lines.append("")
                lines.append("pathological inputs, 1 thread (linear time: equal MB/s at 1 and 4 MB):")
                format(pathological)
            }
            return lines.joined(separator: "\n")
        }
    }

    public func run(log: (String) -> Void) throws -> Result {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let (documents, corpusName) = try loadDocuments(log: log)
        let corpusBytes = documents.reduce(0) { $0 + $1.utf8.count }
        let megabytes = Double(corpusBytes) / 1e6
        let tokenizer = try loadTokenizer(documents: documents, log: log)

        // PriorMix is timed before and after the peers and keeps its best time, so a burst of
        // load from other processes on a shared machine does not favour either side.
        log("PriorMix, 1 and 2 threads …")
        var ours: [[UInt32]] = []
        var batch: [[UInt32]] = []
        var single = bestTimes { ours = documents.map { tokenizer.encode($0) } }
        var both = bestTimes { batch = tokenizer.encodeBatch(documents, threads: 2) }
        var result = Result(corpus: corpusName, corpusBytes: corpusBytes, documents: documents.count, tokenizer: tokenizer.source,
                            vocabularySize: tokenizer.vocabularySize, pattern: tokenizer.pattern?.rawValue ?? "none", rows: [], pathological: [])
        if runPeers {
            do {
                try measurePeers(documents: documents, tokenizer: tokenizer, ours: ours, megabytes: megabytes, into: &result, log: log)
            } catch {
                result.peerError = "\(error)"
            }
            log("PriorMix again …")
            let singleAgain = bestTimes { _ = documents.map { tokenizer.encode($0) } }
            let bothAgain = bestTimes { _ = tokenizer.encodeBatch(documents, threads: 2) }
            if singleAgain.wall < single.wall { single = singleAgain }
            if bothAgain.wall < both.wall { both = bothAgain }
        }
        let tokenCount = ours.reduce(0) { $0 + $1.count }
        result.rows += [
            Row(name: "PriorMix", threads: 1, seconds: single.wall, megabytesPerSecond: megabytes / single.wall, tokens: tokenCount,
                cpuSeconds: single.cpu),
            Row(name: "PriorMix", threads: 2, seconds: both.wall, megabytesPerSecond: megabytes / both.wall, tokens: batch.reduce(0) { $0 + $1.count },
                note: batch == ours ? nil : "ids differ from 1 thread!", cpuSeconds: both.cpu),
        ]
        result.rows.sort { ($0.threads, $0.name == "PriorMix" ? 0 : 1) < ($1.threads, $1.name == "PriorMix" ? 0 : 1) }
        Self.computeRatios(&result)
        if runPathological { result.pathological = pathological(tokenizer, log: log) }
        return result
    }

    private func bestTime(_ body: () -> Void) -> Double { bestTimes(body).wall }

    /// The shortest wall time of `repetitions` runs, with the CPU time of that run.
    private func bestTimes(_ body: () -> Void) -> (wall: Double, cpu: Double) {
        var best = (wall: Double.infinity, cpu: 0.0)
        for _ in 0..<max(1, repetitions) {
            let cpuStart = ResourceUsage.cpuSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if wall < best.wall { best = (wall, ResourceUsage.cpuSeconds() - cpuStart) }
        }
        return best
    }

    private func loadDocuments(log: (String) -> Void) throws -> ([String], String) {
        let limit = sizeMB * 1_000_000
        var documents: [String]
        let name: String
        if let input {
            let format = try InputFormat.detect(path: input)
            if format == .jsonl {
                documents = try JSONLTexts.read(path: input, limitBytes: limit)
            } else {
                // Plain text: paragraphs grouped into documents of about 4 KB.
                let text = UTF8Repair.string(from: try ByteReader(source: Compression.open(input).source).read(count: limit)).text
                documents = []
                var current = ""
                for paragraph in text.components(separatedBy: "\n\n") {
                    current += current.isEmpty ? paragraph : "\n\n" + paragraph
                    if current.utf8.count >= 4096 { documents.append(current); current = "" }
                }
                if !current.isEmpty { documents.append(current) }
            }
            name = input
        } else {
            log("generating a \(sizeMB) MB synthetic corpus (use --input for real text) …")
            var bytes: [UInt8] = []
            try SyntheticCorpus().generate(bytes: limit) { bytes.append(contentsOf: $0) }
            let path = workDirectory + "/synthetic-\(sizeMB)MB.jsonl"
            try AtomicOutputFile.write(bytes, to: path)
            documents = try JSONLTexts.read(path: path)
            name = "synthetic"
        }
        guard !documents.isEmpty else { throw PriorMixError(.usage, "no documents to encode", file: input) }
        return (documents, name)
    }

    private func loadTokenizer(documents: [String], log: (String) -> Void) throws -> Tokenizer {
        if let tokenizerPath { return try Tokenizer.load(path: tokenizerPath) }
        var options = BPETrainer.Options()
        options.vocabularySize = vocabularySize
        options.pattern = pattern
        log("training a \(vocabularySize)-token \(pattern.rawValue) tokenizer on the corpus …")
        let (definition, _) = BPETrainer(options: options).train(texts: documents)
        let bytes = TokenizerJSON.serialize(definition)
        let path = workDirectory + "/bench-tokenizer.json"
        try AtomicOutputFile.write(bytes, to: path)
        return try Tokenizer.load(path: path)
    }

    // MARK: - Peers (scripts/bench_tokenizers_peer.py, scripts/bench_tokenizers_pathological.py)

    static let peerHint = "run scripts/ensure-python.sh to install tokenizers and tiktoken"

    private func measurePeers(documents: [String], tokenizer: Tokenizer, ours: [[UInt32]], megabytes: Double,
                              into result: inout Result, log: (String) -> Void) throws {
        let documentsPath = workDirectory + "/bench-documents.jsonl"
        var jsonl: [UInt8] = []
        for document in documents {
            var writer = JSONWriter()
            writer.beginObject()
            writer.member("text", string: document)
            writer.endObject()
            jsonl.append(contentsOf: writer.bytes)
            jsonl.append(0x0A)
        }
        try AtomicOutputFile.write(jsonl, to: documentsPath)
        let regex = tokenizer.pattern.map { $0.regex } ?? ""
        var peerRows: [String: Row] = [:]
        for threads in [1, 2] {
            log("tiktoken and HF tokenizers, \(threads) thread(s) …")
            let idsPath = workDirectory + "/bench-ids-\(threads)"
            let output = try PeerScript.run("bench_tokenizers_peer.py",
                                            arguments: [tokenizer.source, documentsPath, regex, String(threads), String(repetitions), idsPath],
                                            environment: ["RAYON_NUM_THREADS": String(threads), "TOKENIZERS_PARALLELISM": threads > 1 ? "true" : "false"],
                                            hint: Self.peerHint)
            guard let object = try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any] else {
                throw PriorMixError(.internalFailure, "peer script printed no JSON")
            }
            for (name, key) in [("tiktoken", "tiktoken"), ("HF tokenizers", "hf")] {
                guard let seconds = object[key + "_seconds"] as? Double, let tokens = object[key + "_tokens"] as? Int else { continue }
                peerRows["\(name)/\(threads)"] = Row(name: name, threads: threads, seconds: seconds, megabytesPerSecond: megabytes / seconds, tokens: tokens,
                                                     cpuSeconds: object[key + "_cpu"] as? Double)
            }
            if threads == 1 {
                result.documentsMatchingHF = try Self.countMatching(ours, idsPath + ".hf")
                result.documentsMatchingTiktoken = try Self.countMatching(ours, idsPath + ".tiktoken")
            }
        }
        for key in ["tiktoken/1", "HF tokenizers/1", "tiktoken/2", "HF tokenizers/2"] {
            if let row = peerRows[key] { result.rows.append(row) }
        }
    }

    static func computeRatios(_ result: inout Result) {
        func rate(_ name: String, _ threads: Int) -> Double? {
            result.rows.first { $0.name == name && $0.threads == threads }?.megabytesPerSecond
        }
        if let ours1 = rate("PriorMix", 1), let tiktoken1 = rate("tiktoken", 1) { result.speedupOverTiktokenSingle = ours1 / tiktoken1 }
        let rows = result.rows
        func cpu(_ name: String) -> Double? { rows.first { $0.name == name && $0.threads == 1 }?.cpuSeconds }
        if let ours = cpu("PriorMix"), let tiktoken = cpu("tiktoken"), ours > 0 { result.cpuSpeedupOverTiktokenSingle = tiktoken / ours }
        if let ours2 = rate("PriorMix", 2), let tiktoken2 = rate("tiktoken", 2) { result.speedupOverTiktokenBoth = ours2 / tiktoken2 }
        if let ours1 = rate("PriorMix", 1), let hf1 = rate("HF tokenizers", 1) { result.speedupOverHFSingle = ours1 / hf1 }
    }

    /// Documents whose ids in the peer's file (per document: u32 count, then u32 ids) equal ours.
    static func countMatching(_ ours: [[UInt32]], _ path: String) throws -> Int {
        let data = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let wordCount = data.count / 4
        var words = [UInt32](repeating: 0, count: wordCount)
        words.withUnsafeMutableBytes { $0.copyBytes(from: data.prefix(wordCount * 4)) }
        var position = 0
        var matching = 0
        for ids in ours {
            guard position < words.count else { break }
            let count = Int(words[position])
            let end = min(words.count, position + 1 + count)
            if count == ids.count && words[(position + 1)..<end].elementsEqual(ids) { matching += 1 }
            position = end
        }
        return matching
    }

    // MARK: - Pathological inputs

    private func pathological(_ tokenizer: Tokenizer, log: (String) -> Void) -> [Row] {
        log("pathological inputs …")
        var random = SplitMix64(seed: 7)
        let cases: [(String, (Int) -> String)] = [
            ("letters, no whitespace", { n in String((0..<n).map { _ in Character(Unicode.Scalar(UInt8(97 + random.next() % 26))) }) }),
            ("digits", { n in String((0..<n).map { _ in Character(Unicode.Scalar(UInt8(48 + random.next() % 10))) }) }),
            ("spaces then a word", { n in String(repeating: " ", count: n - 5) + "word." }),
            ("CJK, no whitespace", { n in String((0..<(n / 3)).map { _ in Character(Unicode.Scalar(UInt32(0x4E00 + random.next() % 2000))!) }) }),
        ]
        var rows: [Row] = []
        var peerTexts: [(String, String)] = []
        for (name, make) in cases {
            for size in [1 << 20, 4 << 20] {
                let text = make(size)
                if size == 1 << 20 { peerTexts.append((name, text)) }
                var tokens = 0
                let seconds = bestTime { tokens = tokenizer.encode(text).count }
                rows.append(Row(name: "PriorMix: \(name), \(size >> 20) MB", threads: 1, seconds: seconds,
                                megabytesPerSecond: Double(text.utf8.count) / 1e6 / seconds, tokens: tokens))
            }
        }
        if runPeers { rows += pathologicalPeers(peerTexts, tokenizer: tokenizer, log: log) }
        return rows
    }

    /// tiktoken and HF on the 1 MB cases, once each; a peer that crashes is reported, not fatal.
    private func pathologicalPeers(_ texts: [(String, String)], tokenizer: Tokenizer, log: (String) -> Void) -> [Row] {
        log("pathological inputs with tiktoken and HF tokenizers …")
        do {
            let path = workDirectory + "/bench-pathological.jsonl"
            var jsonl: [UInt8] = []
            for (name, text) in texts {
                var writer = JSONWriter()
                writer.beginObject()
                writer.member("name", string: name)
                writer.member("text", string: text)
                writer.endObject()
                jsonl += writer.bytes + [0x0A]
            }
            try AtomicOutputFile.write(jsonl, to: path)
            let output = try PeerScript.run("bench_tokenizers_pathological.py", arguments: [tokenizer.source, path, tokenizer.pattern?.regex ?? ""],
                                            environment: ["RAYON_NUM_THREADS": "1"], hint: Self.peerHint)
            guard let results = try JSONSerialization.jsonObject(with: Data(output)) as? [[String: Any]] else { return [] }
            return results.compactMap { result in
                guard let peer = result["peer"] as? String, let name = result["name"] as? String, let bytes = result["bytes"] as? Int else { return nil }
                let seconds = result["seconds"] as? Double ?? 0
                return Row(name: "\(peer): \(name), 1 MB", threads: 1, seconds: seconds,
                           megabytesPerSecond: seconds > 0 ? Double(bytes) / 1e6 / seconds : 0,
                           tokens: result["tokens"] as? Int ?? 0, note: (result["error"] as? String).map { "failed: " + $0 })
            }
        } catch {
            return [Row(name: "peers", threads: 1, seconds: 0, megabytesPerSecond: 0, tokens: 0, note: "not measured: \(error)")]
        }
    }
}
