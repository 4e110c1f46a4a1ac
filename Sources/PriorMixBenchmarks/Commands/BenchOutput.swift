import Foundation

/// Progress and notes of a benchmark go to standard error (its result to standard output, through
/// `PrettyJSONEncodable.writeToStandardOutput`).
func log(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
