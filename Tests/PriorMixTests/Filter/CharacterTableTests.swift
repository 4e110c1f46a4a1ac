import XCTest
@testable import PriorMix

/// The character table takes shortcuts while it is built (whole blocks copied from their first
/// character); every character of the Basic Multilingual Plane must still carry exactly the flags
/// its definitions give.
final class CharacterTableTests: XCTestCase {
    func testTableMatchesDefinitionsOnTheWholePlane() {
        var mismatches: [String] = []
        for value in UInt32(0)..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let stored = CharacterTable.flags(scalar)
            let computed = CharacterTable.compute(scalar)
            if stored != computed { mismatches.append(String(format: "U+%04X: table %X, definitions %X", value, stored, computed)) }
        }
        XCTAssertEqual(mismatches.prefix(20), [], "\(mismatches.count) characters differ")
        // The shortcut's blocks really are letters (Python's isalpha, spaCy's alpha).
        XCTAssertTrue(PythonCharacters.isAlpha("\u{9FA5}"))
        XCTAssertTrue(SpacyCharacterClasses.isAlpha("\u{D7A3}"))
        XCTAssertFalse(PythonCharacters.isAlpha("\u{D7A4}"))
    }

    /// The 16-character masks (vector code on x86-64) give each character's class as a single
    /// character's test would, at every position, for ASCII and for characters that saturate
    /// when narrowed to bytes.
    func testBlockMasksMatchSingleCharacters() {
        var values: [UInt32] = Array(0..<0x100)
        values += [0x100, 0x17F, 0x2028, 0x2029, 0x4E00, 0x7FFF, 0x8000, 0xFF20, 0xFF41, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF]
        var random = SystemRandomNumberGenerator()
        for round in 0..<4000 {
            // Each value once at every position, then random blocks.
            let block: [Unicode.Scalar] = (0..<16).map { position in
                let value = round < values.count ? values[(round + position * 7) % values.count] : values.randomElement(using: &random)!
                return Unicode.Scalar(value)!
            }
            let (masks, outside) = block.withUnsafeBufferPointer {
                (CharacterTable.asciiMasks($0.baseAddress!), CharacterTable.outsideLineBreakFreeRange($0.baseAddress!))
            }
            for (position, c) in block.enumerated() {
                let v = c.value
                let bit: (UInt32) -> Bool = { $0 >> UInt32(position) & 1 != 0 }
                XCTAssertEqual(bit(masks.printable), v >= 0x21 && v <= 0x7E, "printable U+\(String(v, radix: 16))")
                XCTAssertEqual(bit(masks.letters), (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A), "letter U+\(String(v, radix: 16))")
                XCTAssertEqual(bit(masks.digits), v >= 0x30 && v <= 0x39, "digit U+\(String(v, radix: 16))")
                XCTAssertEqual(bit(outside), v < 0x1F || v > 0x84, "outside U+\(String(v, radix: 16))")
            }
            XCTAssertEqual(masks.printable >> 16, 0)
            XCTAssertEqual(outside >> 16, 0)
        }
    }
}
