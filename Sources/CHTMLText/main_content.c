// Main-content extraction: the page model (page_model.h) is scored block by block, the element
// holding the most main text is chosen with its prose-like neighbours, and their good blocks are
// written out as text in reading order. See the README for the rules and the measurements.
#include "CHTMLText.h"
#include "page_model.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pm_xml_init(void) { xmlInitParser(); }

// ---------------------------------------------------------------------------------------------
// Scoring: each block gets a value (positive: reads like main text; negative: chrome), each
// element the sum over its subtree; the best untainted element is the main-text container.

// Scoring constants, measured on the development set of real pages named in the README.
static const struct {
    double max_link_density;     // a block at least this much link text counts against
    double link_penalty;         // value lost per unit of link density
    double no_punctuation;       // value kept by a block without sentence punctuation
    double short_block;          // characters below which a block is judged by its neighbours
    double content_bonus;        // for article, main, role=main and content class names
    double sibling_before;       // share of the container's value a sibling before it needs
    double sibling_after;        // and a sibling after it
    double sibling_link_density; // siblings above this link density never join
    double prune;                // a part inside the selection worth less than minus this goes
} tuning = {0.33, 3.0, 0.3, 45, 1.3, 0.02, 0.3, 0.35, 50};

static double block_value(const block *b, int tainted) {
    double c = b->chars;
    if (c <= 0) return 0;
    if (tainted) return -c;
    if (b->copyright || b->caption) return 0;  // credits and captions: left out, no evidence either way
    double link_density = b->link_chars / c;
    if (link_density >= tuning.max_link_density) return -c;
    if (b->chars < tuning.short_block) return b->link_chars > 0 ? -c : 0;
    double v = c * (1.0 - tuning.link_penalty * link_density);
    if (b->punct == 0) v *= tuning.no_punctuation;
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
    int64_t total = 0;
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
        int chrome = (((e->flags & F_BOILER) || (e->hint & H_BOILER)) && (int64_t)e->chars * 2 < total) ||
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
        if (s > 0 && ((e->flags & F_ARTICLE) || (e->hint & H_CONTENT))) s *= tuning.content_bonus;
        if (s >= best_score && s > 0) { best = (int32_t)i; best_score = s; }
    }
    *container_out = best;
    *best_out = best_score;
}

enum { MAX_HEADING_DISTANCE = 200 };

static int is_short(const block *b) {
    return b->chars < tuning.short_block && b->value == 0 && !b->copyright && !b->caption;
}

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
    for (int level = 0; level < SIBLING_LEVELS; level++) {
        int32_t parent = m->elements[child].parent;
        if (parent < 0 || m->elements[parent].tainted) break;
        const element *p = &m->elements[parent];
        for (size_t i = (size_t)parent + 1; i < m->element_count && m->elements[i].start_event < p->end_event; i++) {
            const element *s = &m->elements[i];
            if (s->parent != parent || (int32_t)i == child || s->tainted || !(s->flags & F_BLOCK)) continue;
            // Parts after the text need more weight than parts before it: what follows an article
            // is often an author's bio, a disclaimer or a teaser, what precedes it its lead.
            double share = s->start_event < m->elements[container].start_event ? tuning.sibling_before : tuning.sibling_after;
            if (s->score > share * base && s->link_chars < tuning.sibling_link_density * s->chars && sel->count < MAX_SELECTED)
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

// Keeps the selection's good blocks. A short block ("More on this", "Tags", a date) is judged by
// the blocks around it that are not short (jusText's observation that main text and boilerplate
// come in runs): kept between good text, dropped next to chrome and after the last good block.
static void select_blocks(page_model *m, const selection *sel) {
    // Inside the selection, a part that holds more chrome than prose (a related-stories box whose
    // teasers read like prose) goes as a whole: it is marked tainted like chrome.
    for (int k = 0; k < sel->count; k++) {
        const element *c = &m->elements[sel->items[k]];
        for (size_t i = (size_t)sel->items[k] + 1; i < m->element_count; i++) {
            element *e = &m->elements[i];
            if (e->start_event > c->end_event) break;
            if (e->parent >= 0 && m->elements[e->parent].tainted) e->tainted = 1;
            if ((e->flags & F_BLOCK) && e->score < -tuning.prune) e->tainted = 1;
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

// Adds each element's kept characters to its ancestors' (children come after their parents).
static void roll_up_kept(page_model *m) {
    for (size_t i = m->element_count; i > 0; i--) {
        element *e = &m->elements[i - 1];
        if (e->parent >= 0) m->elements[e->parent].kept += e->kept;
    }
}

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

static char *take_string(char *value) {
    if (value) return value;
    char *empty = malloc(1);
    if (empty) empty[0] = 0;
    return empty;
}

int pm_html_extract_page(const char *data, size_t length, const char *encoding, int mode, pm_html_page *out) {
    memset(out, 0, sizeof *out);
    page_model m;
    memset(&m, 0, sizeof m);
    if (pm_page_model_parse(&m, data, length, encoding, mode == PM_EXTRACT_MAIN) != 0) { pm_page_model_free(&m); return -1; }

    emitter w;
    memset(&w, 0, sizeof w);
    w.m = &m;
    w.counters = calloc(m.element_count + 1, sizeof *w.counters);
    if (!w.counters) { pm_page_model_free(&m); return -1; }

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
                roll_up_kept(&m);
                emit_range(&w, 0, m.event_count - 1, 1);
                out->kept_chars = kept;
            }
        } else {
            selection sel;
            build_selection(&m, container, &sel);
            select_blocks(&m, &sel);
            int32_t title = title_heading(&m, &sel);
            roll_up_kept(&m);
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
    if (page.failed) { free(page.bytes); pm_page_model_free(&m); return -1; }
    out->text = page.bytes;
    out->text_length = page.length;
    if (!out->text) out->text = take_string(NULL);
    else out->text[page.length] = 0;
    out->title = take_string(pm_dup_trimmed(title, title_length));
    out->canonical_url = take_string(m.canonical); m.canonical = NULL;
    out->language = take_string(m.language); m.language = NULL;
    out->date = take_string(m.date); m.date = NULL;
    out->has_main = has_main;
    out->total_chars = total_chars;
    pm_page_model_free(&m);
    if (!out->text || !out->title || !out->canonical_url || !out->language || !out->date) { pm_html_page_free(out); return -1; }
    return 0;
}

void pm_html_page_free(pm_html_page *page) {
    free(page->text); free(page->title); free(page->canonical_url); free(page->language); free(page->date);
    memset(page, 0, sizeof *page);
}
