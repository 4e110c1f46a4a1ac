import XCTest
import PriorMix
@testable import PriorMixTrainer

/// Every layer's hand-written backward pass against central finite differences, in Double.
/// Each check sums the layer output weighted by fixed random numbers `r`, so the analytic
/// gradient is the backward pass fed with `dy = r`.
final class GradientCheckTests: XCTestCase {
    /// Largest relative error accepted. Double central differences with h = 1e-5 are good to about
    /// 1e-9; a wrong term in a backward pass shows up as errors of order one.
    static let tolerance = 1e-6
    static var worst = 0.0

    override class func tearDown() {
        print(String(format: "gradient checks: max relative error %.3g", worst))
        super.tearDown()
    }

    func random(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in (Double(generator.next() >> 11) * 0x1p-53 * 2 - 1) * scale }
    }

    /// Compares `analytic` with central differences of `f` around `x`, every element.
    func check(_ name: String, _ x: [Double], analytic: [Double], file: StaticString = #filePath, line: UInt = #line,
               _ f: ([Double]) -> Double) {
        XCTAssertEqual(x.count, analytic.count, file: file, line: line)
        let h = 1e-5
        var worst = 0.0, worstIndex = 0
        for i in x.indices {
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            let numeric = (f(plus) - f(minus)) / (2 * h)
            // Gradients below 1e-4 are compared absolutely: there the differences are mostly rounding.
            let error = abs(numeric - analytic[i]) / max(abs(numeric), abs(analytic[i]), 1e-4)
            if error > worst { (worst, worstIndex) = (error, i) }
        }
        Self.worst = max(Self.worst, worst)
        XCTAssertLessThan(worst, Self.tolerance, "\(name): max relative error \(worst) at \(worstIndex)", file: file, line: line)
    }

    func weighted(_ y: [Double], _ r: [Double]) -> Double { zip(y, r).reduce(0) { $0 + $1.0 * $1.1 } }

    func testLinear() {
        let rows = 3, n = 4, m = 5
        let x = random(rows * n, seed: 1), w = random(m * n, seed: 2), r = random(rows * m, seed: 3)
        func f(_ x: [Double], _ w: [Double]) -> Double {
            var y = [Double](repeating: 0, count: rows * m)
            Linear.forward(x, weight: w, into: &y, rows: rows, inputs: n, outputs: m)
            return weighted(y, r)
        }
        var dx = [Double](repeating: 7, count: rows * n), dw = [Double](repeating: 0, count: m * n)
        Linear.backward(r, x: x, weight: w, inputGradient: &dx, accumulate: false, weightGradient: &dw, rows: rows, inputs: n, outputs: m)
        check("linear input", x, analytic: dx) { f($0, w) }
        check("linear weight", w, analytic: dw) { f(x, $0) }
    }

    func testRMSNorm() {
        let rows = 3, n = 6
        let x = random(rows * n, seed: 4), w = random(n, seed: 5), r = random(rows * n, seed: 6)
        func f(_ x: [Double], _ w: [Double]) -> Double {
            var y = [Double](repeating: 0, count: rows * n), roots = [Double](repeating: 0, count: rows)
            RMSNorm.forward(x, weight: w, into: &y, inverseRoot: &roots, rows: rows, width: n, eps: 1e-5)
            return weighted(y, r)
        }
        var y = [Double](repeating: 0, count: rows * n), roots = [Double](repeating: 0, count: rows)
        RMSNorm.forward(x, weight: w, into: &y, inverseRoot: &roots, rows: rows, width: n, eps: 1e-5)
        var dx = [Double](repeating: 0, count: rows * n), dw = [Double](repeating: 0, count: n)
        RMSNorm.backward(r, x: x, weight: w, inverseRoot: roots, addingInto: &dx, weightGradient: &dw, rows: rows, width: n)
        check("rmsnorm input", x, analytic: dx) { f($0, w) }
        check("rmsnorm weight", w, analytic: dw) { f(x, $0) }
    }

    func testRotaryEmbedding() {
        let length = 5, heads = 2, d = 6, rows = 2 * length
        let rope = RotaryEmbedding<Double>(headDimension: d, length: length, theta: 10_000)
        let x = random(rows * heads * d, seed: 7), r = random(rows * heads * d, seed: 8)
        func f(_ x: [Double]) -> Double {
            var y = x
            y.withUnsafeMutableBufferPointer { rope.apply($0.baseAddress!, rows: rows, sequenceLength: length, heads: heads) }
            return weighted(y, r)
        }
        var dx = r
        dx.withUnsafeMutableBufferPointer { rope.apply($0.baseAddress!, rows: rows, sequenceLength: length, heads: heads, inverse: true) }
        check("rotary", x, analytic: dx, f)
    }

    func testSwiGLU() {
        let n = 12
        let gate = random(n, seed: 9, scale: 3), up = random(n, seed: 10), r = random(n, seed: 11)
        func f(_ g: [Double], _ u: [Double]) -> Double {
            var y = [Double](repeating: 0, count: n)
            SwiGLU.forward(gate: g, up: u, into: &y, count: n)
            return weighted(y, r)
        }
        var dg = [Double](repeating: 0, count: n), du = dg
        SwiGLU.backward(r, gate: gate, up: up, gateGradient: &dg, upGradient: &du, count: n)
        check("swiglu gate", gate, analytic: dg) { f($0, up) }
        check("swiglu up", up, analytic: du) { f(gate, $0) }
    }

    func testEmbedding() {
        let vocabulary = 5, width = 3
        let tokens: [Int32] = [1, 4, 1, 0]
        let table = random(vocabulary * width, seed: 12), r = random(tokens.count * width, seed: 13)
        func f(_ table: [Double]) -> Double {
            var y = [Double](repeating: 0, count: tokens.count * width)
            Embedding.forward(tokens: tokens, table: table, into: &y, rows: tokens.count, width: width)
            return weighted(y, r)
        }
        var dt = [Double](repeating: 0, count: vocabulary * width)
        Embedding.backward(r, tokens: tokens, tableGradient: &dt, rows: tokens.count, width: width)
        check("embedding", table, analytic: dt, f)
    }

    func testCrossEntropy() {
        let rows = 3, classes = 7
        let logits = random(rows * classes, seed: 14, scale: 4)
        let targets: [Int32] = [2, 6, 0]
        func f(_ z: [Double]) -> Double {
            var z = z
            return CrossEntropy.lossAndGradient(&z, targets: targets, rows: rows, classes: classes, gradientScale: nil)
        }
        var gradient = logits
        _ = CrossEntropy.lossAndGradient(&gradient, targets: targets, rows: rows, classes: classes, gradientScale: 1)
        check("cross-entropy", logits, analytic: gradient, f)
    }

    func testGroupedQueryCausalAttention() {
        let attention = CausalAttention(heads: 4, keyValueHeads: 2, headDimension: 3)
        let batch = 2, length = 4, rows = batch * length
        let q = random(rows * attention.queryWidth, seed: 15), k = random(rows * attention.keyValueWidth, seed: 16)
        let v = random(rows * attention.keyValueWidth, seed: 17), r = random(rows * attention.queryWidth, seed: 18)
        var probabilities = [Double](repeating: 0, count: batch * 4 * length * length)
        func f(_ q: [Double], _ k: [Double], _ v: [Double]) -> Double {
            var out = [Double](repeating: 0, count: rows * attention.queryWidth)
            attention.forward(query: q, key: k, value: v, probabilities: &probabilities, into: &out, batch: batch, length: length)
            return weighted(out, r)
        }
        _ = f(q, k, v)
        var dq = [Double](repeating: 0, count: q.count), dk = [Double](repeating: 0, count: k.count), dv = dk
        var scratch = [Double](repeating: 0, count: length * length)
        attention.backward(r, query: q, key: k, value: v, probabilities: probabilities, queryGradient: &dq, keyGradient: &dk,
                           valueGradient: &dv, scratch: &scratch, batch: batch, length: length)
        check("attention query", q, analytic: dq) { f($0, k, v) }
        check("attention key", k, analytic: dk) { f(q, $0, v) }
        check("attention value", v, analytic: dv) { f(q, k, $0) }
        // Causality: the first position's output depends on the first key only.
        var changed = k
        changed[attention.keyValueWidth] += 1
        var a = [Double](repeating: 0, count: rows * attention.queryWidth), b = a
        attention.forward(query: q, key: k, value: v, probabilities: &probabilities, into: &a, batch: batch, length: length)
        attention.forward(query: q, key: changed, value: v, probabilities: &probabilities, into: &b, batch: batch, length: length)
        XCTAssertEqual(Array(a[0..<attention.queryWidth]), Array(b[0..<attention.queryWidth]))
    }

    /// The whole decoder, every parameter: norm gains are randomised too so their gradients are generic.
    func testWholeModel() throws {
        let config = ModelConfig(vocabularySize: 11, hiddenSize: 8, layers: 2, heads: 4, keyValueHeads: 2,
                                 intermediateSize: 12, contextLength: 6)
        let model = try LlamaModel<Double>.initialized(config: config, seed: 42, standardDeviation: 0.5)
        let noise = random(model.layout.count, seed: 19, scale: 0.3)
        for entry in model.layout.entries where !entry.decays {
            for i in entry.offset..<(entry.offset + entry.count) { model.parameters[i] += noise[i] }
        }
        let batch = 2, length = 5
        let tokens: [Int32] = [1, 5, 3, 9, 0, 2, 2, 7, 10, 4]
        let targets: [Int32] = [5, 3, 9, 0, 6, 2, 7, 10, 4, 1]
        let ws = Workspace<Double>(config: config, batch: batch, length: length)
        let gradient = TensorBuffer<Double>(count: model.layout.count)
        _ = model.loss(tokens: tokens, targets: targets, batch: batch, length: length, workspace: ws, gradient: gradient, gradientScale: 1)
        let theta = model.parameters.array
        check("model", theta, analytic: gradient.array) { values in
            for i in values.indices { model.parameters[i] = values[i] }
            return model.loss(tokens: tokens, targets: targets, batch: batch, length: length, workspace: ws)
        }
    }
}
