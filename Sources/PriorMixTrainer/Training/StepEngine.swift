import Dispatch
import PriorMix

/// Where training windows come from: the shards (`WindowSampler`) or, for benchmarks, anything
/// that fills `length` inputs and targets for (step, sequence).
public protocol WindowSource: Sendable {
    func window(step: Int, sequence: Int, inputs: UnsafeMutablePointer<Int32>, targets: UnsafeMutablePointer<Int32>)
}

extension WindowSampler: WindowSource {}

/// The optimizer step, apart from any file: splits each micro-batch across worker threads (each
/// with its own workspace and gradient buffer, BLAS single-threaded inside), sums the workers'
/// gradients in worker order — so a step's result depends on the thread count but never on
/// timing — clips the global norm and applies AdamW.
public final class StepEngine: @unchecked Sendable {
    public let model: LlamaModel<Float>
    public let optimizer: AdamW
    public let options: TrainingOptions
    let workers: Int
    private let workspaces: [Workspace<Float>]
    private let gradients: [TensorBuffer<Float>]

    public init(model: LlamaModel<Float>, options: TrainingOptions) {
        self.model = model
        self.options = options
        optimizer = AdamW(layout: model.layout)
        workers = max(1, min(options.threads, options.batchSize))
        let perWorker = (options.batchSize + workers - 1) / workers
        workspaces = (0..<workers).map { _ in Workspace(config: model.config, batch: perWorker, length: model.config.contextLength) }
        gradients = (0..<workers).map { _ in TensorBuffer(count: model.layout.count) }
        BLASThreads.set(1)
    }

    public var tokensPerStep: Int { options.batchSize * options.accumulation * model.config.contextLength }

    /// The sequences of a micro-batch that worker `w` handles.
    private func slice(_ w: Int) -> Range<Int> {
        let b = options.batchSize
        return (w * b / workers)..<((w + 1) * b / workers)
    }

    /// Optimizer step `step` (0-based); returns the mean loss over its tokens and the gradient norm
    /// before clipping.
    public func step(_ step: Int, source: WindowSource) throws -> (loss: Double, gradientNorm: Double) {
        let t = model.config.contextLength, b = options.batchSize
        let scale = Float(1 / Double(tokensPerStep))
        var losses = [Double](repeating: 0, count: workers)
        var failures = [PriorMixError?](repeating: nil, count: workers)
        let vocabulary = Int32(model.config.vocabularySize)
        let model = self.model, options = self.options, workspaces = self.workspaces, gradients = self.gradients
        losses.withUnsafeMutableBufferPointer { losses in
            failures.withUnsafeMutableBufferPointer { failures in
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let sequences = slice(w)
                    gradients[w].zero()
                    var inputs = [Int32](repeating: 0, count: sequences.count * t), targets = inputs
                    for micro in 0..<options.accumulation {
                        inputs.withUnsafeMutableBufferPointer { i in
                            targets.withUnsafeMutableBufferPointer { o in
                                for (row, sequence) in sequences.enumerated() {
                                    source.window(step: step, sequence: micro * b + sequence, inputs: i.baseAddress! + row * t, targets: o.baseAddress! + row * t)
                                }
                            }
                        }
                        if let bad = inputs.first(where: { $0 < 0 || $0 >= vocabulary }) ?? targets.first(where: { $0 < 0 || $0 >= vocabulary }) {
                            failures[w] = PriorMixError(.corruptInput, "token id \(bad) is outside the model's vocabulary of \(vocabulary)",
                                                        hint: "the shards and their manifest disagree; rebuild the shard set")
                            return
                        }
                        losses[w] += model.loss(tokens: inputs, targets: targets, batch: sequences.count, length: t,
                                                workspace: workspaces[w], gradient: gradients[w], gradientScale: scale)
                    }
                }
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        let total = gradients[0].pointer, count = gradients[0].count
        for w in 1..<workers {
            let g = gradients[w].pointer
            for i in 0..<count { total[i] += g[i] }
        }
        var squares = 0.0
        for i in 0..<count { squares += Double(total[i]) * Double(total[i]) }
        let norm = squares.squareRoot()
        if options.gradientClip > 0 && norm > options.gradientClip {
            let factor = Float(options.gradientClip / norm)
            for i in 0..<count { total[i] *= factor }
        }
        optimizer.update(parameters: model.parameters, gradient: gradients[0], learningRate: options.learningRate(at: step), options: options)
        return (losses.reduce(0, +) / Double(tokensPerStep), norm)
    }

    /// Summed loss of each window (shard, offset, length), spread over the workers.
    func losses(of windows: [(shard: TokenShard, offset: Int, length: Int)]) -> [Double] {
        var losses = [Double](repeating: 0, count: windows.count)
        let model = self.model, workspaces = self.workspaces, workers = self.workers
        losses.withUnsafeMutableBufferPointer { losses in
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for index in stride(from: w, to: windows.count, by: workers) {
                    let window = windows[index]
                    let tokens = window.shard.tokens(from: window.offset, count: window.length + 1)
                    losses[index] = model.loss(tokens: Array(tokens.dropLast()), targets: Array(tokens.dropFirst()), batch: 1,
                                               length: window.length, workspace: workspaces[w])
                }
            }
        }
        return losses
    }
}
