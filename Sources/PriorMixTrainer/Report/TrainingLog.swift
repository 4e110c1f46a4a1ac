import Foundation
import PriorMix

/// `log.jsonl`: one JSON object per logged step (`"type": "train"`) or evaluation (`"type": "eval"`).
/// Rewritten whole and atomically on every append, so a crash never leaves half a line; on resume
/// the lines after the checkpoint's step are dropped, and the resumed run writes them again.
public final class TrainingLog {
    public let path: String
    public private(set) var lines: [String] = []

    public init(path: String, resumingAt step: Int? = nil) throws {
        self.path = path
        guard let step, let data = FileManager.default.contents(atPath: path) else { return }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let logged = object["step"] as? Int else {
                throw PriorMixError(.malformedInput, "not a training log line: \(line.prefix(80))", file: path)
            }
            if logged <= step { lines.append(String(line)) }
        }
    }

    /// Appends one record; `numbers` print at full precision (shortest round-trip form).
    public func append(type: String, step: Int, numbers: [(String, Double)], byCategory: [String: Double]? = nil) throws {
        var json = JSONWriter()
        json.beginObject()
        json.member("type", string: type)
        json.member("step", integer: step)
        func number(_ value: Double) { value.isFinite ? json.raw(Array("\(value)".utf8)) : json.null() }
        for (key, value) in numbers {
            json.key(key)
            number(value)
        }
        if let byCategory {
            json.key("val_loss_by_category")
            json.beginObject()
            for (category, value) in byCategory.sorted(by: { $0.key < $1.key }) {
                json.key(category)
                number(value)
            }
            json.endObject()
        }
        json.endObject()
        lines.append(String(decoding: json.bytes, as: UTF8.self))
        try AtomicOutputFile.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: path)
    }

    /// The records as parsed JSON objects (for plotting and summaries).
    public var records: [[String: Any]] {
        lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}
