"""The candidate pass of a scan: which glossary keys may occur in a text, and where.

A text is flattened in C (ASCII letters lowercased and digits kept, everything else one
space, words joined by one space) and searched once with an Aho-Corasick automaton
(ahocorasick-rs) for every glossary key flattened alike. Flattening can only join more
words than the word-by-word scan does, never fewer, so the keys named are a superset of
what the scan can find: when none of them is wanted there is nothing to find, and a
text need not even be parsed. Where a named key may occur is found with one small
regular expression per key.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rewrite.glossary import Entry
    from rewrite.scan import Matcher

# Flattening: ASCII letters lowercased, ASCII digits kept, every other byte a space.
_FLAT = bytes(c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32
              for c in range(256))
# Non-ASCII characters that lowercase to ASCII: a text with one is scanned in full.
_LOWERS_TO_ASCII = "\u212a"  # KELVIN SIGN -> "k"


def flat(text: str) -> bytes:
    """`text` as its ASCII words, lowercased, one space around each (b" take spot ")."""
    return b" %s " % b" ".join(text.encode("utf-8", "replace").translate(_FLAT).split())


def pattern_table(keys: dict[str, int], entries: list[Entry]) -> dict[str, Any]:
    """The Matcher fields `patterns` and `pattern_keys` for glossary keys (key -> entry)."""
    by_pattern: dict[bytes, list[str]] = {}
    for key, index in keys.items():
        if entries[index].category != "allow":
            by_pattern.setdefault(flat(key), []).append(key)
    ordered = sorted(by_pattern)
    return {"patterns": tuple(ordered),
            "pattern_keys": tuple("\t".join(by_pattern[p]) for p in ordered)}


# Automata by matcher: built in 0.05 s, and not picklable, so not part of the Matcher.
_AUTOMATA: dict[int, tuple[Matcher, Any]] = {}


def _automaton(matcher: Matcher) -> Any:
    built = _AUTOMATA.get(id(matcher))
    if built is None or built[0] is not matcher:
        from ahocorasick_rs import BytesAhoCorasick

        built = (matcher, BytesAhoCorasick(list(matcher.patterns)))
        _AUTOMATA[id(matcher)] = built
    return built[1]


# Building the automaton takes 0.05 s: not worth it for a few small files (a pre-commit
# run), where scanning them in full costs less. Either way the findings are the same.
_SMALL_TEXT = 16_384
_SMALL_RUN = 262_144
_SEEN = [0]  # characters of text asked about in this process


def candidate_keys(text: str, matcher: Matcher, start: int = 0) -> frozenset[str] | None:
    """The keys that may occur in `text[start:]` (a superset of what `scan` can find
    when nothing before `start` is prose), or None when the text must be scanned in full."""
    if not matcher.patterns:
        return frozenset()
    _SEEN[0] += len(text)
    if _LOWERS_TO_ASCII in text or (len(text) < _SMALL_TEXT and _SEEN[0] < _SMALL_RUN
                                    and id(matcher) not in _AUTOMATA):
        return None
    found = _automaton(matcher).find_matches_as_indexes(flat(text[start:] if start else text),
                                                        overlapping=True)
    keys = matcher.pattern_keys
    return frozenset(key for index in {match[0] for match in found}
                     for key in keys[index].split("\t"))


def spans_holding(lowered: str, spans: list[tuple[int, int]],
                  keys: frozenset[str] | None) -> list[int] | None:
    """Indexes of the sorted, disjoint `spans` that overlap a place where one of `keys`
    may occur in the lowercased text; None when that is not known, or when there are so
    many keys that finding them costs more than scanning everything."""
    places = _places(lowered, keys)
    if places is None:
        return None
    starts = [start for start, _ in spans]
    held: set[int] = set()
    for at, end in places:
        index = max(bisect.bisect_right(starts, at) - 1, 0)
        while index < len(spans) and spans[index][0] < end:
            if spans[index][1] > at:
                held.add(index)
            index += 1
    return sorted(held)


@lru_cache(maxsize=2)  # asked for twice per text: its top-level blocks, then its runs
def _places(lowered: str, keys: frozenset[str] | None) -> tuple[tuple[int, int], ...] | None:
    """Where one of `keys` may occur in the lowercased text (None: not worth finding)."""
    if keys is None or not lowered or len(keys) > _MAX_KEYS_TO_LOCATE:
        return None
    places = []
    for key in keys:
        for match in _locator(key).finditer(lowered):
            at, end = match.span()
            if (at and lowered[at - 1].isalnum()) or lowered[end : end + 1].isalnum():
                continue  # inside a longer word ("has to" for "as to")
            places.append((at, end))
    return tuple(places)


_MAX_KEYS_TO_LOCATE = 8


@lru_cache(maxsize=4096)
def _locator(key: str) -> re.Pattern[str]:
    """Where `key` may occur in lowercased text: its ASCII words, anything but letters and
    digits between them. (No word boundaries: a pattern that starts with its first word
    is searched for fast, and a run scanned in vain costs nothing but time.)"""
    return re.compile(r"[\W_]+".join(map(re.escape, flat(key).decode("ascii").split())))
