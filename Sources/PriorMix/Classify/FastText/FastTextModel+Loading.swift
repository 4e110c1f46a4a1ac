import Foundation

extension FastTextModel {
    /// Largest embedding dimension accepted: real models use 10 to 300; a corrupt header must not
    /// make every prediction allocate gigabytes.
    static let maximumDimension: Int32 = 1 << 16

    /// Loads a `.bin` or `.ftz` model. Model files are untrusted: every size is checked against the
    /// others and against the bytes left before anything is allocated, so a truncated or corrupt file
    /// gives a `PriorMixError` naming the file and the byte offset, never a crash.
    public static func load(path: String) throws -> FastTextModel {
        var reader = try BinaryReader(path: path)
        let magic = try reader.int32("magic")
        guard magic == FastTextArgs.magic else {
            throw PriorMixError(.malformedInput, "not a fastText model (magic \(magic))", file: path, offset: 0,
                                hint: "pass a .bin or .ftz written by fasttext or priormix classifier train")
        }
        let version = try reader.int32("version")
        guard version <= FastTextArgs.version else {
            throw PriorMixError(.unsupportedInput, "fastText model version \(version) is newer than \(FastTextArgs.version)", file: path, offset: 4)
        }
        let argsOffset = reader.offset
        let storedArgs = try FastTextArgs.read(&reader)
        var args = storedArgs
        try validate(args, path: path, offset: argsOffset)
        // fastText: supervised models of format 11 predate character n-grams.
        if version == 11 && args.model == .supervised { args.maxn = 0 }
        let dictionary = try FastTextDictionary.read(&reader, args: args)

        let inputFlagOffset = reader.offset
        let quantizedInput = try reader.flag("input quantization flag")
        let pruned = dictionary.pruneIndexSize >= 0
        if pruned && !quantizedInput {
            // fastText refuses these too (its issue #332): an old pruned model with a dense matrix.
            throw PriorMixError(.unsupportedInput, "the dictionary is pruned but the input matrix is not quantized", file: path,
                                offset: inputFlagOffset, hint: "download the model again; fastText refuses this layout as well")
        }
        let ngramRows = pruned ? Int(dictionary.pruneIndexSize) : Int(args.bucket)
        if pruned, !dictionary.pruneIndex.pairs.isEmpty,
           dictionary.pruneIndex.smallestRow < 0 || Int(dictionary.pruneIndex.largestRow) >= ngramRows {
            throw PriorMixError(.malformedInput, "the prune index names rows outside 0..<\(ngramRows)", file: path,
                                offset: inputFlagOffset, hint: "the model file is corrupt")
        }
        let input = try FastTextMatrix.read(&reader, name: "input matrix", quantized: quantizedInput,
                                            rows: dictionary.wordCount + ngramRows, columns: Int(args.dim))
        let outputFlag = try reader.flag("output quantization flag")
        // As fastText: the output is quantized only when the input is too.
        let output = try FastTextMatrix.read(&reader, name: "output matrix", quantized: quantizedInput && outputFlag,
                                             rows: dictionary.labelCount, columns: Int(args.dim))
        guard reader.atEnd else {
            throw PriorMixError(.malformedInput, "\(reader.remaining) unexpected bytes after the output matrix", file: path,
                                offset: reader.offset, hint: "the file is corrupt or not a fastText model")
        }
        let tree = args.loss == .hierarchicalSoftmax
            ? try HierarchicalSoftmaxTree(counts: dictionary.entries[dictionary.wordCount...].map(\.count), path: path)
            : nil
        return FastTextModel(args: args, dictionary: dictionary, input: input, output: output, tree: tree,
                             version: version, storedArgs: storedArgs, outputFlag: outputFlag)
    }

    private static func validate(_ args: FastTextArgs, path: String, offset: Int) throws {
        func refuse(_ message: String, _ code: PriorMixError.Code = .malformedInput, hint: String = "the model file is corrupt") -> PriorMixError {
            PriorMixError(code, message, file: path, offset: offset, hint: hint)
        }
        guard args.model == .supervised else {
            throw refuse("only supervised fastText models classify (this one is \(args.model))", .unsupportedInput,
                         hint: "train with fasttext supervised")
        }
        guard args.dim >= 1, args.dim <= maximumDimension else {
            throw refuse("dimension \(args.dim) is not in 1…\(maximumDimension)")
        }
        guard args.bucket >= 0, args.maxn <= 0 || args.bucket > 0 else {
            throw refuse("\(args.bucket) hash buckets with character n-grams up to \(args.maxn)")
        }
    }
}
