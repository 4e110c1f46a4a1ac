import Foundation

/// A supervised fastText model: arguments, dictionary, input and output matrices. Loads `.bin`
/// files written by the `fasttext` tool and writes files it loads; predicts top-k labels with the
/// probabilities fastText reports (softmax, or one-vs-all sigmoids through fastText's own table).
public final class FastTextModel: @unchecked Sendable {
    public let args: FastTextArgs
    public let dictionary: FastTextDictionary
    /// Row-major (words + buckets) × dim.
    var input: [Float]
    /// Row-major labels × dim.
    var output: [Float]

    public var dimension: Int { Int(args.dim) }
    public var labels: [String] { dictionary.labels }

    init(args: FastTextArgs, dictionary: FastTextDictionary, input: [Float], output: [Float]) {
        self.args = args
        self.dictionary = dictionary
        self.input = input
        self.output = output
    }

    // MARK: - Loading and saving

    public static func load(path: String) throws -> FastTextModel {
        var reader = try BinaryReader(path: path)
        let magic = try reader.int32("magic")
        guard magic == FastTextArgs.magic else {
            throw PriorMixError(.malformedInput, "not a fastText model (magic \(magic))", file: path, offset: 0,
                                hint: "pass a .bin written by fasttext or priormix classifier train")
        }
        let version = try reader.int32("version")
        guard version <= FastTextArgs.version else {
            throw PriorMixError(.unsupportedInput, "fastText model version \(version) is newer than \(FastTextArgs.version)", file: path)
        }
        let args = try FastTextArgs.read(&reader)
        guard args.model == .supervised else {
            throw PriorMixError(.unsupportedInput, "only supervised fastText models classify (this one is \(args.model))", file: path)
        }
        guard args.loss == .softmax || args.loss == .oneVsAll else {
            throw PriorMixError(.unsupportedInput, "fastText loss \(args.loss) is not supported", file: path,
                                hint: "train with -loss softmax or -loss ova")
        }
        let dictionary = try FastTextDictionary.read(&reader, args: args)
        let quantizedInput = try reader.uint8("input quantization flag")
        guard quantizedInput == 0 else {
            throw PriorMixError(.unsupportedInput, "quantized fastText models (.ftz) are not supported", file: path,
                                hint: "use the unquantized .bin model")
        }
        let input = try readMatrix(&reader, name: "input matrix", rows: dictionary.wordCount + Int(args.bucket), columns: Int(args.dim))
        let quantizedOutput = try reader.uint8("output quantization flag")
        guard quantizedOutput == 0 else {
            throw PriorMixError(.unsupportedInput, "quantized fastText output matrices are not supported", file: path)
        }
        let output = try readMatrix(&reader, name: "output matrix", rows: dictionary.labelCount, columns: Int(args.dim))
        return FastTextModel(args: args, dictionary: dictionary, input: input, output: output)
    }

    private static func readMatrix(_ reader: inout BinaryReader, name: String, rows: Int, columns: Int) throws -> [Float] {
        let m = try reader.int64("\(name) rows")
        let n = try reader.int64("\(name) columns")
        guard m == rows, n == columns else {
            throw PriorMixError(.malformedInput, "\(name) is \(m)×\(n), expected \(rows)×\(columns)", file: reader.path, offset: reader.offset)
        }
        return try reader.floats(rows * columns, name)
    }

    /// The model in fastText's `.bin` format, written atomically.
    public func save(path: String) throws {
        var writer = BinaryWriter()
        writer.int32(FastTextArgs.magic)
        writer.int32(FastTextArgs.version)
        args.write(&writer)
        dictionary.write(&writer)
        writer.uint8(0)
        writer.int64(Int64(dictionary.wordCount + Int(args.bucket)))
        writer.int64(Int64(args.dim))
        writer.floats(input)
        writer.uint8(0)
        writer.int64(Int64(dictionary.labelCount))
        writer.int64(Int64(args.dim))
        writer.floats(output)
        try AtomicOutputFile.write(writer.bytes, to: path)
    }

    // MARK: - Prediction

    public struct Prediction: Sendable, Equatable {
        public var label: String
        public var probability: Double
    }

    /// Averaged input rows of `ids` (fastText's hidden layer).
    func hidden(_ ids: [Int32], into hidden: inout [Float]) {
        let dim = dimension
        for index in 0..<dim { hidden[index] = 0 }
        input.withUnsafeBufferPointer { rows in
            hidden.withUnsafeMutableBufferPointer { h in
                for id in ids {
                    let row = rows.baseAddress! + Int(id) * dim
                    for index in 0..<dim { h[index] += row[index] }
                }
                let scale = Float(1.0) / Float(ids.count)
                for index in 0..<dim { h[index] *= scale }
            }
        }
    }

    /// Label probabilities for a hidden vector (softmax, or sigmoid per label for one-vs-all).
    func scores(hidden: [Float], into scores: inout [Float]) {
        let dim = dimension
        output.withUnsafeBufferPointer { rows in
            for label in 0..<dictionary.labelCount {
                let row = rows.baseAddress! + label * dim
                var dot: Float = 0
                for index in 0..<dim { dot += row[index] * hidden[index] }
                scores[label] = dot
            }
        }
        if args.loss == .oneVsAll {
            for label in scores.indices { scores[label] = Sigmoid.table(scores[label]) }
        } else {
            let maximum = scores.max() ?? 0
            var total: Float = 0
            for label in scores.indices { scores[label] = exp(scores[label] - maximum); total += scores[label] }
            for label in scores.indices { scores[label] /= total }
        }
    }

    /// The `k` most probable labels of one document (newlines count as spaces, as fastText needs
    /// one line per example). Empty when no token of the text is known to the model.
    public func predict(_ text: String, k: Int = 1, threshold: Double = 0) -> [Prediction] {
        var text = text
        let ids = text.withUTF8 { buffer -> [Int32] in
            var labels: [Int32] = []
            return dictionary.features(of: buffer, labels: &labels)
        }
        return predict(ids: ids, k: k, threshold: threshold)
    }

    func predict(ids: [Int32], k: Int, threshold: Double) -> [Prediction] {
        guard !ids.isEmpty, dictionary.labelCount > 0 else { return [] }
        var hiddenVector = [Float](repeating: 0, count: dimension)
        hidden(ids, into: &hiddenVector)
        var probabilities = [Float](repeating: 0, count: dictionary.labelCount)
        scores(hidden: hiddenVector, into: &probabilities)
        let ranked = probabilities.indices.filter { Double(probabilities[$0]) >= threshold }
            .sorted { probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : $0 < $1 }
        return ranked.prefix(k).map { Prediction(label: dictionary.label($0), probability: Double(probabilities[$0])) }
    }

    /// All label probabilities, indexed like `labels`.
    public func probabilities(_ text: String) -> [Double] {
        var text = text
        let ids = text.withUTF8 { buffer -> [Int32] in
            var labels: [Int32] = []
            return dictionary.features(of: buffer, labels: &labels)
        }
        guard !ids.isEmpty else { return [Double](repeating: 0, count: dictionary.labelCount) }
        var hiddenVector = [Float](repeating: 0, count: dimension)
        hidden(ids, into: &hiddenVector)
        var probabilities = [Float](repeating: 0, count: dictionary.labelCount)
        scores(hidden: hiddenVector, into: &probabilities)
        return probabilities.map(Double.init)
    }
}

/// fastText's sigmoid: a 512-step table over [-8, 8], which one-vs-all predictions go through;
/// using the same table keeps probabilities equal to fastText's.
enum Sigmoid {
    static let tableSize = 512
    static let maximum: Float = 8
    static let values: [Float] = (0...tableSize).map { index in
        let x = Float(index * 2) * maximum / Float(tableSize) - maximum
        return Float(1.0 / (1.0 + Double(exp(-x))))  // fastText computes this step in double
    }

    @inline(__always)
    static func table(_ x: Float) -> Float {
        if x < -maximum { return 0 }
        if x > maximum { return 1 }
        let index = Int((x + maximum) * Float(tableSize) / maximum / 2)
        return values[index]
    }
}
