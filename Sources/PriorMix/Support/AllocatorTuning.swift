import CLibcExtras

/// glibc's allocator tuned for a process that allocates and frees the same large buffers for every
/// document (a text's characters, words and n-gram hashes, an output batch of megabytes): by
/// default it returns freed blocks above a few megabytes to the system and maps them again at the
/// next document, a page fault per 4 KB each time (several percent of the filter stage's time).
/// Kept instead, up to 256 MB; the process's peak memory stays what the largest document needs.
public enum AllocatorTuning {
    public static func keepFreedMemory() {
        priormix_keep_freed_memory(64 << 20, 256 << 20)
    }
}
