/// Llama's gated MLP activation: `silu(gate) ⊙ up`.
enum SwiGLU {
    static func forward<S: TrainerScalar>(gate: UnsafePointer<S>, up: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            y[i] = g / (1 + S.exponential(-g)) * up[i]
        }
    }

    /// `d gate = dy ⊙ up ⊙ σ(g)(1 + g(1 − σ(g)))`, `d up = dy ⊙ silu(g)`.
    static func backward<S: TrainerScalar>(_ dy: UnsafePointer<S>, gate: UnsafePointer<S>, up: UnsafePointer<S>,
                                           gateGradient: UnsafeMutablePointer<S>, upGradient: UnsafeMutablePointer<S>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            let sigmoid = 1 / (1 + S.exponential(-g))
            upGradient[i] = dy[i] * g * sigmoid
            gateGradient[i] = dy[i] * up[i] * sigmoid * (1 + g * (1 - sigmoid))
        }
    }
}
