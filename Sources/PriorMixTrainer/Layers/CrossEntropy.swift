/// Softmax cross-entropy over logit rows, done in place: the logits are overwritten (with their
/// gradient when one is asked for).
enum CrossEntropy {
    /// Returns the summed loss of the rows; with `gradientScale` set, overwrites each row with
    /// `scale · (softmax − onehot(target))`.
    static func lossAndGradient<S: TrainerScalar>(_ logits: UnsafeMutablePointer<S>, targets: UnsafePointer<Int32>,
                                                  rows: Int, classes: Int, gradientScale: S?) -> Double {
        var total = 0.0
        for row in 0..<rows {
            let z = logits + row * classes
            var maximum = z[0]
            for i in 1..<classes where z[i] > maximum { maximum = z[i] }
            let target = Int(targets[row])
            let targetLogit = z[target]
            // The exponentials overwrite the logits: the gradient needs them, and not the logits.
            var sum: S = 0
            for i in 0..<classes {
                let e = S.exponential(z[i] - maximum)
                z[i] = e
                sum += e
            }
            total += Double(S.logarithm(sum) + maximum - targetLogit)
            if let scale = gradientScale {
                let factor = scale / sum
                for i in 0..<classes { z[i] *= factor }
                z[target] -= scale
            }
        }
        return total
    }
}
