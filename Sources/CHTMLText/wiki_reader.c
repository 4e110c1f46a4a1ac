// Streaming MediaWiki export reader over libxml2's xmlTextReader: one <page> at a time.
#include "CHTMLText.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pm_wiki_reader {
    xmlTextReaderPtr reader;
    pm_read_callback read;
    void *context;
    char *error;
    long error_line;
};

static int read_input(void *context, char *buffer, int length) {
    pm_wiki_reader *wiki = context;
    return wiki->read(wiki->context, buffer, length);
}

static int close_input(void *context) { (void)context; return 0; }

static void record_error(void *arg, const char *message, xmlParserSeverities severity,
                         xmlTextReaderLocatorPtr locator) {
    pm_wiki_reader *wiki = arg;
    if (wiki->error) return;
    if (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR) return;
    wiki->error = strdup(message ? message : "malformed XML");
    if (wiki->error) {
        size_t n = strlen(wiki->error);
        while (n > 0 && (wiki->error[n - 1] == '\n' || wiki->error[n - 1] == ' ')) wiki->error[--n] = 0;
    }
    wiki->error_line = locator ? xmlTextReaderLocatorLineNumber(locator) : 0;
}

pm_wiki_reader *pm_wiki_open(pm_read_callback read, void *context, const char *name) {
    pm_wiki_reader *wiki = calloc(1, sizeof *wiki);
    if (!wiki) return NULL;
    wiki->read = read;
    wiki->context = context;
    // No network, no external entities: a dump is untrusted input. XML_PARSE_HUGE lifts libxml2's
    // 10 MB limit on one text node (up to 1 GB), so an oversized page is read, then refused by the
    // caller's size limit, instead of ending the whole dump.
    wiki->reader = xmlReaderForIO(read_input, close_input, wiki, name, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
    if (!wiki->reader) { free(wiki); return NULL; }
    xmlTextReaderSetErrorHandler(wiki->reader, record_error, wiki);
    return wiki;
}

static char *take_string(xmlTextReaderPtr reader) {
    xmlChar *value = xmlTextReaderReadString(reader);
    if (!value) return strdup("");
    char *copy = strdup((const char *)value);
    xmlFree(value);
    return copy;
}

static int local_name_is(xmlTextReaderPtr reader, const char *name) {
    const xmlChar *local = xmlTextReaderConstLocalName(reader);
    return local && strcmp((const char *)local, name) == 0;
}

static void replace(char **slot, char *value) {
    free(*slot);
    *slot = value;
}

int pm_wiki_next(pm_wiki_reader *wiki, pm_wiki_page *page) {
    memset(page, 0, sizeof *page);
    int page_depth = -1;
    int status;
    while ((status = xmlTextReaderRead(wiki->reader)) == 1) {
        int type = xmlTextReaderNodeType(wiki->reader);
        int depth = xmlTextReaderDepth(wiki->reader);
        if (type == XML_READER_TYPE_ELEMENT) {
            if (page_depth < 0) {
                if (local_name_is(wiki->reader, "page")) {
                    page_depth = depth;
                    page->line = xmlTextReaderGetParserLineNumber(wiki->reader);
                }
                continue;
            }
            // Only the page's own title/ns/id/redirect, not those of revisions or contributors.
            if (depth == page_depth + 1) {
                if (local_name_is(wiki->reader, "title")) replace(&page->title, take_string(wiki->reader));
                else if (local_name_is(wiki->reader, "ns")) replace(&page->ns, take_string(wiki->reader));
                else if (local_name_is(wiki->reader, "id")) replace(&page->page_id, take_string(wiki->reader));
                else if (local_name_is(wiki->reader, "redirect")) {
                    page->is_redirect = 1;
                    xmlChar *target = xmlTextReaderGetAttribute(wiki->reader, BAD_CAST "title");
                    replace(&page->redirect_title, strdup(target ? (const char *)target : ""));
                    if (target) xmlFree(target);
                }
            } else if (depth == page_depth + 2) {
                // Full-history dumps hold many revisions: the last one is the current text.
                if (local_name_is(wiki->reader, "text")) {
                    replace(&page->text, take_string(wiki->reader));
                    page->text_length = page->text ? strlen(page->text) : 0;
                } else if (local_name_is(wiki->reader, "timestamp")) {
                    replace(&page->timestamp, take_string(wiki->reader));
                }
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT && page_depth >= 0 && depth == page_depth &&
                   local_name_is(wiki->reader, "page")) {
            if (!page->text) page->text = strdup("");
            return 1;
        }
    }
    // libxml2 parses ahead of the cursor, so an error may already be recorded while earlier
    // pages are still being delivered: only a failed read ends the dump.
    if (status == 0) {
        if (page_depth >= 0) {
            wiki->error = strdup("the dump ends inside a <page> element (truncated file?)");
            wiki->error_line = xmlTextReaderGetParserLineNumber(wiki->reader);
            pm_wiki_page_free(page);
            return -1;
        }
        pm_wiki_page_free(page);
        return 0;
    }
    if (!wiki->error) {
        wiki->error = strdup("malformed XML");
        wiki->error_line = xmlTextReaderGetParserLineNumber(wiki->reader);
    }
    pm_wiki_page_free(page);
    return -1;
}

const char *pm_wiki_error(pm_wiki_reader *wiki) { return wiki->error; }
long pm_wiki_error_line(pm_wiki_reader *wiki) { return wiki->error_line; }

void pm_wiki_page_free(pm_wiki_page *page) {
    free(page->title);
    free(page->page_id);
    free(page->ns);
    free(page->redirect_title);
    free(page->timestamp);
    free(page->text);
    memset(page, 0, sizeof *page);
}

void pm_wiki_close(pm_wiki_reader *wiki) {
    if (!wiki) return;
    xmlFreeTextReader(wiki->reader);
    free(wiki->error);
    free(wiki);
}
