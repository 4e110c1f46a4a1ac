import Foundation

/// A deterministic generator of Dolma-style JSONL documents for benchmarks: realistic lengths,
/// paragraphs, punctuation that needs JSON escaping, and some non-ASCII text.
public struct SyntheticCorpus {
    public var seed: UInt64

    public init(seed: UInt64 = 42) {
        self.seed = seed
    }

    public static let words: [String] = """
        the of and to in a is that for it as was with be by on not he this are or his from at which but have an \
        they you were her she there been one all we their has would when if so no will more about can out up what \
        time some into only other could new than then these two may first any like now my such most over also did \
        light river stone window blue green red round square small large wooden glass table chair garden street \
        function return value array index loop variable compile error type string integer pointer memory thread \
        theorem proof lemma equation integral derivative matrix vector prime sum limit converge bound inequality \
        cell protein gene enzyme species tissue patient dose clinical symptom treatment court statute clause party \
        market price inflation policy vote election minister recipe flour butter oven simmer café naïve — “quoted”
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// Writes documents until about `bytes` of JSONL have been produced, through `write`.
    public func generate(bytes target: Int, write: ([UInt8]) throws -> Void) throws {
        var random = SplitMix64(seed: seed)
        var produced = 0
        var index = 0
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20)
        while produced < target {
            var text = ""
            let paragraphs = 1 + Int(random.next() % 8)
            for paragraph in 0..<paragraphs {
                if paragraph > 0 { text += "\n\n" }
                let count = 40 + Int(random.next() % 300)
                for word in 0..<count {
                    if word > 0 { text += word % 17 == 16 ? ". " : " " }
                    text += SyntheticCorpus.words[Int(random.next() % UInt64(SyntheticCorpus.words.count))]
                }
                text += random.next() % 5 == 0 ? "? \"Yes,\" she said.\t(1)" : "."
            }
            var json = JSONWriter(reservingCapacity: text.utf8.count + 256)
            json.beginObject()
            json.member("id", string: "synthetic-\(index)")
            json.member("text", string: text)
            json.member("source", string: "synthetic")
            json.member("added", string: "2025-01-01T00:00:00Z")
            json.key("metadata"); json.beginObject()
            json.member("url", string: "https://example.org/page/\(index)")
            json.member("lang", string: "en")
            json.endObject()
            json.endObject()
            chunk.append(contentsOf: json.bytes)
            chunk.append(0x0A)
            produced += json.bytes.count + 1
            index += 1
            if chunk.count >= 1 << 20 { try write(chunk); chunk.removeAll(keepingCapacity: true) }
        }
        if !chunk.isEmpty { try write(chunk) }
    }
}
