"""Stage 1: text -> Document (prose spans and protected spans).

Markdown is parsed with markdown-it-py (CommonMark + front matter + tables +
linkify). Inline tokens carry no source offsets, so each `text` token is located
in the source with a cursor that only moves forward: whatever is not located as
prose is never flagged and never edited.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from rewrite.markdown import Outline

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})

_URL = re.compile(r"""(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]]""", re.I)
_SCHEME_BEFORE = re.compile(r"[a-z][a-z0-9+.-]*\Z", re.I)
_EMAIL_LOCAL = re.compile(r"[\w.+-]{1,64}\Z")
_EMAIL_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+\b")
_MD_DIRECTIVE = re.compile(r"<!--\s*rewrite:\s*(off|on|ignore)\s*-->", re.I)
_TEXT_DIRECTIVE = re.compile(r"\brewrite:\s*(off|on|ignore)\b", re.I)


class Span(NamedTuple):  # a NamedTuple: documents make hundreds of thousands of them
    start: int
    end: int
    kind: str  # "prose", or why it is protected: "front-matter", "code", "url", ...


@dataclass(frozen=True)
class Document:
    """A decoded text and what may be flagged in it."""

    text: str
    prose: tuple[Span, ...]  # sorted, non-overlapping
    protected: tuple[Span, ...]  # sorted by start; for reports and tests
    blocks: tuple[tuple[int, int], ...]  # paragraphs, headings, list items, cells
    markdown: bool

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        return _line_starts(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)].rstrip("\r")


def is_markdown_name(name: str) -> bool:
    dot = name.rfind(".")
    return dot >= 0 and name[dot:].lower() in MARKDOWN_SUFFIXES


def parse(text: str, markdown: bool) -> Document:
    """Build the Document for `text`, as Markdown or as plain text."""
    starts = _line_starts(text)
    if markdown:
        from rewrite.markdown import markdown_spans

        prose, protected, blocks = markdown_spans(text, starts)
        directive = _MD_DIRECTIVE
    else:
        prose, protected, blocks = _text_spans(text)
        directive = _TEXT_DIRECTIVE
    protected += _url_spans(text, prose)
    protected += _directive_spans(text, starts, directive, protected)
    prose = _subtract(prose, protected)
    return Document(
        text=text,
        prose=tuple(prose),
        protected=tuple(sorted(protected, key=lambda s: (s.start, s.end))),
        blocks=tuple(blocks),
        markdown=markdown,
    )


def parse_blocks(text: str, outline: Outline, chosen: Iterable[int]) -> Document:
    """The Document of a Markdown text as `parse` would give it within the `chosen`
    top-level blocks of its `outline`, with no prose anywhere else. For a text without
    `rewrite:` directives (which reach across blocks)."""
    from rewrite.markdown import block_spans

    prose: list[Span] = []
    protected: list[Span] = list(outline.protected)
    blocks: list[tuple[int, int]] = []
    for index in sorted(chosen):
        start, end = outline.blocks[index]
        found = block_spans(text, start, end, outline.definitions)
        prose += found[0]
        protected += found[1] + _url_spans(text, found[0], start, end)
        blocks += found[2]
    return Document(
        text=text,
        prose=tuple(_subtract(prose, protected)),
        protected=tuple(sorted(protected, key=lambda s: (s.start, s.end))),
        blocks=tuple(blocks),
        markdown=True,
    )


def has_directive(text: str) -> bool:
    return _MD_DIRECTIVE.search(text) is not None


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) spans sorted and merged into disjoint ones."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def overlaps_taken(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) overlap one of `taken`, sorted spans that do not overlap each
    other? (bisect: only the last span starting before `end` can)"""
    at = bisect.bisect_left(taken, (end, end)) - 1
    return at >= 0 and taken[at][1] > start


@lru_cache(maxsize=2)  # `parse` needs them, and the Document's positions again
def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *itertools.accumulate(len(line) + 1 for line in text.split("\n")[:-1]))


# --- plain text ------------------------------------------------------------


def _text_spans(text: str) -> tuple[list[Span], list[Span], list[tuple[int, int]]]:
    blocks = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?![ \t]*\r?\n))*", text)]
    return [Span(s, e, "prose") for s, e in blocks], [], blocks


# --- shared ----------------------------------------------------------------


def _url_spans(text: str, prose: list[Span], start: int = 0, end: int | None = None
               ) -> list[Span]:
    """URLs and e-mail addresses that start inside prose (and in text[start:end])."""
    end = len(text) if end is None else end
    found = [Span(s, e, "url") for s, e in _urls(text, start, end)]
    found += [Span(s, e, "email") for s, e in _emails(text, start, end)]
    starts = [s.start for s in prose]
    return [span for span in found if _inside(span.start, prose, starts)]


def _urls(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """URL spans, found from their "://" or "www." (much faster than a regex scan)."""
    for marker in ("://", "www."):
        at = text.find(marker, start, end)
        while at >= 0:
            scheme = _SCHEME_BEFORE.search(text, max(0, at - 32), at) if marker == "://" else None
            begin = scheme.start() if scheme else at
            match = _URL.match(text, begin)
            if match and match.end() > at:
                yield match.start(), match.end()
                at = text.find(marker, match.end(), end)
            else:
                at = text.find(marker, at + len(marker), end)


def _emails(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """E-mail address spans, found from their "@"."""
    at = text.find("@", start, end)
    while at >= 0:
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if local and domain:
            yield local.start(), domain.end()
        at = text.find("@", at + 1, end)


def _inside(offset: int, spans: list[Span], starts: list[int]) -> bool:
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < spans[index].end


def _directive_spans(
    text: str, starts: tuple[int, ...], pattern: re.Pattern[str], protected: list[Span]
) -> list[Span]:
    """`rewrite: off` ... `rewrite: on` regions and `rewrite: ignore` lines."""
    code = [s for s in protected if s.kind == "code"]
    spans: list[Span] = []
    off_at: int | None = None
    for match in pattern.finditer(text):
        if any(s.start <= match.start() < s.end for s in code):
            continue
        word = match.group(1).lower()
        if word == "ignore":
            line = bisect.bisect_right(starts, match.start()) - 1
            end = starts[line + 1] if line + 1 < len(starts) else len(text)
            spans.append(Span(starts[line], end, "ignored"))
        elif word == "off" and off_at is None:
            off_at = match.start()
        elif word == "on" and off_at is not None:
            spans.append(Span(off_at, match.end(), "ignored"))
            off_at = None
    if off_at is not None:
        spans.append(Span(off_at, len(text), "ignored"))
    return spans


def _subtract(prose: list[Span], protected: list[Span]) -> list[Span]:
    """Prose minus every protected span, sorted."""
    cuts: list[tuple[int, int]] = []
    for cut_start, cut_end in sorted((s.start, s.end) for s in protected):
        if cuts and cut_start <= cuts[-1][1]:  # merge overlapping cuts
            cuts[-1] = (cuts[-1][0], max(cuts[-1][1], cut_end))
        else:
            cuts.append((cut_start, cut_end))
    cut_starts = [start for start, _ in cuts]
    result: list[Span] = []
    for span in sorted(prose, key=lambda s: s.start):
        # cuts that can reach into the span start before its end
        first = bisect.bisect_left(cut_starts, span.start)
        if first > 0 and cuts[first - 1][1] > span.start:
            first -= 1
        start = span.start
        for cut_start, cut_end in cuts[first : bisect.bisect_left(cut_starts, span.end)]:
            if cut_start > start:
                result.append(Span(start, min(cut_start, span.end), "prose"))
            start = max(start, cut_end)
            if start >= span.end:
                break
        if start < span.end:
            result.append(Span(start, span.end, "prose"))
    return result
