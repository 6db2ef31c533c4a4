"""Glue between stages: glossaries -> matcher, source -> document -> findings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rewrite import __version__
from rewrite.document import Document, is_markdown_name, parse
from rewrite.files import (
    Source, builtin_glossary_files, cache_key, load_cached, read_glossary_text, store_cached,
)
from rewrite.glossary import Entry, merge, parse_glossary
from rewrite.scan import Finding, Matcher, compile_matcher, scan
from rewrite.settings import Settings


@dataclass(frozen=True)
class FileResult:
    path: str
    document: Document
    findings: tuple[Finding, ...]


def load_entries(extra: tuple[str, ...] = (), builtin: bool = True) -> list[Entry]:
    """The shipped glossary (unless `builtin` is off), then user glossaries over it."""
    files: list[str | Path] = [*(builtin_glossary_files() if builtin else []), *extra]
    return merge([parse_glossary(read_glossary_text(f), str(f)) for f in files])


def load_matcher(extra: tuple[str, ...] = (), allowed: tuple[str, ...] = (),
                 builtin: bool = True) -> Matcher:
    """Compiled matcher, cached on disk by the glossaries' content."""
    files: list[str | Path] = [*(builtin_glossary_files() if builtin else []), *extra]
    texts = [read_glossary_text(f) for f in files]
    key = cache_key(__version__, *map(str, files), *texts, *allowed)
    cached = load_cached(key)
    if isinstance(cached, Matcher):
        return cached
    entries = merge([parse_glossary(t, str(f)) for f, t in zip(files, texts)])
    matcher = compile_matcher(entries, allowed)
    store_cached(key, matcher)
    return matcher


def document_for(source: Source, markdown: bool | None = None) -> Document:
    if markdown is None:
        markdown = is_markdown_name(source.path)
    return parse(source.text, markdown)


def check_source(source: Source, matcher: Matcher, settings: Settings,
                 markdown: bool | None = None) -> FileResult:
    document = document_for(source, markdown)
    return FileResult(source.path, document, tuple(scan(document, matcher, settings)))
