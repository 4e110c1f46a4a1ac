// Tag behaviour and the class/id words that mark page chrome or content (see html_rules.h).
#include "html_rules.h"
#include "text_sink.h"

#include <string.h>
#include <strings.h>

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

unsigned pm_tag_flags(const char *name) {
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

const char *pm_attr(const xmlChar **atts, const char *name) {
    if (!atts) return NULL;
    for (int i = 0; atts[i]; i += 2)
        if (strcasecmp((const char *)atts[i], name) == 0) return atts[i + 1] ? (const char *)atts[i + 1] : "";
    return NULL;
}

uint8_t pm_class_hint(const xmlChar **atts, unsigned flags) {
    char buffer[256];
    size_t n = 0;
    const char *sources[] = {pm_attr(atts, "class"), pm_attr(atts, "id")};
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
    const char *role = pm_attr(atts, "role");
    if (role) {
        if (strcasecmp(role, "navigation") == 0 || strcasecmp(role, "contentinfo") == 0 ||
            strcasecmp(role, "complementary") == 0 || strcasecmp(role, "banner") == 0 ||
            strcasecmp(role, "menu") == 0 || strcasecmp(role, "dialog") == 0 || strcasecmp(role, "alert") == 0)
            hint |= H_BOILER;
        if (strcasecmp(role, "main") == 0) hint |= H_CONTENT | H_ANCHOR;
        if (strcasecmp(role, "article") == 0) hint |= H_CONTENT;
    }
    const char *itemprop = pm_attr(atts, "itemprop");
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

int pm_is_hidden(const xmlChar **atts) {
    if (!atts) return 0;
    if (pm_attr(atts, "hidden")) return 1;
    const char *aria = pm_attr(atts, "aria-hidden");
    if (aria && strcasecmp(aria, "true") == 0) return 1;
    const char *style = pm_attr(atts, "style");
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
