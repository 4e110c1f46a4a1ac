// Cache prefetch hints for Swift, which has no prefetch of its own: a hash table probe whose
// address is known a few tokens ahead can be fetched while the current token is worked on.
#ifndef PRIORMIX_PREFETCH_H
#define PRIORMIX_PREFETCH_H

static inline void priormix_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
