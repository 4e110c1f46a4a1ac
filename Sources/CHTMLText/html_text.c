// HTML main-text extraction over libxml2's forgiving HTML parser.
#include "CHTMLText.h"
#include "text_sink.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void pm_xml_init(void) { xmlInitParser(); }

static int name_is(const xmlNode *node, const char *name) {
    return node->name && strcasecmp((const char *)node->name, name) == 0;
}

static int name_in(const xmlNode *node, const char *const *names) {
    for (; *names; names++)
        if (name_is(node, *names)) return 1;
    return 0;
}

static const char *const dropped_elements[] = {
    "script", "style", "noscript", "nav", "form", "template", "iframe", "svg", "button",
    "select", "textarea", "aside", "footer", "object", "embed", "canvas", "dialog", "menu", NULL};
static const char *const paragraph_elements[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "ul", "ol", "dl",
    "figure", "section", "article", "main", "header", "title", NULL};
static const char *const line_elements[] = {
    "div", "li", "tr", "br", "dt", "dd", "hr", "caption", "figcaption", "address", "details",
    "summary", "option", "tbody", "thead", "tfoot", "center", NULL};

static int inside(const xmlNode *node, const char *name) {
    for (const xmlNode *p = node->parent; p; p = p->parent)
        if (p->type == XML_ELEMENT_NODE && name_is(p, name)) return 1;
    return 0;
}

// A page-level <header> is site chrome (logo, menu); a <header> inside an article holds its title.
static int is_dropped(const xmlNode *node) {
    if (name_in(node, dropped_elements)) return 1;
    if (name_is(node, "header")) return !(inside(node, "article") || inside(node, "main"));
    return 0;
}

static int is_verbatim(const xmlNode *node) {
    for (const xmlNode *p = node; p; p = p->parent)
        if (p->type == XML_ELEMENT_NODE && (name_is(p, "pre") || name_is(p, "code") ||
                                             name_is(p, "textarea") || name_is(p, "kbd") ||
                                             name_is(p, "samp")))
            return 1;
    return 0;
}

static int preceding_element_count(const xmlNode *node, const char *const *names) {
    int count = 0;
    for (const xmlNode *p = node->prev; p; p = p->prev)
        if (p->type == XML_ELEMENT_NODE && name_in(p, names)) count++;
    return count;
}

static void enter_element(text_sink *s, const xmlNode *node) {
    static const char *const cells[] = {"td", "th", NULL};
    static const char *const items[] = {"li", NULL};
    if (name_in(node, paragraph_elements)) sink_break(s, 2);
    else if (name_in(node, line_elements)) sink_break(s, 1);
    if (name_is(node, "li")) {
        char marker[32];
        if (node->parent && name_is(node->parent, "ol"))
            snprintf(marker, sizeof marker, "%d. ", preceding_element_count(node, items) + 1);
        else
            strcpy(marker, "- ");
        sink_flush_separation(s);
        sink_raw(s, marker, strlen(marker));
    } else if (name_in(node, cells) && preceding_element_count(node, cells) > 0) {
        s->pending_space = 0;
        sink_flush_separation(s);
        sink_raw(s, " | ", 3);
    }
}

static void leave_element(text_sink *s, const xmlNode *node) {
    if (name_in(node, paragraph_elements)) sink_break(s, 2);
    else if (name_in(node, line_elements)) sink_break(s, 1);
}

static char *copy_string(const char *bytes, size_t n) {
    char *copy = malloc(n + 1);
    if (!copy) return NULL;
    memcpy(copy, bytes, n);
    copy[n] = 0;
    return copy;
}

static char *collapsed_title(xmlDoc *doc) {
    xmlNode *root = xmlDocGetRootElement(doc);
    // Iterative walk: untrusted pages can nest deeply, so no recursion.
    for (xmlNode *node = root; node;) {
        if (node->type == XML_ELEMENT_NODE && name_is(node, "title") && !inside(node, "svg")) {
            xmlChar *content = xmlNodeGetContent(node);
            text_sink s = {0};
            sink_text(&s, (const char *)content, 0);
            xmlFree(content);
            char *title = copy_string(s.bytes ? s.bytes : "", s.length);
            free(s.bytes);
            return title;
        }
        if (node->children && node->type == XML_ELEMENT_NODE) { node = node->children; continue; }
        while (node && !node->next) { node = node->parent; if (node == root) node = NULL; }
        if (node) node = node->next;
    }
    return copy_string("", 0);
}

int pm_html_extract(const char *data, size_t length, const char *encoding, pm_html_text *out) {
    memset(out, 0, sizeof *out);
    if (length > (size_t)0x7fffffff) return -1;
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                  HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT;
    htmlDocPtr doc = htmlReadMemory(data, (int)length, NULL, encoding, options);
    if (!doc) return -1;

    text_sink s = {0};
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *node = root;
    while (node) {
        int descend = 0;
        if (node->type == XML_ELEMENT_NODE) {
            if (!is_dropped(node) && !name_is(node, "head")) {
                enter_element(&s, node);
                descend = node->children != NULL;
                if (!descend) leave_element(&s, node);
            }
        } else if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            sink_text(&s, (const char *)node->content, is_verbatim(node));
        }
        if (descend) { node = node->children; continue; }
        // Climb until a sibling is found, closing each element on the way up.
        while (node && !node->next) {
            node = node->parent;
            if (!node || node->type != XML_ELEMENT_NODE) { node = NULL; break; }
            leave_element(&s, node);
            if (node == root) { node = NULL; break; }
        }
        if (node) node = node->next;
    }

    char *title = collapsed_title(doc);
    xmlFreeDoc(doc);
    if (s.failed || !title) { free(s.bytes); free(title); return -1; }

    // The title leads the text unless the body already opens with it (usually as its <h1>).
    size_t title_length = strlen(title);
    text_sink page = {0};
    if (title_length > 0 && !(s.length >= title_length && memcmp(s.bytes, title, title_length) == 0)) {
        sink_raw(&page, title, title_length);
        if (s.length > 0) sink_raw(&page, "\n\n", 2);
    }
    if (s.length > 0) sink_raw(&page, s.bytes, s.length);
    free(s.bytes);
    if (page.failed) { free(page.bytes); free(title); return -1; }
    out->text = page.bytes ? page.bytes : copy_string("", 0);
    if (page.bytes) out->text[page.length] = 0;
    out->text_length = page.length;
    out->title = title;
    return 0;
}

void pm_html_text_free(pm_html_text *text) {
    free(text->text);
    free(text->title);
    text->text = NULL;
    text->title = NULL;
}
