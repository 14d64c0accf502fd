# cython: language_level=3
"""Compiled evaluation of ``decide.trees.ObliviousEnsemble`` (same margins, bit for bit)."""

import numpy as np

from libc.stdint cimport int64_t


cdef extern from "trees_kernel.h":
    void declutter_trees_margin(const double *columns, Py_ssize_t rows,
                                const Py_ssize_t *features, const double *borders,
                                const double *leaves, int trees, int depth,
                                int64_t *leaf, double *out) nogil


cdef class CompiledTrees:
    """An ensemble bound to the column positions of one stage's layout."""

    cdef Py_ssize_t[::1] features
    cdef double[::1] borders
    cdef double[::1] leaves
    cdef int trees
    cdef int depth
    cdef Py_ssize_t columns
    cdef readonly double bias

    def __init__(self, split_features, borders, leaf_values, double bias, selection, Py_ssize_t columns):
        split = np.asarray(split_features, dtype=np.intp)
        if selection is not None:
            split = np.asarray(selection, dtype=np.intp)[split]
        if split.size and (split.min() < 0 or split.max() >= columns):
            raise ValueError("split feature out of range")
        self.trees, self.depth = split.shape
        if self.depth > 8 or self.trees > 1024:
            raise ValueError("more than 1024 trees or deeper than 8 levels")
        self.features = np.ascontiguousarray(split.reshape(-1))
        self.borders = np.ascontiguousarray(np.asarray(borders, dtype=np.float64).reshape(-1))
        self.leaves = np.ascontiguousarray(np.asarray(leaf_values, dtype=np.float64).reshape(-1))
        self.bias = bias
        self.columns = columns

    def margin(self, const double[:, ::1] columns):
        """The margin (log-odds) of every line; ``columns`` is (layout columns x lines)."""
        cdef Py_ssize_t rows = columns.shape[1]
        if columns.shape[0] != self.columns:
            raise ValueError(f"expected {self.columns} columns, got {columns.shape[0]}")
        out = np.empty(rows, dtype=np.float64)
        if rows == 0:
            return out
        cdef double[::1] result = out
        leaf = np.empty(max(rows, self.trees * self.depth), dtype=np.int64)
        cdef int64_t[::1] leaf_view = leaf
        with nogil:
            declutter_trees_margin(&columns[0, 0], rows, &self.features[0], &self.borders[0],
                                   &self.leaves[0], self.trees, self.depth,
                                   &leaf_view[0], &result[0])
        out += self.bias
        return out
