/// `y = x Wᵀ` for a weight stored `[out, in]` (torch.nn.Linear without bias), rows in a batch.
enum Linear {
    static func forward<S: TrainerScalar>(_ x: UnsafePointer<S>, weight: UnsafePointer<S>, into y: UnsafeMutablePointer<S>,
                                          rows: Int, inputs: Int, outputs: Int) {
        S.gemm(transposeA: false, transposeB: true, m: rows, n: outputs, k: inputs, alpha: 1,
               a: x, lda: inputs, b: weight, ldb: inputs, beta: 0, c: y, ldc: outputs)
    }

    /// Adds `dyᵀ x` to the weight gradient and writes (or, with `accumulate`, adds) `dy W` to `dx`.
    static func backward<S: TrainerScalar>(_ dy: UnsafePointer<S>, x: UnsafePointer<S>, weight: UnsafePointer<S>,
                                           inputGradient dx: UnsafeMutablePointer<S>, accumulate: Bool,
                                           weightGradient dw: UnsafeMutablePointer<S>, rows: Int, inputs: Int, outputs: Int) {
        S.gemm(transposeA: true, transposeB: false, m: outputs, n: inputs, k: rows, alpha: 1,
               a: dy, lda: outputs, b: x, ldb: inputs, beta: 1, c: dw, ldc: inputs)
        S.gemm(transposeA: false, transposeB: false, m: rows, n: inputs, k: outputs, alpha: 1,
               a: dy, lda: outputs, b: weight, ldb: inputs, beta: accumulate ? 1 : 0, c: dx, ldc: inputs)
    }
}
