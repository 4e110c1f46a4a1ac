/// Activations one worker keeps between its forward and backward pass, sized for a batch of
/// `batch` sequences of up to `length` tokens. Each worker thread owns one; nothing is shared.
public final class Workspace<S: TrainerScalar>: @unchecked Sendable {
    /// What one decoder layer saves for its backward pass.
    final class LayerActivations {
        let input, inputRoot, normed1, query, key, value, probabilities, attention: TensorBuffer<S>
        let middle, middleRoot, normed2, gate, up, activated: TensorBuffer<S>

        init(rows: Int, config: ModelConfig, batch: Int, length: Int) {
            let d = config.hiddenSize, f = config.intermediateSize
            input = TensorBuffer(count: rows * d)
            inputRoot = TensorBuffer(count: rows)
            normed1 = TensorBuffer(count: rows * d)
            query = TensorBuffer(count: rows * config.queryWidth)
            key = TensorBuffer(count: rows * config.keyValueWidth)
            value = TensorBuffer(count: rows * config.keyValueWidth)
            probabilities = TensorBuffer(count: batch * config.heads * length * length)
            attention = TensorBuffer(count: rows * config.queryWidth)
            middle = TensorBuffer(count: rows * d)
            middleRoot = TensorBuffer(count: rows)
            normed2 = TensorBuffer(count: rows * d)
            gate = TensorBuffer(count: rows * f)
            up = TensorBuffer(count: rows * f)
            activated = TensorBuffer(count: rows * f)
        }
    }

    public let batch: Int
    public let length: Int
    let layers: [LayerActivations]
    let final, finalRoot, finalNormed: TensorBuffer<S>
    /// Logits of one chunk of rows at a time: the full `[rows, vocabulary]` matrix is never held.
    let logits: TensorBuffer<S>
    let headRows: Int
    // Backward scratch.
    let residualGradient, normedGradient, queryGradient, keyGradient, valueGradient, attentionGradient: TensorBuffer<S>
    let gateGradient, upGradient, activatedGradient, scoreScratch: TensorBuffer<S>

    public init(config: ModelConfig, batch: Int, length: Int) {
        self.batch = batch
        self.length = length
        let rows = batch * length, d = config.hiddenSize, f = config.intermediateSize
        layers = (0..<config.layers).map { _ in LayerActivations(rows: rows, config: config, batch: batch, length: length) }
        final = TensorBuffer(count: rows * d)
        finalRoot = TensorBuffer(count: rows)
        finalNormed = TensorBuffer(count: rows * d)
        headRows = min(rows, max(16, (1 << 21) / max(config.vocabularySize, 1)))
        logits = TensorBuffer(count: headRows * config.vocabularySize)
        residualGradient = TensorBuffer(count: rows * d)
        normedGradient = TensorBuffer(count: rows * d)
        queryGradient = TensorBuffer(count: rows * config.queryWidth)
        keyGradient = TensorBuffer(count: rows * config.keyValueWidth)
        valueGradient = TensorBuffer(count: rows * config.keyValueWidth)
        attentionGradient = TensorBuffer(count: rows * config.queryWidth)
        gateGradient = TensorBuffer(count: rows * f)
        upGradient = TensorBuffer(count: rows * f)
        activatedGradient = TensorBuffer(count: rows * f)
        scoreScratch = TensorBuffer(count: length * length)
    }
}
