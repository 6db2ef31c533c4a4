"""Stage 3: Findings -> Edits -> fixed text. Pure functions.

Only a finding with exactly one replacement is applied. Each edit keeps the
text's case, fixes the article before it ("a" / "an"), and edits separated by
nothing but spaces are merged into one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rewrite.document import Document
from rewrite.inflect import article_for
from rewrite.scan import Finding

_ARTICLE_BEFORE = re.compile(r"\b(an?|An?|AN?)(\s+)$")
_MAX_PASSES = 5
FIXABLE_CATEGORIES = frozenset({"spun", "filler", "plain"})


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    old: str
    new: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class FixResult:
    text: str
    edits: tuple[Edit, ...]  # against the original text
    left: tuple[Finding, ...]  # findings left for a person


def is_safe(finding: Finding) -> bool:
    """Certain enough to apply: one replacement, or the one the glossary marks safe."""
    return finding.category in FIXABLE_CATEGORIES and (
        len(finding.replacements) == 1 or (finding.safe and bool(finding.replacements)))


def match_case(found: str, new: str) -> str:
    """Give `new` the case pattern of `found`: UPPER, Title Case or Sentence case."""
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return new.upper()
    words = found.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words) and len(new.split()) > 1:
        return " ".join(w[:1].upper() + w[1:] for w in new.split())
    if found[:1].isupper() and new[:1].islower():
        return new[:1].upper() + new[1:]
    return new


def edit_for(text: str, finding: Finding) -> Edit:
    """The edit that applies a safe finding, with case and article agreement."""
    new = match_case(finding.text, finding.replacements[0])
    start = finding.start
    article = _ARTICLE_BEFORE.search(text, max(0, start - 4), start)
    if article and new[:1].isalpha():
        wanted = article_for(new.split()[0])
        if wanted != article.group(1).lower():
            start = article.start()
            new = match_case(article.group(1), wanted) + article.group(2) + new
    return Edit(start, finding.end, text[start : finding.end], new, (finding.rule,))


def merge_adjacent(text: str, edits: Sequence[Edit]) -> list[Edit]:
    """Join edits separated only by whitespace (or overlapping) into one edit."""
    merged: list[Edit] = []
    for edit in sorted(edits, key=lambda e: e.start):
        if merged and (edit.start <= merged[-1].end
                       or not text[merged[-1].end : edit.start].strip()):
            last = merged[-1]
            gap = text[last.end : edit.start] if edit.start > last.end else ""
            merged[-1] = Edit(last.start, max(last.end, edit.end), text[last.start : edit.end],
                              last.new + gap + edit.new, last.rules + edit.rules)
        else:
            merged.append(edit)
    return merged


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits, back to front."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.new + text[edit.end :]
    return text


def plan(doc: Document, findings: Sequence[Finding]) -> tuple[list[Edit], list[Finding]]:
    """Edits for the safe findings, and the findings left for a person."""
    safe = [f for f in findings if is_safe(f)]
    left = [f for f in findings if not is_safe(f)]
    return merge_adjacent(doc.text, [edit_for(doc.text, f) for f in safe]), left


def fix(doc: Document, find: Callable[[Document], list[Finding]],
        reparse: Callable[[str], Document]) -> FixResult:
    """Apply safe findings until none are left (so fixing fixed text changes nothing)."""
    edits, left = plan(doc, find(doc))
    text = apply_edits(doc.text, edits)
    for _ in range(_MAX_PASSES - 1):
        current = reparse(text)
        more, left = plan(current, find(current))
        if not more:
            break
        edits = compose(doc.text, edits, more)
        text = apply_edits(text, more)
    return FixResult(text, tuple(edits), tuple(left))


def compose(original: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """Edits against `original` that do what `first` and then `second` do.

    `second` is against the text after `first`. Edits of `second` that touch the new text
    of an edit of `first` absorb it, so each result covers whole original spans.
    """
    firsts = sorted(first, key=lambda e: e.start)
    landed, shift = [], 0  # where each edit of `first` lands in the text after it
    for edit in firsts:
        landed.append((edit.start + shift, edit.start + shift + len(edit.new)))
        shift += len(edit.new) - (edit.end - edit.start)
    middle = apply_edits(original, firsts)
    clusters: list[tuple[int, int, list[Edit], set[int]]] = []
    for edit in sorted(second, key=lambda e: e.start):
        touched = {i for i, (a, b) in enumerate(landed) if a <= edit.end and edit.start <= b}
        start = min([edit.start, *(landed[i][0] for i in touched)])
        end = max([edit.end, *(landed[i][1] for i in touched)])
        if clusters and start <= clusters[-1][1]:
            last = clusters.pop()
            start, end = min(start, last[0]), max(end, last[1])
            clusters.append((start, end, [*last[2], edit], last[3] | touched))
        else:
            clusters.append((start, end, [edit], touched))
    result: list[Edit] = []
    used: set[int] = set()
    for start, end, edits, touched in clusters:
        local = [Edit(e.start - start, e.end - start, e.old, e.new, e.rules) for e in edits]
        new = apply_edits(middle[start:end], local)
        rules = tuple(r for i in sorted(touched) for r in firsts[i].rules)
        rules += tuple(r for e in edits for r in e.rules)
        original_start = _back(start, firsts, landed)
        original_end = _back(end, firsts, landed, at_end=True)
        result.append(Edit(original_start, original_end, original[original_start:original_end],
                           new, rules))
        used |= touched
    result += [e for i, e in enumerate(firsts) if i not in used]
    return sorted(result, key=lambda e: e.start)


def _back(offset: int, firsts: list[Edit], landed: list[tuple[int, int]],
          at_end: bool = False) -> int:
    """An offset in the text after `firsts`, mapped back to the original text."""
    shift = 0
    for edit, (start, end) in zip(firsts, landed):
        if offset < start or (offset == start and not at_end):
            break
        if offset <= end:
            return edit.end if at_end else edit.start
        shift = end - edit.end
    return offset - shift
