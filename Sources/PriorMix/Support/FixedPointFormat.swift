import Foundation

/// `String(format: "%.Nf", value)` without Foundation's formatter, which cost microseconds a call
/// (a CFString built from the format each time) where the filter stage writes several numbers per
/// document. The value times 10^N is rounded to an integer and printed; printf rounds the exact
/// binary value, which the rounded product may miss only when it lies within its own rounding
/// error of a half-way point, so such values (and negative, huge or non-finite ones) go to the
/// formatter itself. Same text for every value.
enum FixedPointFormat {
    private static let scales: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]
    private static let powers: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]

    static func string(_ value: Double, decimals: Int) -> String {
        guard decimals >= 0, decimals < scales.count, value.isFinite, value >= 0 else { return String(format: "%.\(decimals)f", value) }
        let scaled = value * scales[decimals]
        // Below 2^40 the product's rounding error is under 2^-13, far inside the margin.
        guard scaled < 0x1p40 else { return String(format: "%.\(decimals)f", value) }
        let floor = scaled.rounded(.down)
        let fraction = scaled - floor
        guard abs(fraction - 0.5) > 1e-3 else { return String(format: "%.\(decimals)f", value) }
        let units = UInt64(floor) + (fraction > 0.5 ? 1 : 0)
        let power = powers[decimals]
        var text = String(units / power)
        if decimals > 0 {
            let digits = String(units % power)
            text.reserveCapacity(text.utf8.count + 1 + decimals)
            text += "."
            for _ in digits.utf8.count..<decimals { text += "0" }
            text += digits
        }
        return text
    }
}
