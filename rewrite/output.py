"""Rendering findings as text. Returns strings; only the CLI prints them."""

from __future__ import annotations

import json
from collections import Counter
from typing import Iterable

import click

from rewrite.engine import FileResult

JSON_VERSION = 1
_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def human(results: Iterable[FileResult], colour: bool) -> str:
    lines: list[str] = []
    counts: Counter[str] = Counter()
    files_with = 0
    total_files = 0
    for result in results:
        total_files += 1
        if not result.findings:
            continue
        files_with += 1
        if lines:
            lines.append("")
        for f in result.findings:
            counts[f.severity] += 1
            severity = click.style(f.severity, fg=_COLOURS[f.severity]) if colour else f.severity
            where = click.style(f"{result.path}:{f.line}:{f.column}:", bold=True) if colour else (
                f"{result.path}:{f.line}:{f.column}:")
            suggestion = " | ".join(f"'{r}'" for r in f.replacements) or "(no replacement)"
            lines.append(f"{where} {severity} [{f.rule}] '{_one_line(f.text)}' -> {suggestion}")
    lines.append(summary(counts, files_with, total_files))
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def summary(counts: Counter[str], files_with: int, total_files: int) -> str:
    total = sum(counts.values())
    if not total:
        return f"No findings in {_plural(total_files, 'file')}."
    parts = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
    return (f"Found {_plural(total, 'finding')} ({parts}) in {files_with} of "
            f"{_plural(total_files, 'file')}.")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def as_json(results: Iterable[FileResult], scores: dict[str, dict[str, float]] | None = None) -> str:
    files = []
    for result in results:
        item: dict[str, object] = {
            "path": result.path,
            "findings": [f.as_dict() for f in result.findings],
        }
        if scores and result.path in scores:
            item["scores"] = scores[result.path]
        files.append(item)
    return json.dumps({"version": JSON_VERSION, "files": files}, indent=2, ensure_ascii=False)
