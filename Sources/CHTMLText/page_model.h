// The compact page model that main-content extraction scores: elements, text blocks and the
// events (element starts and ends, text) in reading order, built from libxml2's SAX callbacks.
#ifndef PRIORMIX_PAGE_MODEL_H
#define PRIORMIX_PAGE_MODEL_H

#include "html_rules.h"
#include "text_sink.h"

#include <libxml/HTMLparser.h>
#include <stddef.h>
#include <stdint.h>

typedef struct element {
    int32_t parent;
    uint32_t flags;      // tag flags
    uint8_t hint;        // H_BOILER / H_CONTENT from class, id, role
    uint8_t tainted;     // inside page chrome
    int32_t start_event, end_event;
    int32_t chars;       // visible characters in the subtree
    int32_t link_chars;  // of which inside links
    int32_t kept;        // kept blocks in the subtree
    double score;        // sum of block values in the subtree
    double prose;        // sum of positive block values in the subtree, chrome or not
} element;

typedef struct block {
    int32_t owner;       // innermost enclosing block element
    int32_t chars, link_chars, punct;
    uint8_t heading, keep, copyright, caption, title;
    int32_t first_event;
    double value;
} block;

enum { EV_START, EV_END, EV_TEXT };

typedef struct event {
    uint8_t kind, verbatim;
    int32_t ref;         // element (start, end) or block (text)
    uint32_t offset, length;  // text bytes
} event;

typedef struct page_model {
    element *elements; size_t element_count, element_capacity;
    block *blocks; size_t block_count, block_capacity;
    event *events; size_t event_count, event_capacity;
    char *text; size_t text_length, text_capacity;
    int32_t *stack; size_t stack_count, stack_capacity;  // open elements (-1: not recorded)
    int failed;
    int main_mode;
    // Parse state.
    int drop_depth, link_depth, verbatim_depth, article_depth, head_depth, svg_depth, heading_depth, caption_depth, h1_depth;
    int32_t *block_stack;  // per open element: the innermost block element at that depth
    size_t block_stack_capacity;
    int32_t current_block;
    int in_title, title_done, in_json_ld;
    text_sink title, json_ld;
    // Metadata, best candidates so far (rank: lower is better).
    char *canonical, *language, *date;
    int date_rank;
    // libxml2 searches its whole stack of open elements for every end tag that matches none, so a
    // page nested 100,000 deep followed by as many stray end tags would take minutes: each such
    // tag is reported as an error, and parsing stops once their summed search depth is too high.
    htmlParserCtxtPtr ctxt;
    double stray_end_work;
} page_model;

/// Parses `data` into `m` (zeroed by the caller): in main mode chrome elements are recorded to be
/// scored; in all mode they are dropped as the all-text extractor always did. Returns 0, or -1
/// when the bytes cannot be parsed or memory ran out (`m` must still be freed).
int pm_page_model_parse(page_model *m, const char *data, size_t length, const char *encoding, int main_mode);
void pm_page_model_free(page_model *m);
/// A malloc'd copy of `value` without surrounding whitespace, at most `max` bytes, or NULL if empty.
char *pm_dup_trimmed(const char *value, size_t max);

#endif
