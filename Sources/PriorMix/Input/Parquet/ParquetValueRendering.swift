/// Writes one stored value as JSON by its logical type: strings (and unannotated byte arrays) as
/// strings, integers (unsigned ones read as unsigned), floats as numbers (NaN and infinities, which
/// JSON cannot hold, as null), dates as `YYYY-MM-DD`, timestamps as ISO 8601 with the unit's
/// fraction digits (`Z` when adjusted to UTC; INT96 as nanoseconds), decimals as numbers with their
/// scale, UUIDs and other fixed-length bytes as hex.
enum ParquetValueRendering {
    /// Whether `append` writes the leaf's values as JSON strings of their own bytes (strings and
    /// unannotated byte arrays), so they can be handed on raw instead.
    static func isString(_ leaf: ParquetSchema.Leaf) -> Bool {
        let logical = leaf.element.logical
        if case .decimal? = logical { return false }
        switch leaf.element.type {
        case .byteArray?: return true
        case .fixedLenByteArray?: return logical == .string || logical == .json || logical == .enumeration
        default: return false
        }
    }

    static func append(leaf: ParquetSchema.Leaf, values: ParquetValues, index: Int, to out: inout [UInt8]) {
        let logical = leaf.element.logical
        switch values {
        case .booleans(let v):
            out.append(contentsOf: (v[index] ? "true" : "false").utf8)
        case .int32(let v):
            integer(Int64(v[index]), unsignedBits: 32, logical: logical, to: &out)
        case .int64(let v):
            integer(v[index], unsignedBits: 64, logical: logical, to: &out)
        case .float(let v):
            let value = v[index]
            out.append(contentsOf: (value.isFinite ? "\(value)" : "null").utf8)
        case .double(let v):
            let value = v[index]
            out.append(contentsOf: (value.isFinite ? "\(value)" : "null").utf8)
        case .bytes(let arrays):
            let range = arrays.range(index)
            arrays.data.withUnsafeBufferPointer { data in
                let bytes = UnsafeBufferPointer(rebasing: data[range])
                switch (leaf.element.type, logical) {
                case (.int96, _):
                    int96Timestamp(bytes, to: &out)
                case (_, .decimal(let scale, _)):
                    if bytes.count <= 8 {
                        var unscaled: Int64 = bytes.isEmpty ? 0 : (bytes[0] & 0x80 != 0 ? -1 : 0)
                        for byte in bytes { unscaled = unscaled << 8 | Int64(byte) }
                        decimal(unscaled, scale: Int(scale), to: &out)
                    } else {
                        hex(bytes, to: &out)
                    }
                case (.fixedLenByteArray, let logical) where logical != .string && logical != .json && logical != .enumeration:
                    hex(bytes, to: &out)
                default:
                    // Strings and unannotated byte arrays alike; invalid UTF-8 is repaired when the row is normalized.
                    JSONWriter.appendString(utf8: bytes, to: &out)
                }
            }
        }
    }

    private static func integer(_ value: Int64, unsignedBits: Int, logical: ParquetLogicalType?, to out: inout [UInt8]) {
        switch logical {
        case .integer(_, false)?:
            if unsignedBits == 32 {
                out.append(contentsOf: String(UInt32(truncatingIfNeeded: value)).utf8)
            } else {
                out.append(contentsOf: String(UInt64(bitPattern: value)).utf8)
            }
        case .date?:
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: civilDate(days: value).utf8)
            out.append(UInt8(ascii: "\""))
        case .timestamp(let utc, let unit)?:
            timestamp(value, unit: unit, utc: utc, to: &out)
        case .decimal(let scale, _)?:
            decimal(value, scale: Int(scale), to: &out)
        default:
            out.append(contentsOf: String(value).utf8)
        }
    }

    static func decimal(_ unscaled: Int64, scale: Int, to out: inout [UInt8]) {
        guard scale > 0 else { out.append(contentsOf: String(unscaled).utf8); return }
        let magnitude = String(unscaled.magnitude)
        let padded = String(repeating: "0", count: max(0, scale + 1 - magnitude.count)) + magnitude
        let cut = padded.index(padded.endIndex, offsetBy: -scale)
        out.append(contentsOf: ((unscaled < 0 ? "-" : "") + padded[..<cut] + "." + padded[cut...]).utf8)
    }

    static func timestamp(_ value: Int64, unit: ParquetTimeUnit, utc: Bool, to out: inout [UInt8]) {
        let perSecond: Int64
        let digits: Int
        switch unit {
        case .millis: perSecond = 1_000; digits = 3
        case .micros: perSecond = 1_000_000; digits = 6
        case .nanos: perSecond = 1_000_000_000; digits = 9
        }
        // Floor division, so instants before 1970 keep a positive fraction.
        var seconds = value / perSecond
        var fraction = value % perSecond
        if fraction < 0 { fraction += perSecond; seconds -= 1 }
        timestampText(seconds: seconds, fraction: fraction, digits: digits, utc: utc, to: &out)
    }

    static func timestampText(seconds: Int64, fraction: Int64, digits: Int, utc: Bool, to out: inout [UInt8]) {
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\"" + civilDate(days: days) + "T" + two(secondOfDay / 3600) + ":" + two(secondOfDay / 60 % 60) + ":" + two(secondOfDay % 60)
        let fractionText = String(fraction)
        text += "." + String(repeating: "0", count: max(0, digits - fractionText.count)) + fractionText
        text += utc ? "Z\"" : "\""
        out.append(contentsOf: text.utf8)
    }

    /// Legacy INT96 timestamps: nanoseconds of the day, then the Julian day number.
    private static func int96Timestamp(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard bytes.count == 12 else { out.append(contentsOf: "null".utf8); return }
        var nanos: UInt64 = 0
        for i in 0..<8 { nanos |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        var julian: UInt32 = 0
        for i in 0..<4 { julian |= UInt32(bytes[8 + i]) << (8 * UInt32(i)) }
        let days = Int64(julian) - 2_440_588
        let nanosOfDay = Int64(nanos % 86_400_000_000_000)
        timestampText(seconds: days * 86_400 + nanosOfDay / 1_000_000_000, fraction: nanosOfDay % 1_000_000_000, digits: 9, utc: true, to: &out)
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (the days-from-civil inverse).
    static func civilDate(days: Int64) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = year >= 0 && year < 10000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return yearText + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }

    private static func hex(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        out.append(UInt8(ascii: "\""))
    }
}
