import Foundation
import PriorMix

/// The safetensors format: a little-endian u64 header length, a JSON header mapping each tensor
/// name to `{dtype, shape, data_offsets}` (offsets relative to the data block), then the raw
/// little-endian tensor bytes. Only F32 is written or read: the trainer's weights and moments.
public enum SafeTensors {
    public struct Tensor {
        public var name: String
        public var shape: [Int]
        public var values: UnsafeBufferPointer<Float>

        public init(name: String, shape: [Int], values: UnsafeBufferPointer<Float>) {
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// Writes tensors in the order given, atomically.
    public static func write(_ tensors: [Tensor], metadata: [String: String] = [:], to path: String) throws {
        var header = "{"
        var offset = 0
        var members: [String] = []
        if !metadata.isEmpty {
            members.append("\"__metadata__\":{" + metadata.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }.joined(separator: ",") + "}")
        }
        for tensor in tensors {
            precondition(tensor.shape.reduce(1, *) == tensor.values.count, "\(tensor.name): shape and values disagree")
            let bytes = tensor.values.count * 4
            members.append("\(jsonString(tensor.name)):{\"dtype\":\"F32\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        header += members.joined(separator: ",") + "}"
        // Pad with spaces so the data block starts 8-byte aligned, as the reference writer does.
        while (8 + header.utf8.count) % 8 != 0 { header += " " }
        let file = try AtomicOutputFile(path: path)
        var prefix: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { prefix.append(contentsOf: $0) }
        try file.write(prefix + Array(header.utf8))
        let chunk = 1 << 18
        for tensor in tensors {
            var start = 0
            while start < tensor.values.count {
                let end = min(start + chunk, tensor.values.count)
                var bytes = [UInt8](repeating: 0, count: (end - start) * 4)
                bytes.withUnsafeMutableBytes { raw in
                    for i in start..<end { raw.storeBytes(of: tensor.values[i].bitPattern.littleEndian, toByteOffset: (i - start) * 4, as: UInt32.self) }
                }
                try file.write(bytes)
                start = end
            }
        }
        try file.commit()
    }

    /// Reads every F32 tensor of a file: name → (shape, values).
    public static func read(path: String) throws -> [String: (shape: [Int], values: [Float])] {
        let file = try MappedFile(path: path)
        func fail(_ message: String) -> PriorMixError { PriorMixError(.corruptInput, message, file: path) }
        guard file.size >= 8 else { throw fail("shorter than the 8-byte header length") }
        let headerLength = Int(file.load(UInt64.self, at: 0))
        guard headerLength <= file.size - 8 else { throw fail("header length \(headerLength) runs past the end of the file") }
        let headerData = Data(bytes: file.bytes + 8, count: headerLength)
        guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else { throw fail("the header is not a JSON object") }
        let dataStart = 8 + headerLength
        var tensors: [String: (shape: [Int], values: [Float])] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
                throw fail("tensor \(name): malformed header entry")
            }
            guard dtype == "F32" else {
                throw PriorMixError(.unsupportedInput, "tensor \(name) is \(dtype); only F32 is read", file: path)
            }
            let count = shape.reduce(1, *)
            guard offsets[1] - offsets[0] == count * 4, offsets[0] >= 0, dataStart + offsets[1] <= file.size else {
                throw fail("tensor \(name): data offsets \(offsets) do not fit shape \(shape) in the file")
            }
            let base = file.bytes + dataStart + offsets[0]
            let values = (0..<count).map { Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
            tensors[name] = (shape, values)
        }
        return tensors
    }

    private static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
