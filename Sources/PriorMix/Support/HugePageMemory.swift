#if canImport(Glibc)
import Glibc
#endif

/// Memory for large tables probed at random (the fastText feature cache's slots and records). On
/// Linux it is aligned to 2 MB and marked for transparent huge pages (honoured when the system
/// allows them, the usual `madvise` setting): with 4 KB pages, random probes over tens of
/// megabytes need a page-table walk far more often. Elsewhere, or when the hint is refused, it is
/// ordinary memory. Not zeroed.
enum HugePageMemory {
    static let hugePageBytes = 2 << 20

    static func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        #if os(Linux)
        let size = max(hugePageBytes, (bytes + hugePageBytes - 1) / hugePageBytes * hugePageBytes)
        var pointer: UnsafeMutableRawPointer?
        if posix_memalign(&pointer, hugePageBytes, size) == 0, let pointer {
            _ = madvise(pointer, size, 14 /* MADV_HUGEPAGE */)
            return pointer
        }
        #endif
        return .allocate(byteCount: bytes, alignment: 64)
    }

    static func deallocate(_ pointer: UnsafeMutableRawPointer) {
        #if os(Linux)
        free(pointer)
        #else
        pointer.deallocate()
        #endif
    }
}
