"""`rewrite score` and `rewrite report`, registered on the `cli` group of rewrite.cli.

rewrite.cli imports this module at its end, after every name used here is defined. The
scoring stack (readability, jinja2) is imported inside the commands, so `rewrite check`
never loads it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rewrite.cli import (
    EXIT_BAD_INPUT,
    EXIT_CLEAN,
    EXIT_FOUND,
    _progress,
    cli,
    common_options,
    discover_option,
    display_name,
    error_line,
    fail,
    files_to_check,
    grammar_checker,
    grammar_options,
    load_config,
    markdown_flag,
    matcher_spec,
)
from rewrite.errors import InputError, RewriteError

if TYPE_CHECKING:
    from rewrite.config import Config
    from rewrite.files import Source
    from rewrite.report import FileReport, Gates, TextScore, Version
    from rewrite.scan import Matcher
    from rewrite.settings import Settings

F = TypeVar("F", bound=Callable[..., object])
GIT_TIMEOUT_SECONDS = 60
_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
                   ".json": "json"}


def gate_options(func: F) -> F:
    options = [
        click.option("--max-grade", type=float, default=None, metavar="N",
                     help="Fail (exit 1) when the consensus grade is above N "
                          "[default: max-grade in the config]."),
        click.option("--min-ease", type=float, default=None, metavar="N",
                     help="Fail when Flesch reading ease is below N [default: min-ease]."),
        click.option("--max-spin", type=float, default=None, metavar="N",
                     help="Fail when spun+filler findings per 100 words are above N "
                          "[default: max-spin]."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def gates_of(config: Config) -> Gates:
    from rewrite.report import Gates

    return Gates(config.max_grade, config.min_ease, config.max_spin)


def _config(paths: tuple[str, ...], config_file: str | None, **options: object) -> Config:
    return load_config(paths, config_file, **options)


def _matcher(config: Config, no_builtin: bool) -> Matcher:
    try:
        return matcher_spec(config, no_builtin).load()
    except RewriteError as error:
        fail(str(error))


# ---------------------------------------------------------------- score


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@common_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "markdown"]),
              default="text", show_default=True, help="Output format.")
@gate_options
@discover_option
@grammar_options
def score(paths: tuple[str, ...], config_file: str | None, glossaries: tuple[str, ...],
          no_builtin: bool, select: tuple[str, ...], ignore: tuple[str, ...],
          severity: str | None, allowed: tuple[str, ...], stdin_filename: str | None,
          fmt: str, max_grade: float | None, min_ease: float | None,
          max_spin: float | None, discover: bool | None, grammar: bool | None,
          languagetool_url: str | None) -> None:
    """Readability and spin of PATHS: one row per file, and a total.

    Spin is spun+filler findings per 100 words; the verdict is clean,
    suspicious or spun. Exit 0, or 1 when a file crosses a gate (--max-grade,
    --min-ease, --max-spin or the config's), with the reason on standard
    error; 3 on bad input.
    """
    from rewrite.render import score_table
    from rewrite.report import gate_failures

    config = _config(paths, config_file, glossaries=glossaries, select=select, ignore=ignore,
                     severity=severity, allow=allowed, max_grade=max_grade, min_ease=min_ease,
                     max_spin=max_spin, discover=discover, grammar=grammar,
                     languagetool_url=languagetool_url)
    matcher = _matcher(config, no_builtin)
    gates = gates_of(config)
    files = files_to_check(paths, config)
    checker = grammar_checker(config) if config.grammar else None
    rows, errors = _each(files, "Scoring", checker, lambda path: score_path(
        path, matcher, config.settings_for(path), stdin_filename, checker))
    for message in errors:
        error_line(message)
    failures = [gate_failures(row, gates) for row in rows]
    if rows:
        click.echo(score_table(rows, fmt, failures))
    for row, reasons in zip(rows, failures):
        for reason in reasons:
            error_line(f"{row.path}: {reason}")
    if errors:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_FOUND if any(failures) else EXIT_CLEAN)


T = TypeVar("T")
R = TypeVar("R")


def _each(items: list[T], label: str, checker: Any,
          work: Callable[[T], R]) -> tuple[list[R], list[str]]:
    """`work` on each item with a progress bar: the results, and one line per failure.
    The LanguageTool client, if any, is closed at the end."""
    results: list[R] = []
    errors: list[str] = []
    try:
        with _progress(len(items), label) as advance:
            for item in items:
                try:
                    results.append(work(item))
                except RewriteError as error:
                    errors.append(str(error))
                advance()
    finally:
        if checker is not None:
            checker.close()
    return results, errors


def score_path(path: str, matcher: Matcher, settings: Settings,
               stdin_filename: str | None = None, checker: Any = None) -> TextScore:
    """Read, check and score one file; nothing of the document is kept."""
    from rewrite.engine import check_source, with_grammar
    from rewrite.files import read_source
    from rewrite.report import score_document

    source = read_source(path)
    result = check_source(source, matcher, settings, markdown_flag(path, stdin_filename))
    findings = result.findings
    if checker is not None:
        findings = with_grammar(result.document, findings, checker, settings)
    return score_document(display_name(path, stdin_filename), result.document, findings)


# ---------------------------------------------------------------- report


@cli.command()
@click.argument("paths", nargs=-1)
@common_options
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "html"]),
              default=None,
              help="Output format [default: from the --output suffix (.html, .md, .json), "
                   "else text].")
@click.option("--output", "-o", "output", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write the report to FILE instead of standard output.")
@click.option("--before", "before_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Compare this version (with --after) instead of a fix.")
@click.option("--after", "after_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="The later version, compared with --before.")
@click.option("--git-rev", "git_rev", metavar="REV",
              help="Compare each PATH with its version at git revision REV.")
@gate_options
@discover_option
@grammar_options
def report(paths: tuple[str, ...], config_file: str | None, glossaries: tuple[str, ...],
           no_builtin: bool, select: tuple[str, ...], ignore: tuple[str, ...],
           severity: str | None, allowed: tuple[str, ...], stdin_filename: str | None,
           fmt: str | None, output: str | None, before_file: str | None,
           after_file: str | None, git_rev: str | None, max_grade: float | None,
           min_ease: float | None, max_spin: float | None, discover: bool | None,
           grammar: bool | None, languagetool_url: str | None) -> None:
    """Readability and spin before and after, with the edits, for PATHS.

    By default "after" is the text `rewrite fix` would write (nothing is
    written). --before A --after B compares two files; --git-rev REV compares
    each PATH with `git show REV:PATH`. Several files give one report with a
    summary on top. Gates apply to the text as it stands: the file itself, the
    --after file, or the working file with --git-rev. Exit 0, 1 when a gate is
    crossed, 3 on bad input.
    """
    from rewrite import render

    mode = _report_mode(paths, before_file, after_file, git_rev)
    fmt = fmt or _SUFFIX_FORMATS.get(os.path.splitext(output or "")[1].lower(), "text")
    config = _config(paths or (after_file or ".",), config_file, glossaries=glossaries,
                     select=select, ignore=ignore, severity=severity, allow=allowed,
                     max_grade=max_grade, min_ease=min_ease, max_spin=max_spin,
                     discover=discover, grammar=grammar, languagetool_url=languagetool_url)
    matcher = _matcher(config, no_builtin)
    checker = grammar_checker(config) if config.grammar else None
    if mode == "pair":
        jobs = [Job(f"{before_file} -> {after_file}", after_file or "", before_file, after_file)]
    else:
        jobs = [Job(display_name(p, stdin_filename), p) for p in files_to_check(paths, config)]
    reports, errors = _each(jobs, "Reporting", checker, lambda job: _report_one(
        job, git_rev, matcher, config, stdin_filename, checker))
    for message in errors:
        error_line(message)
    if reports:
        rendered = {"text": render.report_text, "markdown": render.report_markdown,
                    "json": render.report_json, "html": render.report_html}[fmt](reports)
        _emit(rendered, output)
    for item in reports:
        for reason in item.failures:
            error_line(f"{item.path}: {reason}")
    if errors:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_FOUND if any(r.failures for r in reports) else EXIT_CLEAN)


def _report_mode(paths: tuple[str, ...], before_file: str | None, after_file: str | None,
                 git_rev: str | None) -> str:
    if before_file or after_file:
        if not (before_file and after_file):
            raise click.UsageError("--before and --after go together")
        if paths or git_rev:
            raise click.UsageError("--before/--after take no PATH and no --git-rev")
        return "pair"
    if not paths:
        raise click.UsageError("give PATH..., or --before FILE --after FILE")
    if git_rev and "-" in paths:
        raise click.UsageError("--git-rev needs files, not standard input")
    return "git" if git_rev else "fix"


@dataclass(frozen=True)
class Job:
    name: str  # shown in the report
    path: str  # the file gated and whose settings apply
    before: str | None = None  # --before file
    after: str | None = None  # --after file


def _report_one(job: Job, git_rev: str | None, matcher: Matcher, config: Config,
                stdin_filename: str | None, checker: Any = None) -> FileReport:
    from rewrite.files import read_source
    from rewrite.report import file_report, gate_failures

    settings = config.settings_for(job.path)
    markdown = markdown_flag(job.path, stdin_filename)
    gates = gates_of(config)
    if job.before and job.after:
        before = _version("before", job.name, read_source(job.before), matcher, settings, None,
                          checker)
        after = _version("after", job.name, read_source(job.after), matcher, settings, None,
                         checker)
        return file_report(job.name, before, after, None, gate_failures(after.score, gates))
    source = read_source(job.path)
    if git_rev:
        old = git_show(git_rev, job.path)
        before = _version(git_rev, job.name, old, matcher, settings, markdown, checker)
        after = _version("working tree", job.name, source, matcher, settings, markdown, checker)
        return file_report(job.name, before, after, None, gate_failures(after.score, gates))
    return _fix_report(job.name, source, matcher, settings, markdown, gates, checker)


def _version(label: str, name: str, source: Source, matcher: Matcher, settings: Settings,
             markdown: bool | None, checker: Any = None) -> Version:
    from rewrite.engine import document_for, find_all
    from rewrite.report import version

    document = document_for(source, markdown)
    return version(label, name, document, find_all(document, matcher, settings, checker))


def _fix_report(name: str, source: Source, matcher: Matcher, settings: Settings,
                markdown: bool | None, gates: Gates, checker: Any = None) -> FileReport:
    from rewrite.document import parse
    from rewrite.engine import document_for, find_all, fix_source
    from rewrite.report import file_report, gate_failures, version

    document = document_for(source, markdown)
    before = version("before", name, document, find_all(document, matcher, settings, checker))
    fixed = fix_source(source, matcher, settings, markdown)
    after_document = parse(fixed.text, document.markdown)
    after = version("after fix", name, after_document,
                    find_all(after_document, matcher, settings, checker))
    return file_report(name, before, after, fixed.edits, gate_failures(before.score, gates))


def git_show(rev: str, path: str) -> Source:
    """The file at `path` as it was at git revision `rev` (IO at the edge: runs git)."""
    from rewrite.files import decode

    if rev.startswith("-"):
        raise InputError(f"--git-rev {rev!r}: not a revision")
    folder, name = os.path.split(os.path.abspath(path))
    try:
        done = subprocess.run(["git", "show", f"{rev}:./{name}"], cwd=folder,
                              capture_output=True, timeout=GIT_TIMEOUT_SECONDS, check=False)
    except FileNotFoundError:
        raise InputError("--git-rev needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise InputError(f"{path}: git show {rev} took over {GIT_TIMEOUT_SECONDS} s") from None
    if done.returncode:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"{path}: not readable at git revision {rev}"
                         + (f" ({said[-1].removeprefix('fatal: ')})" if said else ""))
    return decode(done.stdout, f"{path}@{rev}")


def _emit(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text.rstrip("\n"))
        return
    from rewrite.files import write_output

    try:
        write_output(output, text if text.endswith("\n") else text + "\n")
    except RewriteError as error:
        fail(str(error))
    click.echo(f"Wrote {output}", err=True)
