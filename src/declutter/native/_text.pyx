# cython: language_level=3
"""Compiled helpers of the text path: control characters, line offsets, stopword votes.

Each function returns what the Python code it stands in for returns (tests/test_native_text.py).
"""

from cpython.unicode cimport PyUnicode_READ, PyUnicode_KIND, PyUnicode_DATA
from cpython.unicode cimport PyUnicode_GET_LENGTH


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


def line_starts(list lines):
    """The offset of each line in ``"\\n".join(lines)``."""
    cdef Py_ssize_t count = len(lines), i, position = 0
    starts = [0] * count
    for i in range(count):
        starts[i] = position
        position += PyUnicode_GET_LENGTH(<str>lines[i]) + 1
    return starts


def stopword_vote(list ranked, dict index, Py_ssize_t languages):
    """The index of the language whose stopwords cover most of ``ranked`` ((word, count) pairs,
    most frequent first), each word weighted by 1 / its owners; -1 when none scores."""
    cdef double[64] scores
    cdef Py_ssize_t i, best = 0
    cdef double weight
    if languages > 64 or languages < 1:
        raise ValueError("1 to 64 candidate languages")
    for i in range(languages):
        scores[i] = 0.0
    for word, count in ranked:
        owners = index.get(word)
        if owners is not None:
            weight = <double>owners[1] * <double>(<Py_ssize_t>count)
            for language in owners[0]:
                scores[<Py_ssize_t>language] += weight
    for i in range(1, languages):
        if scores[i] > scores[best]:
            best = i
    return best if scores[best] > 0 else -1
