/* The context columns of a document's lines (declutter.native._context).
 *
 * Every function mirrors the numpy code of features/context.py and features/dom.py operation
 * by operation, so that the results are the same doubles: cumulative sums run line by line
 * (np.cumsum), sums over a run of lines use numpy's pairwise summation (np.sum), np.maximum and
 * np.minimum keep a NaN, argmax/argmin return the first maximum/minimum (or the first NaN), and
 * bincount adds its weights in line order. log1p is never computed here: the caller passes
 * `log1p`, numpy's log1p of 0, 1, ..., n (every logged value is a line count up to n).
 *
 * Matrices are stored column by column: one contiguous run of n doubles per column.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "pairwise_sum.h"

/* numpy rounds every product before it adds it: no fused multiply-add, whatever the flags */
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

/* The CONTEXT columns, in the order of CONTEXT.names (checked by the module's self-test). */
enum {
    CX_SCORE = 0,
    CX_SCORE_SHIFTS = 1,   /* 8 columns: score 1..4 lines before, 1..4 lines after */
    CX_WINDOW_SCORE = 9,   /* 4 columns: radii 2, 5, 10, 25 */
    CX_STATIC = 13,        /* 12 columns that do not depend on the scores: cx_static_rows */
    CX_END_MARKER_AFTER_BLOCK_START = 25,
    CX_LOG_BLOCK_DISTANCE = 26,
    CX_IN_BLOCK = 27,
    CX_BEFORE_BLOCK = 28,
    CX_AFTER_BLOCK = 29,
    CX_MASS_BEFORE = 30,
    CX_MASS_AFTER = 31,
    CX_BLOCK_SHARE = 32,
    CX_COLUMNS = 33,
    CX_STATIC_COLUMNS = 12,
};

static const int cx_score_shifts[8] = {1, 2, 3, 4, -1, -2, -3, -4};
static const ptrdiff_t cx_score_radii[4] = {2, 5, 10, 25};
static const ptrdiff_t cx_rule_radii[2] = {3, 10};

/* np.maximum(a, b) and np.minimum(a, b): a NaN in `a` wins, then a NaN in `b`. */
static inline double cx_maximum(double a, double b) { return (a >= b || a != a) ? a : b; }
static inline double cx_minimum(double a, double b) { return (a <= b || a != a) ? a : b; }


/* np.sum of a contiguous run: the identity 0.0 plus the pairwise sum */
static inline double cx_sum(const double *a, ptrdiff_t n) { return 0.0 + declutter_pairwise_sum(a, n); }

/* shift(values, by, fill=-1.0) */
static void cx_shift(const double *values, ptrdiff_t n, int by, double *out)
{
    for (ptrdiff_t i = 0; i < n; i++) {
        const ptrdiff_t from = i - by;
        out[i] = (from >= 0 && from < n) ? values[from] : -1.0;
    }
}

/* concatenate(([0.0], cumsum(products))): prefix[0] = 0, prefix[1] = products[0], ... */
static void cx_prefix(const double *products, ptrdiff_t n, double *prefix)
{
    prefix[0] = 0.0;
    if (n == 0) return;
    prefix[1] = products[0];
    for (ptrdiff_t i = 1; i < n; i++) prefix[i + 1] = prefix[i] + products[i];
}

/* window_mean from the prefix sums of values * weights and of weights */
static void cx_window_mean(const double *weighted, const double *mass, ptrdiff_t n,
                           ptrdiff_t radius, double *out)
{
    for (ptrdiff_t i = 0; i < n; i++) {
        const ptrdiff_t low = i - radius > 0 ? i - radius : 0;
        const ptrdiff_t high = i + radius + 1 < n ? i + radius + 1 : n;
        out[i] = (weighted[high] - weighted[low]) / cx_maximum(mass[high] - mass[low], 1e-9);
    }
}

/* What a page's stages share: the end-marker flags (rule_class in marker_codes), the prefix
 * sums of chars (mass, n + 1), np.sum(chars), the prefix sums of the rule flags (rules,
 * n + 1: rule_class > 0), the number of end markers before each line (marker_counts, n + 1)
 * and the first line that matches the title (*title, -1 without one). From these, the CONTEXT
 * columns that do not depend on the scores (13 to 24) are made row by row
 * (declutter_context_rows), never stored for the whole page. */
static void declutter_context_page(ptrdiff_t n, const double *rule_class,
                                   const double *title_match, const double *chars,
                                   const double *marker_codes, ptrdiff_t marker_count,
                                   uint8_t *markers, double *mass, double *chars_sum,
                                   double *rules, int64_t *marker_counts, ptrdiff_t *title)
{
    *title = -1;
    marker_counts[0] = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        uint8_t marker = 0;
        for (ptrdiff_t k = 0; k < marker_count; k++) marker |= rule_class[i] == marker_codes[k];
        markers[i] = marker;
        marker_counts[i + 1] = marker_counts[i] + marker;
        if (*title < 0 && title_match[i] > 0) *title = i;
    }
    cx_prefix(chars, n, mass);
    *chars_sum = cx_sum(chars, n);
    rules[0] = 0.0;
    if (n) rules[1] = rule_class[0] > 0 ? 1.0 : 0.0;
    for (ptrdiff_t i = 1; i < n; i++) rules[i + 1] = rules[i] + (rule_class[i] > 0 ? 1.0 : 0.0);
}

/* The last end marker before line i (-1: none), from the marker counts: the line j < i
 * where the count reaches marker_counts[i]. */
static ptrdiff_t cx_last_marker_before(const int64_t *marker_counts, ptrdiff_t i)
{
    const int64_t seen = marker_counts[i];
    if (seen == 0) return -1;
    ptrdiff_t low = 0, high = i - 1; /* the smallest j with marker_counts[j + 1] == seen */
    while (low < high) {
        const ptrdiff_t middle = low + (high - low) / 2;
        if (marker_counts[middle + 1] >= seen) high = middle; else low = middle + 1;
    }
    return low;
}

/* Rows lo..hi-1 of the CONTEXT columns that do not depend on the scores (13 to 24, in order),
 * into out (12 columns of m values each, column stride m), as the reference computes them
 * for the whole page: shifted log_chars and terminal, rule densities (window means of the
 * rule flags over the line counts), end markers before, title position, lines since the
 * last end marker. */
static void cx_static_rows(ptrdiff_t n, ptrdiff_t lo, ptrdiff_t hi, const double *log_chars,
                           const double *terminal, const double *rules,
                           const uint8_t *markers, const int64_t *marker_counts,
                           ptrdiff_t title, const double *log1p, ptrdiff_t m, double *out)
{
    static const int chars_shifts[4] = {1, 2, -1, -2};
    static const int terminal_shifts[2] = {1, -1};
    for (int k = 0; k < 4; k++)
        for (ptrdiff_t i = lo; i < hi; i++) {
            const ptrdiff_t from = i - chars_shifts[k];
            out[k * m + i - lo] = (from >= 0 && from < n) ? log_chars[from] : -1.0;
        }
    for (int k = 0; k < 2; k++)
        for (ptrdiff_t i = lo; i < hi; i++) {
            const ptrdiff_t from = i - terminal_shifts[k];
            out[(4 + k) * m + i - lo] = (from >= 0 && from < n) ? terminal[from] : -1.0;
        }
    for (int k = 0; k < 2; k++) { /* window_mean(rule flags, ones): the line prefix is i */
        const ptrdiff_t radius = cx_rule_radii[k];
        for (ptrdiff_t i = lo; i < hi; i++) {
            const ptrdiff_t low = i - radius > 0 ? i - radius : 0;
            const ptrdiff_t high = i + radius + 1 < n ? i + radius + 1 : n;
            out[(6 + k) * m + i - lo] = (rules[high] - rules[low])
                                        / cx_maximum((double)high - (double)low, 1e-9);
        }
    }
    ptrdiff_t last = cx_last_marker_before(marker_counts, lo);
    for (ptrdiff_t i = lo; i < hi; i++) {
        const ptrdiff_t j = i - lo;
        const int64_t seen = marker_counts[i];
        out[8 * m + j] = seen < 10 ? (double)seen : 10.0;
        out[9 * m + j] = title < 0 ? -1.0 : (i > title ? 1.0 : 0.0);
        out[10 * m + j] = title < 0 ? -1.0 : log1p[i > title ? i - title : title - i];
        if (markers[i]) last = i;
        out[11 * m + j] = last >= 0 ? log1p[i - last] : -1.0;
    }
}

/* main_block: the run of lines with the largest sum of (score - 0.5) * chars.
 * work: 2 * (n + 1) doubles. Sets *first and *last (-1 without a block). */
static void cx_main_block(const double *scores, const double *chars, ptrdiff_t n, double *work,
                          ptrdiff_t *first, ptrdiff_t *last)
{
    double *gains = work, *prefix = work + (n + 1);
    *first = *last = -1;
    int positive = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        gains[i] = (scores[i] - 0.5) * chars[i];
        positive |= !(gains[i] <= 0); /* gains.max() <= 0 is false with a NaN */
    }
    if (!positive) return;
    cx_prefix(gains, n, prefix);
    /* argmax(prefix[1:] - minimum.accumulate(prefix)[:-1]) */
    double lowest = prefix[0], best = 0.0;
    ptrdiff_t at = -1;
    for (ptrdiff_t k = 0; k < n; k++) {
        if (k > 0) lowest = cx_minimum(lowest, prefix[k]);
        const double gain = prefix[k + 1] - lowest;
        if (gain != gain) {
            at = k;
            break;
        }
        if (at < 0 || gain > best) {
            best = gain;
            at = k;
        }
    }
    /* argmin(prefix[: at + 1]) */
    ptrdiff_t low = 0;
    double least = prefix[0];
    for (ptrdiff_t k = 0; k <= at; k++) {
        const double value = prefix[k];
        if (value != value) {
            low = k;
            break;
        }
        if (value < least) {
            least = value;
            low = k;
        }
    }
    *first = low;
    *last = at;
}

/* What one stage's rows share, from the previous stage's scores (declutter_context_prepare). */
typedef struct {
    ptrdiff_t first, last; /* the main block, -1 without one */
    double share;          /* its share of the page's characters */
    double total;          /* max(1, the page's content mass), as mass_before divides by it */
} cx_stage;

/* A stage's shared values: weighted = the prefix sums of scores * chars (n + 1), and *stage.
 * chars_sum: np.sum(chars); work: 2 * (n + 1) doubles. */
static void declutter_context_prepare(ptrdiff_t n, const double *scores, const double *chars,
                                      double chars_sum, double *work, double *weighted,
                                      cx_stage *stage)
{
    for (ptrdiff_t i = 0; i < n; i++) work[i] = scores[i] * chars[i];
    cx_prefix(work, n, weighted);
    /* content_before = cumsum(scores * chars) = weighted[1:] */
    const double last_content = n ? weighted[n] : 0.0;
    stage->total = 1.0 > last_content ? 1.0 : last_content;
    cx_main_block(scores, chars, n, work, &stage->first, &stage->last);
    stage->share = 0.0;
    if (stage->first >= 0) {
        const double all = chars_sum;
        stage->share = cx_sum(chars + stage->first, stage->last - stage->first + 1)
                       / (1.0 > all ? 1.0 : all);
    }
}

/* What declutter_context_page keeps for the rows of every stage. */
typedef struct {
    const double *log_chars, *terminal, *rules, *mass, *log1p;
    const uint8_t *markers;
    const int64_t *marker_counts;
    ptrdiff_t title;
} cx_page;

/* Rows lo..hi-1 of one stage's CONTEXT columns (CX_COLUMNS x n), written as a matrix of
 * CX_COLUMNS columns of hi - lo values each (out). weighted, stage: declutter_context_prepare's.
 * Any split of the rows gives the same doubles as one call for all of them. */
static void declutter_context_rows(ptrdiff_t n, ptrdiff_t lo, ptrdiff_t hi, const double *scores,
                                   const cx_page *page, const double *weighted,
                                   const cx_stage *stage, double *out)
{
    const ptrdiff_t m = hi - lo;
    const double *mass = page->mass, *log1p = page->log1p;
    for (ptrdiff_t i = lo; i < hi; i++) out[CX_SCORE * m + i - lo] = scores[i];
    for (int k = 0; k < 8; k++) { /* shift(scores, by, fill=-1.0) */
        double *column = out + (CX_SCORE_SHIFTS + k) * m;
        for (ptrdiff_t i = lo; i < hi; i++) {
            const ptrdiff_t from = i - cx_score_shifts[k];
            column[i - lo] = (from >= 0 && from < n) ? scores[from] : -1.0;
        }
    }
    cx_static_rows(n, lo, hi, page->log_chars, page->terminal, page->rules, page->markers,
                   page->marker_counts, page->title, log1p, m, out + CX_STATIC * m);
    for (int k = 0; k < 4; k++) { /* window_mean of the scores, weighted by chars */
        const ptrdiff_t radius = cx_score_radii[k];
        double *column = out + (CX_WINDOW_SCORE + k) * m;
        for (ptrdiff_t i = lo; i < hi; i++) {
            const ptrdiff_t low = i - radius > 0 ? i - radius : 0;
            const ptrdiff_t high = i + radius + 1 < n ? i + radius + 1 : n;
            column[i - lo] = (weighted[high] - weighted[low]) / cx_maximum(mass[high] - mass[low], 1e-9);
        }
    }
    const double total = stage->total;
    const ptrdiff_t first = stage->first, last = stage->last;
    for (ptrdiff_t i = lo; i < hi; i++) {
        const ptrdiff_t j = i - lo;
        out[CX_MASS_BEFORE * m + j] = weighted[i + 1] / total;
        out[CX_MASS_AFTER * m + j] = (total - weighted[i + 1]) / total;
        out[CX_BLOCK_SHARE * m + j] = stage->share;
        if (first < 0) {
            out[CX_END_MARKER_AFTER_BLOCK_START * m + j] = 0.0;
            out[CX_LOG_BLOCK_DISTANCE * m + j] = log1p[n];
            out[CX_IN_BLOCK * m + j] = out[CX_BEFORE_BLOCK * m + j] = 0.0;
            out[CX_AFTER_BLOCK * m + j] = 0.0;
            continue;
        }
        /* end markers before line i from the block's first line on, at most 10 */
        const int64_t seen = i > first ? page->marker_counts[i] - page->marker_counts[first] : 0;
        const ptrdiff_t distance = i < first ? first - i : (i > last ? i - last : 0);
        out[CX_END_MARKER_AFTER_BLOCK_START * m + j] = seen < 10 ? (double)seen : 10.0;
        out[CX_LOG_BLOCK_DISTANCE * m + j] = log1p[distance];
        out[CX_IN_BLOCK * m + j] = (i >= first && i <= last) ? 1.0 : 0.0;
        out[CX_BEFORE_BLOCK * m + j] = i <= first - 1 ? 1.0 : 0.0;
        out[CX_AFTER_BLOCK * m + j] = i >= last + 1 ? 1.0 : 0.0;
    }
}

/* Dense container codes: the number of containers (max + 1), or -1 for a negative code. */
static ptrdiff_t declutter_containers(const ptrdiff_t *codes, ptrdiff_t n)
{
    ptrdiff_t top = -1;
    for (ptrdiff_t i = 0; i < n; i++) {
        if (codes[i] < 0) return -1;
        if (codes[i] > top) top = codes[i];
    }
    return top + 1;
}

/* One DOM_CONTEXT column's value for each container: the length-weighted mean score of its
 * lines (np.bincount adds line by line). codes: dense container codes 0..containers-1;
 * means: containers doubles; work: containers doubles. Line i's value is means[codes[i]]. */
static void declutter_container_means(ptrdiff_t n, const ptrdiff_t *codes, ptrdiff_t containers,
                                      const double *scores, const double *chars, double *work,
                                      double *means)
{
    double *mass = work, *scored = means;
    for (ptrdiff_t c = 0; c < containers; c++) mass[c] = scored[c] = 0.0;
    for (ptrdiff_t i = 0; i < n; i++) {
        mass[codes[i]] += chars[i];
        scored[codes[i]] += scores[i] * chars[i];
    }
    for (ptrdiff_t c = 0; c < containers; c++) means[c] = scored[c] / cx_maximum(mass[c], 1.0);
}

/* The DOM columns of one grouping of the lines (a container level, or a tag path), as
 * features/dom.py computes them with np.bincount (line by line) over dense codes:
 * share[i] = chars of i's group / total; density[i] = links of the group / max(chars, 1);
 * lines[i] = log1p(lines of the group). Any output may be NULL.
 * work: 3 * containers doubles. */
static void declutter_dom_group(ptrdiff_t n, const ptrdiff_t *codes, ptrdiff_t containers,
                                const double *chars, const double *links, double total,
                                const double *log1p, double *work, double *share,
                                double *density, double *lines)
{
    double *mass = work, *linked = work + containers, *count = work + 2 * containers;
    for (ptrdiff_t c = 0; c < 3 * containers; c++) work[c] = 0.0;
    for (ptrdiff_t i = 0; i < n; i++) {
        mass[codes[i]] += chars[i];
        linked[codes[i]] += links[i];
        count[codes[i]] += 1.0;
    }
    for (ptrdiff_t i = 0; i < n; i++) {
        const ptrdiff_t c = codes[i];
        if (share) share[i] = mass[c] / total;
        if (density) density[i] = linked[c] / cx_maximum(mass[c], 1.0);
        if (lines) lines[i] = log1p[(ptrdiff_t)count[c]];
    }
}
