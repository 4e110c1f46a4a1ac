import PriorMix

/// Samples continuations from a trained model: temperature and top-k over the last position's
/// logits, a seeded generator so the same call gives the same text, and a sliding window once the
/// text outgrows the context.
public struct TextGenerator {
    public let model: LlamaModel<Float>
    public var temperature = 0.8
    public var topK = 40
    public var seed: UInt64 = 42

    public init(model: LlamaModel<Float>) {
        self.model = model
    }

    /// Up to `count` new ids after `prompt`, stopping early at `stop` (not included).
    public func continuation(of prompt: [UInt32], count: Int, stop: UInt32? = nil) -> [UInt32] {
        let context = model.config.contextLength
        let workspace = Workspace<Float>(config: model.config, batch: 1, length: context)
        var random = SplitMix64(seed: seed)
        var tokens = prompt.map { Int32(bitPattern: $0) }
        if tokens.isEmpty, let eot = model.config.endOfTextID { tokens = [Int32(eot)] }
        var produced: [UInt32] = []
        for _ in 0..<count {
            let window = Array(tokens.suffix(context))
            let logits = model.logits(tokens: window, workspace: workspace)
            let last = Array(logits[(window.count - 1) * model.config.vocabularySize..<window.count * model.config.vocabularySize])
            let next = sample(last, &random)
            if let stop, next == stop { break }
            produced.append(next)
            tokens.append(Int32(bitPattern: next))
        }
        return produced
    }

    func sample(_ logits: [Float], _ random: inout SplitMix64) -> UInt32 {
        if temperature <= 0 { return UInt32(logits.indices.max { logits[$0] < logits[$1] }!) }
        var candidates = Array(logits.indices)
        if topK > 0 && topK < candidates.count {
            candidates.sort { logits[$0] > logits[$1] }
            candidates = Array(candidates.prefix(topK))
        }
        let maximum = candidates.map { Double(logits[$0]) }.max()!
        let weights = candidates.map { Double.exponential((Double(logits[$0]) - maximum) / temperature) }
        var draw = Double(random.next() >> 11) * 0x1p-53 * weights.reduce(0, +)
        for (candidate, weight) in zip(candidates, weights) {
            draw -= weight
            if draw < 0 { return UInt32(candidate) }
        }
        return UInt32(candidates.last!)
    }
}
