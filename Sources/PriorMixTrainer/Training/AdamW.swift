import Foundation

/// AdamW as PyTorch defines it: decoupled weight decay `θ ← θ(1 − lr·λ)` on matrices (not norm
/// gains), then the bias-corrected Adam step. Moments are kept in the parameters' flat layout.
public final class AdamW: @unchecked Sendable {
    public let firstMoment: TensorBuffer<Float>
    public let secondMoment: TensorBuffer<Float>
    public internal(set) var step = 0
    let layout: ParameterLayout

    public init(layout: ParameterLayout) {
        self.layout = layout
        firstMoment = TensorBuffer(count: layout.count)
        secondMoment = TensorBuffer(count: layout.count)
    }

    public func update(parameters: TensorBuffer<Float>, gradient: TensorBuffer<Float>, learningRate: Double, options: TrainingOptions) {
        step += 1
        let b1 = Float(options.beta1), b2 = Float(options.beta2), eps = Float(options.epsilon)
        let lr = Float(learningRate)
        let correction1 = 1 - Float(pow(options.beta1, Double(step)))
        let correction2 = 1 - Float(pow(options.beta2, Double(step)))
        let stepSize = lr / correction1
        let rootCorrection2 = correction2.squareRoot()
        let p = parameters.pointer, g = gradient.pointer, m = firstMoment.pointer, v = secondMoment.pointer
        for entry in layout.entries {
            let decay = entry.decays ? 1 - lr * Float(options.weightDecay) : 1
            for i in entry.offset..<(entry.offset + entry.count) {
                p[i] *= decay
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                p[i] -= stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + eps)
            }
        }
    }
}
