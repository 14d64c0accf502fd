"""Invisible characters taken out of the clean text (``Result.text``, ``Result.markdown``).

Soft hyphens (U+00AD), zero-width spaces (U+200B), word joiners (U+2060), zero-width no-break
spaces / byte-order marks (U+FEFF) and the other default-ignorable format characters below
print nothing but split words for search and tokenizers ("con\\u00adtinue" does not match
"continue"). They are removed from the kept text only: ``Line.text``, the report and every
offset keep the input as it was, so ``Result.text`` is the kept lines joined with newlines and
then passed through ``without_invisible``; ``apply_report`` does the same. Joiners that change
how text is written are kept: U+200C and U+200D (Persian, Indic scripts, emoji sequences) and
the bidirectional marks U+200E, U+200F.

>>> without_invisible("con\\u00adtinue\\u200b reading\\ufeff")
'continue reading'
>>> persian = "\\u0645\\u06cc\\u200c\\u062e\\u0648\\u0627\\u0647\\u0645"  # a ZWNJ inside
>>> without_invisible(persian) == persian
True
"""

from __future__ import annotations

import re

#: The characters removed: soft hyphen, Mongolian vowel separator, zero-width space, word
#: joiner, invisible operators (U+2061-U+2064), deprecated format controls (U+206A-U+206F),
#: zero-width no-break space (BOM).
INVISIBLE = frozenset(
    {0x00AD, 0x180E, 0x200B, 0x2060, *range(0x2061, 0x2065), *range(0x206A, 0x2070), 0xFEFF}
)
# ``str.translate`` looks a table up for every character of a non-ASCII text (a fifth of text
# mode's time): each character is searched for first (a fast scan), a regex removes them.
_CHARACTERS = tuple(sorted(map(chr, INVISIBLE)))
_PATTERN = re.compile("[" + "".join(_CHARACTERS) + "]")


def without_invisible(text: str) -> str:
    """``text`` without the characters of ``INVISIBLE``."""
    if text.isascii() or not any(character in text for character in _CHARACTERS):
        return text
    return _PATTERN.sub("", text)
