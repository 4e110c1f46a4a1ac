// glibc's vector search over 32-bit characters (wmemchr), which Swift's Glibc module does not
// export: the filter rules look for line feeds in a document's code points with it.
#ifndef PRIORMIX_WIDE_SEARCH_H
#define PRIORMIX_WIDE_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

/// The index of the first `value` among `count` 32-bit characters at `characters`, or `count`.
static inline size_t priormix_find_character(const uint32_t *characters, size_t count, uint32_t value) {
    const wchar_t *found = wmemchr((const wchar_t *)characters, (wchar_t)value, count);
    return found ? (size_t)(found - (const wchar_t *)characters) : count;
}

#endif
