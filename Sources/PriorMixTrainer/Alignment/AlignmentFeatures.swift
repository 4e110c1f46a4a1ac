import Foundation
import PriorMix

/// Features of `count` paired items, one matrix per layer: a `.npy` of shape `(n, d)` is one layer,
/// `(n, layers, d)` several (the layout `priormix embed` writes and the hypothesis paper's feature
/// files use). Values are in C order, item-major: `values[(item * layers + layer) * width + column]`.
public struct AlignmentFeatures: Sendable {
    public var count: Int
    public var layers: Int
    public var width: Int
    public var values: [Double]
    /// Where the features came from, for error messages.
    public var source: String

    public init(count: Int, layers: Int, width: Int, values: [Double], source: String) {
        precondition(values.count == count * layers * width)
        self.count = count
        self.layers = layers
        self.width = width
        self.values = values
        self.source = source
    }

    /// Reads and checks a features file: two or three dimensions, at least two items, every value finite.
    public static func read(path: String) throws -> AlignmentFeatures {
        let array = try NumpyArray.read(path: path)
        let shape = array.shape
        let (count, layers, width): (Int, Int, Int)
        switch shape.count {
        case 2: (count, layers, width) = (shape[0], 1, shape[1])
        case 3: (count, layers, width) = (shape[0], shape[1], shape[2])
        default:
            throw PriorMixError(.malformedInput, "features have shape \(shape); expected (items, width) or (items, layers, width)", file: path)
        }
        guard count > 0, layers > 0, width > 0 else {
            throw PriorMixError(.malformedInput, "features of shape \(shape) hold no values", file: path)
        }
        let features = AlignmentFeatures(count: count, layers: layers, width: width, values: array.values, source: path)
        try features.checkFinite()
        return features
    }

    /// NaN or infinity anywhere makes every metric meaningless: name the first one found.
    public func checkFinite() throws {
        let index: Int? = values.withUnsafeBufferPointer { p in
            for i in 0..<p.count where !p[i].isFinite { return i }
            return nil
        }
        guard let index else { return }
        let item = index / (layers * width), layer = index / width % layers, column = index % width
        throw PriorMixError(.malformedInput, "value \(values[index]) at item \(item), layer \(layer), column \(column) is not finite", file: source,
                            hint: "remove or repair the rows with NaN or infinite features")
    }

    /// Layer `layer` as an `count × width` row-major matrix.
    public func layer(_ layer: Int) -> FeatureMatrix {
        if layers == 1 { return FeatureMatrix(rows: count, columns: width, values: values) }
        var out = [Double](repeating: 0, count: count * width)
        values.withUnsafeBufferPointer { from in
            out.withUnsafeMutableBufferPointer { to in
                for item in 0..<count {
                    (to.baseAddress! + item * width).update(from: from.baseAddress! + (item * layers + layer) * width, count: width)
                }
            }
        }
        return FeatureMatrix(rows: count, columns: width, values: out)
    }
}
