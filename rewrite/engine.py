"""Glue between stages: glossaries -> matcher, source -> document -> findings."""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rewrite import __version__
from rewrite.candidates import candidate_keys, spans_holding
from rewrite.document import (
    Document,
    has_directive,
    is_markdown_name,
    merged_spans,
    overlaps_taken,
    parse,
    parse_blocks,
)
from rewrite.files import (
    Source,
    builtin_glossary_files,
    cache_key,
    file_signature,
    load_cached,
    read_glossary_text,
    store_cached,
)
from rewrite.glossary import Entry, merge, parse_glossary
from rewrite.markdown import Outline, front_matter_end, outline
from rewrite.scan import (
    MATCHER_FORMAT,
    Finding,
    Matcher,
    compile_matcher,
    lowered_text,
    prose_words,
    scan,
    wanted_keys,
)
from rewrite.settings import Settings

if TYPE_CHECKING:
    from rewrite.edits import Edit, FixResult
    from rewrite.grammar import GrammarChecker, GrammarMatch


@dataclass(frozen=True)
class FileResult:
    path: str
    document: Document
    findings: tuple[Finding, ...]


def glossary_files(extra: tuple[str, ...], builtin: bool) -> list[str | Path]:
    """The shipped glossary files (unless `builtin` is off), then the user's."""
    return [*(builtin_glossary_files() if builtin else []), *extra]


def load_entries(extra: tuple[str, ...] = (), builtin: bool = True) -> list[Entry]:
    """The shipped glossary (unless `builtin` is off), then user glossaries over it."""
    files = glossary_files(extra, builtin)
    return merge([parse_glossary(read_glossary_text(f), str(f)) for f in files])


_LOADED: dict[tuple[object, ...], Matcher] = {}


def load_matcher(extra: tuple[str, ...] = (), allowed: tuple[str, ...] = (),
                 builtin: bool = True) -> Matcher:
    """Compiled matcher: kept for the process by the files' signatures, and cached
    on disk by the glossaries' content."""
    files = glossary_files(extra, builtin)
    signature = (tuple(file_signature(f) for f in files), allowed)
    if signature in _LOADED:
        return _LOADED[signature]
    texts = [read_glossary_text(f) for f in files]
    key = cache_key(__version__, str(MATCHER_FORMAT), *map(str, files), *texts, *allowed)
    cached = load_cached(key)
    if isinstance(cached, Matcher):
        matcher = cached
    else:
        entries = merge([parse_glossary(t, str(f)) for f, t in zip(files, texts)])
        matcher = compile_matcher(entries, allowed)
        store_cached(key, matcher)
    _LOADED[signature] = matcher
    return matcher


def document_for(source: Source, markdown: bool | None = None) -> Document:
    if markdown is None:
        markdown = is_markdown_name(source.path)
    return parse(source.text, markdown)


def check_source(source: Source, matcher: Matcher, settings: Settings,
                 markdown: bool | None = None) -> FileResult:
    document = document_for(source, markdown)
    return FileResult(source.path, document, tuple(find_all(document, matcher, settings)))


def find_all(doc: Document, matcher: Matcher, settings: Settings,
             checker: GrammarChecker | None = None) -> list[Finding]:
    """Glossary findings, discovered ones when the settings ask for them, and grammar
    findings when a LanguageTool checker is given."""
    findings = scan(doc, matcher, settings)
    if settings.discover:
        findings = with_discovered(doc, findings, settings, matcher)
    if checker is not None:
        findings = list(with_grammar(doc, findings, checker, settings))
    return findings


def with_discovered(doc: Document, findings: list[Finding], settings: Settings,
                    matcher: Matcher) -> list[Finding]:
    """Glossary findings plus wanted `discovered` ones, in order. Discovery skips every
    span the glossary knows, reported or not, and the allowed phrases."""
    from dataclasses import replace

    from rewrite.discover import discover
    from rewrite.tokens import normal_phrase

    known = scan(doc, matcher, replace(settings, select=(), ignore=(), severity="info"))
    allowed = {normal_phrase(p) for p in settings.allowed}
    extra = [f for f in discover(doc, known)
             if settings.wants(f.rule, f.category, f.severity)
             and normal_phrase(f.text) not in allowed]
    return sorted([*findings, *extra], key=lambda f: f.start)


# --- many files --------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What checking one path gave: findings, or the one-line error that stopped it."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: str = ""


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

    try:
        source = read_source(path)
    except RewriteError as error:
        return Outcome(display or path, error=str(error))
    if display:
        source = Source(display, source.text, source.raw, source.encoding, source.bom)
    return Outcome(source.path, tuple(source_findings(source, matcher, settings, markdown)))


def source_findings(source: Source, matcher: Matcher, settings: Settings,
                    markdown: bool | None = None) -> list[Finding]:
    """What `check_source` finds, parsing only what it must: nothing in a text where no
    wanted glossary phrase can occur (most files of a clean repository), and in Markdown
    only the top-level blocks where one may occur."""
    if settings.discover:
        return list(check_source(source, matcher, settings, markdown).findings)
    text = source.text
    if markdown is None:
        markdown = is_markdown_name(source.path)
    keys = candidate_keys(text, matcher, front_matter_end(text) if markdown else 0)
    wanted = wanted_keys(keys, matcher, settings)
    if wanted == frozenset():
        return []
    layout = outline(text) if markdown and not has_directive(text) else None
    chosen = spans_holding(lowered_text(text), layout.blocks, wanted) if layout else None
    if layout is None or chosen is None:
        return scan(parse(text, markdown), matcher, settings, keys)
    document = parse_blocks(text, layout, chosen)
    return scan(document, matcher, settings, keys, wanted,
                words_over=lambda limit: _words_over(limit, text, layout, chosen, document))


def _words_over(limit: float, text: str, layout: Outline, chosen: list[int],
                document: Document) -> bool:
    """Whether the text has more than `limit` words of prose: parses block after block,
    only as far as it takes to tell."""
    total = prose_words(document)
    skip = set(chosen)
    for index in range(len(layout.blocks)):
        if total > limit:
            return True
        if index not in skip:
            total += prose_words(parse_blocks(text, layout, [index]))
    return total > limit


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
               markdown: bool | None = None) -> FixResult:
    """The fixed text of a source and its edits (see rewrite.edits.fix)."""
    from rewrite.edits import fix

    document = document_for(source, markdown)
    return fix(document, lambda doc: scan(doc, matcher, settings),
               lambda text: parse(text, document.markdown))


# --- grammar -------------------------------------------------------------------


def grammar_findings(doc: Document, matches: Iterable[GrammarMatch],
                     known: Iterable[Finding] = ()) -> list[Finding]:
    """LanguageTool matches as findings of category `grammar`, skipping any that
    overlap a glossary finding (the glossary's replacement is the better fix)."""
    taken = merged_spans((f.start, f.end) for f in known)
    found = []
    for match in matches:
        if match.end <= match.start or overlaps_taken(taken, match.start, match.end):
            continue
        line, column = doc.position(match.start)
        text = doc.text[match.start : match.end]
        found.append(Finding(
            rule=f"grammar/{match.rule_id}", category="grammar", severity="warning",
            start=match.start, end=match.end, line=line, column=column, text=text,
            replacements=tuple(match.replacements[:5]), message=match.message,
            confidence=0.7,
        ))
        bisect.insort(taken, (match.start, match.end))  # it overlaps none of them
    return found


def with_grammar(doc: Document, findings: Iterable[Finding], checker: GrammarChecker,
                 settings: Settings) -> tuple[Finding, ...]:
    """Glossary findings plus wanted grammar findings, in order of position."""
    known = list(findings)
    matches = checker.check(doc.text, [(s.start, s.end) for s in doc.prose])
    extra = [f for f in grammar_findings(doc, matches, known)
             if settings.wants(f.rule, f.category, f.severity)]
    return tuple(sorted(known + extra, key=lambda f: f.start))


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence (or line) around [start, end)."""
    before = max(text.rfind(mark, 0, start) for mark in (". ", "! ", "? ", "\n"))
    ends = [i for i in (text.find(mark, end) for mark in (". ", "! ", "? ", "\n")) if i >= 0]
    return before + 1, (min(ends) + 1 if ends else len(text))


def edits_adding_grammar(before: Document, after_text: str, edits: Iterable[Edit],
                         checker: GrammarChecker) -> list[tuple[Edit, GrammarMatch]]:
    """Edits whose sentence has more grammar matches after the fix than before,
    each with one of the new matches."""
    after = parse(after_text, before.markdown)
    old = checker.check(before.text, [(s.start, s.end) for s in before.prose])
    new = checker.check(after.text, [(s.start, s.end) for s in after.prose])
    worse = []
    shift = 0
    for edit in sorted(edits, key=lambda e: e.start):
        old_bounds = _sentence(before.text, edit.start, edit.end)
        new_start = edit.start + shift
        new_bounds = _sentence(after.text, new_start, new_start + len(edit.new))
        shift += len(edit.new) - (edit.end - edit.start)
        old_hits = [m for m in old if old_bounds[0] <= m.start < old_bounds[1]]
        new_hits = [m for m in new if new_bounds[0] <= m.start < new_bounds[1]]
        if len(new_hits) > len(old_hits):
            old_rules = {m.rule_id for m in old_hits}
            added = next((m for m in new_hits if m.rule_id not in old_rules), new_hits[-1])
            worse.append((edit, added))
    return worse
