import Foundation

/// The inputs of a run cut into units of work: a file given on the command line is one unit; the
/// files of a directory tree are grouped, in walk order, into units of about `unitBytes`, and so
/// are the row groups of a large Parquet file. Units are
/// what ranks share out (balanced by bytes), what resume records as finished, and what the output
/// is assembled from, in unit order — so output never depends on how many ranks did the work.
public struct InputPlan: Codable, Sendable, Equatable {
    public struct Unit: Codable, Sendable, Equatable {
        public var index: Int
        /// Which command-line input the unit belongs to.
        public var input: Int
        public var format: InputFormat
        /// The file, or for a tree the files of this unit (inside `input`'s directory).
        public var files: [String]
        public var bytes: Int
        /// For a large Parquet file cut into several units: this unit's row groups.
        public var rowGroups: Range<Int>? = nil
    }

    public var inputs: [String]
    public var formats: [InputFormat]
    public var units: [Unit]

    /// Trees are cut into units of at least this many bytes (or `unitFiles` files).
    public static let unitBytes = 64 << 20
    public static let unitFiles = 4096

    public static func make(inputs: [String], forcedFormat: InputFormat? = nil) throws -> InputPlan {
        var units: [Unit] = []
        var formats: [InputFormat] = []
        for (inputIndex, input) in inputs.enumerated() {
            let format = try forcedFormat ?? InputFormat.detect(path: input)
            formats.append(format)
            if format == .parquet, let groups = ParquetReader.rowGroupUnits(path: input, unitBytes: unitBytes), groups.count > 1 {
                for (range, bytes) in groups {
                    units.append(Unit(index: units.count, input: inputIndex, format: format, files: [input], bytes: bytes, rowGroups: range))
                }
                continue
            }
            guard format == .tree else {
                units.append(Unit(index: units.count, input: inputIndex, format: format, files: [input], bytes: FileRecords.fileSize(input) ?? 0))
                continue
            }
            var walker = try TreeWalker(root: input)
            var files: [String] = [], bytes = 0
            func close() {
                units.append(Unit(index: units.count, input: inputIndex, format: .tree, files: files, bytes: bytes))
                files = []; bytes = 0
            }
            while let item = walker.next() {
                // A directory that cannot be listed joins the unit's files, so the unit reports it
                // (as an input error, counted) when it is read.
                let path: String
                switch item {
                case .file(let file): path = file
                case .error(let error): path = error.file ?? input
                }
                files.append(path)
                bytes += FileRecords.fileSize(path) ?? 0
                if bytes >= unitBytes || files.count >= unitFiles { close() }
            }
            if !files.isEmpty || units.last?.input != inputIndex { close() }
        }
        return InputPlan(inputs: inputs, formats: formats, units: units)
    }

    /// The units of `rank` out of `worldSize`, balanced by bytes (see `RankSelection.share`).
    public func units(rank: Int, worldSize: Int) -> [Unit] {
        RankSelection(rank: rank, worldSize: worldSize).share(of: units) { $0.bytes }
    }

    /// The reader of one unit: a tree unit reads its run of files with the tree's naming.
    func reader(for unit: Unit, options: ReaderOptions) throws -> RecordReader {
        if unit.format == .tree { return try TreeReader(root: inputs[unit.input], options: options, files: unit.files) }
        if let rowGroups = unit.rowGroups { return try ParquetReader(path: unit.files[0], textField: options.textField, rowGroups: rowGroups) }
        return try options.reader(for: unit.files[0], format: unit.format)
    }
}

/// Which share of the work this process does: `--rank R --world-size W`, by default from Slurm's
/// job-array variables (or its task variables for `srun`).
public struct RankSelection: Sendable, Equatable {
    public var rank: Int
    public var worldSize: Int

    public init(rank: Int = 0, worldSize: Int = 1) {
        self.rank = rank
        self.worldSize = worldSize
    }

    public static func resolve(rank: Int?, worldSize: Int?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RankSelection {
        func number(_ name: String) -> Int? { environment[name].flatMap { Int($0) } }
        // Job arrays may start at an offset (--array=1-100): rank counts from SLURM_ARRAY_TASK_MIN.
        let arrayRank = number("SLURM_ARRAY_TASK_ID").map { $0 - (number("SLURM_ARRAY_TASK_MIN") ?? 0) }
        let resolvedRank = rank ?? arrayRank ?? number("SLURM_PROCID") ?? 0
        let resolvedWorld = worldSize ?? number("SLURM_ARRAY_TASK_COUNT") ?? number("SLURM_NTASKS") ?? 1
        guard resolvedWorld >= 1 else { throw PriorMixError(.usage, "world size must be at least 1 (got \(resolvedWorld))") }
        guard (0..<resolvedWorld).contains(resolvedRank) else {
            throw PriorMixError(.usage, "rank \(resolvedRank) is outside 0..<\(resolvedWorld)", hint: "ranks count from 0")
        }
        return RankSelection(rank: resolvedRank, worldSize: resolvedWorld)
    }

    public var suffix: String { String(format: "rank%05d-of-%05d", rank, worldSize) }

    /// This rank's items: largest first to the least loaded rank (ties to the lower rank), so ranks
    /// get near-equal bytes whatever the mix of sizes. Deterministic; order within the share kept.
    public func share<T>(of items: [T], bytes: (T) -> Int) -> [T] {
        guard worldSize > 1 else { return items }
        var load = [Int](repeating: 0, count: worldSize)
        var owner = [Int](repeating: 0, count: items.count)
        let sizes = items.map(bytes)
        for index in items.indices.sorted(by: { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }) {
            let least = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 }!
            owner[index] = least
            load[least] += sizes[index]
        }
        return items.indices.filter { owner[$0] == rank }.map { items[$0] }
    }
}
