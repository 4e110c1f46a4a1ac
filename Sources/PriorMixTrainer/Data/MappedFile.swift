import Foundation
import PriorMix
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A read-only memory map of a whole file: shards are read where they lie, so a shard set larger
/// than memory costs only the pages the sampled windows touch.
final class MappedFile: @unchecked Sendable {
    let path: String
    let size: Int
    let bytes: UnsafeRawPointer

    init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PriorMixError(.io, "cannot open: \(String(cString: strerror(errno)))", file: path)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw PriorMixError(.io, "cannot stat: \(String(cString: strerror(errno)))", file: path) }
        size = Int(status.st_size)
        if size == 0 {
            bytes = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 8))
            return
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw PriorMixError(.io, "cannot map: \(String(cString: strerror(errno)))", file: path)
        }
        bytes = UnsafeRawPointer(mapped)
    }

    deinit {
        if size == 0 { UnsafeMutableRawPointer(mutating: bytes).deallocate() } else { munmap(UnsafeMutableRawPointer(mutating: bytes), size) }
    }

    func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
