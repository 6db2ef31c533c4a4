"""Stage 3: Findings -> Edits -> fixed text. Pure functions.

Only a finding with exactly one replacement (or a safe-marked one) is applied. Each
edit keeps the text's case, fixes the article before it ("a" / "an"), a finite verb right
after a replaced sentence subject follows the subject's new number, and edits separated
by nothing but spaces are merged into one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rewrite.document import Document, Span
from rewrite.inflect import (
    agreeing_verb,
    article_for,
    is_verb_only,
    may_be_noun,
    phrase_number,
    verb_number,
)
from rewrite.scan import Finding

_ARTICLE_BEFORE = re.compile(r"\b(an?|An?|AN?)(\s+)$")
_DETERMINERS = ("the|this|that|these|those|its|their|his|her|our|your|my|a|an|some|many|most"
                "|such")
# what may stand before the head of a subject: a sentence or paragraph start, one determiner
_SUBJECT_BEFORE = re.compile(
    rf"(?:\n[ \t\r]*\n|(?P<stop>[.!?])\s+|:\s+)[ \t]*(?:(?:{_DETERMINERS})[ \t]+)?\Z", re.I)
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)(?![\w'\u2019-])(?:[ \t]+([A-Za-z]+))?")
_WINDOW = 40
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
    """Apply non-overlapping edits (in one pass: the text is copied once, not per edit)."""
    pieces, at = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        pieces += [text[at : edit.start], edit.new]
        at = edit.end
    pieces.append(text[at:])
    return "".join(pieces)


def plan(doc: Document, findings: Sequence[Finding]) -> tuple[list[Edit], list[Finding]]:
    """Edits for the safe findings, and the findings left for a person."""
    safe = [f for f in findings if is_safe(f)]
    left = [f for f in findings if not is_safe(f)]
    return agreed(doc, [(f, edit_for(doc.text, f)) for f in safe]), left


def agreed(doc: Document, applied: Sequence[tuple[Finding, Edit]]) -> list[Edit]:
    """The edits of `applied` (each finding's own edit) merged, with the verb agreement
    they call for (see agreement_edits)."""
    merged = merge_adjacent(doc.text, [edit for _, edit in applied])
    verbs = agreement_edits(doc.text, doc.prose, applied)
    if verbs:
        merged = merge_adjacent(doc.text, compose(doc.text, merged, verbs))
    return merged


def agreement_edits(text: str, prose: Sequence[Span],
                    applied: Sequence[tuple[Finding, Edit]]) -> list[Edit]:
    """Edits, against the text after `applied`, that make the verb after a replaced subject
    agree with it: "The muscle mass of the face takes" -> "The facial muscles take".

    Only a subject head at a sentence start (after at most one determiner) whose number the
    replacement changes, followed after spaces by a finite verb of the old number.
    """
    ordered = sorted(applied, key=lambda pair: pair[1].start)
    if any(a[1].end > b[1].start for a, b in pairwise(ordered)):
        return []
    numbers = [_changed_number(finding) for finding, _ in ordered]
    if not any(numbers):
        return []
    after = apply_edits(text, [edit for _, edit in ordered])
    landed = _landings([edit for _, edit in ordered])
    result = []
    for (finding, _), number, (_, end) in zip(ordered, numbers, landed):
        replacement = match_case(finding.text, finding.replacements[0])
        verb = _verb_edit(after, end - len(replacement), end, number) if number else None
        if verb and after[end - len(replacement) : end] == replacement and _editable(
                verb, ordered, landed, prose):
            result.append(verb)
    return result


def _changed_number(finding: Finding) -> str | None:
    """The number of the replacement, when it differs from that of the matched text."""
    old, new = phrase_number(finding.text), phrase_number(finding.replacements[0])
    return new if old and new and old != new else None


def _landings(edits: Sequence[Edit]) -> list[tuple[int, int]]:
    """Where each of the sorted, non-overlapping `edits` lands in the text after them."""
    landed, shift = [], 0
    for edit in edits:
        landed.append((edit.start + shift, edit.start + shift + len(edit.new)))
        shift += len(edit.new) - (edit.end - edit.start)
    return landed


def _is_subject_start(text: str, start: int) -> bool:
    """The text before `start` is a sentence or paragraph start and at most one determiner."""
    low = max(0, start - _WINDOW)
    window = ("\n\n" if low == 0 else "") + text[low:start]
    before = _SUBJECT_BEFORE.search(window)
    if before is None:
        return False
    if not before.group("stop"):
        return True
    return (window[before.end("stop") :] + text[start : start + 1]).lstrip()[:1].isupper()


def _verb_edit(text: str, start: int, end: int, number: str) -> Edit | None:
    """The edit of the finite verb right after the subject head text[start:end], if it
    agrees with the other number than `number`."""
    following = _NEXT_WORD.match(text, end)
    if following is None or not _is_subject_start(text, start):
        return None
    verb, after = following.group(1), following.group(2)
    if verb_number(verb) in (None, number):
        return None
    if may_be_noun(verb) and after and is_verb_only(after):  # "face lifts are": a compound
        return None
    new = agreeing_verb(verb)
    return Edit(following.start(1), following.end(1), verb, new, ()) if new else None


def _editable(verb: Edit, ordered: Sequence[tuple[Finding, Edit]],
              landed: Sequence[tuple[int, int]], prose: Sequence[Span]) -> bool:
    """The verb lies inside the new text of an edit, or in original prose no edit touched."""
    shift = 0
    for (_, edit), (start, end) in zip(ordered, landed):
        if start <= verb.start and verb.end <= end:
            return True
        if verb.start < end and start < verb.end:  # partly edited
            return False
        if verb.end <= start:
            break
        shift = end - edit.end  # from offsets after this edit back to the original
    return _in_prose(verb.start - shift, verb.end - shift, prose)


def _in_prose(start: int, end: int, prose: Sequence[Span]) -> bool:
    index = bisect.bisect_right(prose, start, key=lambda span: span.start) - 1
    return index >= 0 and prose[index].start <= start and end <= prose[index].end


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
    landed = _landings(firsts)  # where each edit of `first` lands in the text after it
    middle = apply_edits(original, firsts)
    starts, ends = [a for a, _ in landed], [b for _, b in landed]  # both sorted
    clusters: list[tuple[int, int, list[Edit], set[int]]] = []
    for edit in sorted(second, key=lambda e: e.start):
        # the landed spans with a <= edit.end and edit.start <= b: a run of neighbours
        touched = set(range(bisect.bisect_left(ends, edit.start),
                            bisect.bisect_right(starts, edit.end)))
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
        original_start = _back(start, firsts, starts, ends)
        original_end = _back(end, firsts, starts, ends, at_end=True)
        result.append(Edit(original_start, original_end, original[original_start:original_end],
                           new, rules))
        used |= touched
    result += [e for i, e in enumerate(firsts) if i not in used]
    return sorted(result, key=lambda e: e.start)


def _back(offset: int, firsts: list[Edit], starts: list[int], ends: list[int],
          at_end: bool = False) -> int:
    """An offset in the text after `firsts`, mapped back to the original text. `starts`,
    `ends`: where each edit of `firsts` lands in that text."""
    last = (bisect.bisect_right if at_end else bisect.bisect_left)(starts, offset) - 1
    inside = bisect.bisect_left(ends, offset)  # the first landed span not before offset
    if inside <= last:
        return firsts[inside].end if at_end else firsts[inside].start
    return offset - (ends[last] - firsts[last].end if last >= 0 else 0)
