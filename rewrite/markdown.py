"""Markdown -> prose and protected spans, with a real CommonMark parser.

Two backends give the same spans. markdown-it-pyrs (markdown-it in Rust) reports
the source position of every node, inline text included, and parses about ten
times faster; it ships wheels for CPython 3.11 and 3.12. Elsewhere, markdown-it-py
parses and each inline `text` token is located in the source with a cursor that
only moves forward. `REWRITE_MARKDOWN=python` forces markdown-it-py (the tests run
both). Whatever is not located as prose is never flagged and never edited.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from rewrite.document import Span

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

Spans = tuple[list[Span], list[Span], list[tuple[int, int]]]


class Outline(NamedTuple):
    """The top-level blocks of a Markdown text, from a parse without inline rules."""

    blocks: list[tuple[int, int]]  # blocks that may hold prose: (start of line, end), in order
    protected: list[Span]  # front matter, code and HTML blocks at the top level
    definitions: str  # every link reference definition, to resolve references in a block

_PLAIN_PIECE = re.compile(r"[\w'’-]+(?:\s+[\w'’-]+)*")
_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\r?\n(?:.*\r?\n)*?\+\+\+[ \t]*(?:\r?\n|\Z)")


def markdown_spans(text: str, starts: tuple[int, ...]) -> Spans:
    """Prose spans, protected spans and blocks (paragraphs, headings, cells) of `text`."""
    text, front = _without_toml(text)
    backend = _fast_backend()
    prose, protected, blocks = backend(text) if backend else _python_spans(text, starts)
    return prose, front + protected, blocks


# YAML front matter in the one shape both backends read as front matter: no line in it
# starts with "---" or "..." before the closing "---".
_YAML_FRONT_MATTER = re.compile(r"\A---\r?\n(?:(?!---|\.\.\.).*\r?\n)*?---\r?\n")


def front_matter_end(text: str) -> int:
    """Where the front matter of a Markdown text surely ends (0: none)."""
    found = _TOML_FRONT_MATTER.match(text) or _YAML_FRONT_MATTER.match(text)
    return found.end() if found else 0


def _without_toml(text: str) -> tuple[str, list[Span]]:
    """Neither parser knows +++ front matter: blank it out, same length, and protect it."""
    toml = _TOML_FRONT_MATTER.match(text)
    if not toml:
        return text, []
    blank = re.sub(r"[^\n]", " ", toml.group()) + text[toml.end():]
    return blank, [Span(0, toml.end(), "front-matter")]


def outline(text: str) -> Outline | None:
    """The top-level blocks of `text` (None without markdown-it-pyrs). Parsed alone, one
    of them gives the same spans as in the whole text: CommonMark closes every block
    before the next top-level one starts, and only link reference definitions reach
    across blocks (so they come along, see `block_spans`)."""
    if _fast_backend() is None:
        return None
    text, protected = _without_toml(text)
    # Non-ASCII characters never start or end a block: with each one a "?" the byte
    # offsets the parser reports are character offsets.
    tree = _block_parser().tree(text if text.isascii() else text.encode("ascii", "replace")
                                .decode("ascii"))
    blocks: list[tuple[int, int]] = []
    for node in tree.children:
        start, end = node.srcmap
        kind = _PROTECTED_NODES.get(node.name)
        if kind:
            protected.append(Span(start, end, kind))
        elif node.name != "hr":
            blocks.append((text.rfind("\n", 0, start) + 1, end))
    definitions = "\n".join(text[d.srcmap[0] : d.srcmap[1]] for d in tree.walk()
                            if d.name == "definition")
    return Outline(blocks, protected, definitions)


def block_spans(text: str, start: int, end: int, definitions: str) -> Spans:
    """The spans of top-level blocks `text[start:end]`, parsed alone (see `outline`)."""
    snippet = text[start:end]
    prose, protected, blocks = _rust_spans(f"{snippet}\n\n{definitions}" if definitions
                                           else snippet)
    size = len(snippet)
    return ([Span(s + start, e + start, k) for s, e, k in prose if s < size],
            [Span(s + start, min(e, size) + start, k) for s, e, k in protected if s < size],
            [(s + start, e + start) for s, e in blocks if s < size])


@lru_cache(maxsize=1)
def _block_parser() -> Any:
    from markdown_it_pyrs import MarkdownIt as RustMarkdownIt

    return RustMarkdownIt("zero").enable_many([
        "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
        "reference", "html_block", "table", "front_matter"])


@lru_cache(maxsize=1)
def _fast_backend() -> Any:
    if os.environ.get("REWRITE_MARKDOWN") == "python":
        return None
    try:
        import markdown_it_pyrs  # noqa: F401
    except ImportError:
        return None
    return _rust_spans


# --- markdown-it-pyrs -------------------------------------------------------------


@lru_cache(maxsize=1)
def _rust_parser() -> Any:
    from markdown_it_pyrs import MarkdownIt as RustMarkdownIt

    return RustMarkdownIt("commonmark").enable_many(["front_matter", "table", "strikethrough"])


_PROTECTED_NODES = {
    "front_matter": "front-matter",
    "code_block": "code",
    "fence": "code",
    "html_block": "html",
    "html_inline": "html",
    "code_inline": "code",
    "image": "image",
    "autolink": "url",
    "definition": "link-target",
}
_TEXT_BLOCKS = frozenset({"paragraph", "heading", "lheading", "tcell", "list_item"})


class _Offsets:
    """UTF-8 byte offsets (what markdown-it-pyrs reports) -> code-point offsets."""

    def __init__(self, text: str) -> None:
        self.ascii = text.isascii()
        if self.ascii:
            return
        self.bytes_at: list[int] = []  # byte offset of each non-ASCII character
        self.extra: list[int] = []  # extra bytes up to and including it
        extra = 0
        for match in re.finditer(r"[^\x00-\x7f]", text):
            self.bytes_at.append(match.start() + extra)
            extra += len(match.group().encode("utf-8")) - 1
            self.extra.append(extra)

    def char(self, byte: int) -> int:
        if self.ascii:
            return byte
        index = bisect.bisect_left(self.bytes_at, byte) - 1
        return byte - (self.extra[index] if index >= 0 else 0)


def _rust_spans(text: str) -> Spans:
    offsets = _Offsets(text)
    prose: list[Span] = []
    protected: list[Span] = []
    blocks: list[tuple[int, int]] = []
    stack = [(_rust_parser().tree(text), False)]
    while stack:
        node, in_block = stack.pop()
        name = node.name
        if name == "text":
            span = _text_span(text, offsets, node)
            if span is not None:
                prose.append(span)
            continue
        start, end = (offsets.char(b) for b in node.srcmap) if node.srcmap else (0, 0)
        kind = _PROTECTED_NODES.get(name)
        if kind:
            protected.append(Span(start, end, kind))
            continue
        if name == "link":
            protected += _link_target(text, node, offsets, start, end)
        if name in _TEXT_BLOCKS and not in_block:
            blocks.append((start, end))
        inside = in_block or name in _TEXT_BLOCKS
        stack += [(child, inside) for child in reversed(node.children)]
    prose.sort(key=lambda s: s.start)
    return prose, protected, _text_blocks(blocks, prose)


def _text_span(text: str, offsets: _Offsets, node: Any) -> Span | None:
    """The source span of a text node: its content where the node starts. The parser's
    end offset can run on past a line break, so a span that crosses one is checked
    against the node's content; one that does not is taken as it is."""
    srcmap = node.srcmap
    if not srcmap:
        return None
    start, end = offsets.char(srcmap[0]), offsets.char(srcmap[1])
    if start < end and "\n" not in text[start:end]:
        return Span(start, end, "prose")
    content = node.meta.get("content", "")
    if not content:
        return None
    if text.startswith(content, start):
        return Span(start, start + len(content), "prose")
    found = text.find(content, start, end + len(content))
    return Span(found, found + len(content), "prose") if found >= 0 else None


def _link_target(text: str, node: Any, offsets: _Offsets, start: int, end: int) -> list[Span]:
    """What follows a link's text: "](url)" or "][ref]"."""
    children = [c for c in node.children if c.srcmap]
    after = offsets.char(children[-1].srcmap[1]) if children else start + 1
    close = text.find("]", after, end)
    return [Span(close, end, "link-target")] if close >= 0 and close < end else []


def _text_blocks(blocks: list[tuple[int, int]], prose: list[Span]) -> list[tuple[int, int]]:
    """Each block narrowed to its first and last prose; blocks without prose dropped."""
    starts = [s.start for s in prose]
    narrowed = []
    for start, end in sorted(blocks):
        first = bisect.bisect_left(starts, start)
        last = bisect.bisect_left(starts, end) - 1
        if first <= last:
            narrowed.append((prose[first].start, prose[last].end))
    return narrowed


# --- markdown-it-py -----------------------------------------------------------------



@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Bare URLs are found by _url_spans over the whole text: markdown-it's linkify rule
    # would do the same job per text token at several times the cost.
    # Inline parsing runs only where a block has inline markup (see _inline_children).
    md = MarkdownIt("commonmark")
    md.enable(["table", "strikethrough"]).use(front_matter_plugin)
    md.core.ruler.disable("inline")
    return md


# Characters that can start inline markup; a block without them is plain text.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]!<&~]")


_BLOCK_KINDS = {
    "front_matter": "front-matter",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
}


def _python_spans(
    text: str, starts: tuple[int, ...]
) -> tuple[list[Span], list[Span], list[tuple[int, int]]]:
    prose: list[Span] = []
    protected: list[Span] = []
    blocks: list[tuple[int, int]] = []
    cursor = 0
    env: dict[str, object] = {}
    for token in _parser().parse(text, env):
        if token.map is None:
            continue
        begin = starts[token.map[0]]
        end = starts[token.map[1]] if token.map[1] < len(starts) else len(text)
        kind = _BLOCK_KINDS.get(token.type)
        if kind:
            protected.append(Span(begin, end, kind))
        elif token.type == "inline":
            walker = _InlineWalker(text, max(cursor, begin), end)
            found = list(walker.walk(_inline_children(token.content, env)))
            cursor = walker.cursor
            prose += [s for s in found if s.kind == "prose"]
            protected += [s for s in found if s.kind != "prose"]
            spans = [s for s in found if s.kind == "prose"]
            if spans:
                blocks.append((spans[0].start, spans[-1].end))
    return prose, protected, blocks


def _inline_children(content: str, env: dict[str, object]) -> list[Token]:
    """The inline tokens of a block: parsed only when it has inline markup."""
    if not _INLINE_MARKUP.search(content):
        from markdown_it.token import Token

        return [Token("text", "", 0, content=content)]
    md = _parser()
    tokens: list[Token] = []
    md.inline.parse(content, md, env, tokens)
    return tokens


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
        for line in content.split("\n"):
            yield from self._text_line(line, protected)

    def _text_line(self, content: str, protected: bool) -> Iterator[Span]:
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


