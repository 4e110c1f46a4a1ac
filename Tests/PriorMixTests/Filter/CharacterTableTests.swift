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
}
