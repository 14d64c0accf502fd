"""Author names: a tag's list split into people, credentials and roles left out, and the
test that tells a person's name ("Mara Quinn") from a handle ("kffnirmitap"), a role
("Staff Writer"), a month or a label ("The Author").
"""

from __future__ import annotations

import re

from declutter.metadata.normalize import author_name, squash

# A list separator: a comma, a semicolon, an ampersand or "and" between spaces.
_LIST = re.compile(r"[,;&]|\s\band\b\s|\s\bund\b\s|\s\bet\b\s|\s\by\b\s")
_ROLE = re.compile(
    r"\b(?:writer|editor|director|reporter|correspondent|contributor|manager|founder|ceo|"
    r"officer|president|team|staff|desk|department|dietitian|attorney|columnist|"
    r"photographer|author|admin|administrator|moderator|guest|member|head)\b",
    re.I,
)
_NOT_NAMES = frozenset(
    {
        "the author", "author", "authors", "by", "written by", "posted by", "share", "admin",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "company size", "anonymous",
        "unknown", "guest", "staff",
    }
)  # fmt: skip
# Name particles written in lower case ("Ludwig van Beethoven", "Rory O'Sullivan").
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "la", "le", "du", "da", "di", "bin"})
_CREDENTIAL = re.compile(r"^(?:[A-Z][A-Za-z]{0,3}\.?){1,4}(?:\s*\d+)?$|®|™")


def person_like(name: str) -> bool:
    """Whether ``name`` reads like a person's name: two to five words, each capitalised
    (particles aside), no digits, no role word.

    >>> person_like("Mara Quinn"), person_like("Rory O'Sullivan"), person_like("Jan van Dyk")
    (True, True, True)
    >>> person_like("kffnirmitap"), person_like("Staff Writer"), person_like("The Author")
    (False, False, False)
    """
    words = name.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in name):
        return False
    if not valid_name(name) or _ROLE.search(name):
        return False
    return all(word[0].isupper() or word in _PARTICLES for word in words)


# Link and menu texts that sit where a name would: "Log in", "Sign up", "J Offline", "Sun Dec".
_INTERFACE = re.compile(
    r"^(?:log\s?in|log\s?out|sign\s?in|sign\s?up|register|post|posts|reply|quote|more|"
    r"learn more|read more|view profile|profile|subscribe|follow|share|home|youtube|facebook|"
    r"twitter|instagram|linkedin|tiktok|pinterest|email|contact|menu|search)$"
    r"|\b(?:offline|online|company type|use case|industry|category|topic)\b"
    r"|^(?:(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*"
    r"\.?\s*)+$",
    re.I,
)


def valid_name(name: str | None) -> bool:
    """Whether ``name`` can stand as an author at all (a handle or an organisation can; a
    label, a month, an ``@id`` or a URL cannot).

    >>> valid_name("whova"), valid_name("#identity"), valid_name("August"), valid_name("")
    (True, False, False, False)
    >>> valid_name("Log in"), valid_name("Sun Dec"), valid_name("Posted by:")
    (False, False, False)
    """
    if not name or name.startswith(("#", "/")) or name.endswith(":") or "://" in name:
        return False
    return name.casefold() not in _NOT_NAMES and not _INTERFACE.search(name)


def _credential(part: str) -> bool:
    return bool(_CREDENTIAL.search(part)) or len(part.split()) == 1


def split_authors(value: str) -> list[str]:
    """The people of one tag value: a list ("A, B and C") split into names when its parts
    are people; credentials and roles after a name dropped ("Dylan Bailey, MS, RD" is Dylan
    Bailey; what follows a credential or a role is an affiliation); anything else (an
    organisation: "Center for Drug Evaluation and Research", "Maria & Katerina") kept whole.

    >>> split_authors("Jared Newman and Sam Singleton")
    ['Jared Newman', 'Sam Singleton']
    >>> split_authors("Dylan Bailey, MS, RD, FAND"), split_authors("Genevieve Carlton, Ph.D.")
    (['Dylan Bailey'], ['Genevieve Carlton'])
    >>> split_authors("Center for Drug Evaluation and Research"), split_authors("Maria & Katerina")
    (['Center for Drug Evaluation and Research'], ['Maria & Katerina'])
    """
    parts = [squash(part) for part in _LIST.split(value)]
    parts = [part for part in parts if part]
    whole = author_name(value)
    if len(parts) < 2:
        return [whole] if whole else []
    names = [author_name(part) for part in parts]
    if not names[0] or not person_like(names[0]):
        return [whole] if whole else []
    people = [names[0]]
    for part, name in zip(parts[1:], names[1:], strict=True):
        if _credential(part) or _ROLE.search(part):
            break  # what follows a credential or a role is an affiliation
        if not (name and person_like(name)):
            return [whole] if whole else people
        people.append(name)
    return people
