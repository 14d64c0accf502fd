/* The per-line loops of declutter.native._lines: character classes of one line, word hashing.
 *
 * Lines arrive as UCS-4 code points. Character classes come from a table of the Basic
 * Multilingual Plane made by Python's own predicates (features.text._classes); code points
 * above it take the class of U+FFFF, as in the reference. Word tables are open-addressing hash
 * tables of UCS-4 words; a probe compares the words themselves, so a hash collision never
 * changes a result.
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#define DL_CLASSES 13
#define DL_SPACE 1

/* What one line measures: class counts anywhere and at word starts, edge classes, URL. */
typedef struct {
    int64_t anywhere[DL_CLASSES];
    int64_t starts[DL_CLASSES];
    uint8_t first;
    uint8_t last;
    uint8_t before_last;
    uint8_t last_is_paren;
    uint8_t has_url;
} dl_line;

static inline uint8_t dl_class(const uint8_t *classes, uint32_t c)
{
    return classes[c < 0xFFFF ? c : 0xFFFF];
}

/* Counts of one non-empty line (n >= 1). A word starts at a non-space character that follows
 * a space or the start of the line (the reference's joined text has a newline there). The loop
 * has no branches on the text: word starts and URL prefixes are counted arithmetically. */
static void dl_scan_line(const uint32_t *text, ptrdiff_t n, const uint8_t *classes, dl_line *out)
{
    int64_t anywhere[DL_CLASSES] = {0}, starts[DL_CLASSES] = {0};
    unsigned previous_space = 1, url = 0;
    uint32_t window = 0; /* the last four code points below 128, one per byte */
    for (ptrdiff_t i = 0; i < n; i++) {
        const uint32_t point = text[i];
        const uint8_t kind = dl_class(classes, point);
        const unsigned space = kind == DL_SPACE;
        anywhere[kind]++;
        starts[kind] += previous_space & !space;
        previous_space = space;
        window = (window << 8) | (point < 128 ? point : 0);
        url |= (window == 0x68747470u) | (window == 0x7777772eu); /* "http", "www." */
    }
    memcpy(out->anywhere, anywhere, sizeof(anywhere));
    memcpy(out->starts, starts, sizeof(starts));
    out->has_url = (uint8_t)url;
    out->first = dl_class(classes, text[0]);
    out->last = dl_class(classes, text[n - 1]);
    out->before_last = dl_class(classes, text[n >= 2 ? n - 2 : 0]);
    out->last_is_paren = text[n - 1] == ')';
}

/* Map every code point through a BMP table; 0 when one needs Python (above the BMP, or a
 * table entry of 0xFFFFFFFF: no one-to-one mapping). */
static int dl_map(const uint32_t *text, ptrdiff_t n, const uint32_t *table, uint32_t *out)
{
    for (ptrdiff_t i = 0; i < n; i++) {
        const uint32_t point = text[i];
        if (point > 0xFFFF || table[point] == 0xFFFFFFFFu) return 0;
        out[i] = table[point];
    }
    return 1;
}

static inline uint64_t dl_hash(const uint32_t *word, ptrdiff_t n)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)n;
    for (ptrdiff_t i = 0; i < n; i++) {
        h ^= word[i];
        h *= 1099511628211ull;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
}

/* The index of `word` (of hash `hash`) in a table, or -1. slots: mask + 1 entries, -1 for
 * empty; word k is chars[starts[k] .. starts[k + 1]). */
static inline int32_t dl_find(uint64_t hash, const uint32_t *word, ptrdiff_t n,
                              const int32_t *slots, uint64_t mask, const uint32_t *chars,
                              const int64_t *starts)
{
    uint64_t slot = hash & mask;
    for (;;) {
        const int32_t k = slots[slot];
        if (k < 0) return -1;
        if (starts[k + 1] - starts[k] == n &&
            memcmp(chars + starts[k], word, (size_t)n * sizeof(uint32_t)) == 0)
            return k;
        slot = (slot + 1) & mask;
    }
}
