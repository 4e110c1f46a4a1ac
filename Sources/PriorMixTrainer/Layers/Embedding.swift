/// Token embedding lookup and its scatter-add gradient.
enum Embedding {
    static func forward<S: TrainerScalar>(tokens: UnsafePointer<Int32>, table: UnsafePointer<S>, into y: UnsafeMutablePointer<S>,
                                          rows: Int, width: Int) {
        for row in 0..<rows {
            (y + row * width).update(from: table + Int(tokens[row]) * width, count: width)
        }
    }

    static func backward<S: TrainerScalar>(_ dy: UnsafePointer<S>, tokens: UnsafePointer<Int32>,
                                           tableGradient: UnsafeMutablePointer<S>, rows: Int, width: Int) {
        for row in 0..<rows {
            let g = tableGradient + Int(tokens[row]) * width, d = dy + row * width
            for i in 0..<width { g[i] += d[i] }
        }
    }
}
