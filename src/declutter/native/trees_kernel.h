/* Oblivious-tree ensembles over feature columns (declutter.native._trees).
 *
 * columns: the stage's feature columns, one contiguous run of `rows` doubles per column.
 * features/borders: (trees x depth), level d of tree t reads column features[t*depth+d].
 * leaves: (trees x 2^depth). out: one margin per row, without the bias. leaf: scratch of
 * max(rows, trees x depth) entries.
 *
 * The sum over trees must be the one numpy computes in the reference path
 * (ObliviousEnsemble.margin): tree by tree in order for several rows, and numpy's pairwise
 * summation when there is one row (numpy then reduces one contiguous run of 100 values).
 */
#include <stdint.h>
#include <stddef.h>
#include "pairwise_sum.h"

/* Several rows, portable: the leaf index of every row for one tree, then its leaf values
 * added, tree after tree (each row's margin is summed in tree order). */
static void declutter_trees_by_tree(const double *columns, ptrdiff_t rows,
                                    const ptrdiff_t *features, const double *borders,
                                    const double *leaves, int trees, int depth,
                                    int64_t *leaf, double *out)
{
    const ptrdiff_t width = (ptrdiff_t)1 << depth;
    for (ptrdiff_t i = 0; i < rows; i++) out[i] = 0.0;
    for (int t = 0; t < trees; t++) {
        {
            const ptrdiff_t k = (ptrdiff_t)t * depth;
            const double *column = columns + features[k] * rows;
            const double border = borders[k];
            for (ptrdiff_t i = 0; i < rows; i++) leaf[i] = column[i] > border ? 1 : 0;
        }
        for (int d = 1; d < depth; d++) {
            const ptrdiff_t k = (ptrdiff_t)t * depth + d;
            const double *column = columns + features[k] * rows;
            const double border = borders[k];
            const int64_t bit = (int64_t)1 << d;
            for (ptrdiff_t i = 0; i < rows; i++) leaf[i] |= column[i] > border ? bit : 0;
        }
        const double *tree = leaves + t * width;
        for (ptrdiff_t i = 0; i < rows; i++) out[i] += tree[leaf[i]];
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define DECLUTTER_TREES_AVX2 1

/* Several rows, AVX2: eight rows at a time through every tree, their margins kept in two
 * registers and the leaf values gathered; the same additions in the same order as
 * declutter_trees_by_tree, so the same margins bit for bit. `offsets[t*depth+d]` is where
 * the column of level d of tree t starts; `depth` is a constant where this is inlined. */
__attribute__((target("avx2"), always_inline))
static inline void declutter_trees_eight(const double *columns, ptrdiff_t rows,
                                         const ptrdiff_t *offsets, const double *borders,
                                         const double *leaves, int trees, const int depth,
                                         double *out)
{
    const ptrdiff_t width = (ptrdiff_t)1 << depth;
    const ptrdiff_t whole = rows - rows % 8;
    __m256d bits[8];
    for (int d = 0; d < depth; d++)
        bits[d] = _mm256_castsi256_pd(_mm256_set1_epi64x((int64_t)1 << d));
    for (ptrdiff_t i = 0; i < whole; i += 8) {
        const double *base = columns + i;
        __m256d low = _mm256_setzero_pd(), high = _mm256_setzero_pd();
        const ptrdiff_t *offset = offsets;
        const double *border = borders;
        const double *tree = leaves;
        for (int t = 0; t < trees; t++, offset += depth, border += depth, tree += width) {
            __m256d index_low = _mm256_setzero_pd(), index_high = _mm256_setzero_pd();
            for (int d = 0; d < depth; d++) {
                const double *column = base + offset[d];
                const __m256d split = _mm256_broadcast_sd(border + d);
                index_low = _mm256_or_pd(index_low, _mm256_and_pd(bits[d],
                    _mm256_cmp_pd(_mm256_loadu_pd(column), split, _CMP_GT_OQ)));
                index_high = _mm256_or_pd(index_high, _mm256_and_pd(bits[d],
                    _mm256_cmp_pd(_mm256_loadu_pd(column + 4), split, _CMP_GT_OQ)));
            }
            low = _mm256_add_pd(low, _mm256_i64gather_pd(tree, _mm256_castpd_si256(index_low), 8));
            high = _mm256_add_pd(high, _mm256_i64gather_pd(tree, _mm256_castpd_si256(index_high), 8));
        }
        _mm256_storeu_pd(out + i, low);
        _mm256_storeu_pd(out + i + 4, high);
    }
    for (ptrdiff_t i = whole; i < rows; i++) {
        double sum = 0.0;
        for (int t = 0; t < trees; t++) {
            unsigned index = 0;
            for (int d = 0; d < depth; d++) {
                const ptrdiff_t k = (ptrdiff_t)t * depth + d;
                index |= (unsigned)(columns[offsets[k] + i] > borders[k]) << d;
            }
            sum += leaves[t * width + index];
        }
        out[i] = sum;
    }
}

#define DECLUTTER_TREES_DEPTH(D) \
    __attribute__((target("avx2"))) static void declutter_trees_avx2_##D( \
        const double *columns, ptrdiff_t rows, const ptrdiff_t *offsets, \
        const double *borders, const double *leaves, int trees, double *out) \
    { declutter_trees_eight(columns, rows, offsets, borders, leaves, trees, D, out); }
DECLUTTER_TREES_DEPTH(1)
DECLUTTER_TREES_DEPTH(2)
DECLUTTER_TREES_DEPTH(3)
DECLUTTER_TREES_DEPTH(4)
DECLUTTER_TREES_DEPTH(5)
DECLUTTER_TREES_DEPTH(6)
DECLUTTER_TREES_DEPTH(7)
DECLUTTER_TREES_DEPTH(8)

/* AVX2 for every depth the caller accepts (1..8); `offsets` has trees x depth entries. */
static void declutter_trees_by_rows_avx2(const double *columns, ptrdiff_t rows,
                                         const ptrdiff_t *features, const double *borders,
                                         const double *leaves, int trees, int depth,
                                         ptrdiff_t *offsets, double *out)
{
    for (ptrdiff_t k = 0; k < (ptrdiff_t)trees * depth; k++) offsets[k] = features[k] * rows;
    switch (depth) {
    case 1: declutter_trees_avx2_1(columns, rows, offsets, borders, leaves, trees, out); break;
    case 2: declutter_trees_avx2_2(columns, rows, offsets, borders, leaves, trees, out); break;
    case 3: declutter_trees_avx2_3(columns, rows, offsets, borders, leaves, trees, out); break;
    case 4: declutter_trees_avx2_4(columns, rows, offsets, borders, leaves, trees, out); break;
    case 5: declutter_trees_avx2_5(columns, rows, offsets, borders, leaves, trees, out); break;
    case 6: declutter_trees_avx2_6(columns, rows, offsets, borders, leaves, trees, out); break;
    case 7: declutter_trees_avx2_7(columns, rows, offsets, borders, leaves, trees, out); break;
    default: declutter_trees_avx2_8(columns, rows, offsets, borders, leaves, trees, out); break;
    }
}
#endif

/* One margin per row (without the bias), as ObliviousEnsemble.margin computes it. */
static void declutter_trees_margin(const double *columns, ptrdiff_t rows,
                                   const ptrdiff_t *features, const double *borders,
                                   const double *leaves, int trees, int depth,
                                   int64_t *leaf, double *out)
{
    const ptrdiff_t width = (ptrdiff_t)1 << depth;
    if (rows == 1) { /* trees <= 1024, checked by the caller */
        double values[1024];
        for (int t = 0; t < trees; t++) {
            unsigned index = 0;
            for (int d = 0; d < depth; d++) {
                const ptrdiff_t k = (ptrdiff_t)t * depth + d;
                index |= (unsigned)(columns[features[k]] > borders[k]) << d;
            }
            values[t] = leaves[t * width + index];
        }
        out[0] = declutter_pairwise_sum(values, trees);
        return;
    }
#ifdef DECLUTTER_TREES_AVX2
    if (depth >= 1 && __builtin_cpu_supports("avx2")) {
        declutter_trees_by_rows_avx2(columns, rows, features, borders, leaves, trees, depth,
                                     (ptrdiff_t *)leaf, out);
        return;
    }
#endif
    declutter_trees_by_tree(columns, rows, features, borders, leaves, trees, depth, leaf, out);
}
