"""Discover spun phrases that no glossary entry names.

Two tells, both pure and offline:

- thesaurus swaps: a bigram or trigram that is a common English expression with one word
  replaced by a thesaurus synonym ("takes spot" for "takes place", "entire grains" for
  "whole grains"). The lookup table `rewrite/data/discover.tsv.gz` is built offline by
  `scripts/build_discover_data.py` (variant -> likely original, score) and read lazily,
  once, on the first call.
- stutters: one word repeated ("just just how", "right right right here"), except
  repetitions English allows ("that that", "had had") and numbers.

Findings have category `discovered`, which `rewrite fix` never applies. Their confidence
is in [0, 1]; from `WARNING_AT` up they are warnings, below it info.
"""

from __future__ import annotations

import bisect
import gzip
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from rewrite.document import Document
from rewrite.scan import Finding
from rewrite.tokens import WORD, normalize

CATEGORY = "discovered"
WARNING_AT = 0.7
MIN_CONFIDENCE = 0.4  # below this a candidate is noise, not even info
DATA_FILE = "discover.tsv.gz"
_DOUBLE = 0.6  # a double swap is likelier to be chance
_STRONG = 0.9  # both words of a double swap must be close synonyms
_MEMO_SIZE = 200_000  # bigrams whose repair is remembered
_RULES = {
    "swap": "discovered/thesaurus-swap",
    "double": "discovered/broken-collocation",
}
_STUTTER_RULE = "discovered/stutter"
_STUTTER_CONFIDENCE = 0.85
_WEAK_STUTTER_CONFIDENCE = 0.5
# Repetitions that English allows: never flagged.
_LEGIT_REPEATS = frozenset((
    "that", "had", "bye", "ha", "haha", "ho", "hee", "he", "blah", "yada", "tsk", "tut",
    "chop", "knock", "hush", "pooh", "goody", "boo", "bang", "choo", "la", "na", "mm", "hmm",
    "uh", "um", "ah", "aha", "oh", "dum", "tom", "cha", "ma", "pa", "mama", "papa", "yum",
    "ding", "dong", "tick", "tock",
))
# Repetitions that are sometimes emphasis or grammar ("is is", "very very"): info only.
_WEAK_REPEATS = frozenset((
    "is", "was", "do", "does", "did", "very", "really", "many", "much", "so", "no", "yes",
    "now", "well", "far", "more", "again", "go", "too", "there", "here", "please", "wait",
    "come", "ever", "on", "over", "round", "done",
))


class _Word(NamedTuple):  # a NamedTuple: one is made for every prose word
    norm: str
    start: int
    end: int
    run: int  # words in one run may form a phrase together


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    rule: str
    replacement: str
    confidence: float
    message: str


@dataclass(frozen=True)
class Data:
    """The shipped model (see scripts/build_discover_data.py)."""

    collocations: dict[str, dict[str, float]]  # first word -> {second word: strength}
    origins: dict[str, dict[str, float]]  # word -> {word it may stand for: weight}
    attested: frozenset[str]  # swapped bigrams that clean English does use
    multiword: dict[str, tuple[str, float]]  # "muscular tissue" -> ("muscle", score)
    # second word -> the first words it follows; built on first use from collocations
    preceding: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    memo: dict[str, tuple[str, float, int] | None] = field(default_factory=dict, compare=False)
    heads: dict[str, tuple[frozenset[str], dict[str, tuple[float, dict[str, float]]]]] = field(
        default_factory=dict, compare=False)
    seconds: dict[str, list[tuple[str, float, frozenset[str]]]] = field(
        default_factory=dict, compare=False)


def parse_data(text: str) -> Data:
    """Parse the data file's text: `[section]` headers, then tab-separated lines."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif line and not line.startswith("#"):
            current.append(line)
    collocations: dict[str, dict[str, float]] = {}
    for line in sections.get("collocations", []):
        key, strength = line.split("\t")
        first, second = key.split(" ")
        collocations.setdefault(first, {})[second] = float(strength)
    origins = {word: dict(_weighted(found)) for word, found in
               (line.split("\t") for line in sections.get("origins", []))}
    multiword = {key: (original, float(score)) for key, original, score in
                 (line.split("\t") for line in sections.get("multiword", []))}
    return Data(collocations, origins, frozenset(sections.get("attested", [])), multiword)


def _preceding(data: Data) -> dict[str, frozenset[str]]:
    """Second word -> the collocation first words it follows (built once)."""
    if not data.preceding and data.collocations:
        found: dict[str, set[str]] = {}
        for first, following in data.collocations.items():
            for second in following:
                found.setdefault(second, set()).add(first)
        data.preceding.update((word, frozenset(firsts)) for word, firsts in found.items())
    return data.preceding


def _weighted(cell: str) -> Iterator[tuple[str, float]]:
    for item in cell.split("|"):
        word, weight = item.rsplit(":", 1)
        yield word, float(weight)


@lru_cache(maxsize=1)
def load_data() -> Data:
    """The shipped data, read once."""
    raw = resources.files("rewrite").joinpath("data", DATA_FILE).read_bytes()
    return parse_data(gzip.decompress(raw).decode("utf-8"))


def severity_for(confidence: float) -> str:
    return "warning" if confidence >= WARNING_AT else "info"


def discover(doc: Document, known: Sequence[Finding] = (), data: Data | None = None
             ) -> list[Finding]:
    """Probably-spun phrases in the document's prose that `known` does not cover.

    Findings never overlap each other or `known`; they are sorted by offset. Filter
    them by severity ("warning" is the default confidence) as for any other finding.
    """
    words = _words(doc)
    hits = [*_swaps(words, doc.text, data or load_data()), *_stutters(words, doc.text)]
    taken = _merged([(f.start, f.end) for f in known])
    chosen: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.confidence, h.start, h.end)):
        if hit.confidence < MIN_CONFIDENCE or _overlaps(taken, hit.start, hit.end):
            continue
        chosen.append(hit)
        bisect.insort(taken, (hit.start, hit.end))
    return [_finding(doc, hit) for hit in sorted(chosen, key=lambda h: h.start)]


def _words(doc: Document) -> list[_Word]:
    text = doc.text
    normal = normalize(text)
    if len(normal) != len(text):  # lowercasing changed lengths: normalize word by word
        normal = ""
    words: list[_Word] = []
    run = 0
    previous_end = -1
    for span in doc.prose:
        for match in WORD.finditer(text, span.start, span.end):
            start, end = match.span()
            if _breaks_run(text, previous_end, start):
                run += 1
            norm = normal[start:end] if normal else normalize(match.group())
            words.append(_Word(norm, start, end, run))
            previous_end = end
    return words


def _breaks_run(text: str, previous_end: int, start: int) -> bool:
    """Whether the gap before a word ends the run of words that may form a phrase."""
    if previous_end < 0:
        return True
    if start - previous_end == 1 and text[previous_end] == " ":
        return False  # the common case, without slicing
    return not _joinable(text[previous_end:start])


def _joinable(gap: str) -> bool:
    return bool(gap) and not gap.strip() and gap.count("\n") <= 1


def _swaps(words: list[_Word], text: str, data: Data) -> Iterator[_Hit]:
    """Bigrams that are a common expression with one or both words swapped."""
    for first, second in itertools.pairwise(words):
        if first.run != second.run:
            continue
        key = f"{first.norm} {second.norm}"
        matched = text[first.start : second.end]
        if key in data.multiword:
            original, score = data.multiword[key]
            yield _hit(first.start, second.end, matched, original, score, _RULES["swap"])
            continue
        repair = _repair(first.norm, second.norm, data)
        if repair is not None:
            original, score, swaps = repair
            yield _hit(first.start, second.end, matched, original, score,
                       _RULES["swap" if swaps == 1 else "double"])


def _hit(start: int, end: int, matched: str, original: str, score: float, rule: str) -> _Hit:
    return _Hit(start, end, rule, _case_like(matched, original), _adjust(score, matched),
                f"'{matched}' looks like a thesaurus swap of '{original}'")


def _repair(first: str, second: str, data: Data) -> tuple[str, float, int] | None:
    """The strongest collocation the bigram may be a swapped form of (memoized)."""
    key = f"{first} {second}"
    if key not in data.memo:
        if len(data.memo) > _MEMO_SIZE:
            data.memo.clear()
            data.heads.clear()
            data.seconds.clear()
        data.memo[key] = _find_repair(first, second, key, data)
    return data.memo[key]


def _find_repair(first: str, second: str, key: str, data: Data
                 ) -> tuple[str, float, int] | None:
    if key in data.attested or second in data.collocations.get(first, {}):
        return None
    names, heads = _heads(first, data)
    if not heads:
        return None
    best: tuple[float, str, int] | None = None
    for original_second, weight_second, preceding in _seconds(second, data):
        # the heads this second word follows in some collocation (set intersection in C)
        for original_first in names & preceding:
            weight_first, following = heads[original_first]
            swaps = (original_first != first) + (original_second != second)
            if swaps == 2 and min(weight_first, weight_second) < _STRONG:
                continue
            score = following[original_second] * weight_first * weight_second
            found = (score * (_DOUBLE if swaps == 2 else 1.0),
                     f"{original_first} {original_second}", swaps)
            best = found if best is None or found[:2] > best[:2] else best
    return None if best is None else (best[1], best[0], best[2])


_Heads = tuple[frozenset[str], dict[str, tuple[float, dict[str, float]]]]


def _heads(word: str, data: Data) -> _Heads:
    """Collocation first words `word` may stand for (itself included): their names, and
    for each its weight and what follows it."""
    if word not in data.heads:
        options = ((word, 1.0), *data.origins.get(word, {}).items())
        found = {w: (x, data.collocations[w]) for w, x in options if w in data.collocations}
        data.heads[word] = (frozenset(found), found)
    return data.heads[word]


def _seconds(word: str, data: Data) -> list[tuple[str, float, frozenset[str]]]:
    """The words `word` may stand for, itself included, that end some collocation: each
    with its weight and the collocation first words it follows."""
    if word not in data.seconds:
        preceding = _preceding(data)
        options = {word: 1.0, **data.origins.get(word, {})}
        data.seconds[word] = [(w, x, preceding[w]) for w, x in options.items()
                              if w in preceding]
    return data.seconds[word]


def _adjust(score: float, matched: str) -> float:
    """Title Case phrases are often names ("Neighborhood Watch"): trust them less."""
    words = matched.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        score -= 0.2
    return round(max(0.0, min(1.0, score)), 2)


def _case_like(found: str, new: str) -> str:
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return new.upper()
    if found[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _stutters(words: list[_Word], text: str) -> Iterator[_Hit]:
    index = 0
    while index < len(words):
        end = index + 1
        while end < len(words) and _repeats(words[end - 1], words[end], text):
            end += 1
        if end - index > 1 and _stutter_word(words[index].norm, text[words[index + 1].start]):
            first, last = words[index], words[end - 1]
            matched = text[first.start : last.end]
            weak = first.norm in _WEAK_REPEATS
            yield _Hit(first.start, last.end, _STUTTER_RULE, text[first.start : first.end],
                       _WEAK_STUTTER_CONFIDENCE if weak else _STUTTER_CONFIDENCE,
                       f"'{matched}' repeats a word")
        index = end


def _repeats(before: _Word, after: _Word, text: str) -> bool:
    return (before.norm == after.norm and before.run == after.run
            and not text[before.end : after.start].strip())


def _stutter_word(norm: str, second_initial: str) -> bool:
    """A repeat worth flagging: letters only, not an allowed repeat, not a Name Name."""
    return norm.isalpha() and norm not in _LEGIT_REPEATS and not second_initial.isupper()


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans merged into disjoint ones."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    at = bisect.bisect_left(taken, (end, end)) - 1
    return at >= 0 and taken[at][1] > start


def _finding(doc: Document, hit: _Hit) -> Finding:
    line, column = doc.position(hit.start)
    return Finding(
        rule=hit.rule,
        category=CATEGORY,
        severity=severity_for(hit.confidence),
        start=hit.start,
        end=hit.end,
        line=line,
        column=column,
        text=doc.text[hit.start : hit.end],
        replacements=(hit.replacement,),
        message=hit.message,
        confidence=hit.confidence,
    )
