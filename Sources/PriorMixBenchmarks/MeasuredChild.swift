import Foundation
import PriorMix
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Runs a program and measures it alone: wall and CPU seconds from `wait4`, peak RSS from the
/// child's own `VmHWM` in /proc, read every few milliseconds until it exits (wait4's `ru_maxrss`
/// would count the benchmark's memory, which a spawned child shares until it execs).
struct MeasuredChild {
    var status: Int32
    var seconds: Double
    var cpuSeconds: Double
    var peakResidentBytes: Int

    static func run(_ executable: String, _ arguments: [String]) throws -> MeasuredChild {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let started = Date()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw PriorMixError(.io, "cannot run: \(String(cString: strerror(spawned)))", file: executable) }
        var status: Int32 = 0
        var usage = rusage()
        var peak = 0
        while true {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peak = max(peak, kilobytes * 1024)
            }
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { break }
            usleep(5_000)
        }
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return MeasuredChild(status: exitStatus, seconds: Date().timeIntervalSince(started), cpuSeconds: cpu,
                             peakResidentBytes: peak)
    }

    /// The `priormix` executable beside the running one (the benchmarks also run as `priormix-bench`).
    static var priormix: String {
        let own = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0]).resolvingSymlinksInPath()
        return own.deletingLastPathComponent().appendingPathComponent("priormix").path
    }
}
