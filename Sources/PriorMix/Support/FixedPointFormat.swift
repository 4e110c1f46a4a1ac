import Foundation

/// `String(format: "%.Nf", value)` without Foundation's formatter, which cost about a microsecond a
/// call (a CFString built from the format each time): most of the time `classify` spent writing a
/// document's annotation, and a visible share of the filter stage, which writes several numbers per
/// document. Same text for every value.
enum FixedPointFormat {
    static func string(_ value: Double, decimals: Int) -> String {
        exact(value, decimals: decimals) ?? String(format: "%.\(decimals)f", value)
    }

    /// What `String(format: "%.<decimals>f", value)` prints, computed exactly from the double's
    /// bits (`printf` rounds the exact binary value to nearest, ties to even), for a finite value
    /// below 2^53 in magnitude that is not an integer and up to nine decimals; nil otherwise.
    static func exact(_ value: Double, decimals: Int) -> String? {
        guard value.isFinite, (0...9).contains(decimals), abs(value) < 0x1p53 else { return nil }
        let biased = Int(value.exponentBitPattern)
        let significand = UInt64(value.significandBitPattern) | (biased == 0 ? 0 : 1 << 52)
        // value = significand × 2^exponent, exactly.
        let exponent = (biased == 0 ? 1 : biased) - 1075
        guard exponent < 0 else { return nil }
        var power: UInt64 = 1
        for _ in 0..<decimals { power *= 10 }
        // value × 10^decimals = scaled / 2^shift, rounded to an integer, to nearest with ties to even.
        let scaled = UInt128(significand) * UInt128(power)
        let shift = -exponent
        var rounded: UInt128
        if shift >= 127 {
            rounded = 0  // scaled < 2^84: below one half
        } else {
            rounded = scaled >> UInt128(shift)
            let remainder = scaled & ((1 << UInt128(shift)) - 1)
            let half = UInt128(1) << UInt128(shift - 1)
            if remainder > half || (remainder == half && rounded & 1 == 1) { rounded += 1 }
        }
        let whole = rounded / UInt128(power)
        let fraction = rounded % UInt128(power)
        var text = value.sign == .minus ? "-" : ""
        text += String(UInt64(whole))
        guard decimals > 0 else { return text }
        let digits = String(UInt64(fraction))
        text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        return text
    }

}
