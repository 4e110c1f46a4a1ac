import Foundation

/// Supervised fastText training (softmax or one-vs-all loss, word n-grams, linearly decaying
/// learning rate). Single-threaded with a seeded generator, so the same data and seed give the
/// same model bytes; the examples are streamed once per epoch, never held in memory.
public struct FastTextTrainer {
    public var args = FastTextArgs()
    public var learningRate: Double = 0.5
    public var seed: UInt64 = 42

    public init() {}

    /// Calls `visit` once per example (text and its labels, without any prefix); called once to
    /// build the dictionary and once per epoch.
    public typealias ExampleSource = (_ visit: (String, [String]) throws -> Void) throws -> Void

    public func train(_ source: ExampleSource) throws -> FastTextModel {
        let dictionary = try buildDictionary(source)
        guard dictionary.labelCount > 0 else {
            throw PriorMixError(.malformedInput, "no labelled example to train on", hint: "each example needs at least one label")
        }
        let dim = Int(args.dim)
        var random = SplitMix64(seed: seed)
        let rows = dictionary.wordCount + Int(args.bucket)
        let bound = 1.0 / Double(dim)
        var input = (0..<(rows * dim)).map { _ in Float((Double(random.next() >> 11) / Double(1 << 53)) * 2 * bound - bound) }
        var output = [Float](repeating: 0, count: dictionary.labelCount * dim)
        var labelIndex: [String: Int32] = [:]
        for index in 0..<dictionary.labelCount { labelIndex[dictionary.label(index)] = Int32(index) }

        let totalTokens = Double(dictionary.tokenCount) * Double(args.epoch)
        var processedTokens = 0.0
        var hidden = [Float](repeating: 0, count: dim)
        var gradient = [Float](repeating: 0, count: dim)
        var scores = [Float](repeating: 0, count: dictionary.labelCount)
        for _ in 0..<Int(args.epoch) {
            try source { text, labels in
                var text = text
                var ignored: [Int32] = []
                let ids = text.withUTF8 { dictionary.features(of: $0, labels: &ignored) }
                processedTokens += Double(Self.tokenCount(text) + 1)
                let targets = labels.compactMap { labelIndex[$0] }
                guard !ids.isEmpty, !targets.isEmpty else { return }
                let rate = Float(learningRate * max(0, 1 - processedTokens / totalTokens))
                // Hidden layer: the mean of the feature rows.
                for d in 0..<dim { hidden[d] = 0 }
                for id in ids { let base = Int(id) * dim; for d in 0..<dim { hidden[d] += input[base + d] } }
                let scale = 1 / Float(ids.count)
                for d in 0..<dim { hidden[d] *= scale; gradient[d] = 0 }
                for label in 0..<dictionary.labelCount {
                    var dot: Float = 0
                    let base = label * dim
                    for d in 0..<dim { dot += output[base + d] * hidden[d] }
                    scores[label] = dot
                }
                if args.loss == .oneVsAll {
                    for label in 0..<dictionary.labelCount {
                        let target: Float = targets.contains(Int32(label)) ? 1 : 0
                        let alpha = rate * (target - 1 / (1 + exp(-scores[label])))
                        Self.update(label: label, alpha: alpha, output: &output, hidden: hidden, gradient: &gradient, dim: dim)
                    }
                } else {
                    // Softmax takes one target per example; several labels take turns at random.
                    let target = Int(targets[Int(random.next() % UInt64(targets.count))])
                    let maximum = scores.max() ?? 0
                    var total: Float = 0
                    for label in scores.indices { scores[label] = exp(scores[label] - maximum); total += scores[label] }
                    for label in 0..<dictionary.labelCount {
                        let alpha = rate * ((label == target ? 1 : 0) - scores[label] / total)
                        Self.update(label: label, alpha: alpha, output: &output, hidden: hidden, gradient: &gradient, dim: dim)
                    }
                }
                for d in 0..<dim { gradient[d] *= scale }
                for id in ids { let base = Int(id) * dim; for d in 0..<dim { input[base + d] += gradient[d] } }
            }
        }
        return FastTextModel(args: args, dictionary: dictionary, input: input, output: output)
    }

    @inline(__always)
    private static func update(label: Int, alpha: Float, output: inout [Float], hidden: [Float], gradient: inout [Float], dim: Int) {
        let base = label * dim
        for d in 0..<dim {
            gradient[d] += alpha * output[base + d]
            output[base + d] += alpha * hidden[d]
        }
    }

    static func tokenCount(_ text: String) -> Int {
        var count = 0
        var inToken = false
        for byte in text.utf8 {
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0
            if isSpace { inToken = false } else if !inToken { inToken = true; count += 1 }
        }
        return count
    }

    /// Counts words and labels, keeps words seen at least `minCount` times, and orders entries as
    /// fastText does: words before labels, each by descending count (ties by bytes, for determinism).
    func buildDictionary(_ source: ExampleSource) throws -> FastTextDictionary {
        var wordCounts: [[UInt8]: Int64] = [:]
        var labelCounts: [[UInt8]: Int64] = [:]
        var tokens: Int64 = 0
        try source { text, labels in
            var start = -1
            let bytes = Array(text.utf8)
            func addWord(_ range: Range<Int>) {
                let word = Array(bytes[range])
                if word.starts(with: FastTextDictionary.labelPrefix) { return }
                wordCounts[word, default: 0] += 1
            }
            for index in 0..<bytes.count {
                let byte = bytes[index]
                let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0
                if isSpace { if start >= 0 { addWord(start..<index); tokens += 1; start = -1 } } else if start < 0 { start = index }
            }
            if start >= 0 { addWord(start..<bytes.count); tokens += 1 }
            wordCounts[FastTextDictionary.endOfSentence, default: 0] += 1
            tokens += 1
            for label in labels { labelCounts[FastTextDictionary.labelPrefix + Array(label.utf8), default: 0] += 1 }
        }
        func ordered(_ counts: [[UInt8]: Int64]) -> [([UInt8], Int64)] {
            counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
        }
        let words = ordered(wordCounts.filter { $0.value >= Int64(args.minCount) })
        let entries = words.map { FastTextDictionary.Entry(word: $0.0, count: $0.1, type: .word) }
            + ordered(labelCounts).map { FastTextDictionary.Entry(word: $0.0, count: $0.1, type: .label) }
        return FastTextDictionary(entries: entries, tokenCount: tokens, args: args)
    }
}
