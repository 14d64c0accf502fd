# cython: language_level=3
"""The HTML walk of ``declutter.segment.html`` over lexbor's own node structs.

``walked(data, deadline, links, noscript=..., shown=...)`` is ``segment.html._walked`` made
faster: the same loop (``_run``, line for line ``_Walk.run``), reading the nodes, tag names,
attributes and text straight from the lexbor tree that selectolax's parser built instead of
through one Python object per node, and making the contexts (``_enter_block`` ...), lines,
summary lines and class masks as the Python methods they mirror do (named in each
docstring). Rare cases are left to those methods (hidden elements, lines with cells, links
or preformatted text, non-ASCII class tokens), so the ``HtmlDocument`` is the same, field for
field (``tests/test_native_walk.py``, ``benchmarks/walk_identity.py``). ``NativeWalk.document``
(``_document``) fills its columns in one pass over the records, the source of each chain made
once and the normalization of the lines checked line by line; ``utf8`` encodes the page for
the parser (``segment_html``) with runs of ASCII characters copied several at a time.

The structs are declared in ``walk_lexbor.h`` for the lexbor of selectolax 1.0.2 only:
``self_test`` (run once when ``declutter.native`` loads the module) checks the version and
the parser's layout and walks a test page both ways; on any difference the Python walk is
used. A page the loop finds something unexpected in is handed back to the Python walk
(``handed_back()`` counts them).
"""

import array
import ctypes
import unicodedata

import selectolax
import selectolax.lexbor
from selectolax.lexbor import LexborHTMLParser

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE, PyList_New, PyList_SET_ITEM
from cpython.object cimport PyTypeObject
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE, PyTuple_New, PyTuple_SET_ITEM
from cpython.unicode cimport Py_UNICODE_ISSPACE, PyUnicode_DecodeUTF8
from libc.stdint cimport uint8_t, uint16_t, uintptr_t
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memchr, memcmp, memcpy, memset

from declutter import native
from declutter._errors import DeclutterError
from declutter.segment import html as _html
from declutter.segment._context import (
    _HIDDEN_STYLE, CHROME_BITS, SOURCE_PARTS, Ctx, root_context,
)
from declutter.segment._nesting import _NESTING_CHECK_TAGS, _NESTING_KEYS
from declutter.segment._state import _HINT_META, _JS_TYPES, _RAW_TEXT, CELL, CLOSE, MID, OPEN
from declutter.segment._tags import (
    BREAK, CELLTAG, CONTAINER, DIALOG, GENERIC, INHERITED, LANDMARK, LINK, META, SKIP, TAGS,
    TAGS_NOSCRIPT_SHOWN,
)
from declutter.segment.dom import (
    _BUILDER_PREFIXES, _CONTENT_BIT, _MODIFIERS, _STEM_BITS, _WORDS, CHROME_LANDMARKS,
    ROLE_LANDMARKS, BlockKind,
    ClassHit, HtmlDocument, _token_mask, read_hints,
)
from declutter.segment.text import normalize_text


cdef extern from "Python.h":
    object PyType_GenericAlloc(PyTypeObject *type, Py_ssize_t items)
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    int PyUnicode_KIND(object text)
    void *PyUnicode_DATA(object text)
    Py_ssize_t PyUnicode_GET_LENGTH(object text)
    Py_ssize_t PyUnicode_FindChar(object text, Py_UCS4 char, Py_ssize_t start, Py_ssize_t end, int direction) except -2
    str PyUnicode_Join(object separator, object items)
    bint PyUnicode_IS_ASCII(object text)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index)
    void PyUnicode_WRITE(int kind, void *data, Py_ssize_t index, Py_UCS4 value)


cdef extern from "walk_utf8.h":
    Py_ssize_t dw_utf8_size_ucs1(const uint8_t *text, Py_ssize_t length)
    Py_ssize_t dw_utf8_size_ucs2(const uint16_t *text, Py_ssize_t length)
    void dw_utf8_write_ucs1(const uint8_t *text, Py_ssize_t length, uint8_t *out)
    void dw_utf8_write_ucs2(const uint16_t *text, Py_ssize_t length, uint8_t *out)


cdef extern from "walk_lexbor.h":
    ctypedef struct dw_str:
        unsigned char *data
        size_t length
    ctypedef struct dw_node:
        uintptr_t local_name
        dw_node *next
        dw_node *parent
        dw_node *first_child
        int type
    ctypedef struct dw_attr:
        dw_node node
        uintptr_t qualified_name
        dw_str *value
        dw_attr *next
    ctypedef struct dw_element:
        dw_node node
        uintptr_t qualified_name
        dw_attr *first_attr
    ctypedef struct dw_character_data:
        dw_node node
        dw_str data
    ctypedef struct dw_parser:
        void *document
    ctypedef const unsigned char *(*dw_name_f)(const void *, size_t *)
    ctypedef dw_node *(*dw_root_f)(void *)
    enum:
        DW_TAG_TEXT
        DW_TAG_DOCUMENT
        DW_TAG_COMMENT
        DW_TAG_DOCTYPE
        DW_TAG_LAST_ENTRY
        DW_ATTR_LAST_ENTRY
        DW_NODE_ELEMENT
        DW_NODE_TEXT
        DW_NODE_DOCUMENT


#: The selectolax version whose lexbor structs ``walk_lexbor.h`` declares.
SELECTOLAX_VERSION = "1.0.2"

# The walk's actions when an element closes (as in ``segment.html``).
cdef enum:
    END_LINE = 1
    END_LINK = 2
    RESUME_LINE = 4
    RESTORE_CELLS = 8

cdef int _BREAK = BREAK, _CELLTAG = CELLTAG, _LINK = LINK, _META = META, _SKIP = SKIP
cdef int _CONTAINER = CONTAINER, _DIALOG = DIALOG, _LANDMARK = LANDMARK
cdef long _CHROME_BITS = CHROME_BITS
cdef Py_ssize_t _SOURCE_PARTS = SOURCE_PARTS
cdef object _TABLE_ROW = BlockKind.TABLE_ROW, _PRE = BlockKind.PRE, _OTHER = BlockKind.OTHER
cdef frozenset _GENERIC = GENERIC, _INHERITED = INHERITED
cdef dict _ROLE_LANDMARKS = ROLE_LANDMARKS
cdef object _Ctx = Ctx
cdef frozenset _CHROME_LANDMARKS = CHROME_LANDMARKS
cdef object _token = _token_mask
cdef object _hidden_style = _HIDDEN_STYLE.search


# ``dom._token_mask`` in C for ASCII tokens: the stems (``dom._STEM_BITS``) by first byte.
cdef struct Stem:
    const char *text
    Py_ssize_t length
    long bit

cdef list _stem_texts = sorted((stem.encode("ascii"), bit) for stem, bit in _STEM_BITS)
cdef Stem _stems[128]
cdef Py_ssize_t _stem_first[257]  # stems starting with byte b: _stem_first[b] to [b + 1]
cdef Py_ssize_t _stem_count = len(_stem_texts)
cdef dict _words = _WORDS
cdef Py_ssize_t _longest_word = max(map(len, _WORDS))
cdef list _modifier_bytes = [modifier.encode("ascii") for modifier in _MODIFIERS]
cdef Py_ssize_t _modifier_count = len(_modifier_bytes)
cdef const char *_modifier_texts[16]
cdef Py_ssize_t _modifier_lengths[16]
cdef long _NOT_CONTENT = ~<long> _CONTENT_BIT


# Whether some stem starts with the two bytes (first * 128 + second): most positions of a
# token start none, and are passed over without looking at the stems.
cdef unsigned char _stem_pairs[128 * 128]


def _index_stems():
    cdef Py_ssize_t index, byte = 0
    if _stem_count > 128 or _modifier_count > 16:
        raise ImportError("more stems or modifiers than the native walk has room for")
    memset(_stem_pairs, 0, sizeof(_stem_pairs))
    for text, bit in _stem_texts:
        if len(text) < 2 or max(text) >= 128:
            raise ImportError("a class stem the native walk cannot index")
        _stem_pairs[text[0] * 128 + text[1]] = 1
    for index in range(_modifier_count):
        _modifier_texts[index] = <const char *> (<bytes> _modifier_bytes[index])
        _modifier_lengths[index] = len(_modifier_bytes[index])
    for index in range(_stem_count):
        text, bit = _stem_texts[index]
        _stems[index].text = <const char *> (<bytes> text)
        _stems[index].length = len(text)
        _stems[index].bit = bit
        while byte <= text[0]:
            _stem_first[byte] = index
            byte += 1
    while byte <= 256:
        _stem_first[byte] = _stem_count
        byte += 1


_index_stems()


cdef inline bint _starts(
    const unsigned char *text, const char *prefix, Py_ssize_t length
) noexcept:
    """Whether ``text`` starts with the ``length`` bytes of ``prefix``."""
    cdef Py_ssize_t index
    for index in range(length):
        if text[index] != <unsigned char> prefix[index]:
            return False
    return True


cdef inline bint _separator(char byte) noexcept:
    return byte == 45 or byte == 95  # "-", "_"


cdef long _token_mask_of(str token) except -1:
    """``dom._token_mask(token)``: the bits of one token (lower-cased, trailing digits
    stripped by the caller); ASCII tokens in C, others by ``dom._token_mask``."""
    if not PyUnicode_IS_ASCII(token):
        return _token(token)
    cdef const unsigned char *text = <const unsigned char *> PyUnicode_DATA(token)
    cdef Py_ssize_t size = PyUnicode_GET_LENGTH(token), index, stem, start, end, stripped
    cdef bint separated = False
    for index in range(_modifier_count):  # token.startswith(_MODIFIERS)
        if (
            _modifier_lengths[index] <= size
            and memcmp(text, _modifier_texts[index], _modifier_lengths[index]) == 0
        ):
            return 0
    for prefix in _BUILDER_PREFIXES:  # the widget type after a page-builder prefix counts
        if token.startswith(prefix):
            rest = token[len(prefix):].lstrip("-_")
            return _token_mask_of(rest) if rest else 0
    cdef long mask = _words.get(token, 0)
    for index in range(size):
        if _separator(text[index]):
            separated = True
        for stem in range(_stem_first[text[index]], _stem_first[text[index] + 1]):
            if _stems[stem].length <= size - index and _starts(
                text + index, _stems[stem].text, _stems[stem].length
            ):
                mask |= _stems[stem].bit
    if separated:  # the words between runs of "-" and "_", trailing digits stripped
        start = 0
        while start < size:
            end = start
            while end < size and not _separator(text[end]):
                end += 1
            stripped = end
            while stripped > start and 48 <= text[stripped - 1] <= 57:
                stripped -= 1
            if 0 < stripped - start <= _longest_word:
                mask |= <long> _words.get(token[start:stripped], 0) & _NOT_CONTENT
            while end < size and _separator(text[end]):
                end += 1
            start = end
    return mask


def token_mask(str token):
    """``dom._token_mask(token)`` computed by the native walk (for tests)."""
    return _token_mask_of(token)


# ``dom._WORDS`` and ``dom._BUILDER_PREFIXES`` as C tables (the words by length), for the
# class masks of ASCII attribute values computed on their bytes (``_bytes_mask``).
cdef struct Word:
    const char *text
    Py_ssize_t length
    long bit

cdef list _word_texts = sorted(
    (len(word), word.encode("ascii"), bit) for word, bit in _WORDS.items()
)
cdef list _builder_bytes = [prefix.encode("ascii") for prefix in _BUILDER_PREFIXES]
cdef Word _word_table[128]
cdef Py_ssize_t _word_first[34]  # words of length n: _word_first[n] to _word_first[n + 1]
cdef Py_ssize_t _word_count = len(_word_texts)
cdef Py_ssize_t _builder_count = len(_builder_bytes)
cdef const char *_builder_texts[4]
cdef Py_ssize_t _builder_lengths[4]


def _index_words():
    cdef Py_ssize_t index, length = 0
    if _word_count > 128 or _longest_word > 32 or _builder_count > 4:
        raise ImportError("more class words than the native walk has room for")
    for index in range(_builder_count):
        _builder_texts[index] = <const char *> (<bytes> _builder_bytes[index])
        _builder_lengths[index] = len(_builder_bytes[index])
    for index in range(_word_count):
        size, text, bit = _word_texts[index]
        _word_table[index].text = <const char *> (<bytes> text)
        _word_table[index].length = size
        _word_table[index].bit = bit
        while length <= size:
            _word_first[length] = index
            length += 1
    while length <= 33:
        _word_first[length] = _word_count
        length += 1


_index_words()


cdef inline long _word_bits(const unsigned char *text, Py_ssize_t size) noexcept:
    """``dom._WORDS.get(word, 0)`` for the ``size`` bytes at ``text``."""
    cdef Py_ssize_t index
    if size > _longest_word:
        return 0
    for index in range(_word_first[size], _word_first[size + 1]):
        if memcmp(text, _word_table[index].text, size) == 0:
            return _word_table[index].bit
    return 0


cdef long _bytes_token_mask(const unsigned char *text, Py_ssize_t size) noexcept:
    """``_token_mask_of`` of an ASCII token given as its (lower-cased, digit-stripped) bytes."""
    cdef Py_ssize_t index, stem, start, end, stripped
    cdef bint separated = False
    for index in range(_modifier_count):  # token.startswith(_MODIFIERS)
        if _modifier_lengths[index] <= size and memcmp(
            text, _modifier_texts[index], _modifier_lengths[index]
        ) == 0:
            return 0
    for index in range(_builder_count):  # the widget type after a page-builder prefix counts
        if _builder_lengths[index] <= size and memcmp(
            text, _builder_texts[index], _builder_lengths[index]
        ) == 0:
            start = _builder_lengths[index]
            while start < size and _separator(text[start]):
                start += 1
            return _bytes_token_mask(text + start, size - start) if start < size else 0
    cdef long mask = _word_bits(text, size)
    for index in range(size):
        if _separator(text[index]):
            separated = True
        if index + 1 == size or not _stem_pairs[text[index] * 128 + text[index + 1]]:
            continue
        for stem in range(_stem_first[text[index]], _stem_first[text[index] + 1]):
            if _stems[stem].length <= size - index and _starts(
                text + index, _stems[stem].text, _stems[stem].length
            ):
                mask |= _stems[stem].bit
    if separated:  # the words between runs of "-" and "_", trailing digits stripped
        start = 0
        while start < size:
            end = start
            while end < size and not _separator(text[end]):
                end += 1
            stripped = end
            while stripped > start and 48 <= text[stripped - 1] <= 57:
                stripped -= 1
            if stripped > start:
                mask |= _word_bits(text + start, stripped - start) & _NOT_CONTENT
            while end < size and _separator(text[end]):
                end += 1
            start = end
    return mask


# The masks of recent attribute values by their bytes: a direct-mapped cache (a value takes
# the slot of its hash, replacing the one there), values of up to ``CACHED_BYTES`` bytes.
cdef enum:
    CACHE_SLOTS = 8192
    CACHED_BYTES = 120

cdef struct CachedMask:
    unsigned long long hash
    Py_ssize_t length  # -1: empty slot
    long mask
    unsigned char text[CACHED_BYTES]

cdef CachedMask *_mask_cache = <CachedMask *> malloc(CACHE_SLOTS * sizeof(CachedMask))
if _mask_cache == NULL:
    raise ImportError("no memory for the class mask cache")
for _slot in range(CACHE_SLOTS):
    _mask_cache[_slot].length = -1


cdef long _bytes_mask(const unsigned char *data, Py_ssize_t size) noexcept:
    """``dom.class_mask`` of an attribute value given as UTF-8 bytes, or -1 when it is not
    ASCII (then ask ``_class_mask``): tokens split at whitespace, lower-cased, trailing
    digits stripped, their masks or-ed."""
    cdef unsigned long long hash = 14695981039346656037ULL
    cdef Py_ssize_t index, start = 0, end, stripped
    cdef CachedMask *slot = NULL
    cdef unsigned char byte
    for index in range(size):  # FNV-1a, and the check that the value is ASCII
        byte = data[index]
        if byte >= 0x80:
            return -1
        hash = (hash ^ byte) * 1099511628211ULL
    if size <= CACHED_BYTES:
        slot = &_mask_cache[(hash ^ (hash >> 29)) & (CACHE_SLOTS - 1)]
        if slot.length == size and slot.hash == hash and memcmp(slot.text, data, size) == 0:
            return slot.mask
    cdef unsigned char small[256]
    cdef unsigned char *lowered = small
    if size > 256:
        lowered = <unsigned char *> malloc(size)
        if lowered == NULL:
            return -1
    for index in range(size):
        byte = data[index]
        lowered[index] = byte | 0x20 if 65 <= byte <= 90 else byte
    cdef long mask = 0
    while True:
        while start < size and Py_UNICODE_ISSPACE(lowered[start]):
            start += 1
        if start == size:
            break
        end = start
        while end < size and not Py_UNICODE_ISSPACE(lowered[end]):
            end += 1
        stripped = end
        while stripped > start and 48 <= lowered[stripped - 1] <= 57:
            stripped -= 1
        mask |= _bytes_token_mask(lowered + start, stripped - start)
        start = end
    if lowered != small:
        free(lowered)
    if slot != NULL:
        slot.hash = hash
        slot.length = size
        slot.mask = mask
        memcpy(slot.text, data, size)
    return mask


cdef long _attr_mask(dw_attr *attr) except -1:
    """``dom.class_mask`` of an attribute's value (0 when it is absent or has none)."""
    if attr == NULL or attr.value == NULL or attr.value.data == NULL:
        return 0
    cdef long mask = _bytes_mask(attr.value.data, attr.value.length)
    if mask >= 0:
        return mask
    return _class_mask(_utf8(attr.value.data, attr.value.length))


def bytes_mask(bytes value):
    """``dom.class_mask`` of the UTF-8 ``value`` computed on its bytes (for tests)."""
    cdef long mask = _bytes_mask(<const unsigned char *> value, len(value))
    return mask if mask >= 0 else _class_mask(value.decode("utf-8", "replace"))


# ``dom.class_mask`` keeps 16,384 values; a crawl (or the dev sets) has more: these caches of
# the same values (by attribute value, by token) are larger, and emptied when full.
cdef dict _masks = {}
cdef dict _token_masks = {}
cdef Py_ssize_t _MASKS_KEPT = 1 << 15


cdef long _token_bits(str token) except -1:
    """``_token_mask_of(token)``, kept in ``_token_masks``."""
    bits = _token_masks.get(token)
    if bits is None:
        bits = _token_mask_of(token)
        if len(_token_masks) >= _MASKS_KEPT:
            _token_masks.clear()
        _token_masks[token] = bits
    return bits


cdef long _class_mask(str value) except -1:
    """``dom.class_mask(value)``: the ``ClassHit`` bits of its tokens."""
    cached = _masks.get(value)
    if cached is not None:
        return cached
    cdef long mask = 0
    cdef const unsigned char *data
    cdef Py_ssize_t size, start = 0, end, stripped, index
    cdef unsigned char *out
    if PyUnicode_IS_ASCII(value):  # the tokens lower-cased and stripped in one copy each
        data = <const unsigned char *> PyUnicode_DATA(value)
        size = PyUnicode_GET_LENGTH(value)
        while True:
            while start < size and Py_UNICODE_ISSPACE(data[start]):
                start += 1
            if start == size:
                break
            end = start
            while end < size and not Py_UNICODE_ISSPACE(data[end]):
                end += 1
            stripped = end
            while stripped > start and 48 <= data[stripped - 1] <= 57:
                stripped -= 1
            token = PyUnicode_New(stripped - start, 127)
            out = <unsigned char *> PyUnicode_DATA(token)
            for index in range(stripped - start):
                out[index] = data[start + index] | 0x20 if 65 <= data[start + index] <= 90 else (
                    data[start + index]
                )
            mask |= _token_bits(token)
            start = end
    else:
        for token in value.lower().split():
            mask |= _token_bits(token.rstrip("0123456789"))
    if len(_masks) >= _MASKS_KEPT:
        _masks.clear()
    _masks[value] = mask
    return mask


cdef str _CELL = CELL, _OPEN = OPEN, _MID = MID, _CLOSE = CLOSE

cdef dw_name_f _element_name = NULL
cdef dw_name_f _attr_name = NULL
cdef dw_root_f _document_root = NULL
# The names of the tags and attributes lexbor knows (static ids), decoded once.
cdef list _tag_names = [None] * DW_TAG_LAST_ENTRY
cdef list _attr_names = [None] * DW_ATTR_LAST_ENTRY
cdef Py_ssize_t _handed_back = 0


class HandBack(DeclutterError):
    """The native walk met something it does not handle: the Python walk takes the page
    (never raised out of ``walked``)."""


def _bind_lexbor():
    """Find the lexbor functions the walk calls in selectolax's extension module (already
    loaded: this only looks its symbols up); ``None``, or why they were not found."""
    global _element_name, _attr_name, _document_root
    try:
        library = ctypes.CDLL(selectolax.lexbor.__file__)
        addresses = [
            ctypes.cast(getattr(library, name), ctypes.c_void_p).value
            for name in (
                "lxb_dom_element_qualified_name", "lxb_dom_attr_qualified_name",
                "lxb_dom_document_root",
            )
        ]
    except (OSError, AttributeError) as error:
        return f"lexbor's functions not found in selectolax: {error}"
    if not all(addresses):
        return "lexbor's functions not found in selectolax"
    _element_name = <dw_name_f> <uintptr_t> addresses[0]
    _attr_name = <dw_name_f> <uintptr_t> addresses[1]
    _document_root = <dw_root_f> <uintptr_t> addresses[2]
    return None


_UNBOUND = _bind_lexbor()


cdef inline str _utf8(const unsigned char *data, size_t length):
    """Decode like selectolax (bad bytes become U+FFFD)."""
    return PyUnicode_DecodeUTF8(<const char *> data, length, "replace")


cdef str _tag_name(dw_node *node):
    """``node.tag`` of an element (its qualified name)."""
    cdef size_t length = 0
    cdef const unsigned char *name
    cdef uintptr_t ident = node.local_name
    cdef bint static = (<dw_element *> node).qualified_name == 0 and ident < DW_TAG_LAST_ENTRY
    if static:
        cached = _tag_names[ident]
        if cached is not None:
            return <str> cached
    name = _element_name(node, &length)
    if name == NULL or length == 0:
        raise HandBack("an element without a name")
    text = _utf8(name, length)
    if static:
        _tag_names[ident] = text
    return text


cdef dict _attributes(dw_node *node):
    """``node.attributes``: name -> value (``None`` for an attribute without a value)."""
    cdef dict attributes = {}
    cdef dw_attr *attr = (<dw_element *> node).first_attr
    cdef size_t length
    cdef const unsigned char *name
    cdef uintptr_t ident
    while attr != NULL:
        ident = attr.node.local_name
        key = None
        if attr.qualified_name == 0 and ident < DW_ATTR_LAST_ENTRY:
            key = _attr_names[ident]
        if key is None:
            length = 0
            name = _attr_name(attr, &length)
            if name == NULL:
                raise HandBack("an attribute without a name")
            key = _utf8(name, length)
            if attr.qualified_name == 0 and ident < DW_ATTR_LAST_ENTRY:
                _attr_names[ident] = key
        if attr.value != NULL and attr.value.data != NULL:
            attributes[key] = _utf8(attr.value.data, attr.value.length)
        else:
            attributes[key] = None
        attr = attr.next
    return attributes


cdef str _deep_text(dw_node *root):
    """``node.text(deep=True)``: the text nodes under ``root``, concatenated."""
    cdef bytearray buffer = bytearray()
    cdef dw_node *node = root.first_child
    cdef dw_str *data
    while node != NULL:
        if node.local_name == DW_TAG_TEXT:
            data = &(<dw_character_data *> node).data
            if data.data != NULL:
                buffer += (<const char *> data.data)[:data.length]
        if node.first_child != NULL:
            node = node.first_child
        else:
            while node != root and node.next == NULL:
                node = node.parent
            if node == root:
                break
            node = node.next
    if not buffer:
        return ""
    return buffer.decode("utf-8", "replace")


cdef class TagTable:
    """A ``TagTable`` of ``segment._tags`` with its entries for lexbor's tag ids cached."""

    cdef dict table
    cdef list infos

    def __init__(self, dict table):
        self.table = table
        self.infos = [False] * DW_TAG_LAST_ENTRY

    cdef object info(self, dw_node *node, str tag):
        """``table.get(tag)`` for the element ``node`` named ``tag``."""
        cdef uintptr_t ident = node.local_name
        if (<dw_element *> node).qualified_name != 0 or ident >= DW_TAG_LAST_ENTRY:
            return self.table.get(tag)
        info = self.infos[ident]
        if info is False:
            info = self.table.get(tag)
            self.infos[ident] = info
        return info


cdef TagTable _TAGS = TagTable(TAGS)
cdef TagTable _TAGS_NOSCRIPT_SHOWN = TagTable(TAGS_NOSCRIPT_SHOWN)


cdef class _Stack:
    """The open elements of the walk: their nodes and actions (C arrays), contexts and extra
    values (lists)."""

    cdef dw_node **nodes
    cdef int *actions
    cdef Py_ssize_t size, capacity
    cdef list contexts, extras

    def __cinit__(self):
        self.contexts = []
        self.extras = []

    def __dealloc__(self):
        free(self.nodes)
        free(self.actions)

    cdef int push(self, dw_node *node, int action, object ctx, object extra) except -1:
        cdef Py_ssize_t capacity
        cdef void *grown
        if self.size == self.capacity:
            capacity = 2 * self.capacity + 64
            grown = realloc(self.nodes, capacity * sizeof(dw_node *))
            if grown == NULL:
                raise MemoryError()
            self.nodes = <dw_node **> grown
            grown = realloc(self.actions, capacity * sizeof(int))
            if grown == NULL:
                raise MemoryError()
            self.actions = <int *> grown
            self.capacity = capacity
        self.nodes[self.size] = node
        self.actions[self.size] = action
        self.size += 1
        self.contexts.append(ctx)
        self.extras.append(extra)
        return 0


cdef inline bint _blank_ascii(const unsigned char *data, size_t length):
    """Whether the bytes are all ASCII whitespace (then the text ``isspace()``)."""
    cdef size_t i
    cdef unsigned char c
    for i in range(length):
        c = data[i]
        if c != 32 and c != 10 and c != 9 and c != 13 and c != 12 and c != 11:
            return False
    return True


cdef inline object _item(object values, Py_ssize_t index):
    """``values[index]`` of a tuple (or a ``NamedTuple``: a ``Ctx``), without checks."""
    return <object> PyTuple_GET_ITEM(values, index)


cdef Py_ssize_t _collapsed_length(str text):
    """``len(" ".join(text.split()))``: the characters of ``text``, whitespace collapsed."""
    cdef Py_ssize_t count = 0, words = 0
    cdef bint inside = False
    cdef Py_UCS4 char
    for char in text:
        if Py_UNICODE_ISSPACE(char):
            inside = False
        else:
            if not inside:
                words += 1
                inside = True
            count += 1
    return count + words - 1 if words else 0


cdef inline void _set(object values, Py_ssize_t index, object item):
    """Fill item ``index`` of a new tuple (a reference to ``item`` is taken)."""
    Py_INCREF(item)
    PyTuple_SET_ITEM(values, index, item)


cdef object _new_ctx(
    object landmark, object hits, object in_main, object article, object chrome, object hidden,
    object tag, object kind, object depth, object block, object pre, object chain, object counts,
):
    """``Ctx(...)`` made in C, as ``tuple.__new__(Ctx, fields)`` makes it
    (``segment._context.new_context``)."""
    ctx = PyType_GenericAlloc(<PyTypeObject *> _Ctx, 13)
    _set(ctx, 0, landmark)
    _set(ctx, 1, hits)
    _set(ctx, 2, in_main)
    _set(ctx, 3, article)
    _set(ctx, 4, chrome)
    _set(ctx, 5, hidden)
    _set(ctx, 6, tag)
    _set(ctx, 7, kind)
    _set(ctx, 8, depth)
    _set(ctx, 9, block)
    _set(ctx, 10, pre)
    _set(ctx, 11, chain)
    _set(ctx, 12, counts)
    return ctx


cdef object _derived(object ctx, Py_ssize_t given, tuple fields):
    """The ``Ctx`` whose first ``given`` fields are ``fields``, the others those of ``ctx``."""
    new = PyType_GenericAlloc(<PyTypeObject *> _Ctx, 13)
    cdef Py_ssize_t index
    for index in range(13):
        _set(new, index, <object> PyTuple_GET_ITEM(fields if index < given else ctx, index))
    return new


cdef object _chain_of(str name, object parent):
    """``segment._context.chain_of(name, parent)``: the path of a block inside ``parent``."""
    if parent is None:
        return (name, None, name, (), 0)
    cdef tuple parts = _item(parent, 3)
    cdef Py_ssize_t kept = min(PyTuple_GET_SIZE(parts), _SOURCE_PARTS), index
    path = PyTuple_New(kept + 1)
    _set(path, 0, name)
    for index in range(kept):
        _set(path, index + 1, <object> PyTuple_GET_ITEM(parts, index))
    top = _item(parent, 2) if _item(parent, 1) is not None else name
    return (name, parent, top, path, _item(parent, 4) + 1)


# The attributes the contexts read, found by name without making the ``attributes`` dict
# (which the rare cases still get, made from the node: ``_attributes``).
cdef enum:
    A_CLASS = 0
    A_ID = 1
    A_ROLE = 2
    A_LABEL = 3
    A_ITEMPROP = 4
    A_STYLE = 5
    A_HIDDEN = 6
    A_ARIA_HIDDEN = 7
    A_HREF = 8
    A_SLOTS = 9

cdef struct Found:
    dw_node *node
    bint any  # the element has attributes (its dict is not empty)
    dw_attr *slot[9]  # the last attribute of each name (the one its dict keeps), or NULL

# The slot of each attribute name lexbor knows (-2: not looked up yet, -1: none).
cdef signed char _static_slots[DW_ATTR_LAST_ENTRY]
memset(_static_slots, -2, sizeof(_static_slots))


cdef int _slot_of(const unsigned char *name, size_t length) noexcept:
    """The slot of the attribute named ``name`` (its qualified name: the dict key), or -1."""
    cdef const char *text = <const char *> name
    if name == NULL:
        return -1
    if length == 5 and memcmp(text, b"class", 5) == 0:
        return A_CLASS
    if length == 2 and memcmp(text, b"id", 2) == 0:
        return A_ID
    if length == 4 and memcmp(text, b"role", 4) == 0:
        return A_ROLE
    if length == 4 and memcmp(text, b"href", 4) == 0:
        return A_HREF
    if length == 5 and memcmp(text, b"style", 5) == 0:
        return A_STYLE
    if length == 6 and memcmp(text, b"hidden", 6) == 0:
        return A_HIDDEN
    if length == 8 and memcmp(text, b"itemprop", 8) == 0:
        return A_ITEMPROP
    if length == 10 and memcmp(text, b"aria-label", 10) == 0:
        return A_LABEL
    if length == 11 and memcmp(text, b"aria-hidden", 11) == 0:
        return A_ARIA_HIDDEN
    return -1


cdef void _find(Found *found, dw_node *node) noexcept:
    """Fill ``found`` with the attributes of the element ``node``."""
    cdef dw_attr *attr = (<dw_element *> node).first_attr
    cdef const unsigned char *name
    cdef size_t length
    cdef int slot
    cdef uintptr_t ident
    memset(found, 0, sizeof(Found))
    found.node = node
    while attr != NULL:
        found.any = True
        ident = attr.node.local_name
        if attr.qualified_name == 0 and ident < DW_ATTR_LAST_ENTRY:
            slot = _static_slots[ident]
            if slot == -2:
                length = 0
                name = _attr_name(attr, &length)  # (before reading ``length``)
                slot = _slot_of(name, length)
                _static_slots[ident] = slot
        else:
            length = 0
            name = _attr_name(attr, &length)
            slot = _slot_of(name, length)
        if slot >= 0:
            found.slot[slot] = attr
        attr = attr.next


cdef inline object _value(dw_attr *attr):
    """The value of an attribute in the ``attributes`` dict (``None``: absent or no value)."""
    if attr == NULL or attr.value == NULL or attr.value.data == NULL:
        return None
    return _utf8(attr.value.data, attr.value.length)


# The tags the contexts treat apart (``_special``).
cdef enum:
    S_HTML = 1
    S_BODY = 2
    S_MAIN = 4
    S_ARTICLE = 8
    S_DIALOG = 16


cdef int _special(str tag) noexcept:
    """Which of html, body, main, article and dialog ``tag`` is (0: none)."""
    if not PyUnicode_IS_ASCII(tag):
        return 0
    cdef const char *text = <const char *> PyUnicode_DATA(tag)
    cdef Py_ssize_t size = PyUnicode_GET_LENGTH(tag)
    if size == 4:
        if memcmp(text, b"html", 4) == 0:
            return S_HTML
        if memcmp(text, b"body", 4) == 0:
            return S_BODY
        if memcmp(text, b"main", 4) == 0:
            return S_MAIN
    elif size == 7 and memcmp(text, b"article", 7) == 0:
        return S_ARTICLE
    elif size == 6 and memcmp(text, b"dialog", 6) == 0:
        return S_DIALOG
    return 0


cdef object _hidden(
    object walk, Found *found, str tag, int special, object role, object chain, str name
):
    """``Contexts._hidden``: "" without asking it when no hiding attribute applies."""
    if special & (S_HTML | S_BODY):
        return ""
    if (
        found.slot[A_HIDDEN] != NULL
        or _value(found.slot[A_ARIA_HIDDEN]) == "true"
        or special & S_DIALOG
    ):
        return walk._hidden(_attributes(found.node), tag, role, chain, name)
    style = _value(found.slot[A_STYLE])
    if style and _hidden_style(style) is not None:
        return walk._hidden(_attributes(found.node), tag, role, chain, name)
    return ""


# The ``ClassHit`` members in their order, with the name of the category each stands for.
cdef list _HITS = [(int(hit), str(hit.name).lower()) for hit in ClassHit]


cdef str _short_name(str tag, Found *found):
    """``segment._context._name``: ``div#main`` / ``div.sidebar`` / ``div``."""
    ident = _value(found.slot[A_ID])
    if ident:
        return f"{tag}#{ident[:40]}"
    classes = (_value(found.slot[A_CLASS]) or "").split(None, 1)
    return f"{tag}.{classes[0][:40]}" if classes else tag


cdef str _source_of(object chain, str leaf):
    """``segment._context.source(chain, leaf)``."""
    if chain is None:
        return leaf
    if leaf:
        chain = _chain_of(leaf, chain)
    return _source(chain)


cdef str _matching_token(Found *found, long hit):
    """``segment._context._matching_token``: ``class "sidebar"``, the first attribute token
    that gave ``hit``."""
    for name, slot in (
        ("class", A_CLASS), ("id", A_ID), ("role", A_ROLE), ("aria-label", A_LABEL)
    ):
        for token in (_value(found.slot[slot]) or "").split():
            if _class_mask(token) & hit:
                return f'{name} "{token[:40]}"'
    return f"class hit {ClassHit(hit).name}"


cdef object _trigger(
    object walk, str tag, object role, object landmark, long own, Found *found, object chain,
    str name,
):
    """``Contexts._trigger``: record the element that makes its lines chrome; its index."""
    where = _source_of(chain, name or _short_name(tag, found))
    if landmark in _CHROME_LANDMARKS:
        category = str(landmark)
        what = f"<{tag}>" if tag == landmark else f'role="{role}"'
        reason = f"inside {what} ({where})"
    else:
        hit = own & _CHROME_BITS
        category = next(label for bit, label in _HITS if bit & hit)
        reason = f"{_matching_token(found, hit)} ({where})"
    reasons = walk.chrome_reasons
    reasons.append(reason)
    walk.chrome_hits.append(category)
    return len(reasons) - 1


cdef frozenset _RAW = _RAW_TEXT, _JS = _JS_TYPES


cdef object _summary(object walk, dw_node *node, str tag, object ctx, Py_ssize_t depth):
    """``WalkState._summary``: the summary line of a skipped element, or ``None``."""
    cdef str content, text
    if tag in _RAW:
        content = ""
        kind = (_attributes(node).get("type") or "").strip().lower() if tag == "script" else ""
        if kind == "application/ld+json":
            content = _deep_text(node)
            walk.json_ld.append(content)
        label = f"<script type={kind[:40]}>" if kind and kind not in _JS else f"<{tag}>"
        text = f"{label} {len(content):,} chars" if content else label
    else:
        content = _deep_text(node)
        if not content or content.isspace():
            return None
        if tag == "noscript":
            walk.noscript_chars += len(content)
        if tag == "title":
            if not walk.title:
                walk.title = content
            text = " ".join(content.split())
        else:
            text = f"<{tag}> {len(content):,} chars"
    if tag == "title":
        reason = "<title> is shown in the browser tab, not in the page"
    else:
        reason = f"<{tag}> is not shown"
    inner = _new_ctx(
        _item(ctx, 0), _item(ctx, 1), _item(ctx, 2), _item(ctx, 3), _item(ctx, 4),
        _item(ctx, 5) or reason, tag, _OTHER, depth, _item(ctx, 9), False,
        _chain_of(tag, _item(ctx, 11)), _item(ctx, 12),
    )
    return (text, inner, 0, None)


cdef _meta(object walk, dw_node *node):
    """``WalkState._meta``: keep the page hint of a ``<meta>`` (the first of each name)."""
    cdef dict attrs = _attributes(node)
    name = (attrs.get("property") or attrs.get("name") or "").strip().lower()
    metas = walk.metas
    if name in _HINT_META and name not in metas:
        metas[name] = " ".join((attrs.get("content") or "").split())


cdef object _enter(
    object walk, object ctx, str tag, int special, object role, object landmark, long own,
    bint main, object reason, Found *found, str name,
):
    """``Contexts._enter``: the context inside an element that changes more than the class
    hits (its chrome trigger recorded by ``Contexts._trigger``)."""
    article = _item(ctx, 3)
    if special & S_ARTICLE:
        parents = walk.article_parent
        article = len(parents)
        parents.append(_item(ctx, 3))
    in_main = True if main else _item(ctx, 2)
    chrome = _item(ctx, 4)
    if chrome < 0 and not in_main and (landmark in _CHROME_LANDMARKS or own & _CHROME_BITS):
        chrome = _trigger(walk, tag, role, landmark, own, found, _item(ctx, 11), name)
    return _derived(
        ctx, 6,
        (landmark or _item(ctx, 0), <long> _item(ctx, 1) | own, in_main, article, chrome,
         reason or _item(ctx, 5)),
    )


cdef object _first_word(str text):
    """``text.split(None, 1)[0][:40]``, or ``None`` when ``text.isspace()``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t size = PyUnicode_GET_LENGTH(text), start = 0, end
    while start < size and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start)):
        start += 1
    if start == size:
        return None
    end = start
    while end < size and end - start < 40 and not Py_UNICODE_ISSPACE(
        PyUnicode_READ(kind, data, end)
    ):
        end += 1
    return text[start:end]


cdef object _enter_block(
    object walk, object ctx, str tag, object kind, int flags, Found *found, Py_ssize_t depth
):
    """``Contexts.enter_block`` (``segment._context``; see there)."""
    landmark = _item(ctx, 0)
    cdef long hits = _item(ctx, 1)
    in_main = _item(ctx, 2)
    article = _item(ctx, 3)
    chrome = _item(ctx, 4)
    hidden = _item(ctx, 5)
    outer_kind = _item(ctx, 7)
    block = _item(ctx, 9)
    pre = _item(ctx, 10)
    chain = _item(ctx, 11)
    cdef dict counts = _item(ctx, 12)
    cdef long own = 0
    cdef bint main
    cdef int special = _special(tag)
    classes = ident = None
    if found.any:
        classes = _value(found.slot[A_CLASS])
        ident = _value(found.slot[A_ID])
    cdef str name = ""
    if kind is not None:  # the block's name in its path: div#id, p.class[nth], p[nth]
        nth = counts.get(tag, 0) + 1
        counts[tag] = nth
        if ident and not special & S_BODY:
            name = f"{tag}#{ident[:40]}"
        elif classes and not special & S_BODY and (first := _first_word(classes)) is not None:
            name = f"{tag}.{first}" if nth == 1 else f"{tag}.{first}[{nth}]"
        else:
            name = tag if nth == 1 else f"{tag}[{nth}]"
    entered = None
    if found.any:
        role = _value(found.slot[A_ROLE])
        own = _attr_mask(found.slot[A_CLASS]) | _attr_mask(found.slot[A_ID])
        own_landmark = tag if flags & _LANDMARK else None
        if role:
            own |= _attr_mask(found.slot[A_ROLE])
            own_landmark = own_landmark or _ROLE_LANDMARKS.get(role)
        if found.slot[A_LABEL] != NULL:
            own |= _attr_mask(found.slot[A_LABEL])
        main = (
            special & S_MAIN
            or (role is not None and role == "main")
            or (found.slot[A_ITEMPROP] != NULL and _value(found.slot[A_ITEMPROP]) == "articleBody")
        )
        reason = ""
        if not hidden and (
            found.slot[A_STYLE] != NULL
            or found.slot[A_HIDDEN] != NULL
            or found.slot[A_ARIA_HIDDEN] != NULL
            or flags & _DIALOG
        ):
            reason = _hidden(walk, found, tag, special, role, chain, name)
        elif special & (S_HTML | S_BODY):
            own = 0
            if special & S_HTML:
                attrs = _attributes(found.node)
                walk.lang = attrs.get("lang") or attrs.get("xml:lang") or ""
        if (
            own_landmark
            or reason
            or (main and not in_main)
            or special & S_ARTICLE
            or (own & _CHROME_BITS and chrome < 0 and not in_main)
        ):
            entered = _enter(
                walk, ctx, tag, special, role, own_landmark, own, main, reason, found, name
            )
    elif flags & (_LANDMARK | _DIALOG):
        reason = ""
        if flags & _DIALOG and not hidden:
            reason = _hidden(walk, found, tag, special, None, chain, name)
        own_landmark = tag if flags & _LANDMARK else None
        entered = _enter(
            walk, ctx, tag, special, None, own_landmark, 0, special & S_MAIN != 0, reason, found,
            name,
        )
    if entered is not None:
        if kind is None:
            return entered
        landmark = _item(entered, 0)
        hits = _item(entered, 1)
        in_main = _item(entered, 2)
        article = _item(entered, 3)
        chrome = _item(entered, 4)
        hidden = _item(entered, 5)
    elif kind is None:  # the same innermost block, maybe more class hits
        if hits | own == hits:
            return ctx
        return _derived(ctx, 2, (landmark, hits | own))
    else:
        hits |= own
    chain = _chain_of(name, chain)
    if flags & _CONTAINER:
        parents = walk.block_parent
        parents.append(block)
        block = len(parents) - 1
    if kind is _PRE:
        pre = True
    elif kind in _GENERIC and outer_kind in _INHERITED:
        kind = outer_kind
    return _new_ctx(
        landmark, hits, in_main, article, chrome, hidden, tag, kind, depth, block, pre, chain, {}
    )


cdef object _enter_inline(object walk, object ctx, str tag, Found *found):
    """``Contexts.enter_inline`` (``segment._context``): only classes and hiding matter."""
    cdef long own = _attr_mask(found.slot[A_CLASS]) | _attr_mask(found.slot[A_LABEL])
    cdef long hits
    cdef int special = _special(tag)
    reason = ""
    if not _item(ctx, 5) and (
        found.slot[A_STYLE] != NULL
        or found.slot[A_HIDDEN] != NULL
        or found.slot[A_ARIA_HIDDEN] != NULL
    ):
        reason = _hidden(walk, found, tag, special, None, _item(ctx, 11), "")
    if reason or (own & _CHROME_BITS and _item(ctx, 4) < 0 and not _item(ctx, 2)):
        return _enter(walk, ctx, tag, special, None, None, own, False, reason, found, "")
    hits = _item(ctx, 1)
    if own and hits | own != hits:
        return _derived(ctx, 2, (_item(ctx, 0), hits | own))
    return ctx


cdef str _collapsed_ascii(list pieces):
    """``_collapsed`` of pieces that are all ASCII (no marker among them): the words copied
    byte by byte into a buffer as long as the pieces, then into the string."""
    cdef Py_ssize_t total = 0, size = 0, index, length
    cdef const unsigned char *data
    cdef unsigned char byte
    cdef bint space = False
    for piece in pieces:
        total += PyUnicode_GET_LENGTH(piece)
    cdef unsigned char *buffer = <unsigned char *> malloc(total + 1)
    if buffer == NULL:
        raise MemoryError()
    for piece in pieces:
        data = <const unsigned char *> PyUnicode_DATA(piece)
        length = PyUnicode_GET_LENGTH(piece)
        for index in range(length):
            byte = data[index]
            if Py_UNICODE_ISSPACE(byte):
                space = size > 0
                continue
            if space:
                buffer[size] = 32
                size += 1
                space = False
            buffer[size] = byte
            size += 1
    if size == 0:
        free(buffer)
        return ""
    text = PyUnicode_New(size, 127)
    memcpy(PyUnicode_DATA(text), buffer, size)
    free(buffer)
    return text


cdef str _collapsed(list pieces, bint *marked):
    """``" ".join("".join(pieces).split())``, made in one pass over the pieces and one over
    the result; ``marked`` is set when it holds one of the walk's markers (U+FDD0-U+FDD3)."""
    cdef Py_ssize_t size = 0, index, length, position = 0
    cdef Py_UCS4 char, widest = 0
    cdef bint space = False
    cdef int kind
    cdef void *data
    marked[0] = False
    for piece in pieces:
        if not PyUnicode_IS_ASCII(piece):
            break
    else:
        return _collapsed_ascii(pieces)
    for piece in pieces:
        kind = PyUnicode_KIND(piece)
        data = PyUnicode_DATA(piece)
        length = PyUnicode_GET_LENGTH(piece)
        for index in range(length):
            char = PyUnicode_READ(kind, data, index)
            if Py_UNICODE_ISSPACE(char):
                space = size > 0
                continue
            if space:
                size += 1
                widest = max(widest, 32)
                space = False
            size += 1
            widest = max(widest, char)
            if 0xFDD0 <= char <= 0xFDD3:
                marked[0] = True
    if size == 0:
        return ""
    text = PyUnicode_New(size, widest)
    cdef int out_kind = PyUnicode_KIND(text)
    cdef void *out = PyUnicode_DATA(text)
    space = False
    for piece in pieces:
        kind = PyUnicode_KIND(piece)
        data = PyUnicode_DATA(piece)
        length = PyUnicode_GET_LENGTH(piece)
        for index in range(length):
            char = PyUnicode_READ(kind, data, index)
            if Py_UNICODE_ISSPACE(char):
                space = position > 0
                continue
            if space:
                PyUnicode_WRITE(out_kind, out, position, 32)
                position += 1
                space = False
            PyUnicode_WRITE(out_kind, out, position, char)
            position += 1
    return text


cdef int _emit(
    object walk, list records, list pieces, object ctx, Py_ssize_t link_chars, bint timed
) except -1:
    """``WalkState._emit``: the line made of ``pieces``; lines that need more than collapsing
    whitespace (preformatted, with cells or links, under a deadline) are made by it."""
    cdef bint marked
    if timed or _item(ctx, 10):
        walk._emit(pieces, ctx, link_chars)
        return 0
    cdef str text = _collapsed(pieces, &marked)
    if not text:
        return 0
    if marked:
        walk._emit(pieces, ctx, link_chars)
        return 0
    records.append((text, ctx, link_chars, None))
    return 0


cdef int _run(object walk, dw_node *root, TagTable tags) except -1:
    """``segment.html._Walk.run`` over the lexbor nodes under ``root`` (see there)."""
    cdef list records = walk.records
    cdef bint timed = walk.deadline is not None
    cdef bint want_links = walk.want_links
    cdef list hrefs = walk.hrefs
    cdef list pieces = []
    cdef object ctx = root_context()
    cdef object owner = ctx
    cdef Py_ssize_t link_chars = 0
    cdef bint link = False
    cdef Py_ssize_t cells = 0
    cdef list deferred = []
    cdef _Stack stack = _Stack()
    cdef dw_node *node = root
    cdef dw_node *child
    cdef dw_str *data
    cdef int flags, action
    cdef str tag, text
    cdef object info, kind, inner, extra, record, href
    cdef Found found
    while True:
        if node.local_name == DW_TAG_TEXT:
            if node.type == DW_NODE_TEXT:
                data = &(<dw_character_data *> node).data
                if data.data != NULL and data.length:
                    if pieces:
                        text = _utf8(data.data, data.length)
                        pieces.append(text)
                        if link:
                            link_chars += _collapsed_length(text)
                    elif _item(ctx, 10) or not _blank_ascii(data.data, data.length):
                        text = _utf8(data.data, data.length)
                        if not text.isspace() or _item(ctx, 10):
                            owner = ctx
                            pieces.append(text)
                            if link:
                                link_chars += _collapsed_length(text)
        elif (
            node.type == DW_NODE_ELEMENT
            and node.local_name != DW_TAG_DOCUMENT
            and node.local_name != DW_TAG_COMMENT
            and node.local_name != DW_TAG_DOCTYPE
        ):
            tag = _tag_name(node)
            if tag[0] == "-":
                raise HandBack("an element named like a text or comment node")
            child = node.first_child
            info = tags.info(node, tag)
            flags = 0
            kind = None
            if info is not None:
                kind = _item(info, 0)
                flags = _item(info, 1)
                if flags & _CELLTAG:
                    if cells:
                        if not pieces:
                            owner = ctx
                        pieces.append(_CELL)
                    cells += 1
            if child == NULL:
                if info is not None:
                    if flags & _BREAK:
                        if _item(ctx, 10):
                            pieces.append("\n")
                        elif pieces:
                            _emit(walk, records, pieces, owner, link_chars, timed)
                            pieces, link_chars = [], 0
                    elif pieces and kind is not None:
                        _emit(walk, records, pieces, owner, link_chars, timed)
                        pieces, link_chars = [], 0
                    elif flags & _META:
                        _meta(walk, node)
            elif info is not None and flags & _SKIP:
                record = _summary(walk, node, tag, ctx, stack.size)
                if record is not None:
                    (deferred if pieces else records).append(record)
            else:
                _find(&found, node)
                if info is None:
                    inner = _enter_inline(walk, ctx, tag, &found) if found.any else ctx
                    action = 0
                else:
                    if kind is not None and pieces:
                        _emit(walk, records, pieces, owner, link_chars, timed)
                        pieces, link_chars = [], 0
                    inner = ctx
                    if kind is not None or found.any:
                        inner = _enter_block(walk, ctx, tag, kind, flags, &found, stack.size)
                    action = 0 if kind is None else END_LINE
                extra = None
                if _item(inner, 5) and not _item(ctx, 5):
                    action = END_LINE
                    if pieces:
                        action = END_LINE | RESUME_LINE
                        extra = (pieces, owner, link_chars)
                        pieces, link_chars = [], 0
                if kind is _TABLE_ROW:
                    action |= RESTORE_CELLS
                    extra = cells
                    cells = 0
                elif flags & _LINK and not link and _value(found.slot[A_HREF]) is not None:
                    link = True
                    action |= END_LINK
                    if want_links:
                        if not pieces:
                            owner = inner
                        pieces.append(f"{_OPEN}{len(hrefs)}{_MID}")
                        hrefs.append(_value(found.slot[A_HREF]) or "")
                stack.push(node, action, ctx, extra)
                ctx = inner
                node = child
                continue
        # Leave ``node`` and every ancestor that has no next sibling.
        while True:
            if node.next != NULL:
                node = node.next
                break
            if stack.size == 0:
                if pieces:
                    _emit(walk, records, pieces, owner, link_chars, timed)
                records.extend(deferred)
                return 0
            stack.size -= 1
            node = stack.nodes[stack.size]
            action = stack.actions[stack.size]
            ctx = stack.contexts.pop()
            extra = stack.extras.pop()
            if action:
                if action & END_LINK:
                    link = False
                    if want_links and pieces:
                        pieces.append(_CLOSE)
                if action & END_LINE and pieces:
                    _emit(walk, records, pieces, owner, link_chars, timed)
                    pieces, link_chars = [], 0
                if action & RESUME_LINE:
                    pieces, owner, link_chars = extra
                elif action & RESTORE_CELLS:
                    cells = extra
                if deferred and not pieces:
                    records.extend(deferred)
                    deferred = []


cdef inline list _column(Py_ssize_t size):
    """A new list of ``size`` items, each to be filled with ``_put``."""
    return PyList_New(size)


cdef inline void _put(list values, Py_ssize_t index, object item):
    """Fill item ``index`` of a new list (a reference to ``item`` is taken)."""
    Py_INCREF(item)
    PyList_SET_ITEM(values, index, item)


cdef str _GREATER = ">"


cdef str _reversed_path(tuple parts, Py_ssize_t count):
    """``">".join(parts[:count][::-1])``."""
    cdef list names = PyList_New(count)
    cdef Py_ssize_t index
    for index in range(count):
        _put(names, index, <object> PyTuple_GET_ITEM(parts, count - 1 - index))
    return PyUnicode_Join(_GREATER, names)


cdef str _source(object chain):
    """``segment._context.source(chain)``: the short path of a block."""
    if chain is None:
        return ""
    cdef tuple parts = _item(chain, 3)
    cdef Py_ssize_t size = PyTuple_GET_SIZE(parts), index, kept
    cdef str part
    if _item(chain, 4) <= _SOURCE_PARTS:
        return _reversed_path(parts, size)
    kept = min(size, _SOURCE_PARTS - 1)
    for index in range(kept):  # ("#" in "".join(inner): no part has it unless one does)
        part = <str> PyTuple_GET_ITEM(parts, index)
        if PyUnicode_FindChar(part, 0x23, 0, PyUnicode_GET_LENGTH(part), 1) >= 0:
            return _reversed_path(parts, index + 1)
    return f"{_item(chain, 2)}>...>{_reversed_path(parts, kept)}"


cdef object _is_normalized = unicodedata.is_normalized
cdef object _normalize_text = normalize_text
cdef object _read_hints = read_hints
cdef object _HtmlDocument = HtmlDocument


cdef int _plain(str line) noexcept:
    """0 when ``line`` is ASCII without control characters (``normalize_text`` leaves it as it
    is), 1 when it is not ASCII but has none (nor a carriage return), 2 when it has some."""
    cdef int kind = PyUnicode_KIND(line)
    cdef void *data = PyUnicode_DATA(line)
    cdef Py_ssize_t size = PyUnicode_GET_LENGTH(line), index
    cdef Py_UCS4 char
    cdef int plain = 0
    for index in range(size):
        char = PyUnicode_READ(kind, data, index)
        if char < 0x20:
            if char != 9 and char != 10:
                return 2
        elif char >= 0x7F:
            if char <= 0x9F or char == 0xFEFF:
                return 2
            plain = 1
    return plain


cdef bint _normalized(list lines) except -1:
    """Whether ``normalize_text("\\n".join(lines))`` is that text as it is, without joining
    the lines when none has a control character: NFC composes nothing across a newline (a
    starter that no character composes with), so the text is in NFC when each line is."""
    cdef Py_ssize_t index
    cdef int plain
    for index in range(PyList_GET_SIZE(lines)):
        line = <str> PyList_GET_ITEM(lines, index)
        plain = _plain(line)
        if plain == 2 or (plain == 1 and not _is_normalized("NFC", line)):
            joined = "\n".join(lines)
            return _normalize_text(joined) == joined
    return True


cdef object _document(object walk, object flattened):
    """``WalkState.document``: the columns of the records made in one pass over them (the
    source of each chain made once, the normalization checked line by line)."""
    hints = _read_hints(
        lang=walk.lang, title=walk.title, metas=walk.metas, json_ld=walk.json_ld
    )
    cdef list records = walk.records
    cdef Py_ssize_t size = len(records), index, start = 0
    if not size:
        return _HtmlDocument(
            [], [], [], [], [], [], [], [], [], [], [], [], [], [], hints=hints,
            flattened_tags=flattened,
        )
    cdef list lines = _column(size), starts = _column(size), sources = _column(size)
    cdef list tags = _column(size), kinds = _column(size), link_chars = _column(size)
    cdef list landmarks = _column(size), hits = _column(size), depths = _column(size)
    cdef list blocks = _column(size), hidden = _column(size), in_main = _column(size)
    cdef list articles = _column(size), chrome = _column(size)
    cdef dict links = {}, names = {}
    cdef object record, ctx, chain, spans, name
    cdef object last_chain = None
    cdef str last_name = None
    for index in range(size):
        record = <object> PyList_GET_ITEM(records, index)
        if PyTuple_GET_SIZE(record) != 4:
            raise ValueError("a walk record is not (text, context, link_chars, spans)")
        ctx = _item(record, 1)
        _put(lines, index, _item(record, 0))
        _put(link_chars, index, _item(record, 2))
        spans = _item(record, 3)
        if spans:
            links[index] = spans
        _put(landmarks, index, _item(ctx, 0))
        _put(hits, index, _item(ctx, 1))
        _put(in_main, index, _item(ctx, 2))
        _put(articles, index, _item(ctx, 3))
        _put(chrome, index, _item(ctx, 4))
        _put(hidden, index, _item(ctx, 5))
        _put(tags, index, _item(ctx, 6))
        _put(kinds, index, _item(ctx, 7))
        _put(depths, index, _item(ctx, 8))
        _put(blocks, index, _item(ctx, 9))
        chain = _item(ctx, 11)
        if chain is not last_chain or last_name is None:
            key = <Py_ssize_t> <void *> chain
            name = names.get(key)
            if name is None:
                name = _source(chain)
                names[key] = name
            last_chain = chain
            last_name = name
        _put(sources, index, last_name)
    if not _normalized(lines):
        lines = [_normalize_text(line).replace("\n", " ") for line in lines]
    for index in range(size):
        _put(starts, index, start)
        start += PyUnicode_GET_LENGTH(<str> PyList_GET_ITEM(lines, index)) + 1
    return _HtmlDocument(
        lines=lines,
        starts=starts,
        sources=sources,
        tag=tags,
        block_kind=kinds,
        link_chars=link_chars,
        landmark=landmarks,
        class_hits=hits,
        depth=depths,
        block_id=blocks,
        hidden=hidden,
        in_main=in_main,
        article=articles,
        chrome=chrome,
        chrome_reasons=walk.chrome_reasons,
        chrome_hits=walk.chrome_hits,
        block_parent=walk.block_parent,
        article_parent=walk.article_parent,
        links=links,
        hints=hints,
        flattened_tags=flattened,
    )


class NativeWalk(_html._Walk):
    """``segment.html._Walk`` with its sources and document columns made in C."""

    def sources_of(self, dict chains):
        return {key: _source(chain) for key, chain in chains.items()}

    def document(self, flattened):
        """``WalkState.document`` (``_document``)."""
        return _document(self, flattened)


def utf8(str text):
    """``text.encode("utf-8", "replace")`` (lone surrogates become "?"), with runs of ASCII
    characters encoded several at a time (``walk_utf8.h``) in text of one- and two-byte kinds."""
    if PyUnicode_IS_ASCII(text):
        return text.encode("utf-8")
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(text), size
    if kind == 1:
        size = dw_utf8_size_ucs1(<const uint8_t *> data, length)
    elif kind == 2:
        size = dw_utf8_size_ucs2(<const uint16_t *> data, length)
    else:
        size = -1
    if size < 0:
        return text.encode("utf-8", "replace")
    result = PyBytes_FromStringAndSize(NULL, size)
    cdef uint8_t *out = <uint8_t *> PyBytes_AS_STRING(result)
    if kind == 1:
        dw_utf8_write_ucs1(<const uint8_t *> data, length, out)
    else:
        dw_utf8_write_ucs2(<const uint16_t *> data, length, out)
    return result


# The keys of ``segment._nesting._estimated_depth`` (the first three bytes of the names of the
# p-closing block tags, lower-cased), sorted.
cdef list _NESTING = [int(key) for key in _NESTING_KEYS]
cdef Py_ssize_t _NESTING_TAGS = _NESTING_CHECK_TAGS


cdef bint _nesting_key(int key, int[::1] keys) noexcept:
    cdef Py_ssize_t low = 0, high = keys.shape[0]
    cdef Py_ssize_t middle
    while low < high:
        middle = (low + high) // 2
        if keys[middle] < key:
            low = middle + 1
        else:
            high = middle
    return low < keys.shape[0] and keys[low] == key


cdef int[::1] _nesting_keys = array.array("i", _NESTING)


def nesting_depth(bytes data):
    """``segment._nesting._estimated_depth(data)``: the nesting depth of the p-closing block
    tags counted on the bytes (0 for pages with few tags)."""
    cdef const unsigned char *bytes_ = data
    cdef const unsigned char *end = bytes_ + len(data) - 4  # "<" positions before it count
    cdef const unsigned char *at = bytes_
    cdef const unsigned char *start
    cdef Py_ssize_t tags = 0
    cdef long depth = 0, deepest = 0
    cdef bint closing, found = False
    cdef int key
    cdef unsigned char third
    if len(data) < 5:
        return 0
    while at < end and tags < _NESTING_TAGS:  # (enough tags: the count stops there)
        at = <const unsigned char *> memchr(at, 0x3C, end - at)
        if at == NULL:
            break
        tags += 1
        at += 1
    if tags < _NESTING_TAGS:
        return 0
    at = bytes_
    while at < end:
        at = <const unsigned char *> memchr(at, 0x3C, end - at)
        if at == NULL:
            break
        closing = at[1] == 0x2F
        start = at + 1 + closing
        third = start[2]
        key = (
            ((start[0] | 0x20) << 16) | ((start[1] | 0x20) << 8)
            | (third if third < 0x41 else third | 0x20)
        )
        if _nesting_key(key, _nesting_keys):
            depth += -1 if closing else 1
            if not found or depth > deepest:
                deepest = depth
                found = True
        at += 1
    return deepest if found else 0


def walked(bytes data, deadline, bint links, *, bint noscript=False, str shown=""):
    """``segment.html._walked`` (same arguments, same walk state) with the native loop; a
    page it cannot take is walked by the Python loop."""
    global _handed_back
    if _UNBOUND:
        return _html._walked(data, deadline, links, noscript=noscript, shown=shown)
    tree = LexborHTMLParser(data, scripting=not noscript)
    walk = NativeWalk(deadline, links, TAGS_NOSCRIPT_SHOWN if noscript else TAGS, shown)
    cdef void *document = (<dw_parser *> <void *> tree).document
    if document == NULL:
        return walk
    cdef dw_node *root = _document_root(document)
    if root == NULL:
        return walk
    try:
        _run(walk, root, _TAGS_NOSCRIPT_SHOWN if noscript else _TAGS)
    except HandBack:
        _handed_back += 1
        return _html._walked(data, deadline, links, noscript=noscript, shown=shown)
    return walk


def handed_back():
    """How many walks this process handed back to the Python walk."""
    return _handed_back


_SELF_TEST_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>T &amp; t</title><meta name='description' "
    "content=' d '><script type='application/ld+json'>{\"articleBody\": \"Body\"}</script>"
    "<style>p{}</style></head><body><header class='site-header'><nav><a href='/'>Home</a>"
    "</nav></header><main><article id='story'><h1>Title <em>here</em></h1><p class='lead'>A "
    "<a href='/x'>link</a> and <b data-x>bold</b> text.<br>Next</p><custom-tag foo='1'>c"
    "</custom-tag><table><tr><td>a</td><td>b</td></tr></table><pre> x\n  y </pre>"
    "<div style='display:none'>gone</div><p>caf\u00e9 \u2014 <span hidden>h</span>end</p>"
    "<svg><text>s</text></svg><noscript>n</noscript></article></main><!-- c -->"
    "<footer><p>\u00a9 2026</p></footer></body></html>"
)


def self_test():
    """``None`` when this build may walk pages, else why not (the Python walk is then used)."""
    import dataclasses

    if _UNBOUND:
        return _UNBOUND
    if selectolax.__version__ != SELECTOLAX_VERSION:
        return (
            f"built for selectolax {SELECTOLAX_VERSION}, found {selectolax.__version__}: "
            "using the Python walk"
        )
    tree = LexborHTMLParser(b"<p>x</p>")
    cdef void *document = (<dw_parser *> <void *> tree).document
    if document == NULL or (<dw_node *> document).type != DW_NODE_DOCUMENT:
        return "selectolax's parser object is not laid out as expected"
    if <uintptr_t> _document_root(document) != tree.root.mem_id:
        return "selectolax's document root is not where expected"
    data = _SELF_TEST_PAGE.encode()
    with native.use(False):  # the reference path only, and no kernel loading from here
        for links in (False, True):
            compiled = walked(data, None, links).document(0)
            reference = _html._walked(data, None, links).document(0)
            for field in dataclasses.fields(compiled):
                if repr(getattr(compiled, field.name)) != repr(getattr(reference, field.name)):
                    return f"self-test: the native walk differs in {field.name}"
    if _handed_back:
        return "self-test: the test page was handed back to the Python walk"
    return None
