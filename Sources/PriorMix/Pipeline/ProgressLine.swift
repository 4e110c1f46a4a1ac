import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A one-line progress display on standard error, redrawn in place; silent when standard error is
/// not a terminal (logs and CI stay clean).
public final class ProgressLine {
    private let label: String
    private let totalBytes: Int?
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast

    public init(label: String, totalBytes: Int?, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.totalBytes = totalBytes
        self.enabled = enabled
    }

    /// Redraws at most four times a second.
    public func update(documents: Int, bytes: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 1e-3)
        let rate = Double(bytes) / elapsed / 1e6
        var line = "\(label): \(ProgressLine.grouped(documents)) docs  \(String(format: "%.1f", Double(bytes) / 1e6)) MB  \(String(format: "%.1f", rate)) MB/s"
        if let totalBytes, totalBytes > 0, bytes > 0, rate > 0 {
            let remaining = max(0, Double(totalBytes - bytes) / 1e6 / rate)
            line += String(format: "  %3.0f%%  ETA %@", min(100, 100 * Double(bytes) / Double(totalBytes)), ProgressLine.duration(remaining))
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
    }

    public func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
                             : String(format: "%d:%02d", total / 60, total % 60)
    }

    public static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 && character != "-" { out.append(",") }
            out.append(character)
        }
        return out
    }
}
