/*
 * wordcount.c - count lines, words and bytes, and report the ten most
 * frequent words (case-folded ASCII letters and apostrophes).
 *
 * Build:  cc -O2 -Wall -o wordcount wordcount.c
 * Usage:  ./wordcount < input.txt
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_SIZE 4096
#define MAX_WORD 64

struct entry {
    char word[MAX_WORD];
    long count;
    struct entry *next;
};

static struct entry *table[TABLE_SIZE];
static long distinct = 0;

/* FNV-1a hash of a NUL-terminated string. */
static unsigned long hash(const char *s)
{
    unsigned long h = 2166136261UL;
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619UL;
    }
    return h % TABLE_SIZE;
}

static void add_word(const char *w)
{
    unsigned long h = hash(w);
    struct entry *e;
    for (e = table[h]; e != NULL; e = e->next) {
        if (strcmp(e->word, w) == 0) {
            e->count++;
            return;
        }
    }
    e = malloc(sizeof *e);
    if (e == NULL) {
        perror("malloc");
        exit(1);
    }
    strncpy(e->word, w, MAX_WORD - 1);
    e->word[MAX_WORD - 1] = '\0';
    e->count = 1;
    e->next = table[h];
    table[h] = e;
    distinct++;
}

static int by_count_desc(const void *a, const void *b)
{
    const struct entry *x = *(const struct entry *const *)a;
    const struct entry *y = *(const struct entry *const *)b;
    if (x->count != y->count)
        return (y->count > x->count) - (y->count < x->count);
    return strcmp(x->word, y->word);
}

int main(void)
{
    long lines = 0, words = 0, bytes = 0;
    char buf[MAX_WORD];
    size_t len = 0;
    int c;

    while ((c = getchar()) != EOF) {
        bytes++;
        if (c == '\n')
            lines++;
        if (isalpha(c) || (c == '\'' && len > 0)) {
            if (len < MAX_WORD - 1)
                buf[len++] = (char)tolower(c);
        } else if (len > 0) {
            buf[len] = '\0';
            add_word(buf);
            words++;
            len = 0;
        }
    }
    if (len > 0) {
        buf[len] = '\0';
        add_word(buf);
        words++;
    }

    printf("%ld lines, %ld words, %ld bytes, %ld distinct\n", lines, words, bytes, distinct);

    struct entry **all = malloc((size_t)distinct * sizeof *all);
    if (all == NULL && distinct > 0)
        return 1;
    long n = 0;
    for (int i = 0; i < TABLE_SIZE; i++)
        for (struct entry *e = table[i]; e != NULL; e = e->next)
            all[n++] = e;
    qsort(all, (size_t)n, sizeof *all, by_count_desc);
    for (long i = 0; i < n && i < 10; i++)
        printf("%7ld  %s\n", all[i]->count, all[i]->word);
    free(all);
    return 0;
}
