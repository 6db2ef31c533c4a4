"""Our annotation of a sample: the phrases a careful editor would mark, and how
much of it rewrite finds (check) and restores (fix)."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rewrite.edits import Edit


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    replacement: str


def load_marks(text: str, path: Path) -> list[Mark]:
    marks = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            start = -1
            for _ in range(int(row["occurrence"])):
                start = text.index(row["text"], start + 1)
            marks.append(Mark(start, start + len(row["text"]), row["replacement"]))
    return marks


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def restored(text: str, marks: Sequence[Mark], edits: Sequence[Edit]) -> list[bool]:
    """For each mark: does the fix, over the region it shares with its
    neighbouring edits and marks, read as the editor's version?"""
    results = []
    for mark in marks:
        start, end = mark.start, mark.end
        while True:  # grow the region to a fixpoint over touching edits and marks
            spans = [(e.start, e.end) for e in edits] + [(m.start, m.end) for m in marks]
            touching = [s for s in spans if overlaps(start, end, *s)]
            new_start = min([start, *(s for s, _ in touching)])
            new_end = max([end, *(e for _, e in touching)])
            if (new_start, new_end) == (start, end):
                break
            start, end = new_start, new_end
        fixed = _rewrite(text, start, end, [(e.start, e.end, e.new) for e in edits])
        editor = _rewrite(text, start, end, [(m.start, m.end, m.replacement) for m in marks])
        results.append(_normal(fixed) == _normal(editor))
    return results


def _rewrite(text: str, start: int, end: int, changes: list[tuple[int, int, str]]) -> str:
    out, cursor = [], start
    for c_start, c_end, new in sorted(c for c in changes if start <= c[0] and c[1] <= end):
        out += [text[cursor:c_start], new]
        cursor = c_end
    out.append(text[cursor:end])
    return "".join(out)
