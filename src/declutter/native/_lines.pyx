# cython: language_level=3
"""Compiled line pass: ``features.text.line_features``, ``rules.apply.match_rules`` and the
``LINE`` columns (``features.line.line_columns``), with the reference's results, value for value.

One pass over each line's code points gives its character classes, word starts and URL flag;
its sampled words are lower-cased through a table and looked up in a C table of stopwords and
date words. Short lines get their quick lexicon key (case-folded, edges stripped) the same way
and are looked up in C tables of the lexicon's whole lines, edge words and phrase triggers;
the lines the reference normalizes are normalized in C (numbers to ``#``, punctuation to
spaces) and matched against the whole lines, and a pattern's regex runs (in Python, the
lexicon's own) only when all the words the pattern cannot match without are in the line.
Python also runs where exactness needs it: lines holding a character without a one-to-one
lower-case or case-folded form, or above the Basic Multilingual Plane, take the reference's
own string methods, and lines the reference treats specially (empty lines, lines holding a
newline) make ``line_features`` and ``match_rules`` return ``None``: the caller then runs the
reference.

Every table is made from Python's own predicates and mappings (``str.lower``,
``str.casefold``, the ``regex`` classes the normalization uses) when the module is imported;
``self_test`` compares the kernel with the reference on a few lines before it is used.
"""

import re

cimport cython
import numpy as np
import regex

from cpython.mem cimport PyMem_Free, PyMem_Realloc
from libc.stdint cimport int32_t, int64_t, uint8_t, uint32_t, uint64_t

from declutter import native
from declutter.features import text as _text
from declutter.features.language import UNSEGMENTED_LANGUAGES, stopwords
from declutter.rules import apply as _apply
from declutter.rules import lexicon as _lexicon_module
from declutter.rules import phrases as _phrases


cdef extern from "Python.h":
    Py_UCS4 *PyUnicode_AsUCS4(object string, Py_UCS4 *buffer, Py_ssize_t size,
                              int copy_null) except NULL
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)
    bint Py_UNICODE_ISDIGIT(Py_UCS4 ch)
    Py_hash_t PyObject_Hash(object o) except -1
    int PyUnicode_4BYTE_KIND


cdef extern from "lines_kernel.h":
    ctypedef struct dl_line:
        int64_t anywhere[13]
        int64_t starts[13]
        uint8_t first
        uint8_t last
        uint8_t before_last
        uint8_t last_is_paren
        uint8_t has_url
        uint8_t has_newline
    void dl_scan_line(const uint32_t *text, Py_ssize_t n, const uint8_t *classes,
                      dl_line *out) nogil
    int dl_map(const uint32_t *text, Py_ssize_t n, const uint32_t *table, uint32_t *out) nogil
    uint64_t dl_hash(const uint32_t *word, Py_ssize_t n) nogil
    uint64_t dl_slot(uint64_t hash, int32_t index) nogil
    Py_ssize_t dl_normalize(const uint32_t *folded, Py_ssize_t n, const uint8_t *flags,
                            uint32_t *work, uint32_t *out) nogil
    uint64_t dl_bit(uint64_t hash, int which, uint64_t bits) nogil
    int dl_maybe(const uint64_t *bloom, uint64_t bits, uint64_t hash) nogil
    int32_t dl_find(uint64_t hash, const uint32_t *word, Py_ssize_t n, const uint64_t *slots,
                    uint64_t mask, const uint32_t *chars, const int64_t *starts) nogil


# Character classes (features.text).
cdef enum:
    OTHER, SPACE, UPPER, LOWER, DIGIT, CASELESS, WIDE, COMMA, TERMINAL, CLOSER, COLON, BULLET
    SEPARATOR, CLASS_COUNT
# More than the words of a sample of SAMPLE_CHARS characters.
cdef enum:
    MOST_SAMPLED_WORDS = 256

cdef uint32_t NO_MAPPING = 0xFFFFFFFF
# The reference's limits.
cdef Py_ssize_t SAMPLE_CHARS = _text.SAMPLE_CHARS
cdef Py_ssize_t LONG_LINE_CHARS = _text.LONG_LINE_CHARS
cdef Py_ssize_t SHORT_LINE_CHARS = _apply.SHORT_LINE_CHARS
cdef Py_ssize_t PATTERN_MAX_CHARS = _apply._PATTERN_MAX_CHARS
cdef Py_ssize_t LEXICON_MAX_CHARS = _apply.LEXICON_MAX_CHARS
cdef Py_ssize_t WHOLE_LINE_MAX_WORDS = _lexicon_module.WHOLE_LINE_MAX_WORDS
# Rows of the integer and boolean blocks the measurement arrays are views of.
INT_FIELDS = ("chars", "words", "capitalized", "upper", "digits", "letters", "commas",
              "symbols", "separators", "stopwords", "date_words", "repeats")
BOOL_FIELDS = ("terminal", "colon_end", "count_suffix", "first_upper", "first_lower",
               "first_digit", "bullet_start", "has_url", "title_match")


_FIELD_ORDER = tuple(_text.LineFeatures.__dataclass_fields__)


def one_to_one(method, exceptions=()):
    """Code point -> its image under ``method`` (``str.lower``, ``str.casefold``) for the BMP;
    ``0xFFFFFFFF`` where the image is not one character, changes whether it is a space, or the
    code point is in ``exceptions`` (context-dependent mappings)."""
    table = np.full(0x10000, NO_MAPPING, dtype=np.uint32)
    for code in range(0x10000):
        char = chr(code)
        image = method(char)
        if len(image) == 1 and image.isspace() == char.isspace():
            table[code] = ord(image)
    for char in exceptions:
        table[ord(char)] = NO_MAPPING
    return table


@cython.final
cdef class WordTable:
    """A set of words (each with its index in ``words``) that C code looks up by code points."""

    cdef readonly list words
    cdef object _chars
    cdef object _starts
    cdef object _slots
    cdef object _bloom
    cdef const uint64_t *bloom
    cdef uint64_t bits
    cdef const uint32_t *chars
    cdef const int64_t *starts
    cdef const uint64_t *slots
    cdef uint64_t mask
    cdef readonly Py_ssize_t longest

    def __init__(self, words):
        self.words = list(words)
        encoded = b"".join(word.encode("utf-32-le", "surrogatepass") for word in self.words)
        chars = np.frombuffer(encoded + b"\0\0\0\0", dtype=np.uint32)
        starts = np.zeros(len(self.words) + 1, dtype=np.int64)
        starts[1:] = np.cumsum([len(word) for word in self.words])
        self.longest = max(map(len, self.words), default=0)
        size = 8
        while size < 2 * len(self.words):
            size *= 2
        slots = np.zeros(size, dtype=np.uint64)
        self.bits = 512
        while self.bits < <uint64_t>(16 * len(self.words)):
            self.bits *= 2
        bloom = np.zeros(self.bits // 64, dtype=np.uint64)
        self._chars, self._starts, self._slots, self._bloom = chars, starts, slots, bloom
        cdef const uint32_t[::1] char_view = chars
        cdef const int64_t[::1] start_view = starts
        cdef uint64_t[::1] slot_view = slots
        cdef uint64_t[::1] bloom_view = bloom
        cdef uint64_t bit
        cdef int which
        self.chars = &char_view[0]
        self.starts = &start_view[0]
        self.slots = &slot_view[0]
        self.bloom = &bloom_view[0]
        self.mask = size - 1
        cdef Py_ssize_t index
        cdef uint64_t slot, hash
        for index in range(len(self.words)):
            hash = dl_hash(self.chars + self.starts[index],
                           self.starts[index + 1] - self.starts[index])
            slot = hash & self.mask
            while slot_view[slot]:
                slot = (slot + 1) & self.mask
            slot_view[slot] = dl_slot(hash, index)
            for which in range(2):
                bit = dl_bit(hash, which, self.bits)
                bloom_view[bit >> 6] |= (<uint64_t>1) << (bit & 63)

    cdef inline int32_t find(self, const uint32_t *word, Py_ssize_t n) noexcept:
        if n > self.longest:
            return -1
        return self.find_hashed(dl_hash(word, n), word, n)

    cdef inline int32_t find_hashed(self, uint64_t hash, const uint32_t *word,
                                    Py_ssize_t n) noexcept:
        """``find`` of a word whose ``dl_hash`` is known (the tables share the hash)."""
        if n > self.longest or not dl_maybe(self.bloom, self.bits, hash):
            return -1
        return dl_find(hash, word, n, self.slots, self.mask, self.chars, self.starts)


cdef class Buffer:
    """A growing scratch array of code points."""

    cdef uint32_t *data
    cdef Py_ssize_t size

    cdef uint32_t *reserve(self, Py_ssize_t size) except NULL:
        cdef void *grown
        if size > self.size:
            grown = PyMem_Realloc(self.data, (size + 64) * sizeof(uint32_t))
            if grown == NULL:
                raise MemoryError()
            self.data = <uint32_t *>grown
            self.size = size + 64
        return self.data

    cdef uint32_t *read(self, str text, Py_ssize_t offset) except NULL:
        """The code points of ``text``, from ``data + offset`` on."""
        cdef Py_ssize_t n = len(text)
        cdef uint32_t *data = self.reserve(offset + n) + offset
        if n:
            PyUnicode_AsUCS4(text, <Py_UCS4 *>data, n, 0)
        return data

    def __dealloc__(self):
        PyMem_Free(self.data)


cdef const uint8_t[::1] _CLASSES = _text._classes()
cdef const uint32_t[::1] _LOWER = one_to_one(str.lower, "\u03a3")
cdef const uint32_t[::1] _FOLD = one_to_one(str.casefold)
_edge_table = np.zeros(0x10000, dtype=np.uint8)
_edge_table[[ord(char) for char in _lexicon_module._EDGES]] = 1
cdef const uint8_t[::1] _EDGE = _edge_table


def normalization_flags():
    """The ``DL_*`` flags of every BMP code point, from the ``regex`` classes of
    ``rules.phrases`` and ``rules.lexicon``."""
    everything = "".join(map(chr, range(0x10000)))
    table = np.zeros(0x10000, dtype=np.uint8)
    dropped = regex.compile(_phrases._NON_WORD.pattern.removesuffix("+"))
    for flag, pattern in (
        (1, regex.compile(r"\d")),
        (2, regex.compile(r"[\p{L}\p{N}]")),
        (8, _lexicon_module._CJK),
    ):
        table[[match.start() for match in pattern.finditer(everything)]] |= flag
    kept = np.ones(0x10000, dtype=bool)
    kept[[match.start() for match in dropped.finditer(everything)]] = False
    table[kept] |= 4
    return table


cdef const uint8_t[::1] _NORMALIZATION = normalization_flags()
_stop_tables = {}
_lexicons = {}


@cython.final
cdef class Scratch:
    """The scratch arrays of one call (never shared: a call may run Python code, and another
    thread may then run the kernel)."""

    cdef Buffer line
    cdef Buffer mapped
    cdef Buffer work
    cdef Buffer normalized

    def __cinit__(self):
        self.line = Buffer()
        self.mapped = Buffer()
        self.work = Buffer()
        self.normalized = Buffer()


cdef tuple _stop_table(str language):
    """The language's table of stopwords and date words (``flags``: 1 stopword, 2 date word),
    its one-letter stopwords for unsegmented languages, and its stopword set."""
    found = _stop_tables.get(language)
    if found is None:
        words = stopwords(language)
        dates = _text._date_words()
        table = WordTable(sorted(words | dates))
        flags = np.array([(word in words) + 2 * (word in dates) for word in table.words]
                         or [0], dtype=np.uint8)
        single = None
        if language in UNSEGMENTED_LANGUAGES:
            single = WordTable(word for word in words if len(word) == 1)
        found = _stop_tables[language] = (table, flags, single, words)
    return found


cdef bint _count_words(const uint32_t *text, Py_ssize_t n, WordTable table,
                       const uint8_t *flags, uint32_t *lowered, int64_t *counts,
                       list tokens) except -1:
    """Distinct stopwords and date words, and words, of ``text`` split on spaces and
    lower-cased (``counts``), and the lower-cased words appended to ``tokens`` unless it is
    ``None``; false when a character needs Python's ``str.lower``."""
    cdef int32_t seen[MOST_SAMPLED_WORDS]
    cdef Py_ssize_t distinct = 0, stops = 0, dates = 0, words = 0, position = 0, start, j, size
    cdef int32_t index
    cdef bint fresh
    if not dl_map(text, n, &_LOWER[0], lowered):
        return False
    while position < n:
        while position < n and Py_UNICODE_ISSPACE(text[position]):
            position += 1
        if position == n:
            break
        start = position
        while position < n and not Py_UNICODE_ISSPACE(text[position]):
            position += 1
        words += 1
        size = position - start
        if tokens is not None:
            tokens.append(PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, lowered + start, size))
        index = table.find(lowered + start, size)
        if index >= 0 and distinct < MOST_SAMPLED_WORDS:
            fresh = True
            for j in range(distinct):
                fresh = fresh and seen[j] != index
            if fresh:
                seen[distinct] = index
                distinct += 1
                stops += flags[index] & 1
                dates += flags[index] >> 1
    counts[0] = stops
    counts[1] = dates
    counts[2] = words
    return True


def line_features(lines, str language, max_line_chars=_text._DEFAULT_LINE_CHARS):
    """``features.text.line_features``, or ``None`` where the reference must run."""
    cdef list texts = list(lines)
    cdef Scratch scratch = Scratch()
    cdef Py_ssize_t count = len(texts), i, n, sample, longest = 0
    for line in texts:
        if type(line) is not str:
            return None
        longest = max(longest, len(line))
    if count and longest > max_line_chars:
        texts = [line[:max_line_chars] for line in texts]
    ints = np.zeros((len(INT_FIELDS), count), dtype=np.int64)
    flags = np.zeros((len(BOOL_FIELDS), count), dtype=np.bool_)
    cdef int64_t[:, ::1] out = ints
    cdef uint8_t[:, ::1] flag = flags.view(np.uint8)
    cdef bint unsegmented = language in UNSEGMENTED_LANGUAGES
    cdef bint chosen = False
    cdef WordTable stop_words, single
    cdef const uint8_t[::1] word_flags
    stop_words, word_flags, single, stop_set = _stop_table(language)
    cdef dl_line info
    cdef uint32_t *points
    cdef int64_t words, letters, found, seen
    cdef int64_t counts[3]
    cdef Py_ssize_t j
    cdef uint8_t final
    single_counts = np.zeros(count if unsegmented else 0, dtype=np.int64)
    cdef int64_t[::1] singles = single_counts
    long_tokens = {}
    for i in range(count):
        line = texts[i]
        n = len(line)
        if n == 0:
            return None
        points = scratch.line.read(line, 0)
        dl_scan_line(points, n, &_CLASSES[0], &info)
        if info.has_newline:
            return None
        letters = info.anywhere[UPPER] + info.anywhere[LOWER] + info.anywhere[CASELESS]
        words = 0
        for j in range(CLASS_COUNT):
            words += info.starts[j]
        if unsegmented:
            words += info.anywhere[WIDE]
            singles[i] = _count_singles(points, n, single)
        out[0, i] = n
        out[1, i] = words
        out[2, i] = info.starts[UPPER]
        out[3, i] = info.anywhere[UPPER]
        out[4, i] = info.anywhere[DIGIT]
        out[5, i] = letters + info.anywhere[WIDE]
        out[6, i] = info.anywhere[COMMA]
        # The reference counts the newline before every line but the first as a space.
        out[7, i] = (n - letters - info.anywhere[WIDE] - info.anywhere[DIGIT]
                     - info.anywhere[SPACE] - (i > 0))
        out[8, i] = info.anywhere[SEPARATOR]
        final = info.before_last if info.last == CLOSER else info.last
        flag[0, i] = final == TERMINAL
        flag[1, i] = final == COLON
        flag[2, i] = info.last_is_paren and info.before_last == DIGIT
        flag[3, i] = info.first == UPPER
        flag[4, i] = info.first == LOWER
        flag[5, i] = info.first == DIGIT
        flag[6, i] = info.first == BULLET
        flag[7, i] = info.has_url
        if words < 3:
            continue
        chosen = True
        sample = min(n, SAMPLE_CHARS)
        sampled = [] if n > LONG_LINE_CHARS else None
        if _count_words(points, sample, stop_words, &word_flags[0],
                        scratch.mapped.reserve(sample), counts, sampled):
            found, out[10, i], seen = counts[0], counts[1], counts[2]
        else:
            sampled = line[: SAMPLE_CHARS].lower().split()
            found = len(stop_set.intersection(sampled))
            out[10, i] = len(_text._date_words().intersection(sampled))
            seen = len(sampled)
        out[9, i] = found if seen >= words else found * words // max(seen, 1)
        if n > LONG_LINE_CHARS:
            long_tokens[i] = sampled
    if chosen and unsegmented:
        ints[9] = single_counts
    ints[11] = _repeats(texts)
    flags[8] = _title_matches(texts, scratch)
    fields = dict(zip(INT_FIELDS, ints))
    fields.update(zip(BOOL_FIELDS, flags))
    fields["long_tokens"] = long_tokens
    return _text.LineFeatures(*[fields[name] for name in _FIELD_ORDER])


cdef bint _has_newline(const uint32_t *points, Py_ssize_t n) noexcept:
    cdef Py_ssize_t i
    for i in range(n):
        if points[i] == 10:
            return True
    return False


cdef int64_t _count_singles(const uint32_t *points, Py_ssize_t n, WordTable single) noexcept:
    """Characters of the line that are one-letter stopwords."""
    cdef int64_t total = 0
    cdef Py_ssize_t i
    for i in range(n):
        total += single.find(points + i, 1) >= 0
    return total


cdef object _repeats(list texts):
    """``features.text._repeats``: lines counted in an open-addressing table of their
    (cached) ``hash``, equal hashes compared as strings."""
    cdef Py_ssize_t count = len(texts), size = 16, i, j
    cdef uint64_t slot, mask
    cdef Py_hash_t hash
    cdef bint unique = True
    while size < 2 * count:
        size *= 2
    mask = size - 1
    arrays = np.full(size + 3 * count, -1, dtype=np.int64)
    cdef int64_t[::1] scratch = arrays
    cdef int64_t *table = &scratch[0]
    cdef int64_t *hashes = table + size
    cdef int64_t *first = hashes + count
    cdef int64_t *copies = first + count
    for i in range(count):
        line = texts[i]
        hash = PyObject_Hash(line)
        hashes[i] = hash
        slot = <uint64_t>hash & mask
        while table[slot] >= 0:
            j = table[slot]
            if hashes[j] == hash and texts[j] == line:
                first[i] = j
                copies[j] += 1
                unique = False
                break
            slot = (slot + 1) & mask
        else:
            table[slot] = i
            first[i] = i
            copies[i] = 1
    if unique:
        return 1
    result = np.empty(count, dtype=np.int64)
    cdef int64_t[::1] out = result
    for i in range(count):
        out[i] = copies[first[i]]
    return result


cdef object _title_matches(list texts, Scratch scratch):
    """``features.text._title_matches``, lines case-folded through the table (lines whose
    folded length differs from every title part's are not made into strings)."""
    cdef Py_ssize_t count = len(texts), index, longest, n, start, end, size
    cdef uint32_t *points
    cdef uint32_t *folded
    flags = np.zeros(count, dtype=np.bool_)
    if count < 2:
        return flags
    title = texts[0].casefold()
    parts = {title, *(part.strip() for part in _text._TITLE_SEPARATORS.split(title))}
    parts = {part for part in parts if len(part) >= _text._TITLE_MIN_CHARS}
    if not parts:
        return flags
    cdef set lengths = {len(part) for part in parts}
    longest = max(lengths) + 2
    for index in range(1, count):
        line = texts[index]
        n = len(line)
        if n > longest:
            continue
        points = scratch.line.read(line, 0)
        folded = scratch.mapped.reserve(n)
        if not dl_map(points, n, &_FOLD[0], folded):
            flags[index] = line.casefold().strip(" .:") in parts
            continue
        start, end = 0, n
        while start < end and _title_edge(folded[start]):
            start += 1
        while end > start and _title_edge(folded[end - 1]):
            end -= 1
        size = end - start
        if size in lengths:
            text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, folded + start, size)
            flags[index] = text in parts
    return flags


cdef inline bint _title_edge(uint32_t point) noexcept:
    """What the title match strips from both ends of a line: ``" .:"``."""
    return point == 32 or point == 46 or point == 58


@cython.final
cdef class CompiledLexicon:
    """A lexicon's quick-key lookups as C tables (``Lexicon.match_lines``)."""

    cdef WordTable lines
    cdef list entries
    cdef WordTable firsts
    cdef WordTable lasts
    cdef WordTable pattern_words
    cdef WordTable triggers
    cdef int64_t[::1] limits
    cdef int64_t most_limit
    cdef WordTable phrase_triggers
    cdef WordTable mandatory
    cdef int64_t[::1] phrase_start
    cdef int64_t[::1] line_pattern_start
    cdef int64_t[::1] max_words
    cdef uint8_t[::1] always
    cdef int64_t[::1] required_start
    cdef int32_t[::1] required
    cdef list regexes
    cdef list search_entries
    cdef int64_t[::1] ranks
    cdef int64_t longest
    cdef bint cjk
    cdef readonly object lexicon
    cdef dict _hits

    def __init__(self, lexicon):
        self.lexicon = lexicon
        self._hits = {}
        self.lines = WordTable(lexicon.lines)
        self.entries = [lexicon.lines[key] for key in self.lines.words]
        self.firsts = WordTable(lexicon.line_firsts)
        self.lasts = WordTable(lexicon.line_lasts)
        self.pattern_words = WordTable(lexicon.line_pattern_words)
        self.triggers = WordTable(lexicon.raw_trigger_limits)
        self.limits = np.array(
            [lexicon.raw_trigger_limits[word] for word in self.triggers.words] or [0],
            dtype=np.int64,
        )
        self.most_limit = max(self.limits)
        self.phrase_triggers = WordTable(lexicon.trigger_words)
        self.ranks = np.array(
            [lexicon.trigger_rank[word] for word in self.phrase_triggers.words] or [0],
            dtype=np.int64,
        )
        self._searches(
            [[(pattern, entry, 0) for pattern, entry in lexicon.line_patterns[word]]
             for word in self.pattern_words.words],
            [[(phrase.regex, phrase.entry, phrase.max_words)
              for phrase in lexicon.phrases_by_trigger[word]]
             for word in self.phrase_triggers.words],
        )
        self.longest = lexicon.line_pattern_max_words
        self.cjk = bool(lexicon.cjk_triggers)

    cdef hit(self, entry, str normalized, int64_t words):
        """``rules.apply._lexicon_hit``, made once per entry, line and word count (hits are
        immutable, and menus repeat from page to page)."""
        key = (id(entry), normalized, words)
        found = self._hits.get(key)
        if found is None:
            if len(self._hits) >= 100_000:
                self._hits.clear()
            found = self._hits[key] = _apply._lexicon_hit(entry, normalized, words, self.lexicon)
        return found

    def _searches(self, line_patterns, phrases):
        """Tables of the regex searches: per wildcard line pattern (by first word) and phrase
        (by trigger), its word limit and the words a line cannot match it without."""
        words = {}
        starts, max_words, always, required_start, required = [0], [], [], [0], []
        self.regexes, self.search_entries = [], []
        for groups in (line_patterns, phrases):
            for group in groups:
                for pattern, entry, limit in group:
                    self.regexes.append(pattern)
                    self.search_entries.append(entry)
                    max_words.append(limit)
                    # re patterns (no CJK words) match their words as whole words.
                    always.append(not isinstance(pattern, re.Pattern))
                    for word in sorted(_mandatory_words(entry.pattern)):
                        required.append(words.setdefault(word, len(words)))
                    required_start.append(len(required))
                starts.append(len(max_words))
        self.mandatory = WordTable(words)
        self.line_pattern_start = np.array(starts[: len(line_patterns) + 1], dtype=np.int64)
        self.phrase_start = np.array(starts[len(line_patterns) :], dtype=np.int64)
        self.max_words = np.array(max_words or [0], dtype=np.int64)
        self.always = np.array(always or [0], dtype=np.uint8)
        self.required_start = np.array(required_start, dtype=np.int64)
        self.required = np.array(required or [0], dtype=np.int32)


def _mandatory_words(str pattern):
    """The words (``#`` for a number) outside optional parts and choices of a pattern."""
    found = set()
    for node in _phrases.parse(pattern):
        if isinstance(node, _phrases.Word):
            found.add(node.text)
        elif isinstance(node, _phrases.Number):
            found.add("#")
    return found


cdef CompiledLexicon _compiled(lexicon):
    """The compiled tables of ``lexicon``, made once per lexicon object."""
    found = _lexicons.get(id(lexicon))
    if found is None or found.lexicon is not lexicon:
        if len(_lexicons) >= 64:
            _lexicons.clear()
        found = _lexicons[id(lexicon)] = CompiledLexicon(lexicon)
    return found


cdef inline bint _is_edge(uint32_t point) noexcept:
    return point <= 0xFFFF and _EDGE[point]


cdef bint _whole_line_edges(CompiledLexicon tables, const uint32_t *key, Py_ssize_t n) noexcept:
    """``Lexicon._could_be_whole_line``."""
    cdef Py_ssize_t start = 0, end = n, first_end, last_start
    while start < n and Py_UNICODE_ISSPACE(key[start]):
        start += 1
    if start == n:
        return False
    while end > start and Py_UNICODE_ISSPACE(key[end - 1]):
        end -= 1
    first_end = start
    while first_end < end and not Py_UNICODE_ISSPACE(key[first_end]):
        first_end += 1
    last_start = end
    while last_start > start and not Py_UNICODE_ISSPACE(key[last_start - 1]):
        last_start -= 1
    return (_edge_word(tables.firsts, key + start, first_end - start)
            and _edge_word(tables.lasts, key + last_start, end - last_start))


cdef bint _edge_word(WordTable table, const uint32_t *word, Py_ssize_t n) noexcept:
    """Whether the word, edges stripped and a leading digit read as ``#``, is in ``table``."""
    cdef uint32_t number = 35
    while n and _is_edge(word[0]):
        word += 1
        n -= 1
    while n and _is_edge(word[n - 1]):
        n -= 1
    if n and Py_UNICODE_ISDIGIT(word[0]):
        return table.find(&number, 1) >= 0
    return table.find(word, n) >= 0


cdef bint _triggered(CompiledLexicon tables, const uint32_t *key, Py_ssize_t n,
                     int64_t words) noexcept:
    """Whether a phrase trigger within its word limit, or the first word of a wildcard
    whole-line pattern, selects the line for the full search (``Lexicon.match_lines``)."""
    cdef Py_ssize_t position = 0, start
    cdef int32_t index
    while position < n and not Py_UNICODE_ISSPACE(key[position]):
        position += 1
    if (0 < position < n and key[position] == 32 and words <= tables.longest
            and tables.pattern_words.find(key, position) >= 0):
        return True
    if words > tables.most_limit:
        return False
    position = 0
    while position < n:
        while position < n and Py_UNICODE_ISSPACE(key[position]):
            position += 1
        start = position
        while position < n and not Py_UNICODE_ISSPACE(key[position]):
            position += 1
        if position > start:
            index = tables.triggers.find(key + start, position - start)
            if index >= 0 and words <= tables.limits[index]:
                return True
    return False


cdef bint _only_numbers(const uint32_t *key, Py_ssize_t n) noexcept:
    """``not key.replace("#", "").strip()``."""
    cdef Py_ssize_t i
    for i in range(n):
        if key[i] != 35 and not Py_UNICODE_ISSPACE(key[i]):
            return False
    return True


cdef bint _ascii(const uint32_t *key, Py_ssize_t n) noexcept:
    cdef Py_ssize_t i
    for i in range(n):
        if key[i] > 127:
            return False
    return True


cdef enum:
    NO_MATCH = -1
    SEARCH = -2
    PYTHON = -3
    MOST_KEY_WORDS = 1024


cdef struct Matching:
    # What _match_normalized saw of a line: the indices of its mandatory words and phrase
    # triggers, its word count and the index of its first word among the wildcard patterns'.
    int32_t present[MOST_KEY_WORDS]
    int32_t triggers[MOST_KEY_WORDS]
    Py_ssize_t count
    Py_ssize_t found
    Py_ssize_t words
    int32_t pattern


cdef bint _may_match(CompiledLexicon tables, Py_ssize_t pattern, const int32_t *present,
                     Py_ssize_t count) noexcept:
    """Whether every word a pattern cannot match without is among the ``present`` ones."""
    cdef Py_ssize_t i, j
    cdef bint found
    if tables.always[pattern]:
        return True
    for i in range(tables.required_start[pattern], tables.required_start[pattern + 1]):
        found = False
        for j in range(count):
            found = found or present[j] == tables.required[i]
        if not found:
            return False
    return True


cdef int32_t _match_normalized(CompiledLexicon tables, const uint32_t *key, Py_ssize_t n,
                               Matching *seen) noexcept:
    """``Lexicon._match_normalized`` where tables decide: the index of the whole line the key
    is, ``NO_MATCH``, ``SEARCH`` when a regex must decide (a wildcard whole-line pattern
    starting with the first word, or a phrase of a trigger within its word limit, has all its
    mandatory words in the line, ``seen`` says which), or ``PYTHON`` when the reference must
    run (the line holds CJK characters, or very many words)."""
    cdef int32_t *present = seen.present
    cdef int32_t *triggers = seen.triggers
    cdef int32_t index = tables.lines.find(key, n)
    cdef Py_ssize_t i, words = 0, count = 0, found = 0, position = 0, start, size, first = 0
    cdef Py_ssize_t pattern
    cdef uint64_t hash
    if index >= 0:
        return index
    if n == 0:
        return NO_MATCH
    for i in range(n):
        if key[i] > 127 and (key[i] > 0xFFFF or _NORMALIZATION[key[i]] & 8):
            return PYTHON
    while position < n:
        start = position
        while position < n and key[position] != 32:
            position += 1
        size = position - start
        position += 1
        words += 1
        if words > MOST_KEY_WORDS:
            return PYTHON
        hash = dl_hash(key + start, size)
        index = tables.mandatory.find_hashed(hash, key + start, size)
        if index >= 0:
            present[count] = index
            count += 1
        index = tables.phrase_triggers.find_hashed(hash, key + start, size)
        if index >= 0:
            triggers[found] = index
            found += 1
    while first < n and key[first] != 32:
        first += 1
    seen.count, seen.found, seen.words = count, found, words
    seen.pattern = tables.pattern_words.find(key, first) if words <= tables.longest else -1
    if seen.pattern >= 0:
        for pattern in range(tables.line_pattern_start[seen.pattern],
                             tables.line_pattern_start[seen.pattern + 1]):
            if _may_match(tables, pattern, present, count):
                return SEARCH
    for i in range(found):
        index = triggers[i]
        for pattern in range(tables.phrase_start[index], tables.phrase_start[index + 1]):
            if words <= tables.max_words[pattern] and _may_match(tables, pattern, present, count):
                return SEARCH
    return NO_MATCH


cdef tuple _entry_of_line(CompiledLexicon tables, lexicon, Scratch scratch, str line,
                          const uint32_t *points, Py_ssize_t n):
    """``lexicon.match_line(line)`` and the normalized line: normalized and matched in C
    where the tables decide, by the reference's code where a regex must."""
    cdef uint32_t *folded = scratch.mapped.reserve(n)
    cdef Py_ssize_t size = -1
    cdef int32_t index
    cdef uint32_t *normalized = NULL
    cdef Matching seen
    if dl_map(points, n, &_FOLD[0], folded):
        normalized = scratch.normalized.reserve(3 * n)
        size = dl_normalize(folded, n, &_NORMALIZATION[0], scratch.work.reserve(3 * n),
                            normalized)
    if size < 0:
        text = _phrases.normalize_lines([line])[0]
        return lexicon._match_normalized(text) if text else None, text
    index = _match_normalized(tables, normalized, size, &seen)
    if index >= 0:
        return tables.entries[index], tables.lines.words[index]
    text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, normalized, size)
    if index == SEARCH:
        return _search(tables, text, &seen), text
    if index == PYTHON:
        return lexicon._match_normalized(text), text
    return None, text


cdef object _search(CompiledLexicon tables, str normalized, Matching *seen):
    """The end of ``Lexicon._match_normalized`` for a line without CJK characters: its
    wildcard whole-line patterns, then the phrases of its triggers by the triggers' load
    order, each regex run unless the line lacks one of the pattern's mandatory words."""
    cdef Py_ssize_t pattern, i, j
    cdef int32_t trigger
    padded = f" {normalized} "
    if seen.pattern >= 0:
        for pattern in range(tables.line_pattern_start[seen.pattern],
                             tables.line_pattern_start[seen.pattern + 1]):
            if _may_match(tables, pattern, seen.present, seen.count) and tables.regexes[
                pattern
            ].fullmatch(padded, 0, len(padded) - 1):
                return tables.search_entries[pattern]
    for i in range(1, seen.found):  # insertion sort by rank: a handful of triggers
        trigger = seen.triggers[i]
        j = i
        while j > 0 and tables.ranks[seen.triggers[j - 1]] > tables.ranks[trigger]:
            seen.triggers[j] = seen.triggers[j - 1]
            j -= 1
        seen.triggers[j] = trigger
    for i in range(seen.found):
        trigger = seen.triggers[i]
        if i and trigger == seen.triggers[i - 1]:
            continue
        for pattern in range(tables.phrase_start[trigger], tables.phrase_start[trigger + 1]):
            if (
                seen.words <= tables.max_words[pattern]
                and _may_match(tables, pattern, seen.present, seen.count)
                and tables.regexes[pattern].search(padded)
            ):
                return tables.search_entries[pattern]
    return None


cdef bint _any_trigger(CompiledLexicon tables, lexicon, Scratch scratch, tokens) except -1:
    """``not lexicon.raw_triggers.isdisjoint(tokens)``, looked up in the C table."""
    cdef uint32_t *word
    if type(tokens) is not list:
        return not lexicon.raw_triggers.isdisjoint(tokens)
    for token in <list>tokens:
        if type(token) is not str:
            return not lexicon.raw_triggers.isdisjoint(tokens)
        word = scratch.mapped.read(<str>token, 0)
        if tables.triggers.find(word, len(<str>token)) >= 0:
            return True
    return False


def match_rules(lines, cols, lexicon):
    """``rules.apply.match_rules``, or ``None`` where the reference must run."""
    cdef list texts = list(lines)
    cdef Scratch scratch = Scratch()
    cdef CompiledLexicon tables = _compiled(lexicon)
    cdef const int64_t[:] chars = cols.chars
    cdef const int64_t[:] counts = cols.words
    cdef const int64_t[:] digits = cols.digits
    cdef const int64_t[:] symbols = cols.symbols
    cdef Py_ssize_t count = len(texts), i, n, start, end
    cdef list hits = [None] * count
    cdef uint32_t *points
    cdef uint32_t *key
    cdef int32_t entry
    cdef int64_t words
    cdef bint candidate
    for line in texts:
        if type(line) is not str:
            return None
    if not (chars.shape[0] == counts.shape[0] == digits.shape[0] == symbols.shape[0] == count):
        return None
    for index in cols.long_tokens:
        if type(index) is not int or not 0 <= index < count:
            return None
    for i in range(count):
        if chars[i] > SHORT_LINE_CHARS:
            continue
        line = texts[i]
        n = len(line)
        points = scratch.line.read(line, 0)
        if _has_newline(points, n):
            return None
        key = scratch.mapped.reserve(n)
        if not dl_map(points, n, &_FOLD[0], key):
            folded = line.casefold().strip(_lexicon_module._EDGES)
            n = len(folded)
            key = scratch.mapped.read(folded, 0)
        start, end = 0, n
        while start < end and _is_edge(key[start]):
            start += 1
        while end > start and _is_edge(key[end - 1]):
            end -= 1
        key += start
        n = end - start
        entry = tables.lines.find(key, n)
        words = counts[i]
        candidate = False
        if entry < 0:
            if n and words <= WHOLE_LINE_MAX_WORDS and (digits[i] or symbols[i]):
                candidate = _whole_line_edges(tables, key, n)
            candidate = candidate or _triggered(tables, key, n, words)
        if tables.cjk and not candidate and not _ascii(key, n):
            candidate = True
        if candidate:
            found, normalized = _entry_of_line(tables, lexicon, scratch, line, points, len(line))
            if found is not None:
                hits[i] = tables.hit(found, normalized, words)
            elif chars[i] < PATTERN_MAX_CHARS and not normalized.replace("#", "").strip():
                hits[i] = _apply._pattern_hit(line, normalized)
        elif entry >= 0:
            hits[i] = tables.hit(tables.entries[entry], tables.lines.words[entry], words)
        elif chars[i] < PATTERN_MAX_CHARS and _only_numbers(key, n):
            normalized = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, key, n)
            hits[i] = _apply._pattern_hit(line, normalized)
    for i, tokens in cols.long_tokens.items():
        if chars[i] <= LEXICON_MAX_CHARS and _any_trigger(tables, lexicon, scratch, tokens):
            line = texts[i]
            found = _entry_of_line(
                tables, lexicon, scratch, line, scratch.line.read(line, 0), len(line)
            )[0]
            if found is not None:
                hits[i] = tables.hit(found, "", counts[i])
    return hits


_SELF_TEST_LINES = [
    "Breaking News | The Daily Example",
    "Breaking news.",
    "The council met on Monday, and it agreed the budget (12)",
    "Load more »",
    "0:00 0:34:52 0:00",
    "»",
    "İLGİLİ HABERLER: ΣΟΦΟΣ ΛΟΓΟΣ straße www.example.com",
    "分享到: 微信",
    "Comments (3)",
    "The council met on Monday, and it agreed. " * 5,
]


def self_test():
    """``None`` when both functions give the reference's results on a few lines, else why."""
    from declutter.features.line import LINE, LineInputs

    spaces = np.flatnonzero(np.asarray(_CLASSES) == SPACE)
    if (np.asarray(_NORMALIZATION)[spaces] & 4).any():
        return "a space is a word character of the normalization (it splits on spaces)"
    lexicon = _lexicon_module.load_lexicon(("en",))
    for language in ("en", "zh"):
        with native.use(False):
            reference = _text.line_features(_SELF_TEST_LINES, language)
            reference_hits = _apply.match_rules(_SELF_TEST_LINES, reference, lexicon)
        measured = line_features(_SELF_TEST_LINES, language)
        if measured is None:
            return "line_features declined the self-test lines"
        for name in (*INT_FIELDS, *BOOL_FIELDS):
            ours, theirs = getattr(measured, name), getattr(reference, name)
            if ours.dtype != theirs.dtype or ours.tobytes() != theirs.tobytes():
                return f"line_features differs from the reference in {name!r}"
        if measured.long_tokens != reference.long_tokens:
            return "line_features differs from the reference in 'long_tokens'"
        if match_rules(_SELF_TEST_LINES, measured, lexicon) != reference_hits:
            return "match_rules differs from the reference"
        inputs = LineInputs(_SELF_TEST_LINES, measured, reference_hits)
        columns = line_columns(_SELF_TEST_LINES, measured, reference_hits, LINE.names)
        if columns is not None and columns.tobytes() != LINE.columns(inputs).tobytes():
            return "line_columns differs from the reference"
    return None


# The LINE columns this kernel computes, in the group's order (features.line).
LINE_COLUMNS = (
    "log_chars", "words", "stopword_ratio", "relative_stopword_ratio", "stopwords",
    "capitalized_ratio", "upper_ratio", "terminal", "colon_end", "comma_ratio", "separators",
    "letter_ratio", "digit_ratio", "date_words", "count_suffix", "first_upper", "first_lower",
    "first_digit", "bullet_start", "has_url", "title_match", "chars_per_word", "repeats",
    "rule_class", "position", "log_document_lines", "document_stopword_ratio",
    "document_prose_share", "log_document_paragraphs",
)
# Columns that are a measurement as a float, by their row.
_FLOAT_OF = {
    "terminal": 7, "colon_end": 8, "separators": 10, "date_words": 13, "count_suffix": 14,
    "first_upper": 15, "first_lower": 16, "first_digit": 17, "bullet_start": 18,
    "has_url": 19, "title_match": 20,
}


def line_columns(texts, measured, hits, names):
    """``features.line.LINE.columns`` of the line inputs (``names``: the group's columns),
    or ``None`` when the group has columns this kernel does not know."""
    if tuple(names) != LINE_COLUMNS:
        return None
    cdef Py_ssize_t count = len(texts), i
    if count == 0:
        return np.empty((len(LINE_COLUMNS), 0))
    if len(hits) != count or any(
        getattr(measured, name).shape != (count,) for name in (*INT_FIELDS, *_FLOAT_OF)
    ):
        return None
    from declutter.features.line import _DEFAULT_STOPWORD_RATIO, _RULE_CODES
    chars_float = measured.chars.astype(np.float64)
    out = np.empty((len(LINE_COLUMNS), count))
    cdef double[:, ::1] column = out
    cdef const int64_t[:] chars = measured.chars
    cdef const int64_t[:] words = measured.words
    cdef const int64_t[:] stops = measured.stopwords
    cdef const int64_t[:] capitalized = measured.capitalized
    cdef const int64_t[:] upper = measured.upper
    cdef const int64_t[:] letters = measured.letters
    cdef const int64_t[:] commas = measured.commas
    cdef const int64_t[:] digits = measured.digits
    cdef const int64_t[:] repeats = measured.repeats
    cdef double clamped, long_stops = 0, long_words = 0, long_chars = 0, all_chars = 0
    cdef double reference, divisor, last = max(count - 1, 1)
    cdef int64_t paragraphs = 0
    for i in range(count):
        clamped = <double>max(words[i], 1)
        if words[i] >= 8:
            long_stops += <double>stops[i]
            long_words += clamped
            long_chars += <double>chars[i]
        all_chars += <double>chars[i]
        paragraphs += words[i] >= 30
    reference = long_stops / long_words if long_words else _DEFAULT_STOPWORD_RATIO
    divisor = max(reference, 0.05)
    out[0] = np.log1p(chars_float)
    for i in range(count):
        clamped = <double>max(words[i], 1)
        column[1, i] = clamped
        column[2, i] = <double>stops[i] / clamped
        column[3, i] = column[2, i] / divisor
        column[4, i] = <double>stops[i]
        column[5, i] = <double>capitalized[i] / clamped
        column[6, i] = <double>upper[i] / <double>max(letters[i], 1)
        column[9, i] = <double>commas[i] / clamped
        column[11, i] = <double>letters[i] / max(<double>chars[i], 1.0)
        column[12, i] = <double>digits[i] / max(<double>chars[i], 1.0)
        column[21, i] = <double>chars[i] / clamped
        column[22, i] = <double>min(repeats[i], 5)
        column[24, i] = <double>i / last
        column[26, i] = reference
        column[27, i] = long_chars / max(all_chars, 1.0)
    for name, row in _FLOAT_OF.items():
        out[row] = getattr(measured, name)
    codes = _RULE_CODES
    for i in range(count):
        hit = hits[i]
        column[23, i] = codes[hit.rule_class] if hit else 0
    out[25] = np.log1p(count)
    out[28] = np.log1p(paragraphs)
    return out
