/// Grouped-query causal self-attention over rotated queries and keys, one (sequence, head) pair at a
/// time with strided matrix products straight out of the `[batch·length, heads·d]` projections.
/// Query head `h` reads key/value head `h / (heads / keyValueHeads)`, as HuggingFace's `repeat_kv` does.
struct CausalAttention {
    let heads: Int
    let keyValueHeads: Int
    let headDimension: Int

    var queryWidth: Int { heads * headDimension }
    var keyValueWidth: Int { keyValueHeads * headDimension }

    /// Writes the attention output and keeps the probabilities `[batch, heads, length, length]`.
    func forward<S: TrainerScalar>(query q: UnsafePointer<S>, key k: UnsafePointer<S>, value v: UnsafePointer<S>,
                                   probabilities: UnsafeMutablePointer<S>, into out: UnsafeMutablePointer<S>,
                                   batch: Int, length t: Int) {
        let scale = 1 / S(headDimension).squareRoot()
        let group = heads / keyValueHeads
        for b in 0..<batch {
            for h in 0..<heads {
                let qh = q + b * t * queryWidth + h * headDimension
                let kh = k + b * t * keyValueWidth + (h / group) * headDimension
                let vh = v + b * t * keyValueWidth + (h / group) * headDimension
                let p = probabilities + (b * heads + h) * t * t
                S.gemm(transposeA: false, transposeB: true, m: t, n: t, k: headDimension, alpha: scale,
                       a: qh, lda: queryWidth, b: kh, ldb: keyValueWidth, beta: 0, c: p, ldc: t)
                for i in 0..<t {
                    let row = p + i * t
                    var maximum = row[0]
                    for j in 0...i where row[j] > maximum { maximum = row[j] }
                    var sum: S = 0
                    for j in 0...i {
                        row[j] = S.exponential(row[j] - maximum)
                        sum += row[j]
                    }
                    let inverse = 1 / sum
                    for j in 0...i { row[j] *= inverse }
                    for j in (i + 1)..<t { row[j] = 0 }
                }
                S.gemm(transposeA: false, transposeB: false, m: t, n: headDimension, k: t, alpha: 1,
                       a: p, lda: t, b: vh, ldb: keyValueWidth, beta: 0, c: out + b * t * queryWidth + h * headDimension, ldc: queryWidth)
            }
        }
    }

    /// Gradients of queries (overwritten), keys and values (overwritten: zeroed here, then summed
    /// over the query heads that share them). `scratch` holds `length²` scalars.
    func backward<S: TrainerScalar>(_ dOut: UnsafePointer<S>, query q: UnsafePointer<S>, key k: UnsafePointer<S>, value v: UnsafePointer<S>,
                                    probabilities: UnsafePointer<S>, queryGradient dq: UnsafeMutablePointer<S>,
                                    keyGradient dk: UnsafeMutablePointer<S>, valueGradient dv: UnsafeMutablePointer<S>,
                                    scratch: UnsafeMutablePointer<S>, batch: Int, length t: Int) {
        let scale = 1 / S(headDimension).squareRoot()
        let group = heads / keyValueHeads
        dk.update(repeating: 0, count: batch * t * keyValueWidth)
        dv.update(repeating: 0, count: batch * t * keyValueWidth)
        for b in 0..<batch {
            for h in 0..<heads {
                let kvOffset = b * t * keyValueWidth + (h / group) * headDimension
                let qOffset = b * t * queryWidth + h * headDimension
                let p = probabilities + (b * heads + h) * t * t
                let dOh = dOut + qOffset
                // dP = dO Vᵀ, dV += Pᵀ dO
                S.gemm(transposeA: false, transposeB: true, m: t, n: t, k: headDimension, alpha: 1,
                       a: dOh, lda: queryWidth, b: v + kvOffset, ldb: keyValueWidth, beta: 0, c: scratch, ldc: t)
                S.gemm(transposeA: true, transposeB: false, m: t, n: headDimension, k: t, alpha: 1,
                       a: p, lda: t, b: dOh, ldb: queryWidth, beta: 1, c: dv + kvOffset, ldc: keyValueWidth)
                // Softmax backward: dS = scale · P ⊙ (dP − rowsum(P ⊙ dP)); masked entries have P = 0.
                for i in 0..<t {
                    let pr = p + i * t, dr = scratch + i * t
                    var dot: S = 0
                    for j in 0...i { dot += pr[j] * dr[j] }
                    for j in 0...i { dr[j] = scale * pr[j] * (dr[j] - dot) }
                    for j in (i + 1)..<t { dr[j] = 0 }
                }
                S.gemm(transposeA: false, transposeB: false, m: t, n: headDimension, k: t, alpha: 1,
                       a: scratch, lda: t, b: k + kvOffset, ldb: keyValueWidth, beta: 0, c: dq + qOffset, ldc: queryWidth)
                S.gemm(transposeA: true, transposeB: false, m: t, n: headDimension, k: t, alpha: 1,
                       a: scratch, lda: t, b: q + qOffset, ldb: queryWidth, beta: 1, c: dk + kvOffset, ldc: keyValueWidth)
            }
        }
    }
}
