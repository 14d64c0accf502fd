# cython: language_level=3
"""Compiled helpers of the text path: control characters, line offsets, stopword votes.

Each function returns what the Python code it stands in for returns (tests/test_native_text.py).
"""

from cpython.unicode cimport PyUnicode_READ, PyUnicode_KIND, PyUnicode_DATA
from cpython.unicode cimport PyUnicode_GET_LENGTH, Py_UNICODE_ISSPACE, PyUnicode_Substring
from libc.stdlib cimport malloc, free, qsort
from libc.string cimport memcmp, memset
from libc.stdint cimport uint16_t, uint32_t, uint64_t, uint8_t

import numpy as np


cdef struct Token:
    Py_ssize_t start
    Py_ssize_t length
    Py_ssize_t count
    Py_ssize_t first      # rank of first occurrence
    uint64_t hash


cdef int _by_count(const void *a, const void *b) noexcept nogil:
    cdef const Token *x = <const Token *>a
    cdef const Token *y = <const Token *>b
    if x.count != y.count:
        return -1 if x.count > y.count else 1
    return -1 if x.first < y.first else (1 if x.first > y.first else 0)


def has_control(str text):
    """Whether ``text`` holds a C0/C1 control other than tab and newline, DEL or U+FEFF
    (``segment.text._CONTROL.search(text) is not None``)."""
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c < 0x20:
            if c != 9 and c != 10:
                return True
        elif 0x7f <= c <= 0x9f or c == 0xfeff:
            return True
    return False


cdef extern from *:
    """
    /* Whether any of the n code units at ``units`` is a surrogate (U+D800-U+DFFF): blocks of
       64 checked without a branch per unit (the compiler makes it vector code). */
    static int dt_surrogates_ucs2(const uint16_t *units, Py_ssize_t n)
    {
        Py_ssize_t i = 0;
        for (; i + 64 <= n; i += 64) {
            unsigned int found = 0;
            for (int j = 0; j < 64; j++)
                found |= (uint16_t)(units[i + j] - 0xD800u) < 0x800u;
            if (found)
                return 1;
        }
        for (; i < n; i++)
            if ((uint16_t)(units[i] - 0xD800u) < 0x800u)
                return 1;
        return 0;
    }

    static int dt_surrogates_ucs4(const uint32_t *points, Py_ssize_t n)
    {
        Py_ssize_t i = 0;
        for (; i + 64 <= n; i += 64) {
            unsigned int found = 0;
            for (int j = 0; j < 64; j++)
                found |= points[i + j] - 0xD800u < 0x800u;
            if (found)
                return 1;
        }
        for (; i < n; i++)
            if (points[i] - 0xD800u < 0x800u)
                return 1;
        return 0;
    }
    """
    int dt_surrogates_ucs2(const uint16_t *units, Py_ssize_t n) nogil
    int dt_surrogates_ucs4(const uint32_t *points, Py_ssize_t n) nogil


def has_surrogates(str text):
    """Whether ``text`` holds a code point U+D800-U+DFFF (``decode.surrogates._SURROGATE.search(
    text) is not None``): never in one-byte text, else one pass over the code units, 64 at a
    time."""
    cdef int kind = PyUnicode_KIND(text)
    if kind == 1:
        return False
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    if kind == 2:
        return dt_surrogates_ucs2(<const uint16_t *> PyUnicode_DATA(text), n) != 0
    return dt_surrogates_ucs4(<const uint32_t *> PyUnicode_DATA(text), n) != 0


def line_starts(list lines):
    """The offset of each line in ``"\\n".join(lines)``."""
    cdef Py_ssize_t count = len(lines), i, position = 0
    starts = [0] * count
    for i in range(count):
        starts[i] = position
        position += PyUnicode_GET_LENGTH(<str>lines[i]) + 1
    return starts


def ranked_stopword_language(str sample, dict index, Py_ssize_t languages, Py_ssize_t top):
    """The index of the language whose stopwords cover most of the ``top`` most frequent
    words of ``sample`` (already casefolded), each word weighted by 1 / its owners in
    ``index``; -1 when none scores. Words are ranked as ``Counter(sample.split())
    .most_common(top)`` ranks them (count, then first occurrence), without making a string
    of every word (``features.language._by_stopwords``)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(sample), i, start, slot, mask, capacity
    cdef Py_ssize_t distinct = 0, unit
    cdef int kind = PyUnicode_KIND(sample)
    cdef const char *data = <const char *>PyUnicode_DATA(sample)
    cdef uint64_t h
    cdef Py_UCS4 c
    cdef Token *tokens
    cdef Py_ssize_t *table
    cdef double[64] scores
    cdef double weight
    cdef Py_ssize_t best = 0, j
    if languages > 64 or languages < 1:
        raise ValueError("1 to 64 candidate languages")
    unit = kind
    capacity = 16
    while capacity < n + 1:
        capacity <<= 1
    tokens = <Token *>malloc((n // 2 + 1) * sizeof(Token))
    table = <Py_ssize_t *>malloc(capacity * sizeof(Py_ssize_t))
    if tokens == NULL or table == NULL:
        free(tokens)
        free(table)
        raise MemoryError()
    try:
        for i in range(capacity):
            table[i] = -1
        mask = capacity - 1
        i = 0
        while i < n:
            c = PyUnicode_READ(kind, data, i)
            if Py_UNICODE_ISSPACE(c):
                i += 1
                continue
            start = i
            h = <uint64_t>1469598103934665603
            while i < n:
                c = PyUnicode_READ(kind, data, i)
                if Py_UNICODE_ISSPACE(c):
                    break
                h = (h ^ <uint64_t>c) * <uint64_t>1099511628211
                i += 1
            slot = <Py_ssize_t>(h & mask)
            while True:
                j = table[slot]
                if j < 0:
                    table[slot] = distinct
                    tokens[distinct].start = start
                    tokens[distinct].length = i - start
                    tokens[distinct].count = 1
                    tokens[distinct].first = distinct
                    tokens[distinct].hash = h
                    distinct += 1
                    break
                if (tokens[j].hash == h and tokens[j].length == i - start and memcmp(
                        data + tokens[j].start * unit, data + start * unit,
                        (i - start) * unit) == 0):
                    tokens[j].count += 1
                    break
                slot = (slot + 1) & mask
        qsort(tokens, distinct, sizeof(Token), _by_count)
        for i in range(languages):
            scores[i] = 0.0
        for i in range(min(top, distinct)):
            word = PyUnicode_Substring(sample, tokens[i].start, tokens[i].start + tokens[i].length)
            owners = index.get(word)
            if owners is not None:
                weight = <double>owners[1] * <double>tokens[i].count
                for language in owners[0]:
                    scores[<Py_ssize_t>language] += weight
    finally:
        free(tokens)
        free(table)
    for i in range(1, languages):
        if scores[i] > scores[best]:
            best = i
    return best if scores[best] > 0 else -1


cdef extern from "Python.h":
    Py_ssize_t PyUnicode_Find(object text, object part, Py_ssize_t start, Py_ssize_t end,
                              int direction) except -2
    Py_ssize_t PyUnicode_Tailmatch(object text, object part, Py_ssize_t start, Py_ssize_t end,
                                   int direction) except -1


cdef enum:
    GRAM = 8


cdef inline uint64_t _gram_hash(int kind, const void *data, Py_ssize_t start) noexcept:
    cdef uint64_t h = <uint64_t>1469598103934665603
    cdef Py_ssize_t i
    for i in range(start, start + GRAM):
        h = (h ^ <uint64_t>PyUnicode_READ(kind, data, i)) * <uint64_t>1099511628211
    return h | 1  # 0 marks an empty slot


def contained(list lines, str text, Py_ssize_t min_chars):
    """Per line: ``len(line) >= min_chars and line in text``.

    Every ``GRAM``-character window of ``text`` is filed by its hash, with the positions where
    it occurs; a line is looked for only where its first ``GRAM`` characters occur (and
    compared there in full), so the answer is exact and a line absent from ``text`` costs one
    lookup. Lines shorter than ``GRAM`` are searched for as ``str.__contains__`` does.
    """
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), count = len(lines), i, capacity = 0
    cdef Py_ssize_t slot, size, windows = n - GRAM + 1 if n >= GRAM else 0, position
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef uint64_t h, mask = 0
    cdef uint64_t *hashes = NULL
    cdef Py_ssize_t *heads = NULL
    cdef Py_ssize_t *chain = NULL
    result = [False] * count
    if count == 0:
        return result
    try:
        if windows:
            capacity = 64
            while capacity < 2 * windows:
                capacity <<= 1
            mask = <uint64_t>(capacity - 1)
            hashes = <uint64_t *>malloc(capacity * sizeof(uint64_t))
            heads = <Py_ssize_t *>malloc(capacity * sizeof(Py_ssize_t))
            chain = <Py_ssize_t *>malloc(windows * sizeof(Py_ssize_t))
            if hashes == NULL or heads == NULL or chain == NULL:
                raise MemoryError()
            memset(hashes, 0, capacity * sizeof(uint64_t))
            for i in range(windows - 1, -1, -1):  # chains in increasing position order
                h = _gram_hash(kind, data, i)
                slot = <Py_ssize_t>(h & mask)
                while hashes[slot] != 0 and hashes[slot] != h:
                    slot = (slot + 1) & mask
                if hashes[slot] == 0:
                    hashes[slot] = h
                    chain[i] = -1
                else:
                    chain[i] = heads[slot]
                heads[slot] = i
        for i in range(count):
            line = <str>lines[i]
            size = PyUnicode_GET_LENGTH(line)
            if size < min_chars or size > n:
                continue
            if size < GRAM or not windows:
                result[i] = PyUnicode_Find(text, line, 0, n, 1) >= 0
                continue
            h = _gram_hash(PyUnicode_KIND(line), PyUnicode_DATA(line), 0)
            slot = <Py_ssize_t>(h & mask)
            while hashes[slot] != 0 and hashes[slot] != h:
                slot = (slot + 1) & mask
            if hashes[slot] == 0:
                continue
            position = heads[slot]
            while position >= 0:
                if position + size <= n and PyUnicode_Tailmatch(text, line, position, n, -1):
                    result[i] = True
                    break
                position = chain[position]
    finally:
        free(hashes)
        free(heads)
        free(chain)
    return result


def nonblank(object sequence):
    """The indices of the lines that are not blank and those lines stripped:
    ``rows = [i for i, line in enumerate(lines) if line.strip()]`` and
    ``texts = [lines[i].strip() for i in rows]``."""
    cdef list lines = sequence if type(sequence) is list else list(sequence)
    cdef Py_ssize_t count = len(lines), index, start, end
    cdef int kind
    cdef void *data
    rows = []
    texts = []
    for index in range(count):
        line = <str>lines[index]
        end = PyUnicode_GET_LENGTH(line)
        kind = PyUnicode_KIND(line)
        data = PyUnicode_DATA(line)
        start = 0
        while start < end and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start)):
            start += 1
        if start == end:
            continue
        while Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)):
            end -= 1
        rows.append(index)
        texts.append(line if start == 0 and end == PyUnicode_GET_LENGTH(line)
                     else PyUnicode_Substring(line, start, end))
    return rows, texts


cdef enum:
    NFC_TABLE_SIZE = 0x3000  # characters below this are looked up in the NFC table
cdef object _NFC_SAFE_TABLE = None
cdef const uint8_t *_NFC_SAFE = NULL


cdef void _make_nfc_table() except *:
    """Mark the characters below ``NFC_TABLE_SIZE`` that leave a string in NFC wherever they
    stand: unchanged by NFC alone, of combining class 0, and neither it nor the first character
    of its decomposition the second character of a canonical composition (as the Hangul vowel
    and final jamo and some Indic vowel signs are). Such characters start their decomposition
    with a starter that nothing before can absorb, so NFC gives each back as it was."""
    global _NFC_SAFE_TABLE, _NFC_SAFE
    import unicodedata

    table = np.zeros(NFC_TABLE_SIZE, dtype=np.uint8)
    cdef uint8_t[::1] view = table
    cdef Py_ssize_t code
    seconds = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul V and T jamo
    for code in range(NFC_TABLE_SIZE):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(int(parts[1], 16))
    for code in range(NFC_TABLE_SIZE):
        char = chr(code)
        view[code] = (
            code not in seconds
            and ord(unicodedata.normalize("NFD", char)[0]) not in seconds
            and not 0xD800 <= code < 0xE000
            and unicodedata.combining(char) == 0
            and unicodedata.normalize("NFC", char) == char
        )
    _NFC_SAFE_TABLE = table
    _NFC_SAFE = &view[0]


def plainly_nfc(str text):
    """True when ``text`` is certainly in NFC (every character is below ``NFC_TABLE_SIZE`` and
    safe in any position); False means "not known" (ask ``unicodedata.is_normalized``)."""
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    if _NFC_SAFE == NULL:
        _make_nfc_table()
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c >= NFC_TABLE_SIZE or not _NFC_SAFE[c]:
            return False
    return True
