"""Lone surrogates in a ``str``: code points U+D800-U+DFFF that UTF-8 cannot encode.

They reach the cleaner through text decoded with ``surrogateescape`` or ``surrogatepass``,
JSON with a lone ``\\ud800`` escape, or UTF-16 cut in half. The mapping, the one a UTF-16
decoder applies: a high surrogate directly followed by a low surrogate becomes the character
the pair encodes; every other surrogate becomes U+FFFD (the replacement character), one per
surrogate. Text without surrogates is returned as it is (the same object).

>>> repair_surrogates("caf\\udce9 au lait")
'caf\\ufffd au lait'
>>> repair_surrogates("smile \\ud83d\\ude00")
'smile 😀'
>>> repair_surrogates("plain text") == "plain text"
True
"""

from __future__ import annotations

import re

from declutter import native

_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(text: str) -> str:
    """``text`` with surrogate pairs joined and lone surrogates replaced by U+FFFD, so that
    it always encodes as UTF-8 (see the module doc).

    >>> repair_surrogates("\\ud800 alone, \\ud83d\\ude00 paired").encode("utf-8")
    b'\\xef\\xbf\\xbd alone, \\xf0\\x9f\\x98\\x80 paired'
    """
    if text.isascii():
        return text
    compiled = native.kernel("text")
    if compiled is not None:
        if not compiled.has_surrogates(text):  # one pass over the code units, none for 1-byte text
            return text
    elif _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
