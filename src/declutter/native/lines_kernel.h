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
    uint8_t has_newline;
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
    /* Four interleaved histograms, so that runs of one class do not wait on one counter;
     * slot DL_CLASSES + k counts word starts of class k. Lines are shorter than 2^31. */
    int32_t counts[4][2 * DL_CLASSES] = {{0}};
    unsigned previous_space = 1, url = 0, newline = 0;
    uint32_t window = 0; /* the last four code points below 128, one per byte */
    for (ptrdiff_t i = 0; i < n; i++) {
        const uint32_t point = text[i];
        const uint8_t kind = dl_class(classes, point);
        const unsigned space = kind == DL_SPACE;
        newline |= point == '\n';
        counts[i & 3][kind + DL_CLASSES * (previous_space & !space)]++;
        previous_space = space;
        window = (window << 8) | (point < 128 ? point : 0);
        url |= (window == 0x68747470u) | (window == 0x7777772eu); /* "http", "www." */
    }
    for (int k = 0; k < 2 * DL_CLASSES; k++)
        counts[0][k] += counts[1][k] + counts[2][k] + counts[3][k];
    for (int k = 0; k < DL_CLASSES; k++) {
        out->starts[k] = counts[0][DL_CLASSES + k];
        out->anywhere[k] = counts[0][k] + out->starts[k];
    }
    out->has_url = (uint8_t)url;
    out->has_newline = (uint8_t)newline;
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
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)n;
    ptrdiff_t i = 0;
    for (; i + 1 < n; i += 2) { /* two code points per multiplication */
        h = (h ^ (word[i] | ((uint64_t)word[i + 1] << 32))) * 0xff51afd7ed558ccdull;
        h ^= h >> 29;
    }
    if (i < n) h = (h ^ word[i]) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

/* The slot of a word: the high half of its hash (a tag, so that most misses read no word)
 * and its index + 1; 0 for an empty slot. */
static inline uint64_t dl_slot(uint64_t hash, int32_t index)
{
    return (hash & 0xffffffff00000000ull) | (uint32_t)(index + 1);
}

/* The two bits of a hash in a table's Bloom filter (16 bits per word: most words that are not
 * in the table are told apart without reading its slots). */
static inline uint64_t dl_bit(uint64_t hash, int which, uint64_t bits)
{
    return (which ? hash >> 40 : hash >> 16) & (bits - 1);
}

static inline int dl_maybe(const uint64_t *bloom, uint64_t bits, uint64_t hash)
{
    const uint64_t a = dl_bit(hash, 0, bits), b = dl_bit(hash, 1, bits);
    return (int)((bloom[a >> 6] >> (a & 63)) & (bloom[b >> 6] >> (b & 63)) & 1);
}

/* The index of `word` (of hash `hash`) in a table, or -1. slots: mask + 1 entries (dl_slot);
 * word k is chars[starts[k] .. starts[k + 1]). */
static inline int32_t dl_find(uint64_t hash, const uint32_t *word, ptrdiff_t n,
                              const uint64_t *slots, uint64_t mask, const uint32_t *chars,
                              const int64_t *starts)
{
    const uint64_t tag = hash & 0xffffffff00000000ull;
    uint64_t slot = hash & mask;
    for (;;) {
        const uint64_t entry = slots[slot];
        if (entry == 0) return -1;
        if ((entry & 0xffffffff00000000ull) == tag) {
            const int32_t k = (int32_t)(uint32_t)entry - 1;
            if (starts[k + 1] - starts[k] == n) {
                const uint32_t *candidate = chars + starts[k];
                ptrdiff_t i = 0;
                while (i < n && candidate[i] == word[i]) i++;
                if (i == n) return k;
            }
        }
        slot = (slot + 1) & mask;
    }
}

/* Flags of a BMP code point for the lexicon's normalization (rules.phrases), made from the
 * `regex` module's own classes. */
#define DL_DIGIT 1 /* \d */
#define DL_LETTER_OR_NUMBER 2 /* [\p{L}\p{N}] */
#define DL_KEPT 4 /* [\p{L}\p{N}\p{M}#©]: what the normalization keeps */
#define DL_CJK 8 /* Han, Hiragana, Katakana or Hangul, by script extension */

static inline int dl_digit(const uint8_t *flags, const uint32_t *text, ptrdiff_t i, ptrdiff_t n)
{
    return i < n && (flags[text[i]] & DL_DIGIT);
}

/* normalize_line of a case-folded line: U+0131 to "i", U+0307 removed and "©" spaced out,
 * numbers (\d+(?:[.,:/]\d+)*(?:[kmb](?![\p{L}\p{N}]))?) to "#", runs of other characters to
 * one space, spaces stripped. `work` holds 3 n code points, `out` as many. Returns the length,
 * or -1 when a code point is above the BMP (Python normalizes those lines). */
static ptrdiff_t dl_normalize(const uint32_t *folded, ptrdiff_t n, const uint8_t *flags,
                              uint32_t *work, uint32_t *out)
{
    ptrdiff_t m = 0, size = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        const uint32_t c = folded[i];
        if (c > 0xFFFF) return -1;
        if (c == 0x131) work[m++] = 'i';
        else if (c == 0xA9) {
            work[m++] = ' ';
            work[m++] = 0xA9;
            work[m++] = ' ';
        } else if (c != 0x307) work[m++] = c;
    }
    int in_run = 0;
    for (ptrdiff_t i = 0; i < m;) {
        const uint32_t c = work[i];
        if (flags[c] & DL_DIGIT) {
            i++;
            while (dl_digit(flags, work, i, m)) i++;
            while (i < m && (work[i] == '.' || work[i] == ',' || work[i] == ':' ||
                             work[i] == '/') && dl_digit(flags, work, i + 1, m)) {
                i += 2;
                while (dl_digit(flags, work, i, m)) i++;
            }
            if (i < m && (work[i] == 'k' || work[i] == 'm' || work[i] == 'b') &&
                !(i + 1 < m && (flags[work[i + 1]] & DL_LETTER_OR_NUMBER)))
                i++;
            out[size++] = '#';
            in_run = 0;
        } else if (flags[c] & DL_KEPT) {
            out[size++] = c;
            in_run = 0;
            i++;
        } else {
            if (!in_run) out[size++] = ' ';
            in_run = 1;
            i++;
        }
    }
    ptrdiff_t start = 0;
    while (start < size && out[start] == ' ') start++;
    while (size > start && out[size - 1] == ' ') size--;
    if (start) memmove(out, out + start, (size_t)(size - start) * sizeof(uint32_t));
    return size - start;
}
