"""Rendering findings as text. Returns strings; only the CLI prints them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Protocol

import click

from rewrite import __version__
from rewrite.scan import Finding

JSON_VERSION = 1
_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


class HasFindings(Protocol):
    @property
    def path(self) -> str: ...

    @property
    def findings(self) -> tuple[Finding, ...]: ...


def human(results: Iterable[HasFindings], colour: bool) -> str:
    lines: list[str] = []
    counts: Counter[str] = Counter()
    files_with = total_files = 0
    for result in results:
        total_files += 1
        if not result.findings:
            continue
        files_with += 1
        if lines:
            lines.append("")
        for f in result.findings:
            counts[f.severity] += 1
            lines.append(human_line(result.path, f, colour))
    lines.append(summary(counts, files_with, total_files))
    return "\n".join(lines)


def human_line(path: str, f: Finding, colour: bool) -> str:
    severity = click.style(f.severity, fg=_COLOURS[f.severity]) if colour else f.severity
    where = f"{path}:{f.line}:{f.column}:"
    if colour:
        where = click.style(where, bold=True)
    suggestion = " | ".join(f"'{r}'" for r in f.replacements) or "(no replacement)"
    return f"{where} {severity} [{f.rule}] '{one_line(f.text)}' -> {suggestion}"


def one_line(text: str) -> str:
    return " ".join(text.split())


def summary(counts: Counter[str], files_with: int, total_files: int) -> str:
    total = sum(counts.values())
    if not total:
        return f"No findings in {plural(total_files, 'file')}."
    parts = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
    return (f"Found {plural(total, 'finding')} ({parts}) in {files_with} of "
            f"{plural(total_files, 'file')}.")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def as_json(results: Iterable[HasFindings]) -> str:
    files = [{"path": r.path, "findings": [f.as_dict() for f in r.findings]} for r in results]
    return json.dumps({"version": JSON_VERSION, "files": files}, indent=2, ensure_ascii=False)


def _end(f: Finding) -> tuple[int, int]:
    """1-based end line and exclusive end column of a finding."""
    if "\n" not in f.text:
        return f.line, f.column + len(f.text)
    return f.line + f.text.count("\n"), len(f.text.rsplit("\n", 1)[1]) + 1


def as_sarif(results: Sequence[HasFindings]) -> str:
    """SARIF 2.1.0, as GitHub code scanning accepts it (columns in code points)."""
    rules: dict[str, int] = {}
    rule_objects: list[dict[str, object]] = []
    sarif_results: list[dict[str, object]] = []
    for result in results:
        for f in result.findings:
            if f.rule not in rules:
                rules[f.rule] = len(rule_objects)
                rule_objects.append({
                    "id": f.rule,
                    "name": f.rule.replace("/", "-"),
                    "shortDescription": {"text": f"{f.category}: {f.rule.split('/', 1)[1]}"},
                    "defaultConfiguration": {"level": _SARIF_LEVEL[f.severity]},
                    "properties": {"category": f.category, "tags": [f.category]},
                })
            end_line, end_column = _end(f)
            item: dict[str, object] = {
                "ruleId": f.rule,
                "ruleIndex": rules[f.rule],
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": result.path.replace("\\", "/")},
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": end_line, "endColumn": end_column,
                               "charOffset": f.start, "charLength": f.end - f.start,
                               "snippet": {"text": f.text}},
                }}],
                "properties": {"confidence": f.confidence, "replacements": list(f.replacements)},
            }
            sarif_results.append(item)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "rewrite", "version": __version__,
                                "informationUri": "https://pypi.org/project/rewrite/",
                                "rules": rule_objects}},
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(results: Iterable[HasFindings]) -> str:
    """GitHub Actions workflow commands: one annotation line per finding."""
    lines = []
    for result in results:
        for f in result.findings:
            end_line, end_column = _end(f)
            properties = ",".join([
                f"file={_escape_property(result.path)}", f"line={f.line}", f"col={f.column}",
                f"endLine={end_line}", f"endColumn={end_column}",
                f"title={_escape_property(f.rule)}",
            ])
            lines.append(f"::{_GITHUB_LEVEL[f.severity]} {properties}::{_escape_data(f.message)}")
    return "\n".join(lines)
