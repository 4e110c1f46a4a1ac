// Main-content extraction: libxml2's forgiving HTML parser drives SAX callbacks that build a
// compact page model (elements, text blocks, events in reading order); blocks are scored, the
// element holding the most main text is chosen, and its good blocks are written out as text.
//
// Why SAX and our own arrays rather than libxml2's tree: building xmlNodes costs as much as
// parsing itself, and the scoring needs only a few numbers per element. Every pass over the
// model is a loop over arrays, so deep nesting (100k levels) needs no recursion.
#include "CHTMLText.h"
#include "text_sink.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void pm_xml_init(void) { xmlInitParser(); }

// ---------------------------------------------------------------------------------------------
// Rules as data: tag behaviour and class/id hint words.

enum {
    F_DROP = 1 << 0,       // content never text (script, style, controls …)
    F_BLOCK = 1 << 1,      // starts a new text block
    F_PARA = 1 << 2,       // a blank line before and after in the output
    F_LINE = 1 << 3,       // a line break before and after in the output
    F_BOILER = 1 << 4,     // page chrome by its tag (nav, aside, footer, menu)
    F_HEADING = 1 << 5,
    F_VERBATIM = 1 << 6,   // whitespace kept (pre, code …)
    F_LINK = 1 << 7,
    F_LI = 1 << 8,
    F_CELL = 1 << 9,
    F_ARTICLE = 1 << 10,   // article or main: a hint that the main text is inside
    F_HEADER = 1 << 11,    // chrome at page level, the title block inside an article
    F_FORM = 1 << 12,      // dropped whole in "all" mode (today's behaviour), kept in "main"
    F_HEAD = 1 << 13,
    F_TITLE = 1 << 14,
    F_SVG = 1 << 15,
    F_OL = 1 << 16,        // numbers its items
    F_CAPTION = 1 << 17,   // photo captions and credits: not main text
    F_MAIN = 1 << 18,
    // libxml2 does not close a <noscript> over an unclosed <div>, so a page can end up inside one:
    // in main mode it is chrome like <aside> (kept when it holds most of the page), not dropped.
    F_NOSCRIPT = 1 << 19,
    F_H1 = 1 << 20,
};

typedef struct { const char *name; unsigned flags; } tag_rule;

// Sorted by name for binary search. Tags not listed are inline (text flows through them).
static const tag_rule tag_rules[] = {
    {"a", F_LINK}, {"address", F_BLOCK | F_LINE}, {"area", F_DROP}, {"article", F_BLOCK | F_PARA | F_ARTICLE},
    {"aside", F_BLOCK | F_BOILER}, {"audio", F_DROP}, {"blockquote", F_BLOCK | F_PARA}, {"body", F_BLOCK},
    {"br", F_LINE}, {"button", F_DROP}, {"canvas", F_DROP}, {"caption", F_BLOCK | F_LINE}, {"center", F_BLOCK | F_LINE},
    {"code", F_VERBATIM}, {"datalist", F_DROP}, {"dd", F_BLOCK | F_LINE}, {"details", F_BLOCK | F_LINE},
    {"dialog", F_DROP}, {"div", F_BLOCK | F_LINE}, {"dl", F_BLOCK | F_PARA}, {"dt", F_BLOCK | F_LINE},
    {"embed", F_DROP}, {"fieldset", F_BLOCK}, {"figcaption", F_BLOCK | F_LINE | F_CAPTION}, {"figure", F_BLOCK | F_PARA},
    {"footer", F_BLOCK | F_BOILER}, {"form", F_BLOCK | F_FORM}, {"h1", F_BLOCK | F_PARA | F_HEADING | F_H1},
    {"h2", F_BLOCK | F_PARA | F_HEADING}, {"h3", F_BLOCK | F_PARA | F_HEADING}, {"h4", F_BLOCK | F_PARA | F_HEADING},
    {"h5", F_BLOCK | F_PARA | F_HEADING}, {"h6", F_BLOCK | F_PARA | F_HEADING}, {"head", F_HEAD},
    {"header", F_BLOCK | F_PARA | F_HEADER}, {"hr", F_BLOCK | F_LINE}, {"html", F_BLOCK}, {"iframe", F_DROP},
    {"input", F_DROP}, {"kbd", F_VERBATIM}, {"label", F_DROP}, {"legend", F_BLOCK | F_LINE}, {"li", F_BLOCK | F_LINE | F_LI},
    {"main", F_BLOCK | F_PARA | F_ARTICLE | F_MAIN}, {"map", F_DROP}, {"math", F_DROP}, {"menu", F_BLOCK | F_BOILER},
    {"nav", F_BLOCK | F_BOILER}, {"noscript", F_DROP | F_NOSCRIPT}, {"object", F_DROP}, {"ol", F_BLOCK | F_PARA | F_OL},
    {"optgroup", F_DROP}, {"option", F_DROP}, {"p", F_BLOCK | F_PARA}, {"pre", F_BLOCK | F_PARA | F_VERBATIM},
    {"samp", F_VERBATIM}, {"script", F_DROP}, {"section", F_BLOCK | F_PARA}, {"select", F_DROP},
    {"style", F_DROP}, {"summary", F_BLOCK | F_LINE}, {"svg", F_DROP | F_SVG}, {"table", F_BLOCK | F_PARA},
    {"tbody", F_BLOCK | F_LINE}, {"td", F_BLOCK | F_CELL}, {"template", F_DROP}, {"textarea", F_DROP},
    {"tfoot", F_BLOCK | F_LINE}, {"th", F_BLOCK | F_CELL}, {"thead", F_BLOCK | F_LINE}, {"title", F_TITLE},
    {"tr", F_BLOCK | F_LINE}, {"ul", F_BLOCK | F_PARA}, {"video", F_DROP},
};

static unsigned tag_flags(const char *name) {
    size_t lo = 0, hi = sizeof tag_rules / sizeof tag_rules[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, tag_rules[mid].name);
        if (c == 0) return tag_rules[mid].flags;
        if (c < 0) hi = mid; else lo = mid + 1;
    }
    return 0;
}

// Class and id words that mark page chrome. Long, unambiguous words are found anywhere in a class
// name ("comment" in "commentsArea"); the rest must be a whole part of it, parts split at '-' and
// '_' ("ad" in "ad-slot" but not in "header", "widget" in "widget_text" but not in the page
// builder's "elementor-widget-text-editor"); a few only as the whole name.
static const char *const boiler_substrings[] = {
    "comment", "related", "cookie", "newsletter", "subscri", "breadcrumb", "advert", "sponsor",
    "disqus", "outbrain", "taboola", "social", "pagination", "recommend", "consent", "gdpr", NULL};
static const char *const boiler_parts[] = {
    "share", "sharing", "sharedaddy", "shariff", "popup", "modal", "signup", "pager", "login",
    "overlay", "tagcloud", "ad", "ads", "adv", "reply", "respond", NULL};
// Chrome words that layouts also use for the wrapper around everything ("right-sidebar",
// "theiaStickySidebar", "with-navigation"): they count only when the element does not hold most of
// the page's prose.
static const char *const layout_substrings[] = {"sidebar", "navigation", "navbar", "footer", "masthead", NULL};
static const char *const layout_parts[] = {"menu", "nav", NULL};
static const char *const boiler_names[] = {"tags", "tag", "meta", NULL};
// Weaker words: they mark chrome only when the element does not hold most of the page's prose
// (page builders call every box a "widget"; a "teaser" can be the page's only text).
static const char *const weak_parts[] = {
    "widget", "promo", "banner", "toolbar", "print", "rating", "trending", "popular", "search",
    "follow", "sns", "hidden", "hide", "crumbs", "skip", "cta", "more", "teaser", "teasers", NULL};
static const char *const weak_names[] = {"author", "byline", "aside", "extra", "links", "date", "info", NULL};
// Photo captions and credits: left out of the text, but no evidence against their container.
static const char *const caption_parts[] = {"caption", "credit", "credits", "copyright", "wp-caption-text", NULL};
// Whole class names that say "this is the article" and outweigh chrome words beside them
// (<article class="article sticky-sidebar-parent">).
static const char *const content_names[] = {
    "article", "post", "entry", "hentry", "content", "main", "story", "main-content", "post-content",
    "entry-content", "article-content", "article-body", "post-body", "story-body", "articlebody", NULL};
// Words that mark the main text's container.
static const char *const content_substrings[] = {
    "article", "content", "entry", "story", "post", "main", "body", "text", "prose", NULL};

static int contains_word(const char *hay, const char *const *words) {
    for (; *words; words++)
        if (strstr(hay, *words)) return 1;
    return 0;
}

static int word_is(const char *start, size_t n, const char *const *words) {
    for (; *words; words++)
        if (strlen(*words) == n && memcmp(*words, start, n) == 0) return 1;
    return 0;
}

// Class names that classify the page's topic rather than the element's role ("tag-cookies",
// "category-social-media" on a WordPress post) say nothing about chrome.
static int is_taxonomy_name(const char *start, size_t n) {
    static const char *const prefixes[] = {"tag-", "category-", "cat-", "tags-", "topic-", NULL};
    for (const char *const *p = prefixes; *p; p++) {
        size_t k = strlen(*p);
        if (n > k && memcmp(start, *p, k) == 0) return 1;
    }
    return 0;
}

static int has_part(const char *start, size_t n, const char *const *words) {
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && start[j] != '-' && start[j] != '_') j++;
        if (word_is(start + i, j - i, words)) return 1;
        i = j + 1;
    }
    return 0;
}

// Boilerplate words in a lowercased class/id value, name by name: 2 content, 1 chrome, 3 weak
// chrome, 4 caption, 5 layout-prone chrome, 0 neither.
static int names_hint(char *value) {
    int boiler = 0, weak = 0, content = 0, caption = 0, layout = 0;
    char *p = value;
    while (*p) {
        while (*p == ' ') p++;
        char *start = p;
        while (*p && *p != ' ') p++;
        size_t n = (size_t)(p - start);
        if (n == 0 || is_taxonomy_name(start, n)) continue;
        if (word_is(start, n, content_names)) { content = 1; continue; }
        char saved = *p;
        *p = 0;
        if (contains_word(start, boiler_substrings) || word_is(start, n, boiler_names) || has_part(start, n, boiler_parts))
            boiler = 1;
        else if (contains_word(start, layout_substrings) || has_part(start, n, layout_parts))
            layout = 1;
        else if (word_is(start, n, weak_names) || has_part(start, n, weak_parts))
            weak = 1;
        else if (has_part(start, n, caption_parts))
            caption = 1;
        *p = saved;
    }
    return content ? 2 : boiler ? 1 : layout ? 5 : weak ? 3 : caption ? 4 : 0;
}

// ---------------------------------------------------------------------------------------------
// The page model.

enum { H_BOILER = 1, H_CONTENT = 2, H_WEAK = 4, H_CAPTION = 8, H_LAYOUT = 16, H_ANCHOR = 32, H_HAS_ANCHOR = 64 };

typedef struct element {
    int32_t parent;
    uint32_t flags;      // tag flags
    uint8_t hint;        // H_BOILER / H_CONTENT from class, id, role
    uint8_t tainted;     // inside page chrome
    uint8_t emitted_children;
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
} page_model;

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

static char *dup_trimmed(const char *value, size_t max) {
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

static const char *attr(const xmlChar **atts, const char *name) {
    if (!atts) return NULL;
    for (int i = 0; atts[i]; i += 2)
        if (strcasecmp((const char *)atts[i], name) == 0) return atts[i + 1] ? (const char *)atts[i + 1] : "";
    return NULL;
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
    char *copy = dup_trimmed(value, 64);
    if (!copy) return;
    free(m->date);
    m->date = copy;
    m->date_rank = rank;
}

// Publication date, canonical URL and language from <meta>, <link>, <html> and microdata.
static void read_metadata(page_model *m, const char *name, const xmlChar **atts) {
    if (strcmp(name, "html") == 0) {
        const char *lang = attr(atts, "lang");
        if (!lang) lang = attr(atts, "xml:lang");
        if (lang && !m->language) m->language = dup_trimmed(lang, 32);
    } else if (strcmp(name, "link") == 0) {
        const char *rel = attr(atts, "rel"), *href = attr(atts, "href");
        if (rel && href && strcasecmp(rel, "canonical") == 0 && !m->canonical) m->canonical = dup_trimmed(href, 2048);
    } else if (strcmp(name, "meta") == 0) {
        const char *key = attr(atts, "property");
        if (!key) key = attr(atts, "name");
        if (!key) key = attr(atts, "itemprop");
        const char *content = attr(atts, "content");
        const char *equiv = attr(atts, "http-equiv");
        if (equiv && content && strcasecmp(equiv, "content-language") == 0 && !m->language)
            m->language = dup_trimmed(content, 32);
        if (!key || !content) return;
        if (strcasecmp(key, "og:url") == 0 && !m->canonical) m->canonical = dup_trimmed(content, 2048);
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
        const char *itemprop = attr(atts, "itemprop");
        if (itemprop && strcasecmp(itemprop, "datePublished") == 0) {
            const char *value = attr(atts, "datetime");
            if (!value) value = attr(atts, "content");
            set_date(m, value, 0);
        } else if (strcmp(name, "time") == 0 && attr(atts, "pubdate")) {
            set_date(m, attr(atts, "datetime"), 1);
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

static uint8_t class_hint(const xmlChar **atts, unsigned flags) {
    char buffer[256];
    size_t n = 0;
    const char *sources[] = {attr(atts, "class"), attr(atts, "id")};
    for (int i = 0; i < 2; i++) {
        const char *v = sources[i];
        if (!v) continue;
        for (; *v && n + 2 < sizeof buffer; v++) {
            char c = *v;
            buffer[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : (c == '\t' || c == '\n' || c == '\r') ? ' ' : c);
        }
        buffer[n++] = ' ';
    }
    buffer[n] = 0;
    uint8_t hint = 0;
    const char *role = attr(atts, "role");
    if (role) {
        if (strcasecmp(role, "navigation") == 0 || strcasecmp(role, "contentinfo") == 0 ||
            strcasecmp(role, "complementary") == 0 || strcasecmp(role, "banner") == 0 ||
            strcasecmp(role, "menu") == 0 || strcasecmp(role, "dialog") == 0 || strcasecmp(role, "alert") == 0)
            hint |= H_BOILER;
        if (strcasecmp(role, "main") == 0) hint |= H_CONTENT | H_ANCHOR;
        if (strcasecmp(role, "article") == 0) hint |= H_CONTENT;
    }
    const char *itemprop = attr(atts, "itemprop");
    if (itemprop && (strcasecmp(itemprop, "articleBody") == 0 || strcasecmp(itemprop, "text") == 0)) hint |= H_CONTENT | H_ANCHOR;
    if (hint & H_CONTENT) hint &= (uint8_t)~(H_BOILER | H_WEAK | H_LAYOUT);
    if (n > 0) {
        int names = names_hint(buffer);
        if (names == 1 && !(hint & H_CONTENT) && !(flags & F_ARTICLE)) hint |= H_BOILER;
        else if (names == 3 && !(hint & H_CONTENT) && !(flags & F_ARTICLE)) hint |= H_WEAK;
        else if (names == 5 && !(hint & H_CONTENT) && !(flags & F_ARTICLE)) hint |= H_LAYOUT;
        else if (names == 4) hint |= H_CAPTION;
        else if (names == 2) hint |= H_CONTENT | H_ANCHOR;
        else if (contains_word(buffer, content_substrings)) hint |= H_CONTENT;
    }
    return hint;
}

static int is_hidden(const xmlChar **atts) {
    if (!atts) return 0;
    if (attr(atts, "hidden")) return 1;
    const char *aria = attr(atts, "aria-hidden");
    if (aria && strcasecmp(aria, "true") == 0) return 1;
    const char *style = attr(atts, "style");
    if (style) {
        char compact[128];
        size_t n = 0;
        for (const char *p = style; *p && n + 1 < sizeof compact; p++)
            if (!sink_is_space((unsigned char)*p)) compact[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
        compact[n] = 0;
        if (strstr(compact, "display:none") || strstr(compact, "visibility:hidden")) return 1;
    }
    return 0;
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
    unsigned flags = tag_flags(name);
    read_metadata(m, name, atts);
    int32_t recorded = -1;
    if (m->drop_depth > 0 || m->head_depth > 0) {
        // Inside dropped content only the title and JSON-LD are of interest.
        if ((flags & F_TITLE) && !m->title_done && m->svg_depth == 0) m->in_title = 1;
        if (strcmp(name, "script") == 0 && attr_contains(attr(atts, "type"), "ld+json")) m->in_json_ld = 1;
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
    int drop = (flags & F_DROP) || is_hidden(atts);
    uint8_t hint = drop ? 0 : class_hint(atts, flags);
    // A page-level <header> is site chrome (logo, menu); a <header> inside an article holds its title.
    int page_header = (flags & F_HEADER) && m->article_depth == 0;
    if (!m->main_mode && ((flags & (F_BOILER | F_FORM)) || page_header)) drop = 1;
    if (drop) {
        if (strcmp(name, "script") == 0 && attr_contains(attr(atts, "type"), "ld+json")) m->in_json_ld = 1;
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
    if (flags & F_LINK) { if (attr(atts, "href")) m->link_depth++; else m->elements[recorded].flags &= ~(unsigned)F_LINK; }
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

static void on_ignorable(void *context, const xmlChar *ch, int len) {
    (void)context; (void)ch; (void)len;  // the tree builder drops these too
}

// ---------------------------------------------------------------------------------------------
// Scoring: each block gets a value (positive: reads like main text; negative: chrome), each
// element the sum over its subtree; the best untainted element is the main-text container.

// Scoring constants, measured on a development set of real pages (see the README).
#ifdef PM_DEBUG
static double P(const char *name, double fallback) { const char *v = getenv(name); return v ? atof(v) : fallback; }
#else
#define P(name, fallback) (fallback)
#endif

static double block_value(const block *b, int tainted) {
    double c = b->chars;
    if (c <= 0) return 0;
    if (tainted) return -c;
    if (b->copyright || b->caption) return 0;  // credits and captions: left out, no evidence either way
    double link_density = b->link_chars / c;
    if (link_density >= P("PM_LD", 0.33)) return -c;
    if (b->chars < P("PM_SHORT", 45)) return b->link_chars > 0 ? -c : 0;
    double v = c * (1.0 - P("PM_LDW", 3.0) * link_density);
    if (b->punct == 0) v *= P("PM_NOPUNCT", 0.3);
    return v;
}

static int is_main_element(const element *e) { return (e->flags & F_MAIN) != 0; }

static void score_page(page_model *m, int32_t *container_out, double *best_out) {
    size_t n = m->element_count;
    // Subtree character counts (children always come after their parents).
    for (size_t i = 0; i < m->block_count; i++) {
        block *b = &m->blocks[i];
        if (b->owner < 0) continue;
        m->elements[b->owner].chars += b->chars;
        m->elements[b->owner].link_chars += b->link_chars;
    }
    for (size_t i = n; i > 0; i--) {
        element *e = &m->elements[i - 1];
        if (e->parent >= 0) {
            m->elements[e->parent].chars += e->chars;
            m->elements[e->parent].link_chars += e->link_chars;
        }
    }
    int32_t total = 0;
    for (size_t i = 0; i < n; i++) if (m->elements[i].parent < 0) total += m->elements[i].chars;
    // Prose per subtree: what the blocks would be worth if no hint marked them.
    double prose_total = 0;
    for (size_t i = 0; i < m->block_count; i++) {
        block *b = &m->blocks[i];
        double v = block_value(b, 0);
        if (v > 0 && b->owner >= 0) { m->elements[b->owner].prose += v; prose_total += v; }
    }
    for (size_t i = n; i > 0; i--) {
        element *e = &m->elements[i - 1];
        if (e->parent >= 0) m->elements[e->parent].prose += e->prose;
    }
    // Elements around a named content container (<main>, "entry-content", itemprop=articleBody)
    // are wrappers, whatever else their names say ("socialicons-sticky" around the article).
    for (size_t i = n; i > 0; i--) {
        element *e = &m->elements[i - 1];
        if (is_main_element(e)) e->hint |= H_ANCHOR;
        if ((e->hint & (H_ANCHOR | H_HAS_ANCHOR)) && e->parent >= 0) m->elements[e->parent].hint |= H_HAS_ANCHOR;
    }
    // Chrome taints its subtree, unless it holds most of the page (a layout wrapper named
    // "has-sidebar" or a page-wide <header> is not chrome); weak words only when the element
    // holds less than half the page's prose and its own text does not read as prose.
    for (size_t i = 0; i < n; i++) {
        element *e = &m->elements[i];
        int chrome = (((e->flags & F_BOILER) || (e->hint & H_BOILER)) && e->chars * 2 < total) ||
                     ((e->hint & H_LAYOUT) && e->prose * 2 < prose_total);
        if ((e->hint & H_WEAK) && e->prose * 2 < prose_total && e->prose * 2 < e->chars) chrome = 1;
        if (e->hint & H_HAS_ANCHOR) chrome = 0;
        e->tainted = (uint8_t)(chrome || (e->parent >= 0 && m->elements[e->parent].tainted));
    }
    for (size_t i = 0; i < m->block_count; i++) {
        block *b = &m->blocks[i];
        int tainted = b->owner >= 0 && m->elements[b->owner].tainted;
        b->value = block_value(b, tainted);
        if (b->owner >= 0) m->elements[b->owner].score += b->value;
    }
    for (size_t i = n; i > 0; i--) {
        element *e = &m->elements[i - 1];
        if (e->parent >= 0) m->elements[e->parent].score += e->score;
    }
    int32_t best = -1;
    double best_score = 0;
    for (size_t i = 0; i < n; i++) {
        element *e = &m->elements[i];
        if (e->tainted || !(e->flags & F_BLOCK)) continue;
        double s = e->score;
        if (s > 0 && ((e->flags & F_ARTICLE) || (e->hint & H_CONTENT))) s *= P("PM_BONUS", 1.3);
        if (s >= best_score && s > 0) { best = (int32_t)i; best_score = s; }
    }
    // Climb while the parent loses little: the article split into sibling parts around an ad slot.
    while (best >= 0 && m->elements[best].parent >= 0) {
        element *p = &m->elements[m->elements[best].parent];
        if (p->tainted || p->score < P("PM_CLIMB", 2.0) * m->elements[best].score) break;
        best = m->elements[best].parent;
    }
    *container_out = best;
    *best_out = best_score;
#ifdef PM_DEBUG
    if (getenv("PM_BLOCKS")) {
        for (size_t i = 0; i < m->event_count; i++) {
            event *ev = &m->events[i];
            if (ev->kind != EV_TEXT || ev->ref < 0) continue;
            block *b = &m->blocks[ev->ref];
            int len = ev->length > 70 ? 70 : (int)ev->length;
            fprintf(stderr, "B%d owner=%d c=%d l=%d p=%d v=%.0f | %.*s\n", ev->ref, b->owner, b->chars, b->link_chars, b->punct, b->value, len, m->text + ev->offset);
        }
    }
    if (getenv("PM_CHAIN")) {
        for (int32_t a = m->blocks[atoi(getenv("PM_CHAIN"))].owner; a >= 0; a = m->elements[a].parent)
            fprintf(stderr, "chain #%d f=%x hint=%d taint=%d chars=%d prose=%.0f/%.0f\n", a, m->elements[a].flags, m->elements[a].hint, m->elements[a].tainted, m->elements[a].chars, m->elements[a].prose, prose_total);
    }
    if (getenv("PM_DEBUG")) {
        fprintf(stderr, "total %d best %d score %.0f\n", total, best, best_score);
        for (size_t i = 0; i < n; i++) {
            element *e = &m->elements[i];
            if (e->chars * 20 < total) continue;
            int depth = 0;
            for (int32_t a = e->parent; a >= 0; a = m->elements[a].parent) depth++;
            (void)0;
            fprintf(stderr, "%*s#%zu f=%x hint=%d taint=%d chars=%d score=%.0f kept=%d\n", depth, "", i, e->flags, e->hint, e->tainted, e->chars, e->score, e->kept);
        }
    }
#endif
}

enum { MAX_HEADING_DISTANCE = 200 };

static int is_short(const block *b) {
    return b->chars < P("PM_SHORT", 45) && b->value == 0 && !b->copyright && !b->caption;
}

// Keeps the selection's good blocks. A short block ("More on this", "Tags", a date) is judged by
// the blocks around it that are not short (jusText's observation that main text and boilerplate
// come in runs): kept between good text, dropped next to chrome and after the last good block.
// The main text: the best container plus the prose-like siblings of it and of its nearest
// ancestors (an article whose lead, body and a second body part sit in sibling <div>s around ad
// slots and share bars). Disjoint subtrees, in document order.
enum { MAX_SELECTED = 64, SIBLING_LEVELS = 5 };
typedef struct selection {
    int32_t items[MAX_SELECTED];
    int count;
} selection;

static int selected(const page_model *m, const selection *sel, int32_t event) {
    for (int k = 0; k < sel->count; k++) {
        const element *e = &m->elements[sel->items[k]];
        if (event > e->start_event && event < e->end_event) return 1;
    }
    return 0;
}

static void build_selection(const page_model *m, int32_t container, selection *sel) {
    sel->count = 0;
    sel->items[sel->count++] = container;
    double base = m->elements[container].score;
    int32_t child = container;
    for (int level = 0; level < (int)P("PM_LEVELS", SIBLING_LEVELS); level++) {
        int32_t parent = m->elements[child].parent;
        if (parent < 0 || m->elements[parent].tainted) break;
        const element *p = &m->elements[parent];
        for (size_t i = (size_t)parent + 1; i < m->element_count && m->elements[i].start_event < p->end_event; i++) {
            const element *s = &m->elements[i];
            if (s->parent != parent || (int32_t)i == child || s->tainted || !(s->flags & F_BLOCK)) continue;
            // Parts after the text need more weight than parts before it: what follows an article
            // is often an author's bio, a disclaimer or a teaser, what precedes it its lead.
            double share = s->start_event < m->elements[container].start_event ? P("PM_SIB", 0.02) : P("PM_SIBA", 0.3);
            if (s->score > share * base && s->link_chars < P("PM_SIBLD", 0.35) * s->chars && sel->count < MAX_SELECTED)
                sel->items[sel->count++] = (int32_t)i;
        }
        child = parent;
    }
    // Insertion sort by position: a handful of items.
    for (int a = 1; a < sel->count; a++)
        for (int b = a; b > 0 && m->elements[sel->items[b]].start_event < m->elements[sel->items[b - 1]].start_event; b--) {
            int32_t t = sel->items[b]; sel->items[b] = sel->items[b - 1]; sel->items[b - 1] = t;
        }
}

static void select_blocks(page_model *m, const selection *sel) {
    // Inside the selection, a part that holds more chrome than prose (a related-stories box whose
    // teasers read like prose) goes as a whole: it is marked tainted like chrome.
    for (int k = 0; k < sel->count; k++) {
        const element *c = &m->elements[sel->items[k]];
        for (size_t i = (size_t)sel->items[k] + 1; i < m->element_count; i++) {
            element *e = &m->elements[i];
            if (e->start_event > c->end_event) break;
            if (e->parent >= 0 && m->elements[e->parent].tainted) e->tainted = 1;
            if ((e->flags & F_BLOCK) && e->score < -P("PM_PRUNE", 50)) e->tainted = 1;
        }
    }
    int next_good = -1;  // -1 none yet (end of container), 0 bad, 1 good
    int32_t bad_since_good = -1;  // characters of chrome between here and the next good block, -1 none
    for (size_t i = m->block_count; i > 0; i--) {
        block *b = &m->blocks[i - 1];
        b->keep = 0;
        if (b->owner < 0 || !selected(m, sel, b->first_event)) continue;
        int tainted = m->elements[b->owner].tainted;
        if (tainted) {
            next_good = 0;
            if (bad_since_good >= 0) bad_since_good += b->chars;
            continue;
        }
        if (is_short(b)) {
            // The page's <h1> belongs to the text below it even across a line of tags or a byline.
            if (b->title && bad_since_good >= 0 && bad_since_good <= MAX_HEADING_DISTANCE) b->keep = 1;
            else b->keep = (uint8_t)(next_good == 1 ? 3 : next_good == 0 ? 0 : 2);  // 2, 3: decided below
            continue;
        }
        if (b->copyright || b->caption) continue;
        b->keep = (uint8_t)(b->value >= 0);
        next_good = b->value > 0 ? 1 : (b->value < 0 ? 0 : next_good);
        if (b->value > 0) bad_since_good = 0;
        else if (bad_since_good >= 0) bad_since_good += b->chars;
    }
    // Forward: a short block before good text is kept unless chrome comes right before it (a
    // "Share this" between the last paragraph and a teaser); after the last good block it goes.
    int previous = -1;  // -1 none yet, 0 bad, 1 good
    for (size_t i = 0; i < m->block_count; i++) {
        block *b = &m->blocks[i];
        if (b->owner < 0 || !selected(m, sel, b->first_event)) continue;
        if (b->keep == 2) b->keep = 0;
        if (b->keep == 3) b->keep = (uint8_t)(previous != 0);
        if (m->elements[b->owner].tainted) previous = 0;
        else if (!is_short(b) && !b->copyright && !b->caption) previous = b->value > 0 ? 1 : b->value < 0 ? 0 : previous;
    }
    // A run of three or more short blocks without links is content in its own right: ingredients,
    // specifications, a table's cells.
    size_t run_start = 0, run = 0;
    for (size_t i = 0; i <= m->block_count; i++) {
        block *b = i < m->block_count ? &m->blocks[i] : NULL;
        int inside = b && b->owner >= 0 && selected(m, sel, b->first_event);
        if (inside && is_short(b) && b->link_chars == 0 && !m->elements[b->owner].tainted) {
            if (run++ == 0) run_start = i;
            continue;
        }
        if (b && !inside) continue;
        if (run >= 3)
            for (size_t k = run_start; k < i; k++)
                if (is_short(&m->blocks[k]) && m->blocks[k].link_chars == 0) m->blocks[k].keep = 1;
        run = 0;
    }
    for (size_t i = 0; i < m->block_count; i++)
        if (m->blocks[i].keep) m->elements[m->blocks[i].owner].kept++;
}

// The article's title when the container starts below it (a headline above the body's <div>):
// the last clean <h1> before the container, if the container holds none. Its blocks are kept.
static int32_t title_heading(page_model *m, const selection *sel) {
    const element *c = &m->elements[sel->items[0]];
    int32_t title = -1;
    for (size_t i = 0; i < m->element_count; i++) {
        const element *e = &m->elements[i];
        if (!(e->flags & F_H1)) continue;
        if (selected(m, sel, e->start_event)) return -1;  // the text has its own
        if (e->start_event < c->start_event && !e->tainted && e->chars > 0) title = (int32_t)i;
    }
    if (title < 0) return -1;
    const element *t = &m->elements[title];
    if (t->end_event > c->start_event) return -1;  // an <h1> wrapping the container is no title
    int kept = 0;
    for (size_t i = 0; i < m->block_count; i++) {
        block *b = &m->blocks[i];
        if (b->first_event > t->start_event && b->first_event < t->end_event && b->link_chars * 2 < b->chars) {
            b->keep = 1;
            m->elements[b->owner].kept++;
            kept = 1;
        }
    }
    return kept ? title : -1;
}

// ---------------------------------------------------------------------------------------------
// Output: the events of the container (or of the whole page) in order, kept blocks only.

typedef struct emitter {
    text_sink sink;
    page_model *m;
    int32_t *counters;  // per element: li items or cells written so far
} emitter;

static void emit_enter(emitter *w, int32_t e) {
    element *el = &w->m->elements[e];
    unsigned f = el->flags;
    text_sink *s = &w->sink;
    if (f & F_PARA) sink_break(s, 2);
    else if (f & F_LINE) sink_break(s, 1);
    if (f & F_LI) {
        char marker[32];
        int32_t parent = el->parent;
        // An <li> numbers itself when its list is an <ol>: its nearest recorded parent.
        int ordered = parent >= 0 && (w->m->elements[parent].flags & F_OL);
        if (ordered) snprintf(marker, sizeof marker, "%d. ", ++w->counters[parent]);
        else strcpy(marker, "- ");
        sink_flush_separation(s);
        sink_raw(s, marker, strlen(marker));
    } else if (f & F_CELL) {
        int32_t parent = el->parent;
        if (parent >= 0 && w->counters[parent]++ > 0) {
            s->pending_space = 0;
            sink_flush_separation(s);
            sink_raw(s, " | ", 3);
        }
    }
}

static void emit_leave(emitter *w, int32_t e) {
    unsigned f = w->m->elements[e].flags;
    if (f & F_PARA) sink_break(&w->sink, 2);
    else if (f & F_LINE) sink_break(&w->sink, 1);
}

static void emit_range(emitter *w, size_t first, size_t last, int main_mode) {
    page_model *m = w->m;
    for (size_t i = first; i <= last && i < m->event_count; i++) {
        event *ev = &m->events[i];
        if (ev->kind == EV_START) {
            element *el = &m->elements[ev->ref];
            if (main_mode && el->kept == 0 && (el->flags & F_BLOCK)) {
                if (el->end_event < 0) break;  // unclosed to the end: nothing kept after it
                i = (size_t)el->end_event;
                continue;
            }
            emit_enter(w, ev->ref);
        } else if (ev->kind == EV_END) {
            emit_leave(w, ev->ref);
        } else {
            if (ev->ref >= 0 && main_mode && !m->blocks[ev->ref].keep) continue;
            sink_text_n(&w->sink, m->text + ev->offset, ev->length, ev->verbatim);
        }
    }
}

static void free_model(page_model *m) {
    free(m->elements); free(m->blocks); free(m->events); free(m->text); free(m->stack); free(m->block_stack);
    free(m->title.bytes); free(m->json_ld.bytes);
    free(m->canonical); free(m->language); free(m->date);
}

static char *take_string(char *value) {
    if (value) return value;
    char *empty = malloc(1);
    if (empty) empty[0] = 0;
    return empty;
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

int pm_html_extract_page(const char *data, size_t length, const char *encoding, int mode, pm_html_page *out) {
    memset(out, 0, sizeof *out);
    if (length > (size_t)0x7fffffff) return -1;
    page_model m;
    memset(&m, 0, sizeof m);
    m.main_mode = mode == PM_EXTRACT_MAIN;
    m.current_block = -1;
    m.date_rank = 1 << 20;

    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_characters;
    sax.cdataBlock = on_characters;
    sax.ignorableWhitespace = on_ignorable;
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
    ctxt->userData = &m;
    htmlParseDocument(ctxt);
    ctxt->sax = saved;
    if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
    htmlFreeParserCtxt(ctxt);
    free(cleaned);
    // Elements left open at the end of the input close there.
    for (size_t i = 0; i < m.element_count; i++)
        if (m.elements[i].end_event < 0) m.elements[i].end_event = (int32_t)m.event_count - 1;
    if (m.failed) { free_model(&m); return -1; }

    emitter w;
    memset(&w, 0, sizeof w);
    w.m = &m;
    w.counters = calloc(m.element_count + 1, sizeof *w.counters);
    if (!w.counters) { free_model(&m); return -1; }

    size_t total_chars = 0;
    for (size_t i = 0; i < m.block_count; i++) total_chars += (size_t)m.blocks[i].chars;
    int has_main = 1;
    if (m.main_mode) {
        int32_t container;
        double best;
        score_page(&m, &container, &best);
        if (container < 0) {
            // No container scores above zero: a short page ("<p>Closed on Monday.</p>") still has
            // main text if any block is neither chrome nor links; a page of menus only has none.
            size_t kept = 0;
            for (size_t i = 0; i < m.block_count; i++) {
                block *b = &m.blocks[i];
                b->keep = (uint8_t)(b->owner >= 0 && !m.elements[b->owner].tainted && b->value >= 0 &&
                                    !b->copyright && !b->caption && b->chars > 0);
                if (b->keep) { m.elements[b->owner].kept++; kept += (size_t)b->chars; }
            }
            has_main = kept > 0 || total_chars == 0;  // no visible text at all is "empty", not chrome
            if (has_main) {
                for (size_t i = m.element_count; i > 0; i--) {
                    element *e = &m.elements[i - 1];
                    if (e->parent >= 0) m.elements[e->parent].kept += e->kept;
                }
                emit_range(&w, 0, m.event_count - 1, 1);
                out->kept_chars = kept;
            }
        } else {
            element *c = &m.elements[container];
            selection sel;
            build_selection(&m, container, &sel);
            select_blocks(&m, &sel);
            int32_t title = P("PM_NOTITLE", 0) ? -1 : title_heading(&m, &sel);
            for (size_t i = m.element_count; i > 0; i--) {
                element *e = &m.elements[i - 1];
                if (e->parent >= 0) m.elements[e->parent].kept += e->kept;
            }
#ifdef PM_DEBUG
            if (getenv("PM_FIND")) {
                const char *needle = getenv("PM_FIND");
                for (size_t i = 0; i < m.event_count; i++) {
                    event *ev = &m.events[i];
                    if (ev->kind != EV_TEXT || ev->ref < 0) continue;
                    char save = m.text[ev->offset + ev->length];
                    m.text[ev->offset + ev->length] = 0;
                    int hit = strstr(m.text + ev->offset, needle) != NULL;
                    m.text[ev->offset + ev->length] = save;
                    if (!hit) continue;
                    block *b = &m.blocks[ev->ref];
                    int inside = selected(&m, &sel, b->first_event);
                    if (inside) inside = (b->first_event > c->start_event && b->first_event < c->end_event) ? 1 : 2;
                    fprintf(stderr, "FIND inside=%d taint=%d value=%.0f keep=%d chars=%d link=%d short=%d caption=%d copy=%d\n", inside,
                            b->owner >= 0 ? m.elements[b->owner].tainted : -1, b->value, b->keep, b->chars, b->link_chars, is_short(b), b->caption, b->copyright);
                    break;
                }
            }
#endif
            if (title >= 0) emit_range(&w, (size_t)m.elements[title].start_event, (size_t)m.elements[title].end_event, 1);
            for (int k = 0; k < sel.count; k++)
                emit_range(&w, (size_t)m.elements[sel.items[k]].start_event, (size_t)m.elements[sel.items[k]].end_event, 1);
            out->kept_chars = 0;
            for (size_t i = 0; i < m.block_count; i++) if (m.blocks[i].keep) out->kept_chars += (size_t)m.blocks[i].chars;
        }
    } else if (m.event_count > 0) {
        emit_range(&w, 0, m.event_count - 1, 0);
        out->kept_chars = total_chars;
    }
    free(w.counters);

    // The title leads the text unless the text already opens with it (usually as its <h1>).
    text_sink page;
    memset(&page, 0, sizeof page);
    sink_reserve(&m.title, 0);
    if (m.title.bytes) m.title.bytes[m.title.length] = 0;
    const char *title = m.title.bytes ? m.title.bytes : "";
    size_t title_length = m.title.length;
    text_sink *body = &w.sink;
    if (!m.main_mode && title_length > 0 && !(body->length >= title_length && memcmp(body->bytes, title, title_length) == 0)) {
        sink_raw(&page, title, title_length);
        if (body->length > 0) sink_raw(&page, "\n\n", 2);
    }
    if (has_main && body->length > 0) sink_raw(&page, body->bytes, body->length);
    free(body->bytes);
    if (page.failed) { free(page.bytes); free_model(&m); return -1; }
    out->text = page.bytes;
    out->text_length = page.length;
    if (!out->text) out->text = take_string(NULL);
    else out->text[page.length] = 0;
    out->title = take_string(dup_trimmed(title, title_length));
    out->canonical_url = take_string(m.canonical); m.canonical = NULL;
    out->language = take_string(m.language); m.language = NULL;
    out->date = take_string(m.date); m.date = NULL;
    out->has_main = has_main;
    out->total_chars = total_chars;
    free_model(&m);
    if (!out->text || !out->title || !out->canonical_url || !out->language || !out->date) { pm_html_page_free(out); return -1; }
    return 0;
}

void pm_html_page_free(pm_html_page *page) {
    free(page->text); free(page->title); free(page->canonical_url); free(page->language); free(page->date);
    memset(page, 0, sizeof *page);
}
