"""Glue between stages: glossaries -> matcher, source -> document -> findings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

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


# --- many files --------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What checking one path gave: findings, or the one-line error that stopped it."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: str = ""
    words: int = 0


@dataclass(frozen=True)
class MatcherSpec:
    """How to build the matcher, small enough to send to worker processes."""

    glossaries: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    builtin: bool = True

    def load(self) -> Matcher:
        return load_matcher(self.glossaries, self.allowed, self.builtin)


def check_path(path: str, matcher: Matcher, settings: Settings,
               markdown: bool | None = None, display: str | None = None) -> Outcome:
    from rewrite.errors import RewriteError
    from rewrite.files import read_source
    from rewrite.tokens import WORD

    try:
        source = read_source(path)
    except RewriteError as error:
        return Outcome(display or path, error=str(error))
    if display:
        source = Source(display, source.text, source.raw, source.encoding, source.bom)
    result = check_source(source, matcher, settings, markdown)
    words = sum(1 for span in result.document.prose
                for _ in WORD.finditer(source.text, span.start, span.end))
    return Outcome(source.path, result.findings, words=words)


_WORKER: dict[str, Matcher] = {}


def _init_worker(spec: MatcherSpec) -> None:
    _WORKER["matcher"] = spec.load()


def _work(task: tuple[str, Settings]) -> Outcome:
    path, settings = task
    return check_path(path, _WORKER["matcher"], settings)


def check_paths(tasks: list[tuple[str, Settings]], spec: MatcherSpec, jobs: int,
                matcher: Matcher | None = None) -> Iterator[Outcome]:
    """Outcomes in the order of `tasks`, checked in `jobs` processes (1 = this one)."""
    if jobs <= 1 or len(tasks) < 2 * jobs:
        matcher = matcher or spec.load()
        for path, settings in tasks:
            yield check_path(path, matcher, settings)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(spec,)) as pool:
        yield from pool.imap(_work, tasks, chunksize=max(1, min(64, len(tasks) // (jobs * 8))))


def fix_source(source: Source, matcher: Matcher, settings: Settings,
               markdown: bool | None = None):  # type: ignore[no-untyped-def]
    """The fixed text of a source and its edits (see rewrite.edits.fix)."""
    from rewrite.edits import fix

    document = document_for(source, markdown)
    return fix(document, lambda doc: scan(doc, matcher, settings),
               lambda text: parse(text, document.markdown))
