/// RMSNorm as Llama uses it: `y = w ⊙ x / sqrt(mean(x²) + eps)`, the reciprocal root kept per row
/// for the backward pass.
enum RMSNorm {
    static func forward<S: TrainerScalar>(_ x: UnsafePointer<S>, weight: UnsafePointer<S>, into y: UnsafeMutablePointer<S>,
                                          inverseRoot: UnsafeMutablePointer<S>, rows: Int, width: Int, eps: S) {
        for row in 0..<rows {
            let xr = x + row * width, yr = y + row * width
            var sum: S = 0
            for i in 0..<width { sum += xr[i] * xr[i] }
            let r = 1 / (sum / S(width) + eps).squareRoot()
            inverseRoot[row] = r
            for i in 0..<width { yr[i] = weight[i] * (xr[i] * r) }
        }
    }

    /// `dx = r (w ⊙ dy) − r³/n · x · Σ(w ⊙ dy ⊙ x)`, added to `dx`; `dw += Σ_rows dy ⊙ x r`.
    static func backward<S: TrainerScalar>(_ dy: UnsafePointer<S>, x: UnsafePointer<S>, weight: UnsafePointer<S>,
                                           inverseRoot: UnsafePointer<S>, addingInto dx: UnsafeMutablePointer<S>,
                                           weightGradient dw: UnsafeMutablePointer<S>, rows: Int, width: Int) {
        for row in 0..<rows {
            let xr = x + row * width, dyr = dy + row * width, dxr = dx + row * width
            let r = inverseRoot[row]
            var dot: S = 0
            for i in 0..<width {
                dot += dyr[i] * weight[i] * xr[i]
                dw[i] += dyr[i] * xr[i] * r
            }
            let c = r * r * r * dot / S(width)
            for i in 0..<width { dxr[i] += r * weight[i] * dyr[i] - c * xr[i] }
        }
    }
}
