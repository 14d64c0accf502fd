# cython: language_level=3
"""Compiled steps of the decision cascade (``declutter.decide``): the same decisions, rules and
evidence as the Python steps, with the per-line loops in C.

Each public function here stands in for the Python function of the same name and is called by
it when the kernel is active. Decisions are written as ``Decisions.set`` and
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
from libc.stdint cimport uint64_t, int64_t, uint8_t

from rapidfuzz.fuzz import ratio

from declutter._result import Kind
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
        _remove_after_end_marker(page)
        _keep_prose_when_nothing_is_kept(page)


cdef void _remove_after_end_marker(page) except *:
    cdef list rows = page.rows
    decisions = page.decisions
    cdef list kinds = decisions.kinds
    cdef const int64_t[::1] chars = _ints(page.features.measured.chars)
    cdef list hits = page.features.hits
    cdef Py_ssize_t count = len(rows), position, total = 0, before = 0, after
    sizes = np.zeros(count, dtype=np.int64)
    cdef int64_t[::1] size = sizes
    for position in range(count):
        if kinds[<Py_ssize_t>rows[position]] is CONTENT:
            size[position] = chars[position]
            total += chars[position]
    for position in range(count):
        hit = hits[position]
        if hit is not None and before * 2 >= total and hit.rule_class in END_MARKER_FAMILIES:
            after = total - before
            if after <= END_MARKER_TAIL_SHARE * before:
                _remove_tail(page, position, after, before)
                return
        before += size[position]


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
    """``layout.mark_headings``: short kept content lines right before kept text."""
    measured = page.features.measured
    cdef const int64_t[::1] words = _ints(measured.words)
    cdef const uint8_t[::1] terminal = _flags(measured.terminal)
    cdef list rows = page.rows
    decisions = page.decisions
    cdef list kinds = decisions.kinds, kept = decisions.kept, rules = decisions.rules
    cdef list verbatim = page.preformatted
    cdef Py_ssize_t position, index, following
    for position in range(len(rows) - 1):
        if words[position] > HEADING_MAX_WORDS or terminal[position]:
            continue
        index = rows[position]
        following = rows[position + 1]
        if (kinds[index] is CONTENT and kept[index] and kept[following]
                and not (<str>rules[index]).startswith("html.") and not verbatim[index]):
            _set(decisions, index, HEADING, "context.heading",
                 "short line (%d words, no end punctuation) before kept line %d",
                 (words[position], following + 1), None, None, False)


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

cdef class _Keys:
    """The dedupe key of each line (``" ".join(line.casefold().split())``), known by a hash of
    its code points, its first and last ``AFFIX`` characters, and made as a string only when
    two lines must be compared."""

    cdef list lines
    cdef dict strings

    def __init__(self, list lines):
        self.lines = lines
        self.strings = {}

    cdef str key(self, Py_ssize_t index):
        key = self.strings.get(index)
        if key is None:
            key = " ".join((<str>self.lines[index]).casefold().split())
            self.strings[index] = key
        return <str>key


cdef tuple _signature(str line):
    """(hash, length, prefix, suffix) of the key of ``line``, ``" ".join(line.casefold()
    .split())``, without making the key: its characters are streamed (whitespace runs between
    words become one space), hashed, and the first and last ``AFFIX`` of them kept. Length 0
    for an empty key."""
    cdef bint ascii = PyUnicode_IS_ASCII(line)
    folded = line if ascii else line.casefold()  # ASCII folds in the loop below
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(folded), i, length = 0
    cdef int kind = PyUnicode_KIND(folded)
    cdef void *data = PyUnicode_DATA(folded)
    cdef Py_UCS4 c
    cdef Py_UCS4[12] head
    cdef Py_UCS4[12] ring
    cdef Py_UCS4[12] tail
    cdef uint64_t h = <uint64_t>1469598103934665603
    cdef bint space = False
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if Py_UNICODE_ISSPACE(c):
            space = length > 0
            continue
        if ascii and 65 <= c <= 90:
            c = <Py_UCS4>(<long>c + 32)
        if space:
            h = (h ^ <uint64_t>32) * <uint64_t>1099511628211
            if length < AFFIX:
                head[length] = 32
            ring[length % AFFIX] = 32
            length += 1
            space = False
        h = (h ^ <uint64_t>c) * <uint64_t>1099511628211
        if length < AFFIX:
            head[length] = c
        ring[length % AFFIX] = c
        length += 1
    if length == 0:
        return (0, 0, "", "")
    prefix = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, head, min(length, AFFIX))
    if length <= AFFIX:
        return (h, length, prefix, prefix)
    for i in range(AFFIX):
        tail[i] = ring[(length + i) % AFFIX]
    return (h, length, prefix, PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, tail, AFFIX))


def find_duplicates(list lines, candidates, double similarity):
    """``dedupe.find_duplicates``: each repeated line -> (its first copy, similarity)."""
    cdef _Keys keys = _Keys(lines)
    cdef dict by_hash = {}, by_prefix = {}, by_suffix = {}, repeats = {}
    cdef Py_ssize_t index
    for candidate in candidates:
        index = candidate
        signature = _signature(<str>lines[index])
        if signature[1] == 0:
            continue
        found = -1
        same = by_hash.get((signature[0], signature[1]))
        if same is not None:
            key = keys.key(index)
            for other in same:
                if keys.key(other) == key:
                    found = other
                    break
        if found >= 0:
            repeats[index] = (found, 100.0)
            continue
        near = _near_copy(index, signature, by_prefix, by_suffix, keys, similarity)
        if near is not None:
            repeats[index] = near
            continue
        by_hash.setdefault((signature[0], signature[1]), []).append(index)
        by_prefix.setdefault(signature[2], []).append(index)
        by_suffix.setdefault(signature[3], []).append(index)
    return repeats


cdef object _near_copy(Py_ssize_t index, tuple signature, dict by_prefix, dict by_suffix,
                       _Keys keys, double similarity):
    if similarity >= 100.0:
        return None
    others = (*by_prefix.get(signature[2], ()), *by_suffix.get(signature[3], ()))
    if not others:
        return None
    key = keys.key(index)
    for other in others:
        score = ratio(key, keys.key(other), score_cutoff=similarity)
        if score:
            return other, round(float(score), 1)
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

from declutter.decide.dom import (
    _CHROME_KINDS,
    COMMENTS_AFTER_CHARS,
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
    if not include_comments:
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
