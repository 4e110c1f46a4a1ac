// Tag behaviour and class/id hint words for the page model: rules as data, in one place.
#ifndef PRIORMIX_HTML_RULES_H
#define PRIORMIX_HTML_RULES_H

#include <libxml/HTMLparser.h>
#include <stdint.h>

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

// Hints from class, id, role and itemprop.
enum { H_BOILER = 1, H_CONTENT = 2, H_WEAK = 4, H_CAPTION = 8, H_LAYOUT = 16, H_ANCHOR = 32, H_HAS_ANCHOR = 64 };

/// The flags of a (lowercase) tag name; 0 for inline tags that are not listed.
unsigned pm_tag_flags(const char *name);
/// The value of attribute `name` (case-insensitive), "" when present without a value, or NULL.
const char *pm_attr(const xmlChar **atts, const char *name);
/// H_* hints of an element from its class, id, role and itemprop attributes.
uint8_t pm_class_hint(const xmlChar **atts, unsigned flags);
/// 1 for `hidden`, `aria-hidden="true"`, or an inline style with display:none / visibility:hidden.
int pm_is_hidden(const xmlChar **atts);

#endif
