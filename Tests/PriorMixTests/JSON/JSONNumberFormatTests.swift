import Foundation
import XCTest
@testable import PriorMix

/// The exact fixed-point formatting of annotation numbers prints what `printf` prints.
final class JSONNumberFormatTests: XCTestCase {
    private func assertLikePrintf(_ value: Double, decimals: Int, file: StaticString = #filePath, line: UInt = #line) {
        guard let fast = FixedPointFormat.exact(value, decimals: decimals) else { return }
        XCTAssertEqual(fast, String(format: "%.\(decimals)f", value), "\(value) with \(decimals) decimals", file: file, line: line)
    }

    func testFixedPointMatchesPrintfOnProbabilitiesTiesAndLargeValues() {
        var random = SplitMix64(seed: 11)
        for decimals in [0, 1, 3, 4, 6, 9] {
            for _ in 0..<20000 {
                let unit = Double(random.next() >> 11) / Double(1 << 53)
                assertLikePrintf(unit, decimals: decimals)
                assertLikePrintf(-unit, decimals: decimals)
                assertLikePrintf(unit * 1e-7, decimals: decimals)
                assertLikePrintf(unit * Double(1 << 40), decimals: decimals)
                assertLikePrintf(Double(bitPattern: random.next() >> 2 | 0x3000_0000_0000_0000), decimals: decimals)
            }
            // Exact ties round to even; values next to them round to nearest.
            for numerator in 0..<4096 {
                let tie = (Double(numerator) + 0.5) / Double(1 << 12)
                for value in [tie, tie.nextUp, tie.nextDown, -tie] { assertLikePrintf(value, decimals: decimals) }
            }
        }
        for value in [Double.leastNonzeroMagnitude, Double.leastNormalMagnitude, 0.5, 1.5, 2.5, 0.125, 0.375, 0.00005, 0.00015, 0x1p53 - 0.5] {
            for decimals in 0...9 { assertLikePrintf(value, decimals: decimals) }
        }
        // Values outside the exact path's range still print as printf does.
        for value in [Double.nan, .infinity, -.infinity, 1e300, -1e20, 0x1p53 + 2] {
            for decimals in [0, 4] { XCTAssertEqual(FixedPointFormat.string(value, decimals: decimals), String(format: "%.\(decimals)f", value)) }
        }
        XCTAssertNotNil(FixedPointFormat.exact(0.3, decimals: 4))
        XCTAssertNil(FixedPointFormat.exact(.nan, decimals: 4))
        XCTAssertEqual(JSONWriter.format(0.123449999, decimals: 4), "0.1234")
        XCTAssertEqual(JSONWriter.format(0.5, decimals: 4), "0.5")
    }
}
