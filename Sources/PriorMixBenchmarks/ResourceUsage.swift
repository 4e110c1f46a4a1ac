import Foundation
#if canImport(Glibc)
import Glibc
private let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
import Darwin
private let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif

/// Peak resident memory of this process, resettable so one phase can be measured on its own, and
/// its CPU time.
public enum ResourceUsage {
    /// Peak RSS in bytes since the start (or the last `resetPeak()`), from /proc (Linux) or getrusage.
    public static func peakResidentBytes() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") {
            return kilobytes * 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF_WHO, &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// User plus system CPU time of this process so far, in seconds (near wall time × threads when
    /// the threads really ran in parallel, whatever else the machine was doing).
    public static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF_WHO, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// CPU time the calling thread has used, in seconds: what one-core work costs, apart from the
    /// time other processes on a busy machine take the core away.
    public static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Resets the peak to the current RSS (Linux: writing 5 to /proc/self/clear_refs).
    public static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}
