# cython: language_level=3
"""Compiled context columns: a context stage's whole matrix in one call.

``PageContext(line_columns, document, dom)`` holds one page's inputs (made once per page);
``columns(scores)`` returns what ``PageFeatures.context_columns`` returns on the reference
path: the line columns, ``CONTEXT`` and, in HTML mode, ``DOM_CONTEXT`` (columns x lines, C
order), the same doubles bit for bit. The arithmetic is in ``context_kernel.h``; the two
transcendental functions come from numpy itself (``chars`` is the reference path's
``np.expm1``, and every logged value is a line count, read from numpy's ``log1p`` of 0..n).
"""

import numpy as np

from libc.stdint cimport uint8_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy

from declutter.features.context import CONTEXT, _END_MARKER_CODES
from declutter.features.dom import DOM_CONTEXT


cdef extern from "context_kernel.h":
    int CX_COLUMNS
    int CX_STATIC_COLUMNS
    void declutter_context_static(Py_ssize_t n, const double *log_chars, const double *terminal,
                                  const double *rule_class, const uint8_t *markers,
                                  Py_ssize_t title, const double *log1p, double *work,
                                  double *out) nogil
    void declutter_context_stage(Py_ssize_t n, const double *scores, const double *chars,
                                 double chars_sum, const double *mass, const uint8_t *markers,
                                 const double *static_columns, const double *log1p,
                                 double *work, double *out) nogil
    void declutter_container_score(Py_ssize_t n, const Py_ssize_t *codes, Py_ssize_t containers,
                                   const double *scores, const double *chars, double *work,
                                   double *out) nogil
    double cx_sum(const double *a, Py_ssize_t n) nogil


#: The columns the kernel computes, in its order (the self-test holds the groups to it).
CONTEXT_NAMES = (
    "score",
    *(f"score_prev_{k}" for k in (1, 2, 3, 4)),
    *(f"score_next_{k}" for k in (1, 2, 3, 4)),
    *(f"window_score_{r}" for r in (2, 5, 10, 25)),
    "log_chars_prev_1", "log_chars_prev_2", "log_chars_next_1", "log_chars_next_2",
    "terminal_prev_1", "terminal_next_1",
    "rule_density_3", "rule_density_10",
    "end_markers_before", "after_title", "log_title_distance", "log_lines_since_end_marker",
    "end_marker_after_block_start", "log_block_distance", "in_block", "before_block",
    "after_block", "mass_before", "mass_after", "block_share",
)
DOM_CONTEXT_NAMES = ("block_score", "parent_score", "grandparent_score")
#: The CONTEXT columns that do not depend on the scores (computed once per page).
STATIC_NAMES = CONTEXT_NAMES[13:25]


cdef class PageContext:
    """One page's inputs to the context columns: its line columns (``PageFeatures.line_columns``),
    its ``features.context.ContextDocument`` and, in HTML mode, its ``features.dom.DomInputs``."""

    cdef const double[:, ::1] line_columns
    cdef const double[::1] chars
    cdef double[::1] mass
    cdef double[::1] log1p
    cdef double[::1] static_columns
    cdef uint8_t[::1] markers
    cdef double chars_sum
    cdef readonly Py_ssize_t count
    cdef Py_ssize_t rows
    cdef list levels
    cdef list containers
    cdef object dom_chars

    def __init__(self, line_columns, document, dom=None):
        self.line_columns = np.ascontiguousarray(line_columns, dtype=np.float64)
        cdef Py_ssize_t n = self.line_columns.shape[1]
        self.count = n
        self.chars = np.ascontiguousarray(document.chars, dtype=np.float64)
        rule_class = np.ascontiguousarray(document.rule_class, dtype=np.float64)
        if len(self.chars) != n or len(rule_class) != n:
            raise ValueError("the document's columns and the line columns differ in length")
        self.log1p = np.log1p(np.arange(n + 1, dtype=np.float64))
        self.markers = np.isin(rule_class, _END_MARKER_CODES).astype(np.uint8)
        mass = np.empty(n + 1)
        self.mass = mass
        mass[0] = 0.0
        if n:
            mass[1:] = np.cumsum(self.chars)
        self.chars_sum = float(np.sum(self.chars))
        self.static_columns = np.empty(CX_STATIC_COLUMNS * n + 1)
        self._static(document, rule_class)
        self.rows = self.line_columns.shape[0] + CX_COLUMNS
        self.levels = []
        self.containers = []
        if dom is not None:
            self.dom_chars = np.ascontiguousarray(dom.chars, dtype=np.float64)
            for codes in dom.levels:
                codes = np.ascontiguousarray(codes, dtype=np.intp)
                if len(codes) != n or (n and codes.min() < 0):
                    raise ValueError("bad container codes")
                self.levels.append(codes)
                self.containers.append(int(codes.max()) + 1 if n else 0)
            self.rows += len(self.levels)

    def _static(self, document, const double[::1] rule_class):
        cdef Py_ssize_t n = self.count
        cdef const double[::1] log_chars = np.ascontiguousarray(document.log_chars, np.float64)
        cdef const double[::1] terminal = np.ascontiguousarray(document.terminal, np.float64)
        cdef Py_ssize_t title = document.first_title
        if n == 0:
            return
        work = np.empty(3 * (n + 1))
        cdef double[::1] scratch = work
        declutter_context_static(n, &log_chars[0], &terminal[0], &rule_class[0],
                                 &self.markers[0], title, &self.log1p[0], &scratch[0],
                                 &self.static_columns[0])

    def columns(self, scores):
        """The stage's columns (line columns, ``CONTEXT``, ``DOM_CONTEXT``) for ``scores``."""
        cdef const double[::1] values = np.ascontiguousarray(scores, dtype=np.float64)
        cdef Py_ssize_t n = self.count
        if values.shape[0] != n:
            raise ValueError(f"expected {n} scores, got {values.shape[0]}")
        out = np.empty((self.rows, n))
        if n == 0:
            return out
        cdef double[:, ::1] result = out
        cdef Py_ssize_t lines = self.line_columns.shape[0]
        cdef Py_ssize_t size = 2 * (n + 1)
        for containers in self.containers:
            size = max(size, 2 * <Py_ssize_t>containers)
        cdef double *work = <double *>malloc(size * sizeof(double))
        if work == NULL:
            raise MemoryError()
        cdef const Py_ssize_t[::1] codes
        cdef const double[::1] dom_chars
        try:
            memcpy(&result[0, 0], &self.line_columns[0, 0], lines * n * sizeof(double))
            with nogil:
                declutter_context_stage(n, &values[0], &self.chars[0], self.chars_sum,
                                        &self.mass[0], &self.markers[0],
                                        &self.static_columns[0], &self.log1p[0], work,
                                        &result[lines, 0])
            for level in range(len(self.levels)):
                codes = self.levels[level]
                dom_chars = self.dom_chars
                declutter_container_score(n, &codes[0], self.containers[level], &values[0],
                                          &dom_chars[0], work,
                                          &result[lines + CX_COLUMNS + level, 0])
        finally:
            free(work)
        return out


def self_test():
    """``None`` when the kernel computes the groups' columns in their order, else the reason."""
    if CONTEXT.names != CONTEXT_NAMES:
        return "CONTEXT columns differ from the compiled kernel's"
    if tuple(c.name for c in CONTEXT if not c.per_stage) != STATIC_NAMES:
        return "CONTEXT's per-document columns differ from the compiled kernel's"
    if DOM_CONTEXT.names != DOM_CONTEXT_NAMES:
        return "DOM_CONTEXT columns differ from the compiled kernel's"
    return None
