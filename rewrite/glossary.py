"""Glossary files: parse, validate, format. Pure: callers pass file contents in."""

from __future__ import annotations

from dataclasses import dataclass

from rewrite.errors import GlossaryError
from rewrite.tokens import is_normal

HEADER = ("phrase", "category", "replacements", "severity", "source", "note")
CATEGORIES = ("spun", "filler", "plain", "allow")
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
CONFIDENCE = {"error": 0.95, "warning": 0.8, "info": 0.5}


@dataclass(frozen=True)
class Entry:
    phrase: str
    category: str
    replacements: tuple[str, ...]
    severity: str
    source: str
    note: str
    file: str = ""
    line: int = 0
    safe: bool = False  # the first of several replacements is the safe choice ("*various|many")

    @property
    def rule(self) -> str:
        return f"{self.category}/{self.phrase.replace(' ', '-')}"

    def row(self) -> str:
        marked = ("*" if self.safe else "") + "|".join(self.replacements)
        cells = (self.phrase, self.category, marked,
                 self.severity, self.source, self.note)
        return "\t".join(cells)


def parse_glossary(text: str, name: str) -> list[Entry]:
    """Parse one glossary file; a malformed line raises GlossaryError naming file and line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or tuple(lines[0].rstrip("\r").split("\t")) != HEADER:
        raise GlossaryError(f"{name}:1: header must be: {' '.join(HEADER)} (tab-separated)")
    return [_parse_row(line.rstrip("\r"), name, number)
            for number, line in enumerate(lines[1:], start=2) if line.strip()]


def _parse_row(line: str, name: str, number: int) -> Entry:
    where = f"{name}:{number}"
    cells = line.split("\t")
    if len(cells) != len(HEADER):
        raise GlossaryError(f"{where}: expected {len(HEADER)} tab-separated columns, got {len(cells)}")
    phrase, category, replacements, severity, source, note = cells
    if not is_normal(phrase):
        raise GlossaryError(f"{where}: phrase {phrase!r} is not in normal form "
                            "(lowercase words separated by single spaces)")
    if category not in CATEGORIES:
        raise GlossaryError(f"{where}: unknown category {category!r} (use {', '.join(CATEGORIES)})")
    if severity not in SEVERITIES:
        raise GlossaryError(f"{where}: unknown severity {severity!r} (use {', '.join(SEVERITIES)})")
    safe = replacements.startswith("*")
    replacements = replacements[1:] if safe else replacements
    options = tuple(r.strip() for r in replacements.split("|")) if replacements else ()
    if any(r.startswith("*") for r in options):
        raise GlossaryError(f"{where}: only the first replacement can be marked safe with '*'")
    if safe and len(options) < 2:
        raise GlossaryError(f"{where}: '*' marks the safe one of several replacements")
    if any(not r for r in options):
        raise GlossaryError(f"{where}: empty replacement in {replacements!r}")
    if category == "allow" and options:
        raise GlossaryError(f"{where}: an allow entry takes no replacement")
    return Entry(phrase, category, options, severity, source.strip(), note.strip(), name, number,
                 safe)


def format_glossary(entries: list[Entry]) -> str:
    """Canonical text of a glossary file: header, rows sorted by phrase."""
    rows = sorted(entries, key=lambda e: (e.phrase, e.category))
    return "\n".join(["\t".join(HEADER), *(e.row() for e in rows)]) + "\n"


def lint_glossary(entries: list[Entry], name: str) -> list[str]:
    """Problems the parser lets through: duplicate phrases, flag-only rows."""
    problems = []
    seen: dict[str, int] = {}
    for entry in entries:
        if entry.phrase in seen:
            problems.append(f"{name}:{entry.line}: duplicate phrase {entry.phrase!r} "
                            f"(first at line {seen[entry.phrase]})")
        seen.setdefault(entry.phrase, entry.line)
        if entry.category != "allow" and not entry.replacements:
            problems.append(f"{name}:{entry.line}: {entry.phrase!r} has no replacement")
    return problems


def merge(groups: list[list[Entry]]) -> list[Entry]:
    """Later groups override earlier ones phrase by phrase (user glossaries win)."""
    by_phrase: dict[str, Entry] = {}
    for group in groups:
        for entry in group:
            by_phrase[entry.phrase] = entry
    return list(by_phrase.values())
