import Foundation
import PriorMix

/// `priormix bench dedup`: MinHash deduplication against datatrove's four-stage pipeline, on real
/// text with injected near-duplicates of known edit rates.
///
/// 1. Agreement and accuracy: every document of the source corpus (corpus-dev, read at run time)
///    plus variants of a seeded sample of them — random word substitutions, insertions, or
///    boilerplate added, at several rates — placed after all originals. Each variant's true
///    Jaccard similarity to its original (5-word shingle sets) is measured; recall per similarity
///    bin is set beside the S-curve 1-(1-s^r)^b, for PriorMix and datatrove; the two removed sets
///    are compared document by document.
/// 2. Speed and memory: the corpus repeated, each copy with every tenth word replaced, to
///    `sizeMB`; `priormix dedup --step …` as processes of their own (wall, CPU and peak RSS from
///    `wait4`) on one thread and on all, at half and full size; datatrove on one core.
public struct DedupBenchmark {
    public var corpusPath: String
    public var workDirectory: String
    public var sizeMB: Int
    public var threads: Int
    public var variants: Int
    public var runPeer: Bool
    public var seed: UInt64 = 17

    public init(corpusPath: String, workDirectory: String, sizeMB: Int, threads: Int, variants: Int, runPeer: Bool) {
        self.corpusPath = corpusPath
        self.workDirectory = workDirectory
        self.sizeMB = sizeMB
        self.threads = threads
        self.variants = variants
        self.runPeer = runPeer
    }

    public struct Bin: Codable {
        public var lower: Double
        public var upper: Double
        public var pairs: Int
        /// Mean over the bin's pairs of 1-(1-s^r)^b.
        public var theory: Double
        public var priormixRecall: Double
        public var datatroveRecall: Double?
    }

    public struct Speed: Codable {
        public var megabytes: Double
        public var priormixSeconds: Double
        public var priormixCPUSeconds: Double
        public var priormixAllThreadsSeconds: Double
        public var datatroveSeconds: Double?
        public var datatroveCPUSeconds: Double?
        /// Peak RSS in MB of the signature, merge and remove steps, at half and at full size.
        public var peakRSSHalf: [String: Double]
        public var peakRSSFull: [String: Double]
        /// Wall and CPU seconds of each step on one thread.
        public var stepSeconds: [String: Double] = [:]
        public var stepCPUSeconds: [String: Double] = [:]
    }

    public struct Result: Codable, PrettyJSONEncodable {
        public var documents: Int
        public var injected: Int
        public var bins: [Bin]
        public var priormixRemoved: Int
        public var datatroveRemoved: Int?
        /// Documents both remove or both keep, over all documents.
        public var removedAgreement: Double?
        /// Documents both place in a cluster of two or more (or both leave alone), over all documents.
        public var clusterAgreement: Double?
        /// Documents the two decide differently: injected variants, other documents.
        public var disagreeingVariants: Int?
        public var disagreeingOthers: Int?
        /// Variants two independent draws of the hash functions would decide differently, on
        /// average: the sum over injected pairs of 2p(1-p), p the S-curve at the pair's similarity.
        public var expectedVariantDisagreement: Double
        /// PriorMix's removals whose true Jaccard similarity to their survivor is at least 0.8, 0.6–0.8, below 0.6.
        public var removalsBySimilarity: [String: Int]
        public var speed: Speed?
        public var note: String?

        public var table: String {
            var lines = ["\(documents) documents (\(injected) injected variants); MinHash 5-word shingles, 14 bands x 8 rows"]
            lines.append("similarity   pairs  theory  PriorMix  datatrove")
            for bin in bins {
                lines.append(String(format: "%.2f–%.2f  %6d  %6.3f  %8.3f  %9@", bin.lower, bin.upper, bin.pairs, bin.theory, bin.priormixRecall,
                                    bin.datatroveRecall.map { String(format: "%.3f", $0) } ?? "–"))
            }
            lines.append("removed: PriorMix \(priormixRemoved), datatrove \(datatroveRemoved.map(String.init) ?? "–")")
            if let removedAgreement, let clusterAgreement {
                lines.append(String(format: "agreement: removed-or-kept %.2f%% of documents, in-a-cluster-or-not %.2f%%", 100 * removedAgreement, 100 * clusterAgreement))
            }
            if let disagreeingVariants, let disagreeingOthers {
                lines.append(String(format: "documents decided differently: %d injected variants (%.1f expected from independent hash functions alone), %d others",
                                    disagreeingVariants, expectedVariantDisagreement, disagreeingOthers))
            }
            lines.append("PriorMix removals by true similarity to their survivor: " + ["≥0.8", "0.6–0.8", "<0.6"].map { "\($0) \(removalsBySimilarity[$0] ?? 0)" }.joined(separator: ", "))
            if let speed {
                lines.append(String(format: "speed on %.1f MB: PriorMix 1 thread %.2f s (%.1f MB/s, %.2f CPU s), %d threads %.2f s (%.1f MB/s)",
                                    speed.megabytes, speed.priormixSeconds, speed.megabytes / speed.priormixSeconds, speed.priormixCPUSeconds,
                                    speed.priormixAllThreadsSeconds > 0 ? 2 : 1, speed.priormixAllThreadsSeconds, speed.megabytes / speed.priormixAllThreadsSeconds))
                if let seconds = speed.datatroveSeconds {
                    lines.append(String(format: "datatrove 1 core %.2f s (%.2f MB/s, %.2f CPU s): PriorMix %.1fx per core (%.1fx in CPU time)",
                                        seconds, speed.megabytes / seconds, speed.datatroveCPUSeconds ?? 0, seconds / speed.priormixSeconds,
                                        (speed.datatroveCPUSeconds ?? 0) / speed.priormixCPUSeconds))
                }
                func rss(_ values: [String: Double]) -> String { ["signatures", "merge", "remove"].map { String(format: "%@ %.0f MB", $0, values[$0] ?? 0) }.joined(separator: ", ") }
                lines.append("one thread, by step: " + ["signatures", "merge", "remove"].map {
                    String(format: "%@ %.2f s (%.2f CPU s)", $0, speed.stepSeconds[$0] ?? 0, speed.stepCPUSeconds[$0] ?? 0) }.joined(separator: ", "))
                lines.append("peak RSS at half size: " + rss(speed.peakRSSHalf))
                lines.append("peak RSS at full size: " + rss(speed.peakRSSFull))
            }
            if let note { lines.append(note) }
            return lines.joined(separator: "\n")
        }
    }

    struct Text { var id: String; var text: String }

    static func load(_ path: String) throws -> [Text] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PriorMixError(.usage, "cannot read the corpus", file: path, hint: "give --corpus a JSONL file with id and text (../shared/corpus-dev/labeled.jsonl)")
        }
        var texts: [Text] = []
        for (number, line) in data.split(separator: 0x0A).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let text = object["text"] as? String else { continue }
            texts.append(Text(id: (object["id"] as? String) ?? "line-\(number + 1)", text: text))
        }
        return texts
    }

    /// Boilerplate written for this benchmark, appended to pages as sites do.
    static let boilerplate = [
        "Subscribe to our newsletter for weekly updates on new articles and events.",
        "All rights reserved. Reproduction without written permission is prohibited.",
        "Share this page with your friends and colleagues on your favourite network.",
        "This site uses cookies to improve your experience and to count visits.",
        "Related reading: more stories from our archive are listed on the index page.",
    ]

    enum Edit: String, CaseIterable { case substitute, insert, boilerplate }

    static func variant(of text: String, edit: Edit, rate: Double, vocabulary: [String], random: inout SplitMix64) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        func pick() -> String { vocabulary[Int(random.next() % UInt64(vocabulary.count))] }
        func chance() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        switch edit {
        case .substitute:
            for index in words.indices where chance() < rate { words[index] = pick() }
        case .insert:
            var out: [String] = []
            for word in words {
                out.append(word)
                if chance() < rate { out.append(pick()) }
            }
            words = out
        case .boilerplate:
            var added = 0
            let target = Int(Double(words.count) * rate)
            var lines: [String] = []
            while added < target {
                let line = boilerplate[Int(random.next() % UInt64(boilerplate.count))]
                lines.append(line)
                added += line.split(separator: " ").count
            }
            return text + "\n" + lines.joined(separator: "\n")
        }
        return words.joined(separator: " ")
    }

    static func jaccard(_ a: Set<UInt64>, _ b: Set<UInt64>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    static func writeJSONL(_ texts: [Text], to path: String) throws {
        let file = try AtomicOutputFile(path: path)
        var bytes: [UInt8] = []
        for text in texts {
            var json = JSONWriter()
            json.beginObject()
            json.member("id", string: text.id)
            json.member("text", string: text.text)
            json.endObject()
            bytes += json.bytes
            bytes.append(0x0A)
            if bytes.count > 1 << 20 { try file.write(bytes); bytes.removeAll(keepingCapacity: true) }
        }
        try file.write(bytes)
        try file.commit()
    }

    struct Outcome {
        var removed: [String: String] = [:]  // removed id -> survivor id
        var clustered: Set<String> = []       // kept documents in a cluster of two or more
    }

    /// The JSON objects of a (compressed) JSONL file.
    static func objects(_ path: String) throws -> [[String: Any]] {
        let reader = ByteReader(source: try Compression.open(path).source)
        var objects: [[String: Any]] = []
        while let line = try reader.readLine(maxLength: 1 << 28) {
            guard case .bytes(let bytes) = line, !bytes.isEmpty,
                  let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { continue }
            objects.append(object)
        }
        return objects
    }

    func runPriorMix(_ input: String, output: String, threads: Int) throws -> (Outcome, Double, Double) {
        try? FileManager.default.removeItem(atPath: output)
        var configuration = StageRunner.Configuration()
        configuration.command = "dedup"
        configuration.threads = threads
        configuration.showProgress = false
        let deduplicator = Deduplicator(configuration: configuration, options: DedupOptions(mode: .minhash))
        let started = Date(), cpu = ResourceUsage.cpuSeconds()
        try deduplicator.run(inputs: [input], output: output)
        let seconds = Date().timeIntervalSince(started), cpuSeconds = ResourceUsage.cpuSeconds() - cpu
        var outcome = Outcome()
        let removedPath = output + "/removed/removed.jsonl.zst"
        if FileManager.default.fileExists(atPath: removedPath) {
            for object in try Self.objects(removedPath) {
                guard let id = object["id"] as? String, let detail = (object["removed_by"] as? [String: Any])?["detail"] as? String else { continue }
                let survivor = detail.hasPrefix("duplicate of ") ? String(detail.dropFirst(13).prefix { $0 != " " }) : ""
                outcome.removed[id] = survivor
            }
        }
        for object in try Self.objects(output + "/documents.jsonl.zst") {
            guard let id = object["id"] as? String else { continue }
            if object["dedup"] != nil { outcome.clustered.insert(id) }
        }
        return (outcome, seconds, cpuSeconds)
    }

    struct PeerOutcome { var removed: Set<String>; var clustered: Set<String>; var seconds: Double; var cpuSeconds: Double }

    func runDatatrove(_ input: String) throws -> PeerOutcome {
        let work = workDirectory + "/datatrove"
        try? FileManager.default.removeItem(atPath: work)
        let output = try PeerScript.run("bench_dedup_peer.py", arguments: [input, work],
                                        hint: "pip install 'datatrove==0.10.1' spacy 'xxhash<4' (scripts/ensure-python.sh --dedup)")
        guard let last = String(decoding: output, as: UTF8.self).split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any] else {
            throw PriorMixError(.internalFailure, "bench_dedup_peer.py printed no result")
        }
        let clusters = (object["clusters"] as? [String: Int]) ?? [:]
        return PeerOutcome(removed: Set((object["removed"] as? [String]) ?? []), clustered: Set(clusters.filter { $0.value >= 0 }.keys),
                           seconds: object["seconds"] as? Double ?? 0, cpuSeconds: object["cpu_seconds"] as? Double ?? 0)
    }

    public func run(log: (String) -> Void) throws -> Result {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let originals = try Self.load(corpusPath)
        guard originals.count >= 10 else { throw PriorMixError(.usage, "the corpus has fewer than 10 documents", file: corpusPath) }
        var vocabulary: [String] = []
        for text in originals.prefix(200) { vocabulary += text.text.split(separator: " ").prefix(200).map(String.init) }
        var random = SplitMix64(seed: seed)
        let shingler = ShingleHasher(words: 5)
        let eligible = originals.indices.filter { originals[$0].text.split(separator: " ").count >= 30 }
        var corpus = originals
        var pairs: [(original: String, variant: String, similarity: Double)] = []
        let rates = [0.02, 0.05, 0.08, 0.12, 0.16, 0.2, 0.3, 0.45]
        for number in 0..<variants {
            let source = originals[eligible[Int(random.next() % UInt64(eligible.count))]]
            let edit = Edit.allCases[number % 3]
            let rate = edit == .boilerplate ? [0.05, 0.1, 0.2, 0.3, 0.5][Int(random.next() % 5)] : rates[Int(random.next() % UInt64(rates.count))]
            let text = Self.variant(of: source.text, edit: edit, rate: rate, vocabulary: vocabulary, random: &random)
            let id = "variant-\(number)-\(edit.rawValue)-of-\(source.id)"
            corpus.append(Text(id: id, text: text))
            pairs.append((source.id, id, Self.jaccard(Set(shingler.shingles(source.text)), Set(shingler.shingles(text)))))
        }
        let agreementPath = workDirectory + "/dedup-agreement.jsonl"
        try Self.writeJSONL(corpus, to: agreementPath)
        log("bench dedup: \(originals.count) documents from \(corpusPath) + \(variants) variants → \(agreementPath)")
        let (mine, _, _) = try runPriorMix(agreementPath, output: workDirectory + "/dedup-agreement-out", threads: threads)
        var peer: PeerOutcome?
        var note: String?
        if runPeer {
            do {
                log("bench dedup: datatrove on the agreement corpus")
                peer = try runDatatrove(agreementPath)
            } catch {
                note = "datatrove did not run: \(error)"
            }
        }
        // Recall per similarity bin: a pair is found when its variant is removed.
        let edges = [0.0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0001]
        var bins: [Bin] = []
        for (lower, upper) in zip(edges, edges.dropFirst()) {
            let inBin = pairs.filter { $0.similarity >= lower && $0.similarity < upper }
            guard !inBin.isEmpty else { continue }
            let theory = inBin.map { DedupOptions(mode: .minhash).candidateProbability(similarity: $0.similarity) }.reduce(0, +) / Double(inBin.count)
            let found = Double(inBin.filter { mine.removed[$0.variant] != nil }.count) / Double(inBin.count)
            let peerFound = peer.map { p in Double(inBin.filter { p.removed.contains($0.variant) }.count) / Double(inBin.count) }
            bins.append(Bin(lower: lower, upper: min(upper, 1), pairs: inBin.count, theory: theory, priormixRecall: found, datatroveRecall: peerFound))
        }
        // Precision: how similar each removed document really is to the survivor that replaced it.
        let texts = Dictionary(corpus.map { ($0.id, $0.text) }, uniquingKeysWith: { a, _ in a })
        var bySimilarity: [String: Int] = [:]
        for (id, survivor) in mine.removed {
            let similarity = Self.jaccard(Set(shingler.shingles(texts[id] ?? "")), Set(shingler.shingles(texts[survivor] ?? "")))
            bySimilarity[similarity >= 0.8 ? "≥0.8" : similarity >= 0.6 ? "0.6–0.8" : "<0.6", default: 0] += 1
        }
        var result = Result(documents: corpus.count, injected: variants, bins: bins, priormixRemoved: mine.removed.count,
                            datatroveRemoved: peer?.removed.count,
                            expectedVariantDisagreement: pairs.map { pair -> Double in
                                let p = DedupOptions(mode: .minhash).candidateProbability(similarity: pair.similarity)
                                return 2 * p * (1 - p)
                            }.reduce(0, +),
                            removalsBySimilarity: bySimilarity, note: note)
        if let peer {
            let ids = corpus.map(\.id)
            let mineClustered = mine.clustered.union(mine.removed.keys), peerClustered = peer.clustered.union(peer.removed)
            result.removedAgreement = Double(ids.filter { (mine.removed[$0] != nil) == peer.removed.contains($0) }.count) / Double(ids.count)
            result.clusterAgreement = Double(ids.filter { mineClustered.contains($0) == peerClustered.contains($0) }.count) / Double(ids.count)
            let variantIDs = Set(pairs.map(\.variant))
            let differing = ids.filter { (mine.removed[$0] != nil) != peer.removed.contains($0) }
            result.disagreeingVariants = differing.filter { variantIDs.contains($0) }.count
            result.disagreeingOthers = differing.count - result.disagreeingVariants!
            try AtomicOutputFile.write(Array(differing.joined(separator: "\n").utf8), to: workDirectory + "/dedup-disagreements.txt")
        }
        if sizeMB > 0 { result.speed = try measureSpeed(originals: originals, vocabulary: vocabulary, log: log) }
        return result
    }

    /// The corpus repeated to `megabytes`, each copy with every tenth word replaced (so copies are
    /// related but rarely candidates), written as JSONL.
    private func speedCorpus(_ originals: [Text], vocabulary: [String], megabytes: Int, path: String) throws -> Double {
        var random = SplitMix64(seed: seed &+ 1)
        var texts: [Text] = []
        var bytes = 0
        var copy = 0
        while bytes < megabytes * 1_000_000 {
            for original in originals where bytes < megabytes * 1_000_000 {
                var words = original.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                if copy > 0 { for index in stride(from: Int(random.next() % 10), to: words.count, by: 10) { words[index] = vocabulary[Int(random.next() % UInt64(vocabulary.count))] } }
                let text = words.joined(separator: " ")
                texts.append(Text(id: "\(original.id)#\(copy)", text: text))
                bytes += text.utf8.count + original.id.utf8.count + 24
            }
            copy += 1
        }
        try Self.writeJSONL(texts, to: path)
        return Double(FileRecords.fileSize(path) ?? 0) / 1e6
    }

    /// Runs the three steps as `priormix dedup --step …` processes, each measured alone.
    private func runSteps(_ input: String, threads: Int) throws -> [String: MeasuredChild] {
        let output = workDirectory + "/dedup-speed-out"
        try? FileManager.default.removeItem(atPath: output)
        var steps: [String: MeasuredChild] = [:]
        for step in ["signatures", "merge", "remove"] {
            let child = try MeasuredChild.run(MeasuredChild.priormix, ["dedup", input, "-o", output, "--step", step, "--threads", String(threads), "--quiet"])
            guard child.status == 0 else {
                throw PriorMixError(.internalFailure, "priormix dedup --step \(step) exited \(child.status)", file: input)
            }
            steps[step] = child
        }
        return steps
    }

    private func measureSpeed(originals: [Text], vocabulary: [String], log: (String) -> Void) throws -> Speed {
        let half = workDirectory + "/dedup-speed-half.jsonl", full = workDirectory + "/dedup-speed.jsonl"
        _ = try speedCorpus(originals, vocabulary: vocabulary, megabytes: max(1, sizeMB / 2), path: half)
        let megabytes = try speedCorpus(originals, vocabulary: vocabulary, megabytes: sizeMB, path: full)
        log(String(format: "bench dedup: priormix dedup on %.1f MB, step by step (half size first, for peak RSS)", megabytes))
        let halfSteps = try runSteps(half, threads: 1)
        let oneThread = try runSteps(full, threads: 1)
        let allThreads = try runSteps(full, threads: threads)
        func rss(_ steps: [String: MeasuredChild]) -> [String: Double] { steps.mapValues { Double($0.peakResidentBytes) / 1e6 } }
        func total(_ steps: [String: MeasuredChild], _ value: (MeasuredChild) -> Double) -> Double { steps.values.map(value).reduce(0, +) }
        var speed = Speed(megabytes: megabytes, priormixSeconds: total(oneThread, \.seconds), priormixCPUSeconds: total(oneThread, \.cpuSeconds),
                          priormixAllThreadsSeconds: total(allThreads, \.seconds), peakRSSHalf: rss(halfSteps), peakRSSFull: rss(oneThread))
        speed.stepSeconds = oneThread.mapValues(\.seconds)
        speed.stepCPUSeconds = oneThread.mapValues(\.cpuSeconds)
        if runPeer {
            log("bench dedup: datatrove on the speed corpus (one core)")
            if let peer = try? runDatatrove(full) {
                speed.datatroveSeconds = peer.seconds
                speed.datatroveCPUSeconds = peer.cpuSeconds
            }
        }
        return speed
    }
}
