/// Softmax cross-entropy over logit rows, done in place: the logits become their gradient.
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
            var sum: S = 0
            for i in 0..<classes { sum += S.exponential(z[i] - maximum) }
            let target = Int(targets[row])
            let logSum = S.logarithm(sum) + maximum
            total += Double(logSum - z[target])
            if let scale = gradientScale {
                let inverse = 1 / sum
                for i in 0..<classes { z[i] = S.exponential(z[i] - maximum) * inverse * scale }
                z[target] -= scale
            }
        }
        return total
    }
}
