import Foundation

/// A supervised fastText model: arguments, dictionary, input and output matrices, and the loss it
/// was trained with. Loads the `.bin` files the `fasttext` tool writes and its product-quantized
/// `.ftz` files (such as the published language identifier lid.176.ftz), writes both back
/// unchanged, and predicts the labels and probabilities fastText's `predict` reports.
///
/// ```swift
/// let model = try FastTextModel.load(path: "models/lid.176.ftz")
/// model.predict("Ceci est une phrase.", k: 2)   // [fr 0.99…, …], as fasttext's predict gives
/// ```
/// Immutable once loaded: any number of threads may predict with one model at the same time.
public final class FastTextModel: Sendable {
    public let args: FastTextArgs
    public let dictionary: FastTextDictionary
    /// (words + n-gram rows) × dim: dense, or quantized in `.ftz` models.
    let input: FastTextMatrix
    /// labels × dim: dense, or quantized when the `.ftz` was written with `-qout`.
    let output: FastTextMatrix
    /// The label tree, for models trained with `-loss hs`.
    let tree: HierarchicalSoftmaxTree?
    /// What the file said, kept so that saving a loaded model gives back its bytes: the format
    /// version (11 or 12), the arguments before version 11's override of maxn, and the output
    /// quantization flag (fastText reads a dense output when only that flag is set).
    let version: Int32
    let storedArgs: FastTextArgs
    let outputFlag: Bool
    /// Names this model to the per-thread feature caches (`FastTextFeatureCache`).
    let serial = FastTextFeatureCache.nextModelSerial()

    public var dimension: Int { Int(args.dim) }
    public var labels: [String] { dictionary.labels }
    /// Whether the input matrix is product-quantized (an `.ftz` model).
    public var isQuantized: Bool { input.isQuantized }

    init(args: FastTextArgs, dictionary: FastTextDictionary, input: FastTextMatrix, output: FastTextMatrix,
         tree: HierarchicalSoftmaxTree?, version: Int32 = FastTextArgs.version, storedArgs: FastTextArgs? = nil, outputFlag: Bool? = nil) {
        self.args = args
        self.dictionary = dictionary
        self.input = input
        self.output = output
        self.tree = tree
        self.version = version
        self.storedArgs = storedArgs ?? args
        self.outputFlag = outputFlag ?? output.isQuantized
    }

    /// A dense model from its matrices (the trainer's result): softmax or one-vs-all loss.
    convenience init(args: FastTextArgs, dictionary: FastTextDictionary, input: [Float], output: [Float]) {
        let dim = Int(args.dim)
        self.init(args: args, dictionary: dictionary,
                  input: .dense(rows: input.count / max(dim, 1), columns: dim, values: input),
                  output: .dense(rows: output.count / max(dim, 1), columns: dim, values: output), tree: nil)
    }

    /// The model in fastText's format (`.bin`, or `.ftz` when quantized), written atomically.
    public func save(path: String) throws {
        var writer = BinaryWriter()
        writer.int32(FastTextArgs.magic)
        writer.int32(version)
        storedArgs.write(&writer)
        dictionary.write(&writer)
        writer.uint8(input.isQuantized ? 1 : 0)
        input.write(&writer)
        writer.uint8(outputFlag ? 1 : 0)
        output.write(&writer)
        try AtomicOutputFile.write(writer.bytes, to: path)
    }
}
