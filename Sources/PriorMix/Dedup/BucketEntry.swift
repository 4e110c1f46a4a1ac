/// One document's key in one LSH band, as the bucket spill files hold it (24 bytes,
/// little-endian: band, position unit, key, position ordinal). Sorted by band, key, then input
/// position, so a merged stream lists each bucket's documents together, earliest first.
struct BucketEntry: Comparable {
    var band: UInt32
    var key: UInt64
    var position: DocumentPosition

    static let byteCount = 24

    static func < (a: BucketEntry, b: BucketEntry) -> Bool {
        if a.band != b.band { return a.band < b.band }
        if a.key != b.key { return a.key < b.key }
        return a.position < b.position
    }

    func sameBucket(_ other: BucketEntry) -> Bool { band == other.band && key == other.key }

    func append(to out: inout [UInt8]) {
        DocumentSignature.appendUInt32(band, to: &out)
        DocumentSignature.appendUInt32(UInt32(position.unit), to: &out)
        withUnsafeBytes(of: key.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(position.ordinal).littleEndian) { out.append(contentsOf: $0) }
    }

    static func read(from reader: BinaryFileReader) throws -> BucketEntry? {
        guard let band = try reader.read(UInt32.self, allowEnd: true) else { return nil }
        let unit = try reader.read(UInt32.self)!
        let key = try reader.read(UInt64.self)!
        let ordinal = try reader.read(UInt64.self)!
        return BucketEntry(band: band, key: key, position: DocumentPosition(unit: Int(unit), ordinal: Int(ordinal)))
    }
}

/// Writes a unit's bucket entries as sorted runs of at most `maxEntries` entries, each its own
/// file, so sorting a unit never holds more than one run in memory.
struct BucketRunWriter {
    let pathForRun: (Int) -> String
    let maxEntries: Int
    private var entries: [BucketEntry] = []
    private(set) var runs = 0

    init(maxEntries: Int, pathForRun: @escaping (Int) -> String) {
        self.maxEntries = max(1, maxEntries)
        self.pathForRun = pathForRun
    }

    mutating func add(_ entry: BucketEntry) throws {
        entries.append(entry)
        if entries.count >= maxEntries { try flush() }
    }

    mutating func flush() throws {
        guard !entries.isEmpty else { return }
        entries.sort()
        let file = try AtomicOutputFile(path: pathForRun(runs))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(entries.count, 1 << 16) * BucketEntry.byteCount)
        for entry in entries {
            entry.append(to: &bytes)
            if bytes.count >= 1 << 20 { try file.write(bytes); bytes.removeAll(keepingCapacity: true) }
        }
        try file.write(bytes)
        try file.commit()
        entries.removeAll(keepingCapacity: true)
        runs += 1
    }
}
