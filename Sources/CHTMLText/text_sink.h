// Growing UTF-8 buffer that collapses whitespace the way a browser lays text out, while
// remembering how many line breaks the next visible character must be preceded by. Used by the page
// model (page_model.c, the title) and the extractor's writer (main_content.c, both modes).
#ifndef PRIORMIX_TEXT_SINK_H
#define PRIORMIX_TEXT_SINK_H

#include <stdlib.h>
#include <string.h>

typedef struct text_sink {
    char *bytes;
    size_t length, capacity;
    int pending_space;
    int pending_newlines;
    int failed;
} text_sink;

static inline void sink_reserve(text_sink *s, size_t extra) {
    if (s->failed || s->length + extra + 1 <= s->capacity) return;
    size_t capacity = s->capacity ? s->capacity : 4096;
    while (capacity < s->length + extra + 1) capacity *= 2;
    char *grown = realloc(s->bytes, capacity);
    if (!grown) { s->failed = 1; return; }
    s->bytes = grown;
    s->capacity = capacity;
}

static inline void sink_raw(text_sink *s, const char *bytes, size_t n) {
    sink_reserve(s, n);
    if (s->failed) return;
    memcpy(s->bytes + s->length, bytes, n);
    s->length += n;
}

// Emits what separation is pending before a visible character.
static inline void sink_flush_separation(text_sink *s) {
    if (s->length > 0) {
        if (s->pending_newlines > 0) {
            for (int i = 0; i < s->pending_newlines; i++) sink_raw(s, "\n", 1);
        } else if (s->pending_space && s->bytes[s->length - 1] != '\n') {
            sink_raw(s, " ", 1);
        }
    }
    s->pending_newlines = 0;
    s->pending_space = 0;
}

static inline void sink_break(text_sink *s, int newlines) {
    if (newlines > s->pending_newlines) s->pending_newlines = newlines;
}

static inline int sink_is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Appends `n` bytes of text: verbatim (pre, code) or with runs of whitespace collapsed.
static inline void sink_text_n(text_sink *s, const char *text, size_t n, int verbatim) {
    if (!text || n == 0) return;
    if (verbatim) {
        sink_flush_separation(s);
        sink_raw(s, text, n);
        return;
    }
    const char *p = text, *end = text + n;
    while (p < end) {
        if (sink_is_space((unsigned char)*p)) {
            s->pending_space = 1;
            p++;
            continue;
        }
        // Copy a run of non-space bytes at once.
        const char *start = p;
        while (p < end && !sink_is_space((unsigned char)*p)) p++;
        sink_flush_separation(s);
        sink_raw(s, start, (size_t)(p - start));
    }
}

#endif
