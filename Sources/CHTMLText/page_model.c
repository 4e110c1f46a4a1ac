// Builds the page model from libxml2's SAX events (see page_model.h). Every structure is an array
// and every lookup is O(1) per event, so deep nesting costs no more than flat markup.
#include "page_model.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void *grow(void *array, size_t *capacity, size_t count, size_t size, int *failed) {
    if (count < *capacity) return array;
    size_t next = *capacity ? *capacity * 2 : 64;
    void *grown = realloc(array, next * size);
    if (!grown) { *failed = 1; return NULL; }
    *capacity = next;
    return grown;
}

#define PUSH(model, array, count, capacity, value)                                                      \
    do {                                                                                                \
        void *g_ = grow((model)->array, &(model)->capacity, (model)->count, sizeof *(model)->array,      \
                        &(model)->failed);                                                              \
        if (!g_) break;                                                                                 \
        (model)->array = g_;                                                                            \
        (model)->array[(model)->count++] = (value);                                                     \
    } while (0)

char *pm_dup_trimmed(const char *value, size_t max) {
    if (!value) return NULL;
    while (*value && sink_is_space((unsigned char)*value)) value++;
    size_t n = strlen(value);
    if (n > max) n = max;
    while (n > 0 && sink_is_space((unsigned char)value[n - 1])) n--;
    if (n == 0) return NULL;
    char *copy = malloc(n + 1);
    if (!copy) return NULL;
    memcpy(copy, value, n);
    copy[n] = 0;
    return copy;
}

static int attr_contains(const char *value, const char *word) {
    if (!value) return 0;
    size_t n = strlen(word);
    for (const char *p = value; *p; p++)
        if (strncasecmp(p, word, n) == 0) return 1;
    return 0;
}

static void set_date(page_model *m, const char *value, int rank) {
    if (!value || rank >= m->date_rank) return;
    char *copy = pm_dup_trimmed(value, 64);
    if (!copy) return;
    free(m->date);
    m->date = copy;
    m->date_rank = rank;
}

// Publication date, canonical URL and language from <meta>, <link>, <html> and microdata.
static void read_metadata(page_model *m, const char *name, const xmlChar **atts) {
    if (strcmp(name, "html") == 0) {
        const char *lang = pm_attr(atts, "lang");
        if (!lang) lang = pm_attr(atts, "xml:lang");
        if (lang && !m->language) m->language = pm_dup_trimmed(lang, 32);
    } else if (strcmp(name, "link") == 0) {
        const char *rel = pm_attr(atts, "rel"), *href = pm_attr(atts, "href");
        if (rel && href && strcasecmp(rel, "canonical") == 0 && !m->canonical) m->canonical = pm_dup_trimmed(href, 2048);
    } else if (strcmp(name, "meta") == 0) {
        const char *key = pm_attr(atts, "property");
        if (!key) key = pm_attr(atts, "name");
        if (!key) key = pm_attr(atts, "itemprop");
        const char *content = pm_attr(atts, "content");
        const char *equiv = pm_attr(atts, "http-equiv");
        if (equiv && content && strcasecmp(equiv, "content-language") == 0 && !m->language)
            m->language = pm_dup_trimmed(content, 32);
        if (!key || !content) return;
        if (strcasecmp(key, "og:url") == 0 && !m->canonical) m->canonical = pm_dup_trimmed(content, 2048);
        static const char *const first_rank[] = {"article:published_time", "datepublished", "og:published_time", NULL};
        static const char *const second_rank[] = {
            "date", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "dc.date",
            "dc.date.issued", "dcterms.date", "dcterms.issued", "dcterms.created", "sailthru.date",
            "parsely-pub-date", "citation_publication_date", "citation_date", "article.published", NULL};
        for (const char *const *k = first_rank; *k; k++)
            if (strcasecmp(key, *k) == 0) set_date(m, content, 0);
        for (const char *const *k = second_rank; *k; k++)
            if (strcasecmp(key, *k) == 0) set_date(m, content, 2);
    } else if (strcmp(name, "time") == 0 || strcmp(name, "span") == 0 || strcmp(name, "div") == 0) {
        const char *itemprop = pm_attr(atts, "itemprop");
        if (itemprop && strcasecmp(itemprop, "datePublished") == 0) {
            const char *value = pm_attr(atts, "datetime");
            if (!value) value = pm_attr(atts, "content");
            set_date(m, value, 0);
        } else if (strcmp(name, "time") == 0 && pm_attr(atts, "pubdate")) {
            set_date(m, pm_attr(atts, "datetime"), 1);
        }
    }
}

// "datePublished": "2021-03-04T…" inside JSON-LD, without a JSON parser: the value after the key.
static void date_from_json_ld(page_model *m, const char *json) {
    const char *p = strstr(json, "\"datePublished\"");
    if (!p) return;
    p += 15;
    while (*p == ' ' || *p == ':' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (*p != '"') return;
    const char *end = strchr(p + 1, '"');
    if (!end || end - p > 64) return;
    char value[72];
    memcpy(value, p + 1, (size_t)(end - p - 1));
    value[end - p - 1] = 0;
    set_date(m, value, 1);
}

static void close_block(page_model *m) { m->current_block = -1; }

static int32_t innermost_block_element(page_model *m) {
    return m->stack_count ? m->block_stack[m->stack_count - 1] : -1;
}

// Pushes an open element (or -1 for one not recorded) with the innermost block element under it.
static void push_open(page_model *m, int32_t e) {
    int32_t inner = m->stack_count ? m->block_stack[m->stack_count - 1] : -1;
    if (e >= 0 && (m->elements[e].flags & F_BLOCK)) inner = e;
    size_t capacity = m->stack_capacity;
    PUSH(m, stack, stack_count, stack_capacity, e);
    if (m->failed) return;
    if (m->stack_capacity != capacity || !m->block_stack) {
        int32_t *grown = realloc(m->block_stack, m->stack_capacity * sizeof *grown);
        if (!grown) { m->failed = 1; return; }
        m->block_stack = grown;
    }
    m->block_stack[m->stack_count - 1] = inner;
}

static void on_start(void *context, const xmlChar *xname, const xmlChar **atts) {
    page_model *m = context;
    if (m->failed) return;
    const char *name = (const char *)xname;
    unsigned flags = pm_tag_flags(name);
    read_metadata(m, name, atts);
    int32_t recorded = -1;
    if (m->drop_depth > 0 || m->head_depth > 0) {
        // Inside dropped content only the title and JSON-LD are of interest.
        if ((flags & F_TITLE) && !m->title_done && m->svg_depth == 0) m->in_title = 1;
        if (strcmp(name, "script") == 0 && attr_contains(pm_attr(atts, "type"), "ld+json")) m->in_json_ld = 1;
        if (flags & F_SVG) m->svg_depth++;
        if (m->drop_depth > 0) m->drop_depth++;
        else if (flags & (F_DROP | F_HEAD)) m->drop_depth = 1;
        push_open(m, recorded);
        return;
    }
    if (flags & F_TITLE) {
        if (!m->title_done) m->in_title = 1;
        m->drop_depth = 1;
        push_open(m, recorded);
        return;
    }
    if (flags & F_HEAD) {
        m->head_depth = 1;
        m->drop_depth = 1;
        push_open(m, recorded);
        return;
    }
    if (m->main_mode && (flags & F_NOSCRIPT)) flags = F_BLOCK | F_BOILER;
    int drop = (flags & F_DROP) || pm_is_hidden(atts);
    uint8_t hint = drop ? 0 : pm_class_hint(atts, flags);
    // A page-level <header> is site chrome (logo, menu); a <header> inside an article holds its title.
    int page_header = (flags & F_HEADER) && m->article_depth == 0;
    if (!m->main_mode && ((flags & (F_BOILER | F_FORM)) || page_header)) drop = 1;
    if (drop) {
        if (strcmp(name, "script") == 0 && attr_contains(pm_attr(atts, "type"), "ld+json")) m->in_json_ld = 1;
        if (flags & F_SVG) m->svg_depth++;
        m->drop_depth = 1;
        push_open(m, recorded);
        return;
    }
    if (m->main_mode) {
        if (page_header) flags |= F_BOILER;
        // A form is chrome (search box, newsletter sign-up) unless it holds most of the prose, as
        // when a whole ASP.NET page sits inside one <form>.
        if (flags & F_FORM) hint |= H_WEAK;
        if (hint & H_CAPTION) flags |= F_CAPTION | F_BLOCK;
        if (hint & H_BOILER) flags |= F_BLOCK;  // chrome inside a paragraph still forms its own block
    }
    element e = {0};
    e.parent = -1;
    for (size_t i = m->stack_count; i > 0; i--)
        if (m->stack[i - 1] >= 0) { e.parent = m->stack[i - 1]; break; }
    e.flags = flags;
    e.hint = hint;
    e.start_event = (int32_t)m->event_count;
    e.end_event = -1;
    recorded = (int32_t)m->element_count;
    PUSH(m, elements, element_count, element_capacity, e);
    if (m->failed) return;
    event ev = {EV_START, 0, recorded, 0, 0};
    PUSH(m, events, event_count, event_capacity, ev);
    push_open(m, recorded);
    if (flags & F_BLOCK) close_block(m);
    if (flags & F_LINK) { if (pm_attr(atts, "href")) m->link_depth++; else m->elements[recorded].flags &= ~(unsigned)F_LINK; }
    if (flags & F_VERBATIM) m->verbatim_depth++;
    if (flags & F_ARTICLE) m->article_depth++;
    if (flags & F_HEADING) m->heading_depth++;
    if (flags & F_H1) m->h1_depth++;
    if (flags & F_CAPTION) m->caption_depth++;
}

static void on_end(void *context, const xmlChar *xname) {
    page_model *m = context;
    if (m->failed || m->stack_count == 0) return;
    (void)xname;
    int32_t e = m->stack[--m->stack_count];
    if (e < 0) {
        const char *name = (const char *)xname;
        if (m->drop_depth > 0) m->drop_depth--;
        if (m->drop_depth == 0) m->head_depth = 0;
        if (m->in_title && strcmp(name, "title") == 0) {
            m->in_title = 0;
            if (m->title.length > 0) m->title_done = 1;
        }
        if (m->in_json_ld && strcmp(name, "script") == 0) {
            m->in_json_ld = 0;
            sink_reserve(&m->json_ld, 0);
            if (m->json_ld.bytes) {
                m->json_ld.bytes[m->json_ld.length] = 0;
                date_from_json_ld(m, m->json_ld.bytes);
                m->json_ld.length = 0;
            }
        }
        if (strcmp(name, "svg") == 0 && m->svg_depth > 0) m->svg_depth--;
        return;
    }
    element *el = &m->elements[e];
    el->end_event = (int32_t)m->event_count;
    unsigned flags = el->flags;
    event ev = {EV_END, 0, e, 0, 0};
    PUSH(m, events, event_count, event_capacity, ev);
    if (flags & F_BLOCK) close_block(m);
    if ((flags & F_LINK) && m->link_depth > 0) m->link_depth--;
    if ((flags & F_VERBATIM) && m->verbatim_depth > 0) m->verbatim_depth--;
    if ((flags & F_ARTICLE) && m->article_depth > 0) m->article_depth--;
    if ((flags & F_HEADING) && m->heading_depth > 0) m->heading_depth--;
    if ((flags & F_H1) && m->h1_depth > 0) m->h1_depth--;
    if ((flags & F_CAPTION) && m->caption_depth > 0) m->caption_depth--;
}

static int is_sentence_mark(const unsigned char *p, const unsigned char *end) {
    unsigned char c = *p;
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') return 1;
    // Ideographic full stop and comma, fullwidth comma: CJK text has no ASCII punctuation.
    if (c == 0xE3 && p + 2 < end && p[1] == 0x80 && (p[2] == 0x82 || p[2] == 0x81)) return 1;
    if (c == 0xEF && p + 2 < end && p[1] == 0xBC && (p[2] == 0x8C || p[2] == 0x81 || p[2] == 0x9F)) return 1;
    return 0;
}

static void on_characters(void *context, const xmlChar *ch, int len) {
    page_model *m = context;
    if (m->failed || len <= 0) return;
    if (m->in_title) { sink_text_n(&m->title, (const char *)ch, (size_t)len, 0); return; }
    if (m->in_json_ld) { if (m->json_ld.length < (1 << 16)) sink_raw(&m->json_ld, (const char *)ch, (size_t)len); return; }
    if (m->drop_depth > 0) return;
    const unsigned char *p = ch, *end = ch + len;
    int32_t chars = 0, punct = 0;
    int copyright = 0;
    for (; p < end; p++) {
        unsigned char c = *p;
        if ((c & 0xC0) == 0x80 || sink_is_space(c)) continue;
        chars++;
        if (is_sentence_mark(p, end)) punct++;
        else if (c == 0xC2 && p + 1 < end && p[1] == 0xA9) copyright = 1;
    }
    if (chars == 0) {
        // Whitespace separates words; it is stored but forms no block of its own.
        if (m->current_block < 0) {
            if (m->event_count == 0 || m->events[m->event_count - 1].kind != EV_TEXT) {
                // Attach to no block: emitted only as a space between kept neighbours.
                event ev = {EV_TEXT, (uint8_t)(m->verbatim_depth > 0), -1, (uint32_t)m->text_length, (uint32_t)len};
                PUSH(m, events, event_count, event_capacity, ev);
            } else {
                m->events[m->event_count - 1].length += (uint32_t)len;
            }
            goto store;
        }
    }
    if (m->current_block < 0) {
        block b = {0};
        b.owner = innermost_block_element(m);
        b.heading = (uint8_t)(m->heading_depth > 0);
        b.caption = (uint8_t)(m->caption_depth > 0);
        b.title = (uint8_t)(m->h1_depth > 0);
        b.first_event = (int32_t)m->event_count;
        m->current_block = (int32_t)m->block_count;
        PUSH(m, blocks, block_count, block_capacity, b);
        if (m->failed) return;
    }
    {
        block *b = &m->blocks[m->current_block];
        b->chars += chars;
        b->punct += punct;
        b->copyright |= (uint8_t)copyright;
        if (m->link_depth > 0) b->link_chars += chars;
        event *last = m->event_count ? &m->events[m->event_count - 1] : NULL;
        if (last && last->kind == EV_TEXT && last->ref == m->current_block &&
            last->offset + last->length == m->text_length && last->verbatim == (m->verbatim_depth > 0)) {
            last->length += (uint32_t)len;
        } else {
            event ev = {EV_TEXT, (uint8_t)(m->verbatim_depth > 0), m->current_block, (uint32_t)m->text_length, (uint32_t)len};
            PUSH(m, events, event_count, event_capacity, ev);
        }
    }
store:
    if (m->failed) return;
    if (m->text_length + (size_t)len + 1 > m->text_capacity) {
        size_t capacity = m->text_capacity ? m->text_capacity : 65536;
        while (capacity < m->text_length + (size_t)len + 1) capacity *= 2;
        char *grown = realloc(m->text, capacity);
        if (!grown) { m->failed = 1; return; }
        m->text = grown;
        m->text_capacity = capacity;
    }
    memcpy(m->text + m->text_length, ch, (size_t)len);
    m->text_length += (size_t)len;
}

enum { MAX_STRAY_END_WORK = 200000000 };  // element comparisons, about a second

static void on_error(void *context, const char *message, ...) {
    page_model *m = context;
    if (!m->ctxt) return;
    m->stray_end_work += (double)m->ctxt->nameNr;
    if (m->stray_end_work > MAX_STRAY_END_WORK) xmlStopParser(m->ctxt);
    (void)message;
}

static void on_ignorable(void *context, const xmlChar *ch, int len) {
    (void)context; (void)ch; (void)len;  // the tree builder drops these too
}

void pm_page_model_free(page_model *m) {
    free(m->elements); free(m->blocks); free(m->events); free(m->text); free(m->stack); free(m->block_stack);
    free(m->title.bytes); free(m->json_ld.bytes);
    free(m->canonical); free(m->language); free(m->date);
}

// 1 when the bytes are valid UTF-8 holding at least one multi-byte character. Such bytes are
// almost never meant as a single-byte charset, whatever the page or the server declares, so they
// are read as UTF-8 (the usual cause of mojibake is a stale Latin-1 declaration on a UTF-8 page).
static int is_multibyte_utf8(const unsigned char *p, size_t n) {
    int multibyte = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) { i++; continue; }
        size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + len > n) return 0;
        for (size_t k = 1; k < len; k++)
            if ((p[i + k] & 0xC0) != 0x80) return 0;
        if (len == 3 && c == 0xE0 && p[i + 1] < 0xA0) return 0;
        if (len == 4 && ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90))) return 0;
        multibyte = 1;
        i += len;
    }
    return multibyte;
}

int pm_page_model_parse(page_model *m, const char *data, size_t length, const char *encoding, int main_mode) {
    if (length > (size_t)0x7fffffff) return -1;
    m->main_mode = main_mode;
    m->current_block = -1;
    m->date_rank = 1 << 20;

    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_characters;
    sax.cdataBlock = on_characters;
    sax.ignorableWhitespace = on_ignorable;
    sax.error = on_error;
    sax.initialized = 1;

    // libxml2 ends the document at a NUL byte; binary junk inside a page must not cut it short.
    char *cleaned = NULL;
    if (memchr(data, 0, length)) {
        cleaned = malloc(length ? length : 1);
        if (!cleaned) return -1;
        for (size_t i = 0; i < length; i++) cleaned[i] = data[i] ? data[i] : ' ';
        data = cleaned;
    }
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(data, (int)length);
    if (!ctxt) { free(cleaned); return -1; }
    if (is_multibyte_utf8((const unsigned char *)data, length)) encoding = "UTF-8";
    if (encoding) {
        xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(encoding);
        if (handler) {
            xmlSwitchToEncoding(ctxt, handler);
            // Marks the encoding as settled so a <meta charset> later in the page cannot override it.
            if (ctxt->input && !ctxt->input->encoding) ctxt->input->encoding = xmlStrdup((const xmlChar *)encoding);
        }
    }
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                 HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT);
    htmlSAXHandlerPtr saved = ctxt->sax;
    ctxt->sax = &sax;
    ctxt->userData = m;
    m->ctxt = ctxt;
    htmlParseDocument(ctxt);
    ctxt->sax = saved;
    m->ctxt = NULL;
    if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
    htmlFreeParserCtxt(ctxt);
    free(cleaned);
    // Elements left open at the end of the input close there.
    for (size_t i = 0; i < m->element_count; i++)
        if (m->elements[i].end_event < 0) m->elements[i].end_event = (int32_t)m->event_count - 1;

    return m->failed ? -1 : 0;
}
