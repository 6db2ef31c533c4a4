"""Stage 1: text -> Document (prose spans and protected spans).

Markdown is parsed with markdown-it-py (CommonMark + front matter + tables +
linkify). Inline tokens carry no source offsets, so each `text` token is located
in the source with a cursor that only moves forward: whatever is not located as
prose is never flagged and never edited.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})

_URL = re.compile(r"""(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]]""", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_MD_DIRECTIVE = re.compile(r"<!--\s*rewrite:\s*(off|on|ignore)\s*-->", re.I)
_TEXT_DIRECTIVE = re.compile(r"\brewrite:\s*(off|on|ignore)\b", re.I)
_PLAIN_PIECE = re.compile(r"[\w'’-]+(?:\s+[\w'’-]+)*")


@dataclass(frozen=True)
class Span:
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
    line_starts: tuple[int, ...]
    markdown: bool

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
        prose, protected, blocks = _markdown_spans(text, starts)
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
        line_starts=starts,
        markdown=markdown,
    )


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(m.end() for m in re.finditer("\n", text)))


# --- plain text ------------------------------------------------------------


def _text_spans(text: str) -> tuple[list[Span], list[Span], list[tuple[int, int]]]:
    blocks = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?![ \t]*\r?\n))*", text)]
    return [Span(s, e, "prose") for s, e in blocks], [], blocks


# --- Markdown --------------------------------------------------------------


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"linkify": True})
    return md.enable(["linkify", "table", "strikethrough"]).use(front_matter_plugin)


_BLOCK_KINDS = {
    "front_matter": "front-matter",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
}


def _markdown_spans(
    text: str, starts: tuple[int, ...]
) -> tuple[list[Span], list[Span], list[tuple[int, int]]]:
    prose: list[Span] = []
    protected: list[Span] = []
    blocks: list[tuple[int, int]] = []
    cursor = 0
    for token in _parser().parse(text):
        if token.map is None:
            continue
        begin = starts[token.map[0]]
        end = starts[token.map[1]] if token.map[1] < len(starts) else len(text)
        kind = _BLOCK_KINDS.get(token.type)
        if kind:
            protected.append(Span(begin, end, kind))
        elif token.type == "inline":
            walker = _InlineWalker(text, max(cursor, begin), end)
            found = list(walker.walk(token.children or []))
            cursor = walker.cursor
            prose += [s for s in found if s.kind == "prose"]
            protected += [s for s in found if s.kind != "prose"]
            spans = [s for s in found if s.kind == "prose"]
            if spans:
                blocks.append((spans[0].start, spans[-1].end))
    return prose, protected, blocks


class _InlineWalker:
    """Locates inline tokens in the source, moving a cursor forward only."""

    def __init__(self, text: str, cursor: int, limit: int) -> None:
        self.text = text
        self.cursor = cursor
        self.limit = limit

    def walk(self, children: list[Token]) -> Iterator[Span]:
        in_url_link = False
        for child in children:
            kind = child.type
            if kind == "text":
                yield from self._text(child.content, protected=in_url_link)
            elif kind == "code_inline":
                yield from self._delimited(child.markup, "code")
            elif kind in ("html_inline", "html_block"):
                yield from self._literal(child.content, "html")
            elif kind == "link_open":
                in_url_link = child.markup in ("autolink", "linkify")
                if child.markup == "autolink":
                    self._skip("<")
            elif kind == "link_close":
                if child.markup == "autolink":
                    self._skip(">")
                elif not in_url_link:
                    yield from self._link_target()
                in_url_link = False
            elif kind == "image":
                yield from self._image()

    def _find(self, needle: str) -> int:
        return self.text.find(needle, self.cursor, self.limit) if needle else -1

    def _skip(self, needle: str) -> None:
        at = self._find(needle)
        if at >= 0:
            self.cursor = at + len(needle)

    def _text(self, content: str, protected: bool) -> Iterator[Span]:
        at = self._find(content)
        if at >= 0:
            self.cursor = at + len(content)
            yield Span(at, self.cursor, "url" if protected else "prose")
            return
        # Entities and backslash escapes change the text: locate the plain pieces.
        for piece in _PLAIN_PIECE.finditer(content):
            at = self._find(piece.group())
            if at >= 0:
                self.cursor = at + len(piece.group())
                yield Span(at, self.cursor, "url" if protected else "prose")

    def _literal(self, content: str, kind: str) -> Iterator[Span]:
        content = content.rstrip("\n")
        at = self._find(content)
        if at >= 0:
            self.cursor = at + len(content)
            yield Span(at, self.cursor, kind)

    def _delimited(self, markup: str, kind: str) -> Iterator[Span]:
        opening = self._find(markup)
        if opening < 0:
            return
        closing = self.text.find(markup, opening + len(markup), self.limit)
        if closing < 0:
            return
        self.cursor = closing + len(markup)
        yield Span(opening, self.cursor, kind)

    def _link_target(self) -> Iterator[Span]:
        at = self._find("]")
        if at < 0:
            return
        self.cursor = at + 1
        following = self.text[self.cursor : self.cursor + 1]
        if following == "(":
            end = _closing_paren(self.text, self.cursor, self.limit)
            yield Span(self.cursor, end, "link-target")
            self.cursor = end
        elif following == "[":
            end = self.text.find("]", self.cursor, self.limit)
            end = self.limit if end < 0 else end + 1
            yield Span(self.cursor, end, "link-target")
            self.cursor = end

    def _image(self) -> Iterator[Span]:
        start = self._find("![")
        if start < 0:
            return
        self.cursor = start + 2
        depth = 1
        while self.cursor < self.limit and depth:
            char = self.text[self.cursor]
            depth += {"[": 1, "]": -1}.get(char, 0)
            self.cursor += 1
        self.cursor -= 1
        targets = list(self._link_target())
        yield Span(start, targets[-1].end if targets else self.cursor, "image")


def _closing_paren(text: str, start: int, limit: int) -> int:
    depth = 0
    for index in range(start, limit):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return limit


# --- shared ----------------------------------------------------------------


def _url_spans(text: str, prose: list[Span]) -> list[Span]:
    found: list[Span] = []
    for span in prose:
        chunk = text[span.start : span.end]
        for pattern, kind in ((_URL, "url"), (_EMAIL, "email")):
            found += [
                Span(span.start + m.start(), span.start + m.end(), kind)
                for m in pattern.finditer(chunk)
            ]
    return found


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
    cuts = sorted((s.start, s.end) for s in protected)
    result: list[Span] = []
    for span in sorted(prose, key=lambda s: s.start):
        pieces = [(span.start, span.end)]
        for cut_start, cut_end in cuts:
            if cut_start >= span.end:
                break
            if cut_end <= span.start:
                continue
            pieces = [
                part
                for start, end in pieces
                for part in ((start, min(end, cut_start)), (max(start, cut_end), end))
                if part[0] < part[1]
            ]
        result += [Span(start, end, "prose") for start, end in pieces]
    return result


def prose_text(doc: Document) -> str:
    """The document's prose as plain text for scoring: one block (paragraph, heading,
    list item, table cell) a line, markup and protected spans left out, line breaks
    inside a block unwrapped."""
    lines = []
    spans = list(doc.prose)
    index = 0
    for start, end in doc.blocks:
        pieces = []
        while index < len(spans) and spans[index].start < end:
            span = spans[index]
            if span.end > start:
                pieces.append(doc.text[max(span.start, start) : min(span.end, end)])
            index += 1
        line = " ".join(" ".join(pieces).split())
        if line:
            lines.append(line)
    return "\n".join(lines)
