import Foundation

/// Rotary position embedding in HuggingFace's "rotate_half" layout: within each head, element `i`
/// of the first half pairs with element `i + d/2`, rotated by `position · theta^(-2i/d)`.
struct RotaryEmbedding<S: TrainerScalar>: Sendable {
    let headDimension: Int
    let length: Int
    /// `[position, d/2]`, computed in Double once.
    let cosines: [S]
    let sines: [S]

    init(headDimension: Int, length: Int, theta: Double) {
        self.headDimension = headDimension
        self.length = length
        let half = headDimension / 2
        var cosines = [S](repeating: 0, count: length * half), sines = cosines
        for position in 0..<length {
            for i in 0..<half {
                let angle = Double(position) * pow(theta, -Double(2 * i) / Double(headDimension))
                cosines[position * half + i] = S(cos(angle))
                sines[position * half + i] = S(sin(angle))
            }
        }
        self.cosines = cosines
        self.sines = sines
    }

    /// Rotates every head of `[batch·length, heads·d]` rows in place; `inverse` undoes the rotation,
    /// which is also the backward pass (the rotation is orthogonal).
    func apply(_ x: UnsafeMutablePointer<S>, rows: Int, sequenceLength: Int, heads: Int, inverse: Bool = false) {
        let half = headDimension / 2
        let width = heads * headDimension
        cosines.withUnsafeBufferPointer { cosines in
            sines.withUnsafeBufferPointer { sines in
                for row in 0..<rows {
                    let position = row % sequenceLength
                    let c = cosines.baseAddress! + position * half
                    let s = sines.baseAddress! + position * half
                    for head in 0..<heads {
                        let v = x + row * width + head * headDimension
                        for i in 0..<half {
                            let a = v[i], b = v[i + half]
                            let sine = inverse ? -s[i] : s[i]
                            v[i] = a * c[i] - b * sine
                            v[i + half] = b * c[i] + a * sine
                        }
                    }
                }
            }
        }
    }
}
