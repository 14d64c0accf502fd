# cython: language_level=3
"""Compiled steps of the decision cascade (``declutter.decide``): the same decisions, rules and
evidence as the Python steps, with the per-line loops in C.

Each step function here stands in for the Python step of the same name: the cascade runs it
when the kernel is active (``decide.cascade.Step.function``). Decisions are written as ``Decisions.set`` and
``Decisions.set_scored`` write them (``_set`` below mirrors ``Decisions.set``); the full reports
of both paths are compared by ``tests/test_native.py`` and ``benchmarks/native_identity.py``.
"""

import numpy as np

from cpython.unicode cimport PyUnicode_READ, PyUnicode_KIND, PyUnicode_DATA
from cpython.unicode cimport PyUnicode_GET_LENGTH, Py_UNICODE_ISSPACE


cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)
    bint PyUnicode_IS_ASCII(object text)
    int PyUnicode_4BYTE_KIND
from libc.stdint cimport uint64_t, int64_t, uint8_t, uint32_t
from libc.stdlib cimport calloc, malloc, free
from libc.string cimport memcmp

from rapidfuzz.fuzz import ratio

from declutter._result import Kind
from declutter.decide import captions as _captions
from declutter.decide.dedupe import find_duplicates as _find_duplicates
from declutter.decide.context import article_goes_on as _article_goes_on
from declutter.decide.verdicts import _Explainer
from declutter.rules.registry import END_MARKER_FAMILIES

cdef object CONTENT = Kind.CONTENT
cdef object BOILERPLATE = Kind.BOILERPLATE
cdef object HEADING = Kind.HEADING
cdef object EMPTY = Kind.EMPTY
cdef object DUPLICATE = Kind.DUPLICATE

cdef Py_ssize_t AFFIX = 12
cdef Py_ssize_t HEADING_MAX_WORDS = 12
cdef double END_MARKER_TAIL_SHARE = 0.25
cdef Py_ssize_t PROSE_MIN_WORDS = 6
cdef Py_ssize_t MAIN_BLOCK_GAP = 3
cdef double MAIN_BLOCK_SHARE = 0.5
cdef Py_ssize_t MAIN_BLOCK_MIN_ROWS = 3
cdef double MAIN_BLOCK_LOST_SHARE = 0.5

_MODEL_EVIDENCE_RULES = ("model.", "context.")


cdef void _set(object decisions, Py_ssize_t index, object kind, str rule, str template,
               tuple args, object score, object kept, bint context_free) except *:
    """``Decisions.set`` (score and kept: None to leave as the kind says)."""
    decisions.kinds[index] = kind
    decisions.rules[index] = rule
    decisions._explicit[index] = (template, args)
    if score is not None:
        decisions.scores[index] = score
    decisions.kept[index] = (kind in decisions.kept_kinds) if kept is None else kept
    if context_free:
        decisions.context_free_kinds[index] = kind


cdef inline const uint8_t[::1] _flags(object array):
    return np.ascontiguousarray(array, dtype=np.uint8)


cdef inline const int64_t[::1] _ints(object array):
    return np.ascontiguousarray(array, dtype=np.int64)


# --- step "scores" (decide.verdicts) ---------------------------------------------------------

def record_scores(page):
    """``verdicts.record_scores``: content or boilerplate by score, for every row."""
    cdef double threshold = page.config.threshold
    cdef const double[::1] scores = np.ascontiguousarray(page.scores, dtype=np.float64)
    cdef const double[::1] line_scores = np.ascontiguousarray(page.line_scores, dtype=np.float64)
    cdef list rows = page.rows
    decisions = page.decisions
    cdef list all_kept = decisions.kept, all_kinds = decisions.kinds
    cdef list all_free = decisions.context_free_kinds
    cdef list all_rules = decisions.rules, all_scores = decisions.scores
    kept_kinds = decisions.kept_kinds
    cdef bint content_kept = CONTENT in kept_kinds, boilerplate_kept = BOILERPLATE in kept_kinds
    rule = "model.context" if page.config.context and rows else "model.line"
    cdef Py_ssize_t position, index
    cdef bint content
    for position in range(len(rows)):
        index = rows[position]
        content = scores[position] >= threshold
        all_kinds[index] = CONTENT if content else BOILERPLATE
        all_kept[index] = content_kept if content else boilerplate_kept
        all_free[index] = CONTENT if line_scores[position] >= threshold else BOILERPLATE
        all_rules[index] = rule
        all_scores[index] = scores[position]
    decisions.default_evidence = _Explainer(page, page.config.threshold)


# --- step "rules" -----------------------------------------------------------------------------

def apply_rule_hits(page):
    """``verdicts.apply_rule_hits``: the kind of the rule that fired on a row, if one did."""
    cdef list rows = page.rows
    cdef list hits = page.features.hits
    decisions = page.decisions
    cdef Py_ssize_t position
    for position in range(len(hits)):
        hit = hits[position]
        if hit is not None:
            _set(decisions, rows[position], hit.kind, hit.rule, hit.template, tuple(hit.args),
                 0.0, None, True)


# --- step "context" (decide.context) ----------------------------------------------------------

def revise_with_context(page):
    """``context.revise_with_context``."""
    if page.config.context:
        _keep_main_block(page)
        _remove_after_end_marker(page)
        _keep_prose_when_nothing_is_kept(page)


cdef inline bint _prose(list free, Py_ssize_t row, const int64_t[::1] words,
                        const uint8_t[::1] terminal, Py_ssize_t position):
    return (free[row] is CONTENT and words[position] >= PROSE_MIN_WORDS
            and terminal[position] != 0)


cdef void _keep_main_block(page) except *:
    """``context.keep_main_block``, with the block found as ``context.main_block`` does."""
    cdef list rows = page.rows
    decisions = page.decisions
    cdef list kinds = decisions.kinds, free = decisions.context_free_kinds
    cdef list rules = decisions.rules
    measured = page.features.measured
    cdef const int64_t[::1] words = _ints(measured.words)
    cdef const int64_t[::1] chars = _ints(measured.chars)
    cdef const uint8_t[::1] terminal = _flags(measured.terminal)
    cdef Py_ssize_t count = len(rows), position, row
    cdef Py_ssize_t first = -1, last = -1, best_first = 0, best_last = -1
    cdef int64_t size = 0, best = 0, total = 0, lost = 0
    for position in range(count):
        if not _prose(free, rows[position], words, terminal, position):
            continue
        if first < 0 or position - last > MAIN_BLOCK_GAP + 1:
            if size > best:
                best_first, best_last, best = first, last, size
            first, size = position, 0
        last = position
        size += chars[position]
        total += chars[position]
    if size > best:
        best_first, best_last, best = first, last, size
    if best == 0 or best < MAIN_BLOCK_SHARE * total:
        return
    cdef list prose = []
    for position in range(best_first, best_last + 1):
        row = rows[position]
        if _prose(free, row, words, terminal, position):
            prose.append(position)
            if kinds[row] is BOILERPLATE and rules[row] == "model.context":
                lost += chars[position]
    if len(prose) < MAIN_BLOCK_MIN_ROWS or lost <= MAIN_BLOCK_LOST_SHARE * best:
        return
    cdef Py_ssize_t kept = 0
    for position in range(count):
        kept += kinds[<Py_ssize_t>rows[position]] is CONTENT
    if kept >= MAIN_BLOCK_MIN_ROWS:
        return
    line_scores = page.line_scores.tolist()
    threshold = page.config.threshold
    # Python's round (half to even) on Python numbers, as the reference computes them.
    share = round(100 * <object>best / <object>total)
    removed = round(100 * <object>lost / <object>best)
    for position in prose:
        row = rows[position]
        if kinds[row] is BOILERPLATE and rules[row] == "model.context":
            _set(decisions, row, CONTENT, "context.main_block",
                 "line alone %.2f >= %.2f in the main block (lines %d-%d, %d%% of the page's "
                 "prose); context revision removed %d%% of it",
                 (line_scores[position], threshold, rows[best_first] + 1, rows[best_last] + 1,
                  share, removed), None, None, False)


cdef void _remove_after_end_marker(page) except *:
    cdef list rows = page.rows
    decisions = page.decisions
    cdef list kinds = decisions.kinds
    cdef const int64_t[::1] chars = _ints(page.features.measured.chars)
    cdef list hits = page.features.hits
    cdef Py_ssize_t count = len(rows), position, total = 0, before = 0, after
    for position in range(count):
        if kinds[<Py_ssize_t>rows[position]] is CONTENT:
            total += chars[position]
    for position in range(count):
        hit = hits[position]
        if hit is not None and before * 2 >= total and hit.rule_class in END_MARKER_FAMILIES:
            after = total - before
            # (rare: the reference's check, in Python)
            if after <= END_MARKER_TAIL_SHARE * before and not _article_goes_on(page, position):
                _remove_tail(page, position, after, before)
                return
        if kinds[<Py_ssize_t>rows[position]] is CONTENT:  # nothing changes kinds before here
            before += chars[position]


cdef void _remove_tail(page, Py_ssize_t marker, Py_ssize_t after, Py_ssize_t before) except *:
    cdef list rows = page.rows
    decisions = page.decisions
    cdef list kinds = decisions.kinds
    text = page.features.texts[marker][:60]
    line = rows[marker] + 1
    cdef Py_ssize_t position, index
    for position in range(marker + 1, len(rows)):
        index = rows[position]
        if kinds[index] is CONTENT:
            _set(decisions, index, BOILERPLATE, "context.after_end_marker",
                 'after end marker "%s" (line %d): %d content chars after it vs %d before '
                 '(<= 25%%)', (text, line, after, before), None, None, False)


cdef void _keep_prose_when_nothing_is_kept(page) except *:
    cdef list rows = page.rows
    decisions = page.decisions
    cdef list kinds = decisions.kinds
    cdef Py_ssize_t position, row
    for position in range(len(rows)):
        if kinds[<Py_ssize_t>rows[position]] is CONTENT:
            return
    measured = page.features.measured
    cdef const int64_t[::1] words = _ints(measured.words)
    cdef const int64_t[::1] stop = _ints(measured.stopwords)
    cdef const uint8_t[::1] terminal = _flags(measured.terminal)
    for position in range(len(rows)):
        row = rows[position]
        if (kinds[row] is BOILERPLATE and words[position] >= PROSE_MIN_WORDS
                and terminal[position] and stop[position] > 0):
            _set(decisions, row, CONTENT, "context.prose_fallback",
                 "no line reached the threshold; kept as prose (%d words, ends a sentence)",
                 (words[position],), None, None, False)


# --- steps "headings" and "separators" (decide.layout) ----------------------------------------

def mark_headings(page):
    """``layout.mark_headings``: kept content lines that look like headings, before kept text."""
    measured = page.features.measured
    cdef const int64_t[::1] words = _ints(measured.words)
    cdef const uint8_t[::1] terminal = _flags(measured.terminal)
    cdef const uint8_t[::1] colon_end = _flags(measured.colon_end)
    cdef const uint8_t[::1] first_lower = _flags(measured.first_lower)
    cdef const uint8_t[::1] bullet_start = _flags(measured.bullet_start)
    cdef list rows = page.rows
    decisions = page.decisions
    cdef list kinds = decisions.kinds, kept = decisions.kept, rules = decisions.rules
    cdef list verbatim = page.preformatted
    cdef list blocks = page.dom.block_kind if page.dom is not None else None
    cdef Py_ssize_t position, index, following, level
    for position in range(len(rows) - 1):
        index = rows[position]
        following = rows[position + 1]
        if not (kinds[index] is CONTENT and kept[index] and kept[following]
                and not (<str>rules[index]).startswith("html.") and not verbatim[index]):
            continue
        if blocks is not None:
            level = blocks[index].heading_level
            if level:
                _set(decisions, index, HEADING, "context.heading",
                     "<h%d> line before kept line %d", (level, following + 1), None, None, False)
        elif (words[position] <= HEADING_MAX_WORDS and not terminal[position]
                and not colon_end[position] and not first_lower[position]
                and not bullet_start[position] and words[position + 1] >= PROSE_MIN_WORDS
                and terminal[position + 1]):
            _set(decisions, index, HEADING, "context.heading",
                 "short line (%d words, no end punctuation) before kept prose line %d",
                 (words[position], following + 1), None, None, False)


# --- step "captions" (decide.captions) -------------------------------------------------------

cdef frozenset _DUPLICATE_RULES = frozenset({"duplicate.exact", "duplicate.near"})
cdef object _CREDIT = _captions.CREDIT
cdef Py_ssize_t CREDIT_MAX_WORDS = _captions.CREDIT_MAX_WORDS


cdef inline bint _captionable(object kind, object kept, str rule):
    return bool(kept) and (kind is CONTENT or rule == "context.heading")


cdef inline bint _credit_marks(str text):
    """``any(mark in text for mark in captions._CREDIT_MARKS)``: ``: ： ( / |``."""
    cdef Py_UCS4 char
    for char in text:
        if char == 0x3A or char == 0xFF1A or char == 0x28 or char == 0x2F or char == 0x7C:
            return True
    return False


def mark_captions(page):
    """``captions.mark_captions``: lines printed twice in a row and photo credits."""
    decisions = page.decisions
    if CAPTION_KIND not in decisions.kept_kinds:
        return
    cdef list rows = page.rows, texts = page.features.texts
    cdef list kinds = decisions.kinds, kept = decisions.kept, rules = decisions.rules
    similarity = page.config.duplicate_similarity
    cdef Py_ssize_t position, row, following, count = len(rows)
    for position in range(1, count):
        following = rows[position]
        if rules[following] not in _DUPLICATE_RULES:
            continue
        row = rows[position - 1]
        if _captionable(kinds[row], kept[row], rules[row]) and _find_duplicates(
                texts, [position - 1, position], similarity=similarity):
            _set(decisions, row, CAPTION_KIND, "caption.printed_twice",
                 "printed twice: line %d repeats it (a caption and its copy)",
                 (following + 1,), None, None, False)
    cdef const int64_t[::1] words = _ints(page.features.measured.words)
    for position in range(count):
        if words[position] > CREDIT_MAX_WORDS:
            continue
        row = rows[position]
        if not _captionable(kinds[row], kept[row], rules[row]):
            continue
        text = texts[position]
        if _credit_marks(text) and _CREDIT.search(text):
            _set(decisions, row, CAPTION_KIND, "caption.credit", "a photo credit (%d words)",
                 (int(words[position]),), None, None, False)


def keep_separators(page):
    """``layout.keep_separators``: the first blank line between two kept lines is kept."""
    decisions = page.decisions
    cdef list kinds = decisions.kinds, kept = decisions.kept
    cdef list rows = page.rows
    cdef Py_ssize_t previous = -1, last_kept = -1, blank = -1, row, i, position
    for position in range(len(rows)):
        row = rows[position]
        if last_kept >= 0 and blank < 0 and row > previous + 1:
            for i in range(previous + 1, row):
                if kinds[i] is EMPTY:
                    blank = i
                    break
        if kept[row]:
            if last_kept >= 0 and blank >= 0:
                _set(decisions, blank, EMPTY, "blank_line",
                     "blank line kept as the separator of kept lines %d and %d",
                     (last_kept + 1, row + 1), 1.0, True, False)
            last_kept = row
            blank = -1
        previous = row


# --- step "duplicates" (decide.dedupe) --------------------------------------------------------

cdef struct Signature:
    uint64_t hash            # of the whole key
    Py_ssize_t length        # of the key; 0: empty key
    uint64_t head_hash       # of its first AFFIX characters
    uint64_t tail_hash       # of its last AFFIX characters
    int affix                # min(length, AFFIX)
    Py_UCS4 head[12]
    Py_UCS4 tail[12]


cdef inline uint64_t _fnv(const Py_UCS4 *chars, int count) noexcept nogil:
    cdef uint64_t h = <uint64_t>1469598103934665603
    cdef int i
    for i in range(count):
        h = (h ^ <uint64_t>chars[i]) * <uint64_t>1099511628211
    return h


cdef enum:
    SEVERAL = 0xFFFFFFFF  # a fold of several characters (ß -> ss)

#: The case fold of every character of the Basic Multilingual Plane (str.casefold of the
#: character, when it is one character), made on first use.
cdef object _FOLD_TABLE = None
cdef const uint32_t *_FOLD = NULL


cdef void _make_fold_table() except *:
    global _FOLD_TABLE, _FOLD
    table = np.empty(0x10000, dtype=np.uint32)
    cdef uint32_t[::1] view = table
    cdef Py_ssize_t code
    for code in range(0x10000):
        folded = chr(code).casefold()
        view[code] = ord(folded) if len(folded) == 1 else SEVERAL
    _FOLD_TABLE = table
    _FOLD = &view[0]


cdef bint _folds_one_to_one(str line) except -1:
    """Whether every character of ``line`` folds to one character found in the table."""
    if _FOLD == NULL:
        _make_fold_table()
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(line)
    cdef int kind = PyUnicode_KIND(line)
    cdef void *data = PyUnicode_DATA(line)
    cdef Py_UCS4 c
    if kind == PyUnicode_4BYTE_KIND:
        for i in range(n):
            c = PyUnicode_READ(kind, data, i)
            if c > 0xFFFF or _FOLD[c] == SEVERAL:
                return False
        return True
    for i in range(n):
        if _FOLD[PyUnicode_READ(kind, data, i)] == SEVERAL:
            return False
    return True


cdef void _sign(str line, Signature *out) except *:
    """The signature of the key of ``line``, ``" ".join(line.casefold().split())``, without
    making the key: its characters are streamed (whitespace runs between words become one
    space), hashed, and the first and last ``AFFIX`` of them kept. Characters fold through
    the table when they all fold to one character, else ``str.casefold`` folds the line."""
    cdef bint by_table = PyUnicode_IS_ASCII(line) or _folds_one_to_one(line)
    folded = line if by_table else line.casefold()
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(folded), i, length = 0
    cdef int kind = PyUnicode_KIND(folded)
    cdef void *data = PyUnicode_DATA(folded)
    cdef Py_UCS4 c
    cdef Py_UCS4[12] ring
    cdef uint64_t h = <uint64_t>1469598103934665603
    cdef bint space = False
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if by_table:
            c = <Py_UCS4>_FOLD[c] if c >= 128 else (
                <Py_UCS4>(<long>c + 32) if 65 <= c <= 90 else c)
        if Py_UNICODE_ISSPACE(c):
            space = length > 0
            continue
        if space:
            h = (h ^ <uint64_t>32) * <uint64_t>1099511628211
            if length < AFFIX:
                out.head[length] = 32
            ring[length % AFFIX] = 32
            length += 1
            space = False
        h = (h ^ <uint64_t>c) * <uint64_t>1099511628211
        if length < AFFIX:
            out.head[length] = c
        ring[length % AFFIX] = c
        length += 1
    out.hash = h
    out.length = length
    out.affix = <int>min(length, AFFIX)
    if length <= AFFIX:
        for i in range(out.affix):
            out.tail[i] = out.head[i]
    else:
        for i in range(AFFIX):
            out.tail[i] = ring[(length + i) % AFFIX]
    out.head_hash = _fnv(out.head, out.affix)
    out.tail_hash = _fnv(out.tail, out.affix)


cdef inline bint _same_affix(const Py_UCS4 *a, const Py_UCS4 *b, int count) noexcept nogil:
    return memcmp(a, b, count * sizeof(Py_UCS4)) == 0


cdef class _Buckets:
    """First copies filed by a hash, each bucket in the order its lines were filed (open
    addressing over bucket heads, a chain of next entries per filed line)."""

    cdef uint64_t *keys
    cdef Py_ssize_t *first
    cdef Py_ssize_t *last
    cdef Py_ssize_t *next
    cdef Py_ssize_t mask

    def __cinit__(self, Py_ssize_t count):
        cdef Py_ssize_t capacity = 16, i
        while capacity < 2 * count + 2:
            capacity <<= 1
        self.mask = capacity - 1
        self.keys = <uint64_t *>calloc(capacity, sizeof(uint64_t))
        self.first = <Py_ssize_t *>malloc(capacity * sizeof(Py_ssize_t))
        self.last = <Py_ssize_t *>malloc(capacity * sizeof(Py_ssize_t))
        self.next = <Py_ssize_t *>malloc(max(count, 1) * sizeof(Py_ssize_t))
        if self.keys == NULL or self.first == NULL or self.last == NULL or self.next == NULL:
            raise MemoryError()
        for i in range(max(count, 1)):
            self.next[i] = -1

    def __dealloc__(self):
        free(self.keys)
        free(self.first)
        free(self.last)
        free(self.next)

    cdef Py_ssize_t _slot(self, uint64_t key) noexcept:
        key |= 1  # 0 marks a free slot
        cdef Py_ssize_t slot = <Py_ssize_t>(key & <uint64_t>self.mask)
        while self.keys[slot] != 0 and self.keys[slot] != key:
            slot = (slot + 1) & self.mask
        return slot

    cdef Py_ssize_t head(self, uint64_t key) noexcept:
        """The first entry filed under ``key`` (-1: none); ``next`` gives the following."""
        cdef Py_ssize_t slot = self._slot(key)
        return self.first[slot] if self.keys[slot] != 0 else -1

    cdef void add(self, uint64_t key, Py_ssize_t entry) noexcept:
        cdef Py_ssize_t slot = self._slot(key)
        if self.keys[slot] == 0:
            self.keys[slot] = key | 1
            self.first[slot] = entry
        else:
            self.next[self.last[slot]] = entry
        self.last[slot] = entry


def find_duplicates(list lines, candidates, double similarity):
    """``dedupe.find_duplicates``: each repeated line -> (its first copy, similarity)."""
    cdef list order = list(candidates)
    cdef Py_ssize_t count = len(order), entry, other, index
    cdef Signature *signatures = <Signature *>malloc(max(count, 1) * sizeof(Signature))
    if signatures == NULL:
        raise MemoryError()
    cdef _Buckets exact = _Buckets(count), heads = _Buckets(count), tails = _Buckets(count)
    cdef dict keys = {}
    cdef dict repeats = {}
    cdef Signature *sig
    cdef bint near = similarity < 100.0
    try:
        for entry in range(count):
            index = order[entry]
            sig = &signatures[entry]
            _sign(<str>lines[index], sig)
            if sig.length == 0:
                continue
            other = exact.head(sig.hash ^ <uint64_t>sig.length)
            while other >= 0:
                if (signatures[other].length == sig.length
                        and _key(lines, order[other], keys) == _key(lines, index, keys)):
                    break
                other = exact.next[other]
            if other >= 0:
                repeats[index] = (order[other], 100.0)
                continue
            if near:
                found = _near_copy(lines, order, signatures, entry, heads, tails, keys,
                                   similarity)
                if found is not None:
                    repeats[index] = found
                    continue
            exact.add(sig.hash ^ <uint64_t>sig.length, entry)
            heads.add(sig.head_hash, entry)
            tails.add(sig.tail_hash, entry)
    finally:
        free(signatures)
    return repeats


cdef str _key(list lines, Py_ssize_t index, dict keys):
    key = keys.get(index)
    if key is None:
        key = " ".join((<str>lines[index]).casefold().split())
        keys[index] = key
    return <str>key


cdef object _near_copy(list lines, list order, Signature *signatures, Py_ssize_t entry,
                       _Buckets heads, _Buckets tails, dict keys, double similarity):
    """The first filed line, among those whose key starts (then ends) with the same
    ``AFFIX`` characters, as similar as ``similarity``: (its index, the similarity)."""
    cdef Signature *sig = &signatures[entry]
    cdef Py_ssize_t other
    cdef int side
    for side in range(2):
        other = heads.head(sig.head_hash) if side == 0 else tails.head(sig.tail_hash)
        while other >= 0:
            if signatures[other].affix == sig.affix and (
                    _same_affix(signatures[other].head, sig.head, sig.affix) if side == 0
                    else _same_affix(signatures[other].tail, sig.tail, sig.affix)):
                score = ratio(_key(lines, order[entry], keys), _key(lines, order[other], keys),
                              score_cutoff=similarity)
                if score:
                    return order[other], round(float(score), 1)
            other = heads.next[other] if side == 0 else tails.next[other]
    return None


def mark_duplicates(page):
    """``dedupe.mark_duplicates``: later copies of kept lines are duplicates."""
    config = page.config
    if not config.dedupe:
        return
    cdef list rows = page.rows
    decisions = page.decisions
    cdef list kept = decisions.kept
    cdef const int64_t[::1] words = _ints(page.features.measured.words)
    cdef Py_ssize_t minimum = config.duplicate_min_words, position, row
    cdef list verbatim = page.preformatted
    candidates = []
    for position in range(len(rows)):
        row = rows[position]
        if kept[row] and words[position] >= minimum and not verbatim[row]:
            candidates.append(position)
    repeats = find_duplicates(page.features.texts, candidates, config.duplicate_similarity)
    for position, (first, similarity) in repeats.items():
        index, original = rows[position], rows[first] + 1
        if similarity >= 100.0:
            _set(decisions, index, DUPLICATE, "duplicate.exact",
                 "duplicate of line %d (similarity %.0f)", (original, similarity), None, None,
                 False)
        else:
            _set(decisions, index, DUPLICATE, "duplicate.near",
                 "near-duplicate of line %d (similarity %.1f >= %.1f)",
                 (original, similarity, config.duplicate_similarity), None, None, False)


# --- step "dom" (decide.dom, HTML mode) -------------------------------------------------------

from declutter.decide.dom import (  # keep_comments: the rare include_comments=True branch
    _CHROME_KINDS,
    COMMENTS_AFTER_CHARS,
    keep_comments,
    HEADING_MIN_LEVEL,
    JSONLD_MIN_CHARS,
    WRAPPER_SHARE,
)
from declutter.segment.dom import BlockKind, ClassHit

cdef object HIDDEN = Kind.HIDDEN
cdef object COMMENT_KIND = Kind.COMMENT
cdef object CAPTION_KIND = Kind.CAPTION
cdef object PRE = BlockKind.PRE
cdef object CAPTION_BLOCK = BlockKind.CAPTION
cdef long COMMENT_HIT = int(ClassHit.COMMENT)
cdef dict _HEADING_LEVELS = {kind: kind.heading_level for kind in BlockKind}
_MODEL_RULES = ("model.", "context.")


cdef inline bint _blank(str line):
    """``not line.strip()``."""
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(line)
    cdef int kind = PyUnicode_KIND(line)
    cdef void *data = PyUnicode_DATA(line)
    for i in range(n):
        if not Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
            return False
    return True


def revise_with_dom(page):
    """``dom.revise_with_dom``: the DOM revision of an HTML page (nothing in text mode)."""
    if page.dom is not None:
        apply_dom_rules(page.dom, page.decisions, page.config)


def main_lines(doc):
    """``dom.main_lines``: per line, inside ``<main>`` or in the article with the most text."""
    cdef list lines = doc.lines, articles = doc.article, hidden = doc.hidden
    cdef Py_ssize_t index, article, node, count = len(lines)
    cdef dict chars = {}
    for index in range(count):
        article = articles[index]
        if article >= 0 and not hidden[index]:
            chars[article] = chars.get(article, 0) + len(<str>lines[index])
    if not chars:
        return list(doc.in_main)
    cdef list parents = doc.article_parent
    cdef Py_ssize_t parent_count = len(parents)
    cdef dict totals = dict.fromkeys(chars, 0)
    for key, size in chars.items():
        node = key
        while node >= 0:
            if node in totals:
                totals[node] += size
            node = parents[node] if node < parent_count else -1
    best_key = None
    for key, size in totals.items():
        if best_key is None or size > totals[best_key]:
            best_key = key
    cdef Py_ssize_t best = best_key
    cdef dict inside = {}
    for key in set(articles):
        node = key
        while node >= 0 and node != best:
            node = parents[node] if node < parent_count else -1
        inside[key] = node == best
    cdef list in_main = doc.in_main
    return [in_main[index] or inside[articles[index]] for index in range(count)]


def apply_dom_rules(doc, decisions, config):
    """``dom.apply_dom_rules``: revise ``decisions`` with the DOM evidence of ``doc``."""
    cdef list lines = doc.lines
    cdef list kept = decisions.kept, rules = decisions.rules
    cdef list main = main_lines(doc)
    cdef Py_ssize_t count = len(lines), index, total = 0, trigger
    sizes = [len(line) for line in lines]
    for index in range(count):
        if kept[index]:
            total += <Py_ssize_t>sizes[index]
    wrappers = _wrappers(doc, kept, sizes, main, total)
    cdef list hidden = doc.hidden, chrome = doc.chrome, class_hits = doc.class_hits
    cdef bint include_comments = config.include_comments
    for index in range(count):
        reason = hidden[index]
        if reason:
            _set(decisions, index, HIDDEN, "html.hidden", "%s", (reason,), 0.0, None, True)
            continue
        if main[index] or not (kept[index] or (<str>rules[index]).startswith(_MODEL_RULES)):
            continue
        trigger = chrome[index]
        if trigger >= 0 and trigger not in wrappers:
            kind = _CHROME_KINDS.get(doc.chrome_hits[trigger], BOILERPLATE)
            if not (include_comments and (<long>class_hits[index]) & COMMENT_HIT):
                _set(decisions, index, kind, "html.dom", "%s", (doc.chrome_reasons[trigger],),
                     None, None, False)
    if include_comments:
        keep_comments(doc, decisions, sizes)
    else:
        _remove_comments(doc, decisions, sizes)
    _keep_code(doc, decisions, main)
    _keep_headings(doc, decisions)
    _keep_article_body(doc, decisions)
    _mark_captions(doc, decisions)


cdef set _wrappers(doc, list kept, list sizes, list main, Py_ssize_t total):
    cdef dict held = {}
    cdef list chrome = doc.chrome
    cdef Py_ssize_t index, trigger
    for index in range(len(chrome)):
        trigger = chrome[index]
        if trigger >= 0 and kept[index] and not main[index]:
            held[trigger] = held.get(trigger, 0) + sizes[index]
    return {trigger for trigger, size in held.items() if size > WRAPPER_SHARE * total}


cdef void _remove_comments(doc, decisions, list sizes) except *:
    cdef list kept = decisions.kept, class_hits = doc.class_hits, hidden = doc.hidden
    cdef Py_ssize_t before = 0, first = -1, index, count = len(class_hits)
    for index in range(count):
        if (<long>class_hits[index]) & COMMENT_HIT and not hidden[index]:
            first = index
            break
        if kept[index]:
            before += <Py_ssize_t>sizes[index]
    if first < 0 or before < COMMENTS_AFTER_CHARS:
        return
    cdef list rules = decisions.rules
    for index in range(first, len(sizes)):
        if (<long>class_hits[index]) & COMMENT_HIT and (
                kept[index] or (<str>rules[index]).startswith(_MODEL_RULES)):
            _set(decisions, index, COMMENT_KIND, "html.comments",
                 "inside a comment block (%s), after %s characters of article text; "
                 "include_comments=False", (doc.sources[index], f"{before:,}"), None, None, False)


cdef bint _neighbour(list kinds, list kept, list hidden, Py_ssize_t index, Py_ssize_t step):
    index += step
    cdef Py_ssize_t count = len(kinds)
    while 0 <= index < count:
        if not hidden[index] and kinds[index] is not PRE:
            return kept[index]
        index += step
    return False


cdef void _keep_code(doc, decisions, list main) except *:
    if CONTENT not in decisions.kept_kinds:
        return
    cdef list kinds = doc.block_kind, kept = decisions.kept, hidden = doc.hidden
    cdef list block_ids = doc.block_id, rules
    cdef Py_ssize_t count = len(kinds), index = 0, end, i, line
    cdef bint chrome
    while index < count:
        if kinds[index] is not PRE or hidden[index]:
            index += 1
            continue
        block = block_ids[index]
        end = index
        while end + 1 < count and kinds[end + 1] is PRE and block_ids[end + 1] == block:
            end += 1
        rules = decisions.rules
        chrome = False
        for i in range(index, end + 1):
            if rules[i] == "html.dom":
                chrome = True
                break
        before = _neighbour(kinds, kept, hidden, index, -1)
        after = _neighbour(kinds, kept, hidden, end, 1)
        if not chrome and (main[index] or before or after):
            why = "in the main content" if main[index] else "next to kept text"
            for line in range(index, end + 1):
                if not kept[line]:
                    _set(decisions, line, CONTENT, "html.code",
                         "line of a code block (lines %d-%d) %s", (index + 1, end + 1, why),
                         None, None, False)
        index = end + 1


cdef void _keep_headings(doc, decisions) except *:
    if HEADING not in decisions.kept_kinds:
        return
    cdef list kept = decisions.kept, rules = decisions.rules
    cdef list kinds = doc.block_kind, hidden = doc.hidden, lines = doc.lines
    cdef Py_ssize_t following = -1, index, level
    for index in range(len(kinds) - 1, -1, -1):
        if hidden[index] or _blank(<str>lines[index]):
            continue
        level = _HEADING_LEVELS[kinds[index]]
        if (level >= HEADING_MIN_LEVEL and not kept[index] and following >= 0
                and (<str>rules[index]).startswith(_MODEL_RULES)):
            _set(decisions, index, HEADING, "html.heading", "<h%d> heading before kept line %d",
                 (level, following + 1), None, None, False)
        following = index if kept[index] else -1


cdef void _keep_article_body(doc, decisions) except *:
    if not doc.hints.article_body or CONTENT not in decisions.kept_kinds:
        return
    cdef list kept = decisions.kept, rules = decisions.rules, lines = doc.lines
    cdef list inside = doc.in_article_body(JSONLD_MIN_CHARS)
    cdef Py_ssize_t index
    for index in range(len(inside)):
        if inside[index] and not kept[index] and (<str>rules[index]).startswith(_MODEL_RULES):
            _set(decisions, index, CONTENT, "html.jsonld",
                 "the page's JSON-LD articleBody holds this line (%d chars)",
                 (len(<str>lines[index]),), None, None, False)


cdef void _mark_captions(doc, decisions) except *:
    cdef list kinds = decisions.kinds, blocks = doc.block_kind, kept = decisions.kept
    cdef Py_ssize_t index
    for index in range(len(blocks)):
        if blocks[index] is CAPTION_BLOCK and kinds[index] is CONTENT and kept[index]:
            _set(decisions, index, CAPTION_KIND, "html.caption",
                 "a line of a figure or table caption (%s)", (doc.sources[index],),
                 None, None, False)
