/// The hyper-parameters stored at the head of a fastText model, in file order.
public struct FastTextArgs: Sendable, Equatable {
    public enum Loss: Int32, Sendable { case hierarchicalSoftmax = 1, negativeSampling = 2, softmax = 3, oneVsAll = 4 }
    public enum ModelKind: Int32, Sendable { case cbow = 1, skipgram = 2, supervised = 3 }

    public var dim: Int32 = 32
    public var ws: Int32 = 5
    public var epoch: Int32 = 5
    public var minCount: Int32 = 1
    public var neg: Int32 = 5
    public var wordNgrams: Int32 = 2
    public var loss: Loss = .softmax
    public var model: ModelKind = .supervised
    public var bucket: Int32 = 500_000
    public var minn: Int32 = 0
    public var maxn: Int32 = 0
    public var lrUpdateRate: Int32 = 100
    public var t: Double = 1e-4

    public init() {}

    static let magic: Int32 = 793_712_314
    static let version: Int32 = 12

    static func read(_ reader: inout BinaryReader) throws -> FastTextArgs {
        var args = FastTextArgs()
        args.dim = try reader.int32("args.dim")
        args.ws = try reader.int32("args.ws")
        args.epoch = try reader.int32("args.epoch")
        args.minCount = try reader.int32("args.minCount")
        args.neg = try reader.int32("args.neg")
        args.wordNgrams = try reader.int32("args.wordNgrams")
        let lossOffset = reader.offset
        let loss = try reader.int32("args.loss")
        let model = try reader.int32("args.model")
        args.bucket = try reader.int32("args.bucket")
        args.minn = try reader.int32("args.minn")
        args.maxn = try reader.int32("args.maxn")
        args.lrUpdateRate = try reader.int32("args.lrUpdateRate")
        args.t = try reader.double("args.t")
        guard let lossKind = Loss(rawValue: loss) else {
            throw PriorMixError(.malformedInput, "unknown loss code \(loss)", file: reader.path, offset: lossOffset,
                                hint: "the file is corrupt or not a fastText model")
        }
        guard let modelKind = ModelKind(rawValue: model) else {
            throw PriorMixError(.malformedInput, "unknown model code \(model)", file: reader.path, offset: lossOffset + 4,
                                hint: "the file is corrupt or not a fastText model")
        }
        args.loss = lossKind
        args.model = modelKind
        return args
    }

    func write(_ writer: inout BinaryWriter) {
        for value in [dim, ws, epoch, minCount, neg, wordNgrams, loss.rawValue, model.rawValue, bucket, minn, maxn, lrUpdateRate] {
            writer.int32(value)
        }
        writer.double(t)
    }
}
