"""Command line. The only module that prints."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from rewrite import __version__
from rewrite.errors import RewriteError
from rewrite.glossary import SEVERITIES

if TYPE_CHECKING:
    from collections import Counter

    from rewrite.config import Config
    from rewrite.document import Document
    from rewrite.edits import FixResult
    from rewrite.engine import MatcherSpec
    from rewrite.glossary import Entry
    from rewrite.grammar import GrammarChecker
    from rewrite.scan import Finding

EXIT_CLEAN, EXIT_FOUND, EXIT_USAGE, EXIT_BAD_INPUT = 0, 1, 2, 3
F = TypeVar("F", bound=Callable[..., object])
PROGRESS_MIN_FILES = 50


def error_line(message: str) -> None:
    click.echo(f"rewrite: {message}", err=True)


def fail(message: str) -> NoReturn:
    error_line(message)
    sys.exit(EXIT_BAD_INPUT)


def split_list(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--select a,b --select c` -> ("a", "b", "c")."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def common_options(func: F) -> F:
    """Options shared by check, fix, score and report."""
    options = [
        click.option("--config", "config_file", metavar="FILE", type=click.Path(dir_okay=False),
                     help="Config file (default: nearest .rewrite.toml or pyproject.toml "
                          "with [tool.rewrite], from the first path upward)."),
        click.option("--glossary", "glossaries", multiple=True, metavar="PATH",
                     type=click.Path(dir_okay=False),
                     help="Extra glossary file (repeatable); its rows override shipped ones."),
        click.option("--no-builtin", is_flag=True,
                     help="Use only the glossaries given with --glossary or config."),
        click.option("--select", multiple=True, metavar="NAMES",
                     help="Only these categories or rules (comma-separated, repeatable)."),
        click.option("--ignore", multiple=True, metavar="NAMES",
                     help="Skip these categories or rules (comma-separated, repeatable)."),
        click.option("--severity", type=click.Choice(SEVERITIES), default=None,
                     help="Lowest severity to report [default: warning]."),
        click.option("--allow", "allowed", multiple=True, metavar="PHRASE",
                     help="A phrase never to flag (repeatable)."),
        click.option("--stdin-filename", default=None, metavar="NAME",
                     help="Name for text read from '-' (its suffix picks Markdown or text)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def load_config(paths: tuple[str, ...], config_file: str | None, **cli: Any) -> Config:
    """Config from --config or the nearest config file, with command-line options on top."""
    from rewrite.config import Config, parse_config, with_cli
    from rewrite.files import find_config, read_config_text

    try:
        if config_file:
            found: tuple[str, str] | None = (config_file, read_config_text(config_file))
        else:
            first = next((p for p in paths if p != "-"), ".")
            found = find_config(first if os.path.exists(first) else ".")
        config = (parse_config(found[1], found[0]) if found else None) or Config()
    except RewriteError as error:
        fail(str(error))
    cli["select"] = split_list(cli.get("select", ())) or None
    cli["ignore"] = split_list(cli.get("ignore", ())) or None
    return with_cli(config, **cli)


def matcher_spec(config: Config, no_builtin: bool, no_glossary: bool = False) -> MatcherSpec:
    from rewrite.engine import MatcherSpec

    if no_glossary:
        return MatcherSpec((), config.allow, builtin=False)
    return MatcherSpec(config.glossaries, config.allow, builtin=not no_builtin)


def files_to_check(paths: tuple[str, ...], config: Config) -> list[str]:
    """Walk PATHS; print a notice for each file skipped and each empty directory."""
    from rewrite.files import walk_tree

    found: list[str] = []
    for item in walk_tree(paths, config.include, config.exclude, config.root):
        if item.notice:
            error_line(item.notice)
        else:
            found.append(item.path)
    empty = [p for p in paths if os.path.isdir(p)
             and not any(f.startswith(os.path.join(p, "")) for f in found)]
    for directory in empty:
        error_line(f"{directory}: no Markdown or text files found")
    if empty and not found:
        sys.exit(EXIT_BAD_INPUT)
    return found


def markdown_flag(path: str, stdin_filename: str | None) -> bool | None:
    from rewrite.document import is_markdown_name

    if path == "-":
        return is_markdown_name(stdin_filename) if stdin_filename else False
    return None


def display_name(path: str, stdin_filename: str | None) -> str:
    return (stdin_filename or "-") if path == "-" else path


def discover_option(func: F) -> F:
    return click.option(
        "--discover/--no-discover", default=None,
        help="Also report probable spun phrases no glossary names (category 'discovered'; "
             "never fixed).")(func)


def grammar_options(func: F) -> F:
    options = [
        click.option("--grammar/--no-grammar", default=None,
                     help="Also check grammar with LanguageTool (needs a server or a local "
                          "install; see the README)."),
        click.option("--languagetool-url", default=None, metavar="URL",
                     help="LanguageTool server to use (or REWRITE_LANGUAGETOOL_URL)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def grammar_checker(config: Config) -> GrammarChecker:
    """A started LanguageTool client, or exit 3 with the one line saying what is missing."""
    from rewrite.grammar import GrammarChecker, resolve_languagetool_url

    url = resolve_languagetool_url(None, config.languagetool_url, os.environ)
    checker = GrammarChecker(url)
    try:
        checker.start()
    except RewriteError as error:
        fail(str(error))
    return checker


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rewrite")
def cli() -> None:
    """Find synonym-spun, tortured and wordy prose and restore plain language."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@common_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]),
              default="text", show_default=True, help="Output format.")
@click.option("--color/--no-color", default=None, help="Colour output (default: on a terminal).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Processes to use (default 0: all cores).")
@click.option("--baseline", "baseline_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Report only findings not recorded in this baseline.")
@click.option("--write-baseline", "write_baseline", metavar="FILE",
              type=click.Path(dir_okay=False), help="Record today's findings in FILE.")
@grammar_options
@discover_option
@click.option("--no-glossary", is_flag=True,
              help="Use no glossary at all (with --discover: discovery alone).")
def check(paths: tuple[str, ...], config_file: str | None, glossaries: tuple[str, ...],
          no_builtin: bool, select: tuple[str, ...], ignore: tuple[str, ...],
          severity: str | None, allowed: tuple[str, ...], stdin_filename: str | None,
          fmt: str, color: bool | None, jobs: int, baseline_file: str | None,
          write_baseline: str | None, grammar: bool | None,
          languagetool_url: str | None, discover: bool | None, no_glossary: bool) -> None:
    """Report spun phrases, spinner filler and wordy phrases in PATHS.

    PATHS are files or directories (walked for .md, .markdown and .txt files,
    honouring .gitignore); '-' reads standard input. Exit 0 when clean, 1 with
    findings, 3 on bad input.
    """
    from dataclasses import replace

    from rewrite.engine import check_path, check_paths

    config = load_config(paths, config_file, glossaries=glossaries, select=select,
                         ignore=ignore, severity=severity, allow=allowed, grammar=grammar,
                         languagetool_url=languagetool_url, discover=discover)
    spec = matcher_spec(config, no_builtin, no_glossary)
    try:
        matcher = spec.load()
        baseline = _read_baseline(baseline_file) if baseline_file else None
    except RewriteError as error:
        fail(str(error))
    files = files_to_check(paths, config)
    tasks = [(p, config.settings_for(p)) for p in files if p != "-"]
    outcomes = {}
    if "-" in files:
        outcomes["-"] = check_path("-", matcher, config.settings(),
                                   markdown_flag("-", stdin_filename),
                                   display_name("-", stdin_filename))
    workers = jobs or os.cpu_count() or 1
    with _progress(len(tasks), "Checking") as advance:
        for (path, _), outcome in zip(tasks, check_paths(tasks, spec, workers, matcher)):
            outcomes[path] = outcome
            advance()
    ordered = [outcomes[p] for p in files]
    for outcome in ordered:
        if outcome.error:
            error_line(outcome.error)
    results = [o for o in ordered if not o.error]
    if config.grammar:
        results = _add_grammar(results, config, stdin_filename)
    if write_baseline:
        from rewrite.baseline import make_baseline
        from rewrite.files import write_output

        try:
            write_output(write_baseline, make_baseline(results))
        except RewriteError as error:
            fail(str(error))
        click.echo(f"Wrote {sum(len(r.findings) for r in results)} findings to {write_baseline}",
                   err=True)
        sys.exit(EXIT_BAD_INPUT if len(results) < len(ordered) else EXIT_CLEAN)
    if baseline is not None:
        from rewrite.baseline import new_findings

        results = [replace(r, findings=new_findings(r.path, r.findings, baseline))
                   for r in results]
    _print_findings(results, fmt, color)
    if len(results) < len(ordered):
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_FOUND if any(r.findings for r in results) else EXIT_CLEAN)


def _add_grammar(results: list[Any], config: Config,
                 stdin_filename: str | None) -> list[Any]:
    from dataclasses import replace

    from rewrite.engine import document_for, with_grammar
    from rewrite.files import read_source

    checker = grammar_checker(config)
    with checker:
        done = []
        for result in results:
            path = "-" if result.path == display_name("-", stdin_filename) else result.path
            try:
                if path == "-":
                    raise RewriteError("grammar of standard input is not supported")
                document = document_for(read_source(path))
                findings = with_grammar(document, result.findings, checker,
                                        config.settings_for(path))
            except RewriteError as error:
                fail(str(error))
            done.append(replace(result, findings=findings))
    return done


def _read_baseline(name: str) -> dict[str, Counter[str]]:
    from rewrite.baseline import parse_baseline
    from rewrite.files import read_baseline_text

    return parse_baseline(read_baseline_text(name), name)


def _print_findings(results: list[Any], fmt: str, color: bool | None) -> None:
    from rewrite import output

    if fmt == "json":
        click.echo(output.as_json(results))
    elif fmt == "sarif":
        click.echo(output.as_sarif(results))
    elif fmt == "github":
        text = output.as_github(results)
        if text:
            click.echo(text)
    else:
        use_colour = sys.stdout.isatty() if color is None else color
        click.echo(output.human(results, use_colour), color=use_colour)


class _progress:
    """A progress bar on standard error, only on a terminal and for long runs."""

    def __init__(self, total: int, label: str) -> None:
        self.show = total >= PROGRESS_MIN_FILES and sys.stderr.isatty()
        self.bar = click.progressbar(length=total, label=label, file=sys.stderr) if self.show else None

    def __enter__(self) -> Callable[[], None]:
        if self.bar is not None:
            bar = self.bar.__enter__()
            return lambda: bar.update(1)
        return lambda: None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, trace)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@common_options
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
@click.option("--stdout", "to_stdout", is_flag=True,
              help="Write the fixed text to standard output instead of the file.")
@click.option("--interactive", "-i", is_flag=True,
              help="Ask before each edit: yes / no / edit / all / quit.")
@grammar_options
@click.option("--strict", is_flag=True,
              help="With --grammar: do not apply an edit whose sentence gains a grammar match.")
def fix(paths: tuple[str, ...], config_file: str | None, glossaries: tuple[str, ...],
        no_builtin: bool, select: tuple[str, ...], ignore: tuple[str, ...],
        severity: str | None, allowed: tuple[str, ...], stdin_filename: str | None,
        show_diff: bool, to_stdout: bool, interactive: bool, grammar: bool | None,
        languagetool_url: str | None, strict: bool) -> None:
    """Apply the safe replacements in PATHS, in place.

    Only findings with exactly one replacement are applied; the rest are listed
    for a person. Prints 'Fixing <path>' for each changed file and exits 1 if any
    file changed (the pre-commit convention), 0 if none, 3 on bad input.
    """
    from rewrite.engine import fix_source
    from rewrite.files import read_source, write_atomic

    config = load_config(paths, config_file, glossaries=glossaries, select=select,
                         ignore=ignore, severity=severity, allow=allowed, grammar=grammar,
                         languagetool_url=languagetool_url)
    try:
        matcher = matcher_spec(config, no_builtin).load()
    except RewriteError as error:
        fail(str(error))
    checker = grammar_checker(config) if config.grammar else None
    changed = broken = False
    for path in files_to_check(paths, config):
        text_out = path == "-" or to_stdout
        try:
            source = read_source(path)
        except RewriteError as error:
            error_line(str(error))
            broken = True
            continue
        name = display_name(path, stdin_filename)
        settings = config.settings_for(path)
        markdown = markdown_flag(path, stdin_filename)
        if interactive:
            from rewrite.engine import document_for
            from rewrite.scan import scan

            document = document_for(source, markdown)
            result = _interactive_fix(document, scan(document, matcher, settings))
        else:
            result = fix_source(source, matcher, settings, markdown)
        if checker is not None:
            result = _grammar_guard(name, source, result, markdown, checker, strict)
        for finding in result.left:
            click.echo(f"{name}:{finding.line}:{finding.column}: left for review "
                       f"[{finding.rule}] '{finding.text}' -> "
                       + (" | ".join(f"'{r}'" for r in finding.replacements) or "(none)"),
                       err=text_out)
        if text_out and not show_diff:
            sys.stdout.buffer.write(source.encode(result.text))
            sys.stdout.flush()
            changed = changed or result.text != source.text
        elif result.text == source.text:
            continue
        elif show_diff:
            click.echo(_unified_diff(name, source.text, result.text), nl=False)
            changed = True
        else:
            try:
                if write_atomic(source, source.encode(result.text)):
                    click.echo(f"Fixing {name}")
                    changed = True
            except RewriteError as error:
                error_line(str(error))
                broken = True
    if checker is not None:
        checker.close()
    if broken:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_FOUND if changed else EXIT_CLEAN)


def _grammar_guard(name: str, source: Any, result: Any, markdown: bool | None, checker: Any,
                   strict: bool) -> Any:
    """Report each edit whose sentence gains a grammar match; with strict, drop it."""
    from dataclasses import replace

    from rewrite.edits import apply_edits
    from rewrite.engine import document_for, edits_adding_grammar

    before = document_for(source, markdown)
    try:
        worse = edits_adding_grammar(before, result.text, result.edits, checker)
    except RewriteError as error:
        fail(str(error))
    for edit, match in worse:
        line, column = before.position(edit.start)
        verdict = "not applied" if strict else "applied"
        click.echo(f"{name}:{line}:{column}: edit '{edit.old}' -> '{edit.new}' adds a grammar "
                   f"issue [grammar/{match.rule_id}] {match.message} ({verdict})", err=True)
    if not strict or not worse:
        return result
    bad = {id(edit) for edit, _ in worse}
    kept = tuple(e for e in result.edits if id(e) not in bad)
    return replace(result, text=apply_edits(source.text, kept), edits=kept)


def _unified_diff(path: str, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def _interactive_fix(document: Document, findings: list[Finding]) -> FixResult:
    """Ask per finding: (y)es, (n)o, (e)dit, (a)ll remaining, (q)uit."""
    from dataclasses import replace

    from rewrite import edits as edit_stage

    chosen, left, accept_all = [], [], False
    for finding in findings:
        if not finding.replacements:
            left.append(finding)
            continue
        edit = edit_stage.edit_for(document.text, finding) if edit_stage.is_safe(finding) else None
        if accept_all and edit is not None:
            chosen.append((finding, edit))
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
            typed = replace(finding, replacements=(new,))  # the verb follows what was typed
            chosen.append((typed, edit_stage.Edit(finding.start, finding.end, finding.text, new,
                                                  (finding.rule,))))
        elif answer in ("y", "a"):
            accept_all = answer == "a"
            chosen.append((finding, edit or edit_stage.Edit(
                finding.start, finding.end, finding.text,
                edit_stage.match_case(finding.text, finding.replacements[0]), (finding.rule,))))
        else:
            left.append(finding)
    merged = edit_stage.agreed(document, chosen)
    return edit_stage.FixResult(edit_stage.apply_edits(document.text, merged), tuple(merged),
                                tuple(left))


def _sentence_around(text: str, finding: Finding) -> str:
    start = max(text.rfind(".", 0, finding.start), text.rfind("\n", 0, finding.start)) + 1
    ends = [i for i in (text.find(".", finding.end), text.find("\n", finding.end)) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    sentence = text[start : finding.start] + click.style(
        text[finding.start : finding.end], bold=True, underline=True) + text[finding.end : end]
    return " ".join(sentence.split())


@cli.group()
def glossary() -> None:
    """Look up, explain, count, lint and format glossary entries."""


def _glossary_entries(extra: tuple[str, ...]) -> list[Entry]:
    from rewrite.engine import load_entries

    try:
        return sorted(load_entries(extra), key=lambda e: (e.phrase, e.category))
    except RewriteError as error:
        fail(str(error))


def _entry_line(entry: Entry) -> str:
    replacements = " | ".join(entry.replacements) or "-"
    return f"{entry.rule}\t{entry.severity}\t{entry.phrase} -> {replacements}"


@glossary.command("list")
@click.option("--category", type=click.Choice(["spun", "filler", "plain", "allow"]), default=None)
@click.option("--glossary", "glossaries", multiple=True, metavar="PATH")
def glossary_list(category: str | None, glossaries: tuple[str, ...]) -> None:
    """List entries (rule, severity, phrase -> replacements)."""
    for entry in _glossary_entries(glossaries):
        if category is None or entry.category == category:
            click.echo(_entry_line(entry))


@glossary.command("search")
@click.argument("text")
@click.option("--glossary", "glossaries", multiple=True, metavar="PATH")
def glossary_search(text: str, glossaries: tuple[str, ...]) -> None:
    """Entries whose phrase or replacement contains TEXT. Exit 1 if none."""
    from rewrite.tokens import normal_phrase

    needle = normal_phrase(text)
    hits = [e for e in _glossary_entries(glossaries)
            if needle in e.phrase or any(needle in normal_phrase(r) for r in e.replacements)]
    for entry in hits:
        click.echo(_entry_line(entry))
    sys.exit(EXIT_CLEAN if hits else EXIT_FOUND)


@glossary.command("explain")
@click.argument("rule_or_phrase")
@click.option("--glossary", "glossaries", multiple=True, metavar="PATH")
def glossary_explain(rule_or_phrase: str, glossaries: tuple[str, ...]) -> None:
    """Why a rule or phrase is flagged, and where the entry came from."""
    from rewrite.inflect import variants
    from rewrite.tokens import normal_phrase

    wanted = rule_or_phrase.strip()
    entries = _glossary_entries(glossaries)
    match = [e for e in entries if e.rule == wanted or e.phrase == normal_phrase(wanted)]
    if not match:
        forms = {e.phrase: e for e in entries}
        match = [forms[p] for p in forms if normal_phrase(wanted) in variants(p)]
    if not match:
        error_line(f"no glossary entry for {wanted!r}")
        sys.exit(EXIT_FOUND)
    for entry in match:
        click.echo(f"rule:         {entry.rule}")
        click.echo(f"phrase:       {entry.phrase}")
        click.echo(f"category:     {entry.category}")
        click.echo(f"replacements: {' | '.join(entry.replacements) or '-'}")
        click.echo(f"severity:     {entry.severity}")
        click.echo(f"source:       {entry.source}")
        if entry.note:
            click.echo(f"note:         {entry.note}")
        click.echo(f"defined at:   {entry.file}:{entry.line}")
        inflected = sorted(variants(entry.phrase))
        if inflected:
            more = " ..." if len(inflected) > 12 else ""
            click.echo(f"also finds:   {', '.join(inflected[:12])}{more}")


@glossary.command("stats")
@click.option("--glossary", "glossaries", multiple=True, metavar="PATH")
def glossary_stats(glossaries: tuple[str, ...]) -> None:
    """Count entries by category, severity and source."""
    from collections import Counter

    entries = _glossary_entries(glossaries)
    click.echo(f"{len(entries)} entries")
    for title, key in (("category", "category"), ("severity", "severity"), ("source", "source")):
        counts = Counter(getattr(e, key) for e in entries)
        click.echo(f"\nby {title}:")
        for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            click.echo(f"  {name:<24} {count:>6}")


@glossary.command("lint")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def glossary_lint(files: tuple[str, ...]) -> None:
    """Validate glossary files: form, order, duplicates. Exit 3 on the first error."""
    from rewrite.files import read_glossary_text
    from rewrite.glossary import format_glossary, lint_glossary, parse_glossary

    problems = 0
    for name in files:
        try:
            text = read_glossary_text(name)
            entries = parse_glossary(text, name)
        except RewriteError as error:
            error_line(str(error))
            problems += 1
            continue
        for message in lint_glossary(entries, name):
            error_line(message)
            problems += 1
        if not problems and format_glossary(entries) != text:
            error_line(f"{name}: not in canonical form; run `rewrite glossary fmt {name}`")
            problems += 1
    if problems:
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"{len(files)} glossary file{'s' if len(files) != 1 else ''} OK")


@glossary.command("fmt")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--check", is_flag=True, help="Only report files that would change (exit 1).")
def glossary_fmt(files: tuple[str, ...], check: bool) -> None:
    """Rewrite glossary files in canonical form (header, sorted rows)."""
    from rewrite.files import read_source, write_atomic
    from rewrite.glossary import format_glossary, parse_glossary

    changed = False
    for name in files:
        try:
            source = read_source(name)
            canonical = format_glossary(parse_glossary(source.text, name))
            if canonical != source.text:
                changed = True
                if check:
                    click.echo(f"Would reformat {name}")
                elif write_atomic(source, source.encode(canonical)):
                    click.echo(f"Formatted {name}")
        except RewriteError as error:
            fail(str(error))
    sys.exit(EXIT_FOUND if changed and check else EXIT_CLEAN)


from rewrite import cli_report  # noqa: E402,F401  (registers score and report)


def main() -> None:
    cli(prog_name="rewrite")


if __name__ == "__main__":
    main()
