// glibc functions Swift's Glibc module leaves out (wchar.h, malloc.h), as small inline wrappers.
#ifndef PRIORMIX_LIBC_EXTRAS_H
#define PRIORMIX_LIBC_EXTRAS_H

#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

/// The index of the first `value` among `count` 32-bit characters at `characters`, or `count`:
/// wmemchr, a vector search.
static inline size_t priormix_find_character(const uint32_t *characters, size_t count, uint32_t value) {
    const wchar_t *found = wmemchr((const wchar_t *)characters, (wchar_t)value, count);
    return found ? (size_t)(found - (const wchar_t *)characters) : count;
}

/// Serve allocations below `mmap_bytes` from the heap and keep up to `trim_bytes` of freed heap
/// memory instead of returning it to the system (mallopt's M_MMAP_THRESHOLD, M_TRIM_THRESHOLD).
static inline void priormix_keep_freed_memory(int mmap_bytes, int trim_bytes) {
    mallopt(M_MMAP_THRESHOLD, mmap_bytes);
    mallopt(M_TRIM_THRESHOLD, trim_bytes);
}

#endif
