/// The hidden states of the bundled model in HuggingFace's `output_hidden_states` numbering, which
/// the hypothesis paper's feature extraction uses: state 0 is the token embeddings, state i
/// (1 ≤ i < L) the output of decoder layer i, state L the last layer's output after the final
/// RMSNorm — L + 1 states for L layers.
extension LlamaModel {
    public var hiddenStateCount: Int { config.layers + 1 }

    /// Rows of hidden state `index` after `forward` has run on `workspace`.
    func hiddenState(_ index: Int, in ws: Workspace<S>) -> UnsafeMutablePointer<S> {
        if index == config.layers { return ws.finalNormed.pointer }
        return index < ws.layers.count ? ws.layers[index].input.pointer : ws.final.pointer
    }

    /// For each of `states`, the mean over the sequence's tokens of that hidden state, computed in
    /// Double: `states.count × hiddenSize` values.
    public func meanHiddenStates(tokens: [Int32], states: [Int], workspace: Workspace<S>) -> [Double] {
        precondition(!tokens.isEmpty && tokens.count <= workspace.length)
        tokens.withUnsafeBufferPointer { forward(tokens: $0.baseAddress!, batch: 1, length: tokens.count, workspace: workspace) }
        let d = config.hiddenSize
        var out = [Double](repeating: 0, count: states.count * d)
        for (slot, state) in states.enumerated() {
            let rows = hiddenState(state, in: workspace)
            for t in 0..<tokens.count {
                for j in 0..<d { out[slot * d + j] += Double(rows[t * d + j]) }
            }
            for j in 0..<d { out[slot * d + j] /= Double(tokens.count) }
        }
        return out
    }
}
