// Plain C interface over libxml2 for PriorMix. This header deliberately includes no libxml2
// header: on Linux those pull in the system ICU, which clashes with the ICU inside Foundation.
#ifndef PRIORMIX_CHTMLTEXT_H
#define PRIORMIX_CHTMLTEXT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Call once before using the functions below from several threads.
void pm_xml_init(void);

/// What `pm_html_extract_page` keeps: the page's main content, or all visible text.
enum { PM_EXTRACT_MAIN = 0, PM_EXTRACT_ALL = 1 };

/// One page's extracted text and the metadata the page states. Strings are malloc'd UTF-8, never
/// NULL on success ("" when the page does not state it).
typedef struct pm_html_page {
    char *text;
    size_t text_length;
    char *title;
    char *canonical_url;  // <link rel=canonical>, else og:url
    char *language;       // <html lang>, else Content-Language
    char *date;           // publication date as the page writes it (meta, microdata, JSON-LD)
    int has_main;         // 0 when main mode found no block of main text (text is then empty)
    size_t total_chars;   // visible characters on the page
    size_t kept_chars;    // characters kept
} pm_html_page;

/// Extracts a page (`mode` PM_EXTRACT_MAIN or PM_EXTRACT_ALL) through libxml2's SAX parser: text
/// blocks are scored by length, link density, punctuation, tag and class/id hints, and in main mode
/// only the best-scoring container's good blocks are kept, in reading order. `encoding` may be NULL.
/// Returns 0 on success, -1 if the bytes could not be parsed at all or memory ran out.
int pm_html_extract_page(const char *data, size_t length, const char *encoding, int mode, pm_html_page *out);
void pm_html_page_free(pm_html_page *page);

/// Pull-based input for the MediaWiki reader: fill `buffer` with up to `length` bytes and return
/// the count, 0 at the end of input, -1 on a read error.
typedef int (*pm_read_callback)(void *context, char *buffer, int length);

typedef struct pm_wiki_reader pm_wiki_reader;

/// One `<page>` of a MediaWiki export. Strings are malloc'd UTF-8 or NULL when absent.
typedef struct pm_wiki_page {
    char *title;
    char *page_id;
    char *ns;
    char *redirect_title;
    char *timestamp;
    char *text;
    size_t text_length;
    int is_redirect;
    long line;  // line of the <page> start tag
} pm_wiki_page;

/// Streams a MediaWiki XML dump with libxml2's text reader: only the current page is in memory.
pm_wiki_reader *pm_wiki_open(pm_read_callback read, void *context, const char *name);
/// 1 when `page` was filled, 0 at the end of the dump, -1 on malformed XML (see pm_wiki_error).
int pm_wiki_next(pm_wiki_reader *reader, pm_wiki_page *page);
/// Message and line of the first XML error, or NULL.
const char *pm_wiki_error(pm_wiki_reader *reader);
long pm_wiki_error_line(pm_wiki_reader *reader);
void pm_wiki_page_free(pm_wiki_page *page);
void pm_wiki_close(pm_wiki_reader *reader);

#ifdef __cplusplus
}
#endif

#endif
