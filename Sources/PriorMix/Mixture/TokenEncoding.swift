/// What the mixture builder needs of a tokenizer. `Tokenizer` conforms; tests may use a tiny one.
public protocol TokenEncoding: AnyObject, Sendable {
    var vocabularySize: Int { get }
    var endOfTextID: UInt32? { get }
    /// A content hash of the tokenizer's file, recorded in the manifest.
    var fileSHA256: String { get }
    /// Ids of plain text: special-token names inside a document stay text, never control tokens.
    func encodeOrdinary(_ text: String) -> [UInt32]
}

extension Tokenizer: TokenEncoding {}
