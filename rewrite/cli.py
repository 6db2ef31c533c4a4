"""Command line. The only module that prints."""

from __future__ import annotations

import sys
from typing import Callable, NoReturn, TypeVar

import click

from rewrite import __version__
from rewrite.errors import RewriteError
from rewrite.glossary import SEVERITIES

EXIT_CLEAN, EXIT_FOUND, EXIT_USAGE, EXIT_BAD_INPUT = 0, 1, 2, 3
F = TypeVar("F", bound=Callable[..., object])


def error_line(message: str) -> None:
    click.echo(f"rewrite: {message}", err=True)


def fail(message: str) -> NoReturn:
    error_line(message)
    sys.exit(EXIT_BAD_INPUT)


def split_list(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--select a,b --select c` -> ("a", "b", "c")."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def filter_options(func: F) -> F:
    options = [
        click.option("--glossary", "glossaries", multiple=True, metavar="PATH",
                     type=click.Path(dir_okay=False),
                     help="Extra glossary file (repeatable); its entries override the shipped ones."),
        click.option("--no-builtin", is_flag=True,
                     help="Use only the glossaries given with --glossary."),
        click.option("--select", multiple=True, metavar="NAMES",
                     help="Only these categories or rules (comma-separated, repeatable)."),
        click.option("--ignore", multiple=True, metavar="NAMES",
                     help="Skip these categories or rules (comma-separated, repeatable)."),
        click.option("--severity", type=click.Choice(SEVERITIES), default="warning",
                     show_default=True, help="Lowest severity to report."),
        click.option("--allow", "allowed", multiple=True, metavar="PHRASE",
                     help="A phrase never to flag (repeatable)."),
        click.option("--stdin-filename", default=None, metavar="NAME",
                     help="Name for text read from '-' (its suffix picks Markdown or text)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def settings_from(select: tuple[str, ...], ignore: tuple[str, ...], severity: str,
                  allowed: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from rewrite.settings import Settings

    return Settings(select=split_list(select), ignore=split_list(ignore), severity=severity,
                    allowed=tuple(allowed))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rewrite")
def cli() -> None:
    """Find synonym-spun, tortured and wordy prose and restore plain language."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@filter_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--color/--no-color", default=None, help="Colour output (default: on a terminal).")
def check(paths: tuple[str, ...], glossaries: tuple[str, ...], no_builtin: bool,
          select: tuple[str, ...], ignore: tuple[str, ...], severity: str,
          allowed: tuple[str, ...], stdin_filename: str | None, fmt: str,
          color: bool | None) -> None:
    """Report spun phrases, spinner filler and wordy phrases in PATHS.

    PATHS are files or directories (walked for .md, .markdown and .txt files);
    '-' reads standard input. Exit 0 when clean, 1 with findings, 3 on bad input.
    """
    from rewrite import output
    from rewrite.engine import check_source, load_matcher
    from rewrite.files import read_source, walk

    settings = settings_from(select, ignore, severity, allowed)
    try:
        matcher = load_matcher(glossaries, settings.allowed, builtin=not no_builtin)
    except RewriteError as error:
        fail(str(error))
    results = []
    broken = False
    for path in _paths_or_fail(paths, walk):
        try:
            source = read_source(path)
        except RewriteError as error:
            error_line(str(error))
            broken = True
            continue
        markdown = _markdown_flag(path, stdin_filename)
        results.append(check_source(_renamed(source, path, stdin_filename), matcher, settings,
                                    markdown))
    if fmt == "json":
        click.echo(output.as_json(results))
    else:
        use_colour = sys.stdout.isatty() if color is None else color
        click.echo(output.human(results, use_colour), color=use_colour)
    if broken:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_FOUND if any(r.findings for r in results) else EXIT_CLEAN)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@filter_options
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
@click.option("--stdout", "to_stdout", is_flag=True,
              help="Write the fixed text to standard output instead of the file.")
@click.option("--interactive", "-i", is_flag=True,
              help="Ask before each edit: yes / no / edit / all / quit.")
def fix(paths: tuple[str, ...], glossaries: tuple[str, ...], no_builtin: bool,
        select: tuple[str, ...], ignore: tuple[str, ...], severity: str,
        allowed: tuple[str, ...], stdin_filename: str | None, show_diff: bool,
        to_stdout: bool, interactive: bool) -> None:
    """Apply the safe replacements in PATHS, in place.

    Only findings with exactly one replacement are applied; the rest are listed
    for a person. Prints 'Fixing <path>' for each changed file and exits 1 if any
    file changed (the pre-commit convention), 0 if none, 3 on bad input.
    """
    from rewrite import edits as edit_stage
    from rewrite.engine import document_for, load_matcher
    from rewrite.files import read_source, walk, write_atomic
    from rewrite.scan import scan

    settings = settings_from(select, ignore, severity, allowed)
    try:
        matcher = load_matcher(glossaries, settings.allowed, builtin=not no_builtin)
    except RewriteError as error:
        fail(str(error))
    changed = broken = False
    for path in _paths_or_fail(paths, walk):
        try:
            source = _renamed(read_source(path), path, stdin_filename)
        except RewriteError as error:
            error_line(str(error))
            broken = True
            continue
        markdown = _markdown_flag(path, stdin_filename)
        document = document_for(source, markdown)

        def find(doc, _m=matcher, _s=settings):  # type: ignore[no-untyped-def]
            return scan(doc, _m, _s)

        def reparse(text, _md=document.markdown):  # type: ignore[no-untyped-def]
            from rewrite.document import parse

            return parse(text, _md)

        if interactive:
            result = _interactive_fix(document, find(document))
        else:
            result = edit_stage.fix(document, find, reparse)
        text_out = path == "-" or to_stdout
        for finding in result.left:
            click.echo(f"{source.path}:{finding.line}:{finding.column}: left for review "
                       f"[{finding.rule}] '{finding.text}' -> "
                       + (" | ".join(f"'{r}'" for r in finding.replacements) or "(none)"),
                       err=text_out)
        if result.text == source.text:
            if text_out:
                sys.stdout.buffer.write(source.encode(result.text))
                sys.stdout.flush()
            continue
        if show_diff:
            click.echo(_unified_diff(source.path, source.text, result.text), nl=False)
            changed = True
        elif text_out:
            sys.stdout.buffer.write(source.encode(result.text))
            sys.stdout.flush()
            changed = True
        else:
            try:
                if write_atomic(source, source.encode(result.text)):
                    click.echo(f"Fixing {source.path}")
                    changed = True
            except RewriteError as error:
                error_line(str(error))
                broken = True
    if broken:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_FOUND if changed else EXIT_CLEAN)


def _unified_diff(path: str, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def _interactive_fix(document, findings):  # type: ignore[no-untyped-def]
    """Ask per finding: (y)es, (n)o, (e)dit, (a)ll remaining, (q)uit."""
    from rewrite import edits as edit_stage

    chosen, left, accept_all = [], [], False
    for finding in findings:
        if not finding.replacements:
            left.append(finding)
            continue
        edit = edit_stage.edit_for(document.text, finding) if edit_stage.is_safe(finding) else None
        if accept_all and edit is not None:
            chosen.append(edit)
            continue
        click.echo(f"\nline {finding.line}: {_sentence_around(document.text, finding)}")
        options = " | ".join(finding.replacements)
        answer = click.prompt(f"  '{finding.text}' -> {options}  [y]es [n]o [e]dit [a]ll [q]uit",
                              type=click.Choice(["y", "n", "e", "a", "q"]), default="y",
                              show_choices=False)
        if answer == "q":
            left.append(finding)
            break
        if answer == "e":
            new = click.prompt("  replace with", default=finding.replacements[0])
            chosen.append(edit_stage.Edit(finding.start, finding.end, finding.text, new,
                                          (finding.rule,)))
        elif answer in ("y", "a"):
            accept_all = answer == "a"
            chosen.append(edit or edit_stage.Edit(finding.start, finding.end, finding.text,
                                                  edit_stage.match_case(
                                                      finding.text, finding.replacements[0]),
                                                  (finding.rule,)))
        else:
            left.append(finding)
    merged = edit_stage.merge_adjacent(document.text, chosen)
    return edit_stage.FixResult(edit_stage.apply_edits(document.text, merged), tuple(merged),
                                tuple(left))


def _sentence_around(text: str, finding) -> str:  # type: ignore[no-untyped-def]
    start = max(text.rfind(".", 0, finding.start), text.rfind("\n", 0, finding.start)) + 1
    ends = [i for i in (text.find(".", finding.end), text.find("\n", finding.end)) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    sentence = text[start : finding.start] + click.style(
        text[finding.start : finding.end], bold=True, underline=True) + text[finding.end : end]
    return " ".join(sentence.split())


def _paths_or_fail(paths: tuple[str, ...], walk):  # type: ignore[no-untyped-def]
    import os

    found = list(walk(paths))
    empty_dirs = [p for p in paths if os.path.isdir(p) and not any(
        f.startswith(os.path.join(p, "")) for f in found)]
    for directory in empty_dirs:
        error_line(f"{directory}: no Markdown or text files found")
    if empty_dirs and not found:
        sys.exit(EXIT_BAD_INPUT)
    return found


def _markdown_flag(path: str, stdin_filename: str | None) -> bool | None:
    from rewrite.document import is_markdown_name

    if path == "-":
        return is_markdown_name(stdin_filename) if stdin_filename else False
    return None


def _renamed(source, path: str, stdin_filename: str | None):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    if path == "-":
        return replace(source, path=stdin_filename or "-")
    return source


def main() -> None:
    cli(prog_name="rewrite")


if __name__ == "__main__":
    main()
