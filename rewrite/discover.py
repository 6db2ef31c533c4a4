"""Discover spun phrases that no glossary entry names.

Three tells, all pure and offline:

- thesaurus swaps: a bigram or trigram that is a common English expression with one word
  replaced by a thesaurus synonym ("takes spot" for "takes place", "entire grains" for
  "whole grains"). The lookup table `rewrite/data/discover.tsv.gz` is built offline by
  `scripts/build_discover_data.py` (variant -> likely original, score) and read lazily,
  once, on the first call.
- stutters: one word repeated ("just just how", "right right right here"), except
  repetitions English allows ("that that", "had had") and numbers.
- synonym-rare runs: a spinner puts rare thesaurus synonyms for common words
  ("grownups" for "adults", "commence" for "start"), so spun prose has dense runs of words
  much rarer (by Zipf frequency) than a synonym of theirs. A rare word is reported when at
  least `RARE_RUN` such words lie within `RARE_WINDOW` words of it in one paragraph.

Findings have category `discovered`, which `rewrite fix` never applies. Their confidence
is in [0, 1]; from `WARNING_AT` up they are warnings, below it info.
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from rewrite.document import Document, merged_spans, overlaps_taken
from rewrite.scan import Finding, lowered_text
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
_RARE_RULE = "discovered/rare-synonym"
# Measured on the clean corpora and on their train half spun with the training tortured
# swaps (bench/README-discover.md): 3 rare words in 17 are 1 in 10,000 clean words, and a
# warning (5 or more) none.
RARE_RUN = 3  # rare words within the window, the word itself included
RARE_WINDOW = 8  # words either side
_RARE_BASE = 0.45  # confidence of a run of exactly RARE_RUN words with the least gap
_RARE_STEP = 0.125  # per rare word more in the window
_RARE_GAP_WEIGHT = 0.05  # per Zipf point of mean gap above 1.5, up to _RARE_GAP_MAX
_RARE_GAP_MAX = 2.0
_RARE_MAX = 0.8
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
    # rare word -> (its most common synonym, how much more common: Zipf points)
    rare: dict[str, tuple[str, float]] = field(default_factory=dict)
    # second word -> the first words it follows; built on first use from collocations
    preceding: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    memo: dict[str, tuple[str, float, int] | None] = field(default_factory=dict, compare=False)
    strong: dict[str, list[tuple[str, float]]] = field(default_factory=dict, compare=False)
    gates: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)


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
    rare = {word: (synonym, float(gap)) for word, synonym, gap in
            (line.split("\t") for line in sections.get("rare", []))}
    return Data(collocations, origins, frozenset(sections.get("attested", [])), multiword,
                rare)


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
    data = data or load_data()
    hits: list[_Hit] = []
    for run in _runs(doc, _gates(data), data.rare):
        hits += _swaps(run, doc.text, data)
        hits += _stutters(run, doc.text)
        hits += _rare_runs(run, doc.text, data.rare)
    taken = merged_spans([(f.start, f.end) for f in known])
    chosen: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.confidence, h.start, h.end)):
        if hit.confidence < MIN_CONFIDENCE or overlaps_taken(taken, hit.start, hit.end):
            continue
        chosen.append(hit)
        bisect.insort(taken, (hit.start, hit.end))
    return [_finding(doc, hit) for hit in sorted(chosen, key=lambda h: h.start)]


# A word and the gap after it, up to the next word (WORD words: they begin with a letter
# or digit, and a word ends where no letter or digit follows).
_WORD_GAP = re.compile(r"([^\W_]+(?:['’‘\-][^\W_]+)*)([\W_]*)")


class _Run(NamedTuple):
    """Prose words, and which of their neighbouring pairs to look at."""

    words: list[str]  # normalized
    spans: list[tuple[int, int]]
    pairs: list[int]  # i: words[i] and words[i + 1] may be a swap or a stutter
    rare: list[int]  # i: words[i] is much rarer than a synonym of its


def _runs(doc: Document, gates: tuple[frozenset[str], frozenset[str]],
          rare: dict[str, tuple[str, float]]) -> Iterator[_Run]:
    """The prose, region by region, where it holds a pair worth a look (most pairs are
    not: two words only form a phrase when just white space, at most one line break,
    parts them, and most words can be part of no swap) or enough rare words for a run."""
    text = doc.text
    # normalize(), as the glossary scan has it (and has it cached); where lowercasing
    # changes lengths, case-fold character by character to keep offsets
    normal = lowered_text(text) or "".join(normalize(c) if len(normalize(c)) == 1 else c
                                           for c in text)
    firsts, seconds = gates
    for start, end in _regions(doc):
        found = _WORD_GAP.findall(normal, start, end)
        pairs = [i for i, ((a, gap), (b, _)) in enumerate(itertools.pairwise(found))
                 if (a == b or (a in firsts and b in seconds))
                 and (gap == " " or (gap and _joinable(gap)))]
        rares = [i for i, (word, _) in enumerate(found) if word in rare]
        if len(rares) < RARE_RUN:
            rares = []
        if pairs or rares:
            first = WORD.search(normal, start, end)
            assert first is not None
            words = [word for word, _ in found]
            ends = list(itertools.accumulate(map(len, map("".join, found)),
                                             initial=first.start()))
            spans = [(at, at + len(word)) for at, word in zip(ends, words)]
            yield _Run(words, spans, pairs, rares)


def _joinable(gap: str) -> bool:
    return not gap.strip() and gap.count("\n") <= 1


def _regions(doc: Document) -> list[tuple[int, int]]:
    """The prose spans, joined where only white space parts them (a paragraph's lines)."""
    regions: list[tuple[int, int]] = []
    for span in doc.prose:
        if regions and not doc.text[regions[-1][1] : span.start].strip():
            regions[-1] = (regions[-1][0], span.end)
        else:
            regions.append((span.start, span.end))
    return regions


def _gates(data: Data) -> tuple[frozenset[str], frozenset[str]]:
    """The words that can begin a swapped pair, and those that can end one (built once):
    a pair of two other words is never looked up."""
    if "firsts" not in data.gates:
        preceding = _preceding(data)
        heads = set(data.collocations)
        tails = set(preceding)
        firsts = set(heads) | {w for w, found in data.origins.items() if heads & found.keys()}
        seconds = tails | {w for w, found in data.origins.items() if tails & found.keys()}
        for key in data.multiword:
            first, second = key.split(" ")
            firsts.add(first)
            seconds.add(second)
        data.gates["firsts"], data.gates["seconds"] = frozenset(firsts), frozenset(seconds)
    return data.gates["firsts"], data.gates["seconds"]


def _swaps(run: _Run, text: str, data: Data) -> Iterator[_Hit]:
    """Pairs that are a common expression with one or both words swapped."""
    words, spans = run.words, run.spans
    for i in run.pairs:
        first, second = words[i], words[i + 1]
        if first == second:
            continue
        key = f"{first} {second}"
        start, end = spans[i][0], spans[i + 1][1]
        if key in data.multiword:
            original, score = data.multiword[key]
            yield _hit(start, end, text[start:end], original, score, _RULES["swap"])
            continue
        repair = _repair(first, second, data)
        if repair is not None:
            original, score, swaps = repair
            yield _hit(start, end, text[start:end], original, score,
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
            data.strong.clear()
        data.memo[key] = _find_repair(first, second, key, data)
    return data.memo[key]


def _find_repair(first: str, second: str, key: str, data: Data
                 ) -> tuple[str, float, int] | None:
    following = data.collocations.get(first, {})
    if key in data.attested or second in following:
        return None
    best: tuple[float, str, int] = (0.0, "", 0)
    for original, weight in _options(second, data):  # swap the second word back
        if original in following:
            best = max(best, (following[original] * weight, f"{first} {original}", 1))
    preceding = _preceding(data).get(second, frozenset())
    for original, weight in _options(first, data):  # swap the first word back
        if original in preceding:
            found = data.collocations[original][second] * weight
            best = max(best, (found, f"{original} {second}", 1))
    strong_seconds = _strong(second, data)
    for original_first, weight_first in _strong(first, data) if strong_seconds else ():
        following = data.collocations.get(original_first, {})  # both, if close synonyms
        for original_second, weight_second in strong_seconds:
            if original_second in following:
                found = following[original_second] * weight_first * weight_second * _DOUBLE
                best = max(best, (found, f"{original_first} {original_second}", 2))
    return (best[1], best[0], best[2]) if best[1] else None


def _options(word: str, data: Data) -> Iterable[tuple[str, float]]:
    """The words `word` may stand for, with the weight of each."""
    return data.origins.get(word, {}).items()


def _strong(word: str, data: Data) -> list[tuple[str, float]]:
    """The close synonyms `word` may stand for (built once per word)."""
    if word not in data.strong:
        data.strong[word] = [(w, x) for w, x in data.origins.get(word, {}).items()
                             if x >= _STRONG]
    return data.strong[word]


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


def _stutters(run: _Run, text: str) -> Iterator[_Hit]:
    words, spans = run.words, run.spans
    index = -1
    for i in run.pairs:
        if i <= index or words[i] != words[i + 1]:
            continue
        index = i + 1
        while index + 1 < len(words) and words[index + 1] == words[i]:
            index += 1
        if _stutter_word(words[i], text[spans[i + 1][0]]):
            start, end = spans[i][0], spans[index][1]
            weak = words[i] in _WEAK_REPEATS
            yield _Hit(start, end, _STUTTER_RULE, text[start : spans[i][1]],
                       _WEAK_STUTTER_CONFIDENCE if weak else _STUTTER_CONFIDENCE,
                       f"'{text[start:end]}' repeats a word")


def _rare_runs(run: _Run, text: str, rare: dict[str, tuple[str, float]]) -> Iterator[_Hit]:
    """Rare words with at least RARE_RUN - 1 others within RARE_WINDOW words."""
    words, spans = run.words, run.spans
    at = [i for i in run.rare if not _name_like(text, spans, i)]
    for p, i in enumerate(at):
        low = bisect.bisect_left(at, i - RARE_WINDOW, 0, p)
        high = bisect.bisect_right(at, i + RARE_WINDOW, p)
        if high - low < RARE_RUN:
            continue
        gap = sum(rare[words[j]][1] for j in at[low:high]) / (high - low)
        confidence = min(_RARE_MAX, _RARE_BASE + _RARE_STEP * (high - low - RARE_RUN)
                         + _RARE_GAP_WEIGHT * min(_RARE_GAP_MAX, gap - 1.5))
        start, end = spans[i]
        synonym = rare[words[i]][0]
        yield _Hit(start, end, _RARE_RULE, _case_like(text[start:end], synonym),
                   round(confidence, 2),
                   f"'{text[start:end]}' is much rarer than its synonym '{synonym}', "
                   f"among {high - low - 1} other such words nearby")


def _name_like(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """A capital not at a sentence start: likely a name or a title, never counted."""
    start = spans[i][0]
    if not text[start].isupper() or i == 0:
        return False
    return text[spans[i - 1][1] : start].strip(_OPENERS)[-1:] not in (".", "!", "?", ":")


_OPENERS = " \t\n\"'“”‘’([*_"


def _stutter_word(norm: str, second_initial: str) -> bool:
    """A repeat worth flagging: letters only, not an allowed repeat, not a Name Name."""
    return norm.isalpha() and norm not in _LEGIT_REPEATS and not second_initial.isupper()


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
