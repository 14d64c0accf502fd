/* Oblivious-tree ensembles over feature columns (declutter.native._trees).
 *
 * columns: the stage's feature columns, one contiguous run of `rows` doubles per column.
 * features/borders: (trees x depth), level d of tree t reads column features[t*depth+d].
 * leaves: (trees x 2^depth). out: one margin per row, without the bias.
 *
 * The sum over trees must be the one numpy computes in the reference path
 * (ObliviousEnsemble.margin): tree by tree in order for several rows, and numpy's pairwise
 * summation when there is one row (numpy then reduces one contiguous run of 100 values).
 */
#include <stdint.h>
#include <stddef.h>
#include "pairwise_sum.h"

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define DECLUTTER_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define DECLUTTER_CLONES
#endif


/* leaf index of every row for one tree, then add the leaf values */
DECLUTTER_CLONES
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
