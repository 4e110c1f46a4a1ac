import Dispatch
import Foundation
import PriorMix

/// `priormix bench extract`: pages/s and MB/s of HTML extraction (main content and all text), on
/// one core and on all, beside trafilatura's `extract()` on the same pages when the Python package
/// is installed (a peer for measuring only; it is not installed in CI).
public struct ExtractBenchmark {
    /// Raw HTML pages, read before timing starts.
    public var pages: [[UInt8]]
    public var threads: Int
    /// Files holding `pages`, for the peer (repeated in the same order).
    public var pagePaths: [String]
    public var workDirectory: String

    public init(pages: [[UInt8]], pagePaths: [String], threads: Int, workDirectory: String) {
        self.pages = pages
        self.pagePaths = pagePaths
        self.threads = threads
        self.workDirectory = workDirectory
    }

    /// Reads every `.html`/`.htm` file of `directory` (sorted), repeated until `minimumMB` of HTML.
    public static func load(directory: String, minimumMB: Int) throws -> (pages: [[UInt8]], paths: [String]) {
        var walker = try TreeWalker(root: directory)
        var paths: [String] = []
        while let item = walker.next() {
            if case .file(let path) = item, path.hasSuffix(".html") || path.hasSuffix(".htm") { paths.append(path) }
        }
        guard !paths.isEmpty else { throw PriorMixError(.usage, "no .html files", file: directory, hint: "give --pages a directory of HTML pages") }
        let unique = try paths.map { try Array(Data(contentsOf: URL(fileURLWithPath: $0))) }
        var pages = unique, all = paths
        while pages.reduce(0, { $0 + $1.count }) < minimumMB * 1_000_000 { pages += unique; all += paths }
        return (pages, all)
    }

    public struct Row: Codable {
        public var name: String
        public var threads: Int
        public var seconds: Double
        public var pagesPerSecond: Double
        public var megabytesPerSecond: Double
        public var megabytesPerSecondPerCore: Double
        /// CPU seconds of the measuring thread (one-thread rows): what other processes on a busy
        /// machine take from the wall clock does not count here.
        public var cpuSeconds: Double?
    }

    public struct Result: Codable, PrettyJSONEncodable {
        public var pages: Int
        public var megabytes: Double
        public var rows: [Row]
        /// trafilatura's time over PriorMix main mode's on one core (wall clock), when the peer ran.
        public var speedRatioPerCore: Double?
        /// The same ratio in CPU seconds, steadier on a shared machine.
        public var cpuSpeedRatio: Double?
        public var note: String?

        public var table: String {
            var lines = [String(format: "%d pages, %.1f MB of HTML", pages, megabytes)]
            var cells = [["extractor", "threads", "pages/s", "MB/s", "MB/s per core", "CPU s"]]
            for row in rows {
                cells.append([row.name, String(row.threads), String(format: "%.0f", row.pagesPerSecond),
                              String(format: "%.1f", row.megabytesPerSecond), String(format: "%.1f", row.megabytesPerSecondPerCore),
                              row.cpuSeconds.map { String(format: "%.2f", $0) } ?? "-"])
            }
            lines.append(AlignedTable(rows: cells, rightAligned: [1, 2, 3, 4, 5]).text)
            if let note { lines.append(note) }
            return lines.joined(separator: "\n")
        }
    }

    private var megabytes: Double { Double(pages.reduce(0) { $0 + $1.count }) / 1e6 }

    /// Times extraction of every page with `threads` workers taking pages from a shared counter
    /// (one thread: on the calling thread, with its CPU time).
    private func measure(_ name: String, mode: ExtractionMode, threads: Int) -> Row {
        let pages = self.pages
        let start = DispatchTime.now()
        var cpuSeconds: Double?
        if threads == 1 {
            let cpuStart = Self.threadCPUSeconds()
            for page in pages { _ = HTMLText.extract(page, mode: mode) }
            cpuSeconds = Self.threadCPUSeconds() - cpuStart
        } else {
            let next = ManagedAtomicCounter()
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while true {
                    let index = next.increment()
                    if index >= pages.count { break }
                    _ = HTMLText.extract(pages[index], mode: mode)
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return Row(name: name, threads: threads, seconds: seconds, pagesPerSecond: Double(pages.count) / seconds,
                   megabytesPerSecond: megabytes / seconds, megabytesPerSecondPerCore: megabytes / seconds / Double(threads),
                   cpuSeconds: cpuSeconds)
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    public func run(log: (String) -> Void) throws -> Result {
        HTMLText.initializeLibXML()
        let threadCounts = threads > 1 ? [1, threads] : [1]
        var rows: [Row] = []
        for mode in ExtractionMode.allCases {
            for count in threadCounts { rows.append(measure("PriorMix --extract \(mode.rawValue)", mode: mode, threads: count)) }
        }
        var note: String
        var ratio: Double?
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let listPath = workDirectory + "/bench-extract-pages.txt"
        try AtomicOutputFile.write(Array(pagePaths.joined(separator: "\n").utf8) + [0x0A], to: listPath)
        log("timing trafilatura on the same pages (if installed) …")
        var cpuRatio: Double?
        if let (seconds, cpu) = Self.timeTrafilatura(pageList: listPath) {
            let peer = Row(name: "trafilatura extract()", threads: 1, seconds: seconds, pagesPerSecond: Double(pages.count) / seconds,
                           megabytesPerSecond: megabytes / seconds, megabytesPerSecondPerCore: megabytes / seconds, cpuSeconds: cpu)
            rows.append(peer)
            let ours = rows.first { $0.name == "PriorMix --extract main" && $0.threads == 1 }!
            ratio = ours.pagesPerSecond / peer.pagesPerSecond
            if let ourCPU = ours.cpuSeconds, ourCPU > 0 { cpuRatio = cpu / ourCPU }
            note = String(format: "main-content extraction on one core runs at %.1fx trafilatura's speed on the same pages (%.1fx in CPU time)",
                          ratio!, cpuRatio ?? .nan)
        } else {
            note = "trafilatura is not installed: no peer row (pip install trafilatura to compare; it is not a CI dependency)"
        }
        return Result(pages: pages.count, megabytes: megabytes, rows: rows, speedRatioPerCore: ratio, cpuSpeedRatio: cpuRatio, note: note)
    }

    /// Wall and CPU seconds trafilatura spends in `extract()` over the listed files (import and
    /// reading excluded).
    static func timeTrafilatura(pageList: String) -> (Double, Double)? {
        let script = """
            import sys, time
            import trafilatura
            paths = open(sys.argv[1], encoding="utf-8").read().split("\\n")[:-1]
            cache = {}
            pages = [cache.setdefault(p, open(p, "rb").read()) for p in paths]
            start, cpu = time.perf_counter(), time.thread_time()
            for page in pages:
                trafilatura.extract(page)
            print(time.perf_counter() - start, time.thread_time() - cpu)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, pageList]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        guard (try? process.run()) != nil else { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let numbers = String(decoding: output, as: UTF8.self).split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }
}

/// A counter shared by benchmark workers (a lock is plenty at one increment per page).
final class ManagedAtomicCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
