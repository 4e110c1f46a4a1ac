import Foundation
import PriorMix

/// A Llama-3-style decoder — token embedding, per layer RMSNorm → grouped-query causal attention
/// with rotary positions → residual, RMSNorm → SwiGLU MLP → residual, then a final RMSNorm and an
/// untied output head — with a hand-written backward pass. All weights live in one flat buffer
/// (`ParameterLayout`); activations live in a caller-owned `Workspace`, so one model can serve
/// several worker threads at once.
public final class LlamaModel<S: TrainerScalar>: @unchecked Sendable {
    public let config: ModelConfig
    public let layout: ParameterLayout
    public let parameters: TensorBuffer<S>
    let rotary: RotaryEmbedding<S>
    let attention: CausalAttention

    public init(config: ModelConfig, parameters: TensorBuffer<S>? = nil) throws {
        try config.validate()
        self.config = config
        layout = ParameterLayout(config)
        if let parameters, parameters.count != layout.count {
            throw PriorMixError(.malformedInput, "\(parameters.count) parameters given for a model of \(layout.count)")
        }
        self.parameters = parameters ?? TensorBuffer(count: layout.count)
        rotary = RotaryEmbedding(headDimension: config.headDimension, length: config.contextLength, theta: config.ropeTheta)
        attention = CausalAttention(heads: config.heads, keyValueHeads: config.keyValueHeads, headDimension: config.headDimension)
    }

    /// HuggingFace's Llama initialisation: every matrix from N(0, 0.02²), norm gains 1.
    public static func initialized(config: ModelConfig, seed: UInt64, standardDeviation: Double = 0.02) throws -> LlamaModel {
        let model = try LlamaModel(config: config)
        var random = SplitMix64(seed: seed)
        for entry in model.layout.entries {
            let p = model.parameters.pointer + entry.offset
            if entry.decays {
                for i in 0..<entry.count { p[i] = S(random.nextGaussian() * standardDeviation) }
            } else {
                p.update(repeating: 1, count: entry.count)
            }
        }
        return model
    }

    func weight(_ offset: Int) -> UnsafeMutablePointer<S> { parameters.pointer + offset }

    /// Summed next-token loss of `batch` rows of `length` tokens (`targets` are the tokens shifted by
    /// one). With `gradient`, adds `gradientScale · ∂loss/∂θ` to it.
    public func loss(tokens: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, batch: Int, length: Int,
                     workspace ws: Workspace<S>, gradient: TensorBuffer<S>? = nil, gradientScale: S = 1) -> Double {
        precondition(batch <= ws.batch && length <= ws.length && length <= config.contextLength, "workspace too small")
        forward(tokens: tokens, batch: batch, length: length, workspace: ws)
        let rows = batch * length, d = config.hiddenSize, v = config.vocabularySize
        var total = 0.0
        var start = 0
        while start < rows {
            let count = min(ws.headRows, rows - start)
            let xn = ws.finalNormed.pointer + start * d
            Linear.forward(xn, weight: weight(layout.head), into: ws.logits.pointer, rows: count, inputs: d, outputs: v)
            total += CrossEntropy.lossAndGradient(ws.logits.pointer, targets: targets + start, rows: count, classes: v,
                                                  gradientScale: gradient == nil ? nil : gradientScale)
            if let gradient {
                Linear.backward(ws.logits.pointer, x: xn, weight: weight(layout.head), inputGradient: ws.normedGradient.pointer + start * d,
                                accumulate: false, weightGradient: gradient.pointer + layout.head, rows: count, inputs: d, outputs: v)
            }
            start += count
        }
        if let gradient { backward(tokens: tokens, batch: batch, length: length, workspace: ws, gradient: gradient) }
        return total
    }

    /// Logits `[length, vocabulary]` of one sequence (inference and parity checks).
    public func logits(tokens: [Int32], workspace: Workspace<S>? = nil) -> [S] {
        let length = tokens.count
        let ws = workspace ?? Workspace(config: config, batch: 1, length: length)
        tokens.withUnsafeBufferPointer { forward(tokens: $0.baseAddress!, batch: 1, length: length, workspace: ws) }
        let v = config.vocabularySize
        var result = [S](repeating: 0, count: length * v)
        result.withUnsafeMutableBufferPointer { out in
            Linear.forward(ws.finalNormed.pointer, weight: weight(layout.head), into: out.baseAddress!, rows: length, inputs: config.hiddenSize, outputs: v)
        }
        return result
    }

    func forward(tokens: UnsafePointer<Int32>, batch: Int, length: Int, workspace ws: Workspace<S>) {
        let rows = batch * length, d = config.hiddenSize, f = config.intermediateSize
        let eps = S(config.rmsNormEps)
        Embedding.forward(tokens: tokens, table: weight(layout.embedding), into: (ws.layers.first?.input ?? ws.final).pointer, rows: rows, width: d)
        for (index, w) in layout.layers.enumerated() {
            let a = ws.layers[index]
            RMSNorm.forward(a.input.pointer, weight: weight(w.inputNorm), into: a.normed1.pointer, inverseRoot: a.inputRoot.pointer, rows: rows, width: d, eps: eps)
            Linear.forward(a.normed1.pointer, weight: weight(w.query), into: a.query.pointer, rows: rows, inputs: d, outputs: config.queryWidth)
            Linear.forward(a.normed1.pointer, weight: weight(w.key), into: a.key.pointer, rows: rows, inputs: d, outputs: config.keyValueWidth)
            Linear.forward(a.normed1.pointer, weight: weight(w.value), into: a.value.pointer, rows: rows, inputs: d, outputs: config.keyValueWidth)
            rotary.apply(a.query.pointer, rows: rows, sequenceLength: length, heads: config.heads)
            rotary.apply(a.key.pointer, rows: rows, sequenceLength: length, heads: config.keyValueHeads)
            attention.forward(query: a.query.pointer, key: a.key.pointer, value: a.value.pointer, probabilities: a.probabilities.pointer,
                              into: a.attention.pointer, batch: batch, length: length)
            Linear.forward(a.attention.pointer, weight: weight(w.output), into: a.middle.pointer, rows: rows, inputs: config.queryWidth, outputs: d)
            add(a.input.pointer, into: a.middle.pointer, count: rows * d)
            RMSNorm.forward(a.middle.pointer, weight: weight(w.postAttentionNorm), into: a.normed2.pointer, inverseRoot: a.middleRoot.pointer, rows: rows, width: d, eps: eps)
            Linear.forward(a.normed2.pointer, weight: weight(w.gate), into: a.gate.pointer, rows: rows, inputs: d, outputs: f)
            Linear.forward(a.normed2.pointer, weight: weight(w.up), into: a.up.pointer, rows: rows, inputs: d, outputs: f)
            SwiGLU.forward(gate: a.gate.pointer, up: a.up.pointer, into: a.activated.pointer, count: rows * f)
            let next = index + 1 < ws.layers.count ? ws.layers[index + 1].input : ws.final
            Linear.forward(a.activated.pointer, weight: weight(w.down), into: next.pointer, rows: rows, inputs: f, outputs: d)
            add(a.middle.pointer, into: next.pointer, count: rows * d)
        }
        RMSNorm.forward(ws.final.pointer, weight: weight(layout.finalNorm), into: ws.finalNormed.pointer, inverseRoot: ws.finalRoot.pointer,
                        rows: rows, width: d, eps: eps)
    }

    /// Runs after the head has left `∂loss/∂(final normed)` in `normedGradient`.
    func backward(tokens: UnsafePointer<Int32>, batch: Int, length: Int, workspace ws: Workspace<S>, gradient: TensorBuffer<S>) {
        let rows = batch * length, d = config.hiddenSize, f = config.intermediateSize
        let g = gradient.pointer
        let dResidual = ws.residualGradient.pointer, dNormed = ws.normedGradient.pointer
        dResidual.update(repeating: 0, count: rows * d)
        RMSNorm.backward(dNormed, x: ws.final.pointer, weight: weight(layout.finalNorm), inverseRoot: ws.finalRoot.pointer,
                         addingInto: dResidual, weightGradient: g + layout.finalNorm, rows: rows, width: d)
        for (index, w) in layout.layers.enumerated().reversed() {
            let a = ws.layers[index]
            // MLP branch; dResidual is ∂loss/∂(layer output) and becomes ∂loss/∂(middle).
            Linear.backward(dResidual, x: a.activated.pointer, weight: weight(w.down), inputGradient: ws.activatedGradient.pointer,
                            accumulate: false, weightGradient: g + w.down, rows: rows, inputs: f, outputs: d)
            SwiGLU.backward(ws.activatedGradient.pointer, gate: a.gate.pointer, up: a.up.pointer,
                            gateGradient: ws.gateGradient.pointer, upGradient: ws.upGradient.pointer, count: rows * f)
            Linear.backward(ws.gateGradient.pointer, x: a.normed2.pointer, weight: weight(w.gate), inputGradient: dNormed,
                            accumulate: false, weightGradient: g + w.gate, rows: rows, inputs: d, outputs: f)
            Linear.backward(ws.upGradient.pointer, x: a.normed2.pointer, weight: weight(w.up), inputGradient: dNormed,
                            accumulate: true, weightGradient: g + w.up, rows: rows, inputs: d, outputs: f)
            RMSNorm.backward(dNormed, x: a.middle.pointer, weight: weight(w.postAttentionNorm), inverseRoot: a.middleRoot.pointer,
                             addingInto: dResidual, weightGradient: g + w.postAttentionNorm, rows: rows, width: d)
            // Attention branch; dResidual becomes ∂loss/∂(layer input).
            Linear.backward(dResidual, x: a.attention.pointer, weight: weight(w.output), inputGradient: ws.attentionGradient.pointer,
                            accumulate: false, weightGradient: g + w.output, rows: rows, inputs: config.queryWidth, outputs: d)
            attention.backward(ws.attentionGradient.pointer, query: a.query.pointer, key: a.key.pointer, value: a.value.pointer,
                               probabilities: a.probabilities.pointer, queryGradient: ws.queryGradient.pointer,
                               keyGradient: ws.keyGradient.pointer, valueGradient: ws.valueGradient.pointer,
                               scratch: ws.scoreScratch.pointer, batch: batch, length: length)
            rotary.apply(ws.queryGradient.pointer, rows: rows, sequenceLength: length, heads: config.heads, inverse: true)
            rotary.apply(ws.keyGradient.pointer, rows: rows, sequenceLength: length, heads: config.keyValueHeads, inverse: true)
            Linear.backward(ws.queryGradient.pointer, x: a.normed1.pointer, weight: weight(w.query), inputGradient: dNormed,
                            accumulate: false, weightGradient: g + w.query, rows: rows, inputs: d, outputs: config.queryWidth)
            Linear.backward(ws.keyGradient.pointer, x: a.normed1.pointer, weight: weight(w.key), inputGradient: dNormed,
                            accumulate: true, weightGradient: g + w.key, rows: rows, inputs: d, outputs: config.keyValueWidth)
            Linear.backward(ws.valueGradient.pointer, x: a.normed1.pointer, weight: weight(w.value), inputGradient: dNormed,
                            accumulate: true, weightGradient: g + w.value, rows: rows, inputs: d, outputs: config.keyValueWidth)
            RMSNorm.backward(dNormed, x: a.input.pointer, weight: weight(w.inputNorm), inverseRoot: a.inputRoot.pointer,
                             addingInto: dResidual, weightGradient: g + w.inputNorm, rows: rows, width: d)
        }
        Embedding.backward(dResidual, tokens: tokens, tableGradient: g + layout.embedding, rows: rows, width: d)
    }

    private func add(_ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count: Int) {
        for i in 0..<count { y[i] += x[i] }
    }
}

extension SplitMix64 {
    /// A standard normal draw (Box–Muller), deterministic for the generator's state.
    mutating func nextGaussian() -> Double {
        let u1 = Double((next() >> 11) + 1) * 0x1p-53
        let u2 = Double(next() >> 11) * 0x1p-53
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
