# cython: language_level=3
"""Compiled context columns: a context stage's matrix, whole or a block of rows at a time,
and the DOM columns.

``PageContext(line_columns, dom)`` holds one page's inputs (made once per page);
``columns(scores)`` returns what ``PageFeatures.context_columns`` returns on the reference
path: the line columns, ``CONTEXT`` and, in HTML mode, ``DOM_CONTEXT`` (columns x lines, C
order), the same doubles bit for bit. ``stage(scores).columns(lo, hi)`` gives rows ``lo`` to
``hi - 1`` of that matrix, so a long page is scored without holding all of it. ``DomPage(dom_inputs).columns()`` gives the ``DOM``
columns of ``features.dom`` the same way, and the container codes ``PageContext`` reads.

The arithmetic is in ``context_kernel.h``; the two transcendental functions come from numpy
itself (``chars`` is the reference path's ``np.expm1``, and every logged value is a count of
lines, read from a table of numpy's ``log1p`` of 0, 1, 2, ...)."""

import numpy as np

from libc.stdint cimport int64_t, uint8_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy
from cpython.unicode cimport (
    Py_UNICODE_ISDECIMAL, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ, PyUnicode_WRITE,
)

from declutter.features.context import CONTEXT, _END_MARKER_CODES
from declutter.features.dom import _KIND_CODES, _LANDMARK_CODES, DOM, DOM_CONTEXT
from declutter.features.line import LINE
from declutter.segment.dom import ClassHit


cdef extern from "Python.h":
    str PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)


cdef extern from "context_kernel.h":
    int CX_COLUMNS
    int CX_STATIC_COLUMNS
    void declutter_context_page(Py_ssize_t n, const double *rule_class,
                                const double *title_match, const double *chars,
                                const double *marker_codes, Py_ssize_t marker_count,
                                uint8_t *markers, double *mass, double *chars_sum,
                                double *rules, int64_t *marker_counts, Py_ssize_t *title) nogil
    ctypedef struct cx_stage:
        Py_ssize_t first
        Py_ssize_t last
        double share
        double total
    ctypedef struct cx_page:
        const double *log_chars
        const double *terminal
        const double *rules
        const double *mass
        const double *log1p
        const uint8_t *markers
        const int64_t *marker_counts
        Py_ssize_t title
    void declutter_context_prepare(Py_ssize_t n, const double *scores, const double *chars,
                                   double chars_sum, double *work, double *weighted,
                                   cx_stage *stage) nogil
    void declutter_context_rows(Py_ssize_t n, Py_ssize_t lo, Py_ssize_t hi,
                                const double *scores, const cx_page *page,
                                const double *weighted, const cx_stage *stage,
                                double *out) nogil
    Py_ssize_t declutter_containers(const Py_ssize_t *codes, Py_ssize_t n) nogil
    void declutter_dom_group(Py_ssize_t n, const Py_ssize_t *codes, Py_ssize_t containers,
                             const double *chars, const double *links, double total,
                             const double *log1p, double *work, double *share,
                             double *density, double *lines) nogil
    double cx_sum(const double *a, Py_ssize_t n) nogil
    double cx_maximum(double a, double b) nogil
    void declutter_container_means(Py_ssize_t n, const Py_ssize_t *codes, Py_ssize_t containers,
                                   const double *scores, const double *chars, double *work,
                                   double *means) nogil


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
DOM_NAMES = (
    "block_kind", "landmark",
    *(f"class_{str(hit.name).lower()}" for hit in ClassHit),
    "link_density", "depth", "in_main", "in_article", "in_chrome", "in_json_ld_body",
    "block_text_share", "block_link_density", "log_block_lines",
    "parent_text_share", "parent_link_density",
    "grandparent_text_share", "grandparent_link_density",
    "log_path_repeats", "path_link_density",
)
#: The CONTEXT columns that do not depend on the scores (computed once per page).
STATIC_NAMES = CONTEXT_NAMES[13:25]


#: The rows of the line columns the context columns read.
LINE_NAMES = ("log_chars", "terminal", "rule_class", "title_match")
cdef Py_ssize_t LOG_CHARS, TERMINAL, RULE_CLASS, TITLE_MATCH
LOG_CHARS, TERMINAL, RULE_CLASS, TITLE_MATCH = (
    LINE.names.index(name) if name in LINE.names else 0 for name in LINE_NAMES
)
cdef const double[::1] MARKER_CODES = np.ascontiguousarray(_END_MARKER_CODES, np.float64)
#: numpy's log1p of 0, 1, 2, ... (grown as longer pages come).
cdef double[::1] LOG1P = np.log1p(np.arange(4096, dtype=np.float64))


cdef const double[::1] _log1p_table(Py_ssize_t size):
    """``LOG1P`` with at least ``size`` values."""
    global LOG1P
    if LOG1P.shape[0] < size:
        LOG1P = np.log1p(np.arange(max(size, 2 * LOG1P.shape[0]), dtype=np.float64))
    return LOG1P


cdef class PageContext:
    """One page's inputs to the context columns: its line columns
    (``PageFeatures.line_columns``: ``LINE`` first) and, in HTML mode, the container codes
    (``levels``, one array per level) and characters (``chars``) of its rows (a ``DomPage``
    or a ``features.dom.DomInputs``)."""

    cdef const double[:, ::1] line_columns
    cdef const double[::1] chars
    cdef const double[::1] log1p
    cdef double[::1] mass
    cdef double[::1] rules
    cdef int64_t[::1] marker_counts
    cdef uint8_t[::1] markers
    cdef Py_ssize_t title
    cdef double chars_sum
    cdef readonly Py_ssize_t count
    cdef Py_ssize_t rows
    cdef list levels
    cdef list containers
    cdef const double[::1] dom_chars

    def __init__(self, line_columns, dom=None):
        columns = np.ascontiguousarray(line_columns, dtype=np.float64)
        self.line_columns = columns
        cdef Py_ssize_t n = self.line_columns.shape[1]
        if self.line_columns.shape[0] < len(LINE.names):
            raise ValueError("expected the LINE columns first")
        self.count = n
        self.rows = self.line_columns.shape[0] + CX_COLUMNS
        # ContextDocument.chars, the same numpy call on the same row
        self.chars = np.expm1(columns[LOG_CHARS])
        self.log1p = _log1p_table(n + 1)
        self.markers = np.empty(n + 1, np.uint8)
        self.mass = np.empty(n + 1)
        self.rules = np.empty(n + 1)
        self.marker_counts = np.zeros(n + 1, np.int64)
        self.title = -1
        self.levels = []
        self.containers = []
        if dom is not None:
            self._dom(dom)
        if n == 0:
            return
        declutter_context_page(n, &self.line_columns[RULE_CLASS, 0],
                               &self.line_columns[TITLE_MATCH, 0], &self.chars[0],
                               &MARKER_CODES[0], MARKER_CODES.shape[0], &self.markers[0],
                               &self.mass[0], &self.chars_sum, &self.rules[0],
                               &self.marker_counts[0], &self.title)

    cdef cx_page _page(self):
        """The page's shared values as ``declutter_context_rows`` reads them."""
        cdef cx_page page
        page.log_chars = &self.line_columns[LOG_CHARS, 0]
        page.terminal = &self.line_columns[TERMINAL, 0]
        page.rules = &self.rules[0]
        page.mass = &self.mass[0]
        page.log1p = &self.log1p[0]
        page.markers = &self.markers[0]
        page.marker_counts = &self.marker_counts[0]
        page.title = self.title
        return page

    def _dom(self, dom):
        cdef Py_ssize_t n = self.count
        cdef const Py_ssize_t[::1] codes
        self.dom_chars = np.ascontiguousarray(dom.chars, dtype=np.float64)
        if self.dom_chars.shape[0] != n:
            raise ValueError("the DOM inputs and the line columns differ in length")
        for level in dom.levels:
            codes = np.ascontiguousarray(level, dtype=np.intp)
            containers = declutter_containers(&codes[0], n) if n else 0
            if codes.shape[0] != n or containers < 0:
                raise ValueError("bad container codes")
            self.levels.append(codes)
            self.containers.append(containers)
        self.rows += len(self.levels)

    def columns(self, scores):
        """The stage's columns (line columns, ``CONTEXT``, ``DOM_CONTEXT``) for ``scores``."""
        return self.stage(scores).columns(0, self.count)

    def stage(self, scores):
        """One stage of this page for the previous stage's ``scores`` (a ``ContextStage``,
        which makes the stage's columns for any run of rows)."""
        return ContextStage(self, scores)


cdef class ContextStage:
    """A context stage of one page: what its rows share (the main block, the prefix sums of
    the scores, the container means), and ``columns(lo, hi)``: rows ``lo`` to ``hi - 1`` of
    the stage's columns, equal to those columns of ``PageContext.columns(scores)``. A long
    page is scored a block of rows at a time, never holding the whole matrix."""

    cdef PageContext page
    cdef const double[::1] scores
    cdef double[::1] weighted
    cdef list means
    cdef cx_stage shared

    def __init__(self, PageContext page, scores):
        cdef const double[::1] values = np.ascontiguousarray(scores, dtype=np.float64)
        cdef Py_ssize_t n = page.count
        if values.shape[0] != n:
            raise ValueError(f"expected {n} scores, got {values.shape[0]}")
        self.page, self.scores = page, values
        self.weighted = np.empty(n + 1)
        self.means = []
        if n == 0:
            return
        cdef Py_ssize_t size = 2 * (n + 1)
        for containers in page.containers:
            size = max(size, <Py_ssize_t>containers)
        cdef double *work = <double *>malloc(size * sizeof(double))
        if work == NULL:
            raise MemoryError()
        cdef const Py_ssize_t[::1] codes
        cdef double[::1] means
        try:
            with nogil:
                declutter_context_prepare(n, &values[0], &page.chars[0], page.chars_sum,
                                          work, &self.weighted[0], &self.shared)
            for level in range(len(page.levels)):
                codes = page.levels[level]
                means = np.empty(max(<Py_ssize_t>page.containers[level], 1))
                declutter_container_means(n, &codes[0], page.containers[level], &values[0],
                                          &page.dom_chars[0], work, &means[0])
                self.means.append(means)
        finally:
            free(work)

    def columns(self, Py_ssize_t lo, Py_ssize_t hi):
        """Rows ``lo`` to ``hi - 1`` of the stage's columns (columns x rows, C order)."""
        cdef PageContext page = self.page
        cdef Py_ssize_t n = page.count
        if not 0 <= lo <= hi <= n:
            raise ValueError(f"rows {lo} to {hi} of {n}")
        cdef Py_ssize_t m = hi - lo
        out = np.empty((page.rows, m))
        if m == 0:
            return out
        cdef double[:, ::1] result = out
        cdef Py_ssize_t lines = page.line_columns.shape[0]
        cdef Py_ssize_t column, row, level
        cdef const Py_ssize_t[::1] codes
        cdef double[::1] means
        for column in range(lines):
            memcpy(&result[column, 0], &page.line_columns[column, lo], m * sizeof(double))
        cdef cx_page shared_page = page._page()
        with nogil:
            declutter_context_rows(n, lo, hi, &self.scores[0], &shared_page, &self.weighted[0],
                                   &self.shared, &result[lines, 0])
        for level in range(len(self.means)):
            codes = page.levels[level]
            means = self.means[level]
            for row in range(m):
                result[lines + CX_COLUMNS + level, row] = means[codes[lo + row]]
        return out


cpdef str without_indices(str source):
    """``features.dom._INDEX.sub("", source)``: a tag path without its sibling indices
    (``[`` decimal digits ``]``, with Python's ``\\d``: any Unicode decimal digit)."""
    if "[" not in source:
        return source
    cdef int kind = PyUnicode_KIND(source)
    cdef void *data = PyUnicode_DATA(source)
    cdef Py_ssize_t n = len(source), at = 0, end, kept = 0
    cdef Py_UCS4 code
    cdef void *path = malloc(n * kind)
    if path == NULL:
        raise MemoryError()
    try:
        while at < n:
            code = PyUnicode_READ(kind, data, at)
            if code == u"[":
                end = at + 1
                while end < n and Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, end)):
                    end += 1
                if end > at + 1 and end < n and PyUnicode_READ(kind, data, end) == u"]":
                    at = end + 1
                    continue
            PyUnicode_WRITE(kind, path, kept, code)
            kept += 1
            at += 1
        return PyUnicode_FromKindAndData(kind, path, kept)
    finally:
        free(path)


cdef str _path_key(str source):
    """The key ``DomInputs.paths`` groups a row's tag path by: without sibling indices, and
    without trailing NULs (numpy's fixed-width strings, which ``np.unique`` compares, drop
    them)."""
    cdef str path = without_indices(source)
    if path and path[len(path) - 1] == "\0":
        return path.rstrip("\0")
    return path


cdef Py_ssize_t _dense(list keys, Py_ssize_t[::1] out) except -1:
    """A code per distinct key, in order of first appearance, into ``out``; the number of
    codes. (``np.bincount`` over these codes gives the sums it gives over ``np.unique``'s.)"""
    cdef dict seen = {}
    cdef Py_ssize_t j
    for j in range(len(keys)):
        code = seen.get(keys[j])
        if code is None:
            code = seen[keys[j]] = len(seen)
        out[j] = code
    return len(seen)


cdef class DomPage:
    """A page's ``features.dom.DomInputs`` as arrays: the rows' characters (``chars``), dense
    codes of their block, parent and grandparent containers (``levels``, ``containers``: how
    many of each) and, on demand, the ``DOM`` columns."""

    cdef readonly object chars
    cdef readonly list levels
    cdef readonly list containers
    cdef readonly Py_ssize_t count
    cdef object dom

    def __init__(self, dom):
        self.dom = dom
        doc = dom.doc
        cdef list rows = list(dom.rows)
        cdef Py_ssize_t n = len(rows), j
        self.count = n
        lines = doc.lines
        self.chars = np.empty(n)
        cdef double[::1] chars = self.chars
        for j in range(n):
            chars[j] = len(lines[rows[j]])
        block_id, parents = doc.block_id, doc.block_parent
        known = len(parents)
        cdef list current = [block_id[i] for i in rows]
        self.levels, self.containers = [], []
        for _ in range(3):
            codes = np.empty(n, np.intp)
            self.containers.append(_dense(current, codes))
            self.levels.append(codes)
            current = [parents[b] if 0 <= b < known else -1 for b in current]

    def columns(self):
        """The rows' ``DOM`` columns (columns x lines, C order)."""
        cdef Py_ssize_t n = self.count, j, k, classes = len(ClassHit)
        out = np.empty((len(DOM_NAMES), n))
        if n == 0:
            return out
        doc = self.dom.doc
        cdef list rows = list(self.dom.rows)
        cdef double[:, ::1] result = out
        cdef double[::1] chars = self.chars
        links = np.empty(n)
        cdef double[::1] linked = links
        cdef Py_ssize_t[::1] bits = np.array([int(hit) for hit in ClassHit], np.intp)
        cdef Py_ssize_t hits, base = 2 + classes
        cdef dict kind_codes = _KIND_CODES, landmark_codes = _LANDMARK_CODES
        kinds, landmarks, class_hits = doc.block_kind, doc.landmark, doc.class_hits
        link_chars, depth, in_main = doc.link_chars, doc.depth, doc.in_main
        article, chrome, body = doc.article, doc.chrome, doc.in_article_body()
        for j in range(n):
            i = rows[j]
            result[0, j] = kind_codes.get(kinds[i], len(kind_codes))
            result[1, j] = landmark_codes.get(landmarks[i], len(landmark_codes))
            hits = class_hits[i]
            for k in range(classes):
                result[2 + k, j] = 1.0 if hits & bits[k] else 0.0
            linked[j] = link_chars[i]
            result[base, j] = linked[j] / cx_maximum(chars[j], 1.0)
            result[base + 1, j] = depth[i]
            result[base + 2, j] = in_main[i]
            result[base + 3, j] = 1.0 if article[i] >= 0 else 0.0
            result[base + 4, j] = 1.0 if chrome[i] >= 0 else 0.0
            result[base + 5, j] = body[i]
        sources = doc.sources
        paths = np.empty(n, np.intp)
        cdef Py_ssize_t path_count = _dense([_path_key(sources[i]) for i in rows], paths)
        cdef const Py_ssize_t[::1] path_codes = paths
        cdef const Py_ssize_t[::1] block = self.levels[0]
        cdef const Py_ssize_t[::1] parent = self.levels[1]
        cdef const Py_ssize_t[::1] grandparent = self.levels[2]
        cdef double all_chars = cx_sum(&chars[0], n)
        cdef double total = 1.0 if 1.0 > all_chars else all_chars
        cdef const double[::1] log1p = _log1p_table(n + 1)
        cdef Py_ssize_t blocks = self.containers[0], parents = self.containers[1]
        cdef Py_ssize_t grandparents = self.containers[2]
        cdef double *work = <double *>malloc(3 * n * sizeof(double))
        if work == NULL:
            raise MemoryError()
        with nogil:
            declutter_dom_group(n, &block[0], blocks, &chars[0], &linked[0], total,
                                &log1p[0], work, &result[base + 6, 0], &result[base + 7, 0],
                                &result[base + 8, 0])
            declutter_dom_group(n, &parent[0], parents, &chars[0], &linked[0], total,
                                &log1p[0], work, &result[base + 9, 0], &result[base + 10, 0],
                                NULL)
            declutter_dom_group(n, &grandparent[0], grandparents, &chars[0], &linked[0],
                                total, &log1p[0], work, &result[base + 11, 0],
                                &result[base + 12, 0], NULL)
            declutter_dom_group(n, &path_codes[0], path_count, &chars[0], &linked[0], total,
                                &log1p[0], work, NULL, &result[base + 14, 0],
                                &result[base + 13, 0])
        free(work)
        return out


def self_test():
    """``None`` when the kernel computes the groups' columns, in their order, from the line
    columns it reads, and numpy's log1p of a count does not depend on the array; else the
    reason (the reference path then runs)."""
    if CONTEXT.names != CONTEXT_NAMES:
        return "CONTEXT columns differ from the compiled kernel's"
    if tuple(c.name for c in CONTEXT if not c.per_stage) != STATIC_NAMES:
        return "CONTEXT's per-document columns differ from the compiled kernel's"
    if not set(LINE_NAMES) <= set(LINE.names):
        return "the LINE columns the context columns read are missing"
    for size in (1, 3, 17, 100, 4096):
        if np.log1p(np.arange(size)).tobytes() != np.asarray(LOG1P[:size]).tobytes():
            return "numpy's log1p of a line count depends on the array it is in"
    if DOM.names != DOM_NAMES:
        return "DOM columns differ from the compiled kernel's"
    if DOM_CONTEXT.names != DOM_CONTEXT_NAMES:
        return "DOM_CONTEXT columns differ from the compiled kernel's"
    return None
