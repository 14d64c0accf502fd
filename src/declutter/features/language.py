"""Guess a document's language and give its stopword set (from the ``stopwordsiso`` package).

Scripts decide first (Han, kana, Hangul, Arabic, Cyrillic, Greek, Hebrew, Thai, Devanagari);
within Latin and Cyrillic scripts the language whose stopwords cover most of a sample of words
wins.

>>> detect_language("Der Ausschuss hat am Dienstag über den Haushalt beraten und ihn angenommen.")
'de'
>>> detect_language("委员会周二讨论了预算，并以多数票通过。")
'zh'
>>> "the" in stopwords("en")
True
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import stopwordsiso

from declutter import native

#: Latin-script languages told apart by stopwords.
LATIN_LANGUAGES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "no", "fi", "cs", "sk",
    "ro", "hu", "tr", "id", "hr", "sl", "ca", "et", "lt", "lv", "vi",
)  # fmt: skip
CYRILLIC_LANGUAGES = ("ru", "uk", "bg")
#: Scripts that name their language outright, with a character class each.
_SCRIPTS = (
    ("ja", re.compile("[\u3040-\u30ff]")),
    ("zh", re.compile("[\u4e00-\u9fff]")),
    ("ko", re.compile("[\uac00-\ud7af]")),
    ("ar", re.compile("[\u0600-\u06ff]")),
    ("el", re.compile("[\u0370-\u03ff]")),
    ("he", re.compile("[\u0590-\u05ff]")),
    ("th", re.compile("[\u0e00-\u0e7f]")),
    ("hi", re.compile("[\u0900-\u097f]")),
)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_SAMPLE_CHARS = 1500
#: The most frequent words of the sample that vote for a language.
_SCORED_WORDS = 80
#: Anything outside Latin, Latin punctuation and symbols: another script may be present.
_NON_LATIN = re.compile("[^\x00-\u024f\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]")
#: Every language ``detect_language`` can give and ``Config.language`` accepts.
SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(
    sorted({*LATIN_LANGUAGES, *CYRILLIC_LANGUAGES, *(name for name, _ in _SCRIPTS)})
)
#: Languages written without spaces between words.
UNSEGMENTED_LANGUAGES = frozenset({"zh", "ja", "th"})


@lru_cache(maxsize=64)
def stopwords(language: str) -> frozenset[str]:
    """The stopword set of ``language`` (empty when the package has none)."""
    try:
        return frozenset(word.casefold() for word in stopwordsiso.stopwords(language))
    except (KeyError, ValueError):
        return frozenset()


@lru_cache(maxsize=4)
def _stopword_index(candidates: tuple[str, ...]) -> dict[str, tuple[tuple[int, ...], float]]:
    """Word -> (indices of the candidate languages listing it, 1 / how many list it)."""
    owners: dict[str, list[int]] = {}
    for index, language in enumerate(candidates):
        for word in stopwords(language):
            owners.setdefault(word, []).append(index)
    return {word: (tuple(langs), 1.0 / len(langs)) for word, langs in owners.items()}


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS:
        return text
    middle = len(text) // 2
    return text[middle - _SAMPLE_CHARS // 2 : middle + _SAMPLE_CHARS // 2]


def detect_language(text: str, default: str = "en") -> str:
    """The ISO 639-1 code of the language ``text`` is most likely in."""
    sample = _sample(text)
    if sample.isascii() or _NON_LATIN.search(sample) is None:
        return _by_stopwords(sample, LATIN_LANGUAGES, default)
    letters = max(1, len(sample) // 5)
    if (kana := len(_SCRIPTS[0][1].findall(sample))) and kana * 20 > letters:
        return "ja"
    for language, script in _SCRIPTS[1:]:
        if len(script.findall(sample)) * 4 > letters:
            return language
    if len(_CYRILLIC.findall(sample)) * 4 > letters:
        return _by_stopwords(sample, CYRILLIC_LANGUAGES, "ru")
    return _by_stopwords(sample, LATIN_LANGUAGES, default)


def _by_stopwords(sample: str, candidates: tuple[str, ...], default: str) -> str:
    """The candidate whose stopwords cover most words, each word weighted by 1 / its owners."""
    index = _stopword_index(candidates)
    compiled = native.kernel("text")
    if compiled is not None:
        best: int = compiled.ranked_stopword_language(
            sample.casefold(), index, len(candidates), _SCORED_WORDS
        )
        return candidates[best] if best >= 0 else default
    ranked = Counter(sample.casefold().split()).most_common(_SCORED_WORDS)
    scores = [0.0] * len(candidates)
    for word, count in ranked:
        owners = index.get(word)
        if owners is not None:
            weight = owners[1] * count
            for language in owners[0]:
                scores[language] += weight
    best = max(range(len(candidates)), key=scores.__getitem__)
    return candidates[best] if scores[best] > 0 else default
