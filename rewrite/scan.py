"""Stage 2: Document + compiled glossary -> Findings.

Glossary phrases and their inflected variants are compiled into one dict keyed by
normalized word sequences (typos' approach); scanning looks up word n-grams,
leftmost-longest, so findings never overlap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rewrite.document import Document
from rewrite.glossary import CONFIDENCE, Entry
from rewrite.settings import Settings
from rewrite.tokens import WORD, normal_phrase, normalize

# Between two words of one phrase: spaces and at most one line break.
_MAX_NEWLINES_IN_GAP = 1


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: str
    start: int
    end: int
    line: int
    column: int
    text: str
    replacements: tuple[str, ...]
    message: str
    confidence: float

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule, "category": self.category, "severity": self.severity,
            "start": self.start, "end": self.end, "line": self.line, "column": self.column,
            "text": self.text, "replacements": list(self.replacements),
            "message": self.message, "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Matcher:
    """A compiled glossary: phrase or variant -> index of its entry."""

    entries: tuple[Entry, ...]
    keys: dict[str, int]
    inflected: dict[str, tuple[str, ...]]  # variant -> its entry's replacements, inflected alike
    lengths: dict[str, tuple[int, ...]]  # first word -> phrase lengths, longest first


def compile_matcher(entries: Iterable[Entry], allowed: Iterable[str] = ()) -> Matcher:
    from rewrite.inflect import transfer, variants

    ordered = sorted(entries, key=lambda e: e.phrase)
    ordered += [Entry(normal_phrase(p), "allow", (), "info", "settings", "") for p in allowed]
    keys: dict[str, int] = {}
    for index, entry in enumerate(ordered):
        keys[entry.phrase] = index  # explicit phrases win over generated variants
    inflected: dict[str, tuple[str, ...]] = {}
    for index, entry in enumerate(ordered):
        for variant in sorted(variants(entry.phrase)):
            if variant in keys:
                continue
            keys[variant] = index
            if entry.replacements:
                found = variant.split(" ")
                inflected[variant] = tuple(transfer(entry.phrase, found, r)
                                           for r in entry.replacements)
    lengths: dict[str, set[int]] = {}
    for key in keys:
        words = key.split(" ")
        lengths.setdefault(words[0], set()).add(len(words))
    return Matcher(
        entries=tuple(ordered),
        keys=keys,
        inflected=inflected,
        lengths={w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()},
    )


@dataclass(frozen=True)
class _Word:
    norm: str
    start: int
    end: int
    run: int  # words in one run may form a phrase together


def _words(doc: Document) -> list[_Word]:
    words: list[_Word] = []
    text = doc.text
    run = 0
    previous_end = -1
    for span in doc.prose:
        for match in WORD.finditer(text, span.start, span.end):
            if previous_end < 0 or not _joinable(text[previous_end : match.start()]):
                run += 1
            words.append(_Word(normalize(match.group()), match.start(), match.end(), run))
            previous_end = match.end()
    return words


def _joinable(gap: str) -> bool:
    return (gap == " ") or (not gap.strip() and gap.count("\n") <= _MAX_NEWLINES_IN_GAP and gap != "")


def scan(doc: Document, matcher: Matcher, settings: Settings | None = None) -> list[Finding]:
    """Every wanted glossary finding in the document, in order, never overlapping."""
    settings = settings or Settings()
    words = _words(doc)
    findings: list[Finding] = []
    index = 0
    while index < len(words):
        hit = _longest(words, index, matcher)
        if hit is None:
            index += 1
            continue
        length, entry, key = hit
        finding = _finding(doc, entry, words[index : index + length],
                           matcher.inflected.get(key, entry.replacements))
        if finding is not None and settings.wants(finding.rule, finding.category, finding.severity):
            findings.append(finding)
        index += length
    return findings


def _longest(words: list[_Word], index: int, matcher: Matcher) -> tuple[int, Entry, str] | None:
    first = words[index]
    for length in matcher.lengths.get(first.norm, ()):
        end = index + length
        if end > len(words) or words[end - 1].run != first.run:
            continue
        key = " ".join(w.norm for w in words[index:end])
        entry_index = matcher.keys.get(key)
        if entry_index is not None:
            return length, matcher.entries[entry_index], key
    return None


def _finding(doc: Document, entry: Entry, found: list[_Word],
             replacements: tuple[str, ...]) -> Finding | None:
    if entry.category == "allow":
        return None
    start, end = found[0].start, found[-1].end
    line, column = doc.position(start)
    text = doc.text[start:end]
    return Finding(
        rule=entry.rule,
        category=entry.category,
        severity=entry.severity,
        start=start,
        end=end,
        line=line,
        column=column,
        text=text,
        replacements=replacements,
        message=_message(entry, text, replacements),
        confidence=CONFIDENCE[entry.severity],
    )


def _message(entry: Entry, text: str, replacements: tuple[str, ...]) -> str:
    plain = " or ".join(f"'{r}'" for r in replacements)
    if entry.category == "filler":
        return f"'{text}' is spinner filler; write {plain}" if plain else f"'{text}' is spinner filler"
    if entry.category == "plain":
        return f"'{text}' is wordy; prefer {plain}" if plain else f"'{text}' is wordy"
    return f"'{text}' is a spun form of {plain}" if plain else f"'{text}' looks spun"

