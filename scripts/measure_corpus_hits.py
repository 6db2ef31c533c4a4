#!/usr/bin/env python3
"""Count glossary hits on clean prose: a stand-in for `rewrite check` until the matcher exists.

Usage:
    python scripts/measure_corpus_hits.py CORPORA_DIR GLOSSARY.tsv [GLOSSARY.tsv ...]
        [--severity warning] [--category spun] [--top 40] [--contexts]

Walks CORPORA_DIR for *.md files, removes what is not prose (front matter, fenced code,
inline code, HTML, URLs, link targets, Hugo shortcodes), tokenises the rest the way the
glossary format defines tokens (case-insensitive, ASCII apostrophe), and matches the
glossary phrases leftmost-longest over runs of tokens that are not broken by punctuation.
Inflection as the glossary format promises it: the LAST word of a phrase also matches its
plural (+s, +es, y -> ies), the FIRST word its verb forms (lemminflect when installed,
else +s/+ed/+ing).

Prints words scanned, hits per 10,000 words at the chosen severity threshold, and the most
frequent flagged phrases with one example context each.

The build scripts (build_tortured.py, build_plain.py) import the helpers below so that
one normal form and one matcher are used everywhere while rewrite/matcher.py is written.
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HEADER = ["phrase", "category", "replacements", "severity", "source", "note"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
TOKEN_RE = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
PHRASE_RE = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*(?: [a-z0-9]+(?:['-][a-z0-9]+)*)*")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
# Characters that may sit between two words of one phrase (emphasis markers, spaces).
JOINERS = re.compile(r"[ \t*_~]*\n?[ \t*_~]*")

try:  # lemminflect ships its data in the wheel; optional for this script
    from lemminflect import getAllInflections as _get_all_inflections
except ImportError:  # pragma: no cover
    _get_all_inflections = None


# --------------------------------------------------------------------------- normal form

def normalize(text: str) -> str:
    """Lowercase, ASCII apostrophes, single spaces. The result may still be non-normal."""
    return " ".join(text.translate(APOSTROPHES).lower().split())


def is_normal(phrase: str) -> bool:
    """The FORMAT's normal form (and rewrite.tokens.is_normal when importable)."""
    if PHRASE_RE.fullmatch(phrase) is None:
        return False
    try:
        from rewrite.tokens import is_normal as engine_is_normal
    except ImportError:  # pragma: no cover
        return True
    return engine_is_normal(phrase)


def tokens_of(text: str) -> list[str]:
    return TOKEN_RE.findall(normalize(text))


# --------------------------------------------------------------------------- inflection

def noun_plurals(word: str) -> set[str]:
    forms = {word + "s"}
    if re.search(r"(s|x|z|ch|sh)$", word):
        forms.add(word + "es")
    if re.search(r"[^aeiou]y$", word):
        forms.add(word[:-1] + "ies")
    return forms


def verb_forms(word: str) -> set[str]:
    forms: set[str] = set()
    if _get_all_inflections is not None:
        for values in _get_all_inflections(word, upos="VERB").values():
            forms.update(v.lower() for v in values)
    if not forms:
        forms = {word + "s", word + "ed", word + "ing"}
    forms.discard(word)
    return forms


def variants(tokens: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The phrase itself, its last word pluralised, its first word inflected as a verb."""
    yield tokens
    for plural in noun_plurals(tokens[-1]):
        yield (*tokens[:-1], plural)
    for form in verb_forms(tokens[0]):
        if TOKEN_RE.fullmatch(form):
            yield (form, *tokens[1:])


# --------------------------------------------------------------------------- glossary IO

@dataclass(frozen=True)
class Entry:
    phrase: str
    category: str
    replacements: str
    severity: str
    source: str
    note: str
    file: str = ""


def read_glossary(path: Path) -> list[Entry]:
    rows: list[Entry] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != HEADER:
            raise SystemExit(f"{path}: bad header {header!r}")
        for row in reader:
            if not row:
                continue
            if len(row) != 6:
                raise SystemExit(f"{path}: row with {len(row)} columns: {row!r}")
            rows.append(Entry(*row, file=path.name))
    return rows


def read_other_glossaries(glossary_dir: Path, out_name: str) -> list[Entry]:
    """The entries of every glossary file but the one being built, in file order."""
    others: list[Entry] = []
    for path in sorted(glossary_dir.glob("*.tsv")):
        if path.name != out_name:
            others.extend(read_glossary(path))
    return others


def write_glossary(path: Path, entries: Iterable[Entry]) -> None:
    rows = sorted(entries, key=lambda e: e.phrase)
    lines = ["\t".join(HEADER)]
    for e in rows:
        fields = [e.phrase, e.category, e.replacements, e.severity, e.source, e.note]
        for field in fields:
            if "\t" in field or "\n" in field:
                raise ValueError(f"tab or newline in {fields!r}")
        lines.append("\t".join(fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------- matcher

class Matcher:
    """Leftmost-longest token n-gram lookup (allow entries take part but are not reported)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.table: dict[tuple[str, ...], Entry] = {}
        explicit: set[tuple[str, ...]] = set()
        entries = list(entries)
        for e in entries:
            explicit.add(tuple(e.phrase.split()))
        for e in entries:
            base = tuple(e.phrase.split())
            for form in variants(base):
                if form != base and form in explicit:
                    continue  # explicit rows win over automatic inflections
                current = self.table.get(form)
                if current is None or form == base:
                    self.table[form] = e
        self.max_len = max((len(k) for k in self.table), default=0)

    def scan(self, segment: list[str]) -> Iterator[tuple[int, int, Entry]]:
        i = 0
        n = len(segment)
        while i < n:
            for length in range(min(self.max_len, n - i), 0, -1):
                entry = self.table.get(tuple(segment[i : i + length]))
                if entry is not None:
                    if entry.category != "allow":
                        yield i, i + length, entry
                    i += length
                    break
            else:
                i += 1


# --------------------------------------------------------------------------- Markdown prose

FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)\n.*?\n(?:---|\+\+\+)[ \t]*\n", re.S)
FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.S | re.M)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|^\s*\[[^\]]+\]:\s*\S+.*$", re.M)
URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+|\S+@\S+\.\w+")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def prose_of_markdown(text: str) -> str:
    """Blank out what is not prose; a comma stands in so phrases never join across it."""
    text = text.replace("\r\n", "\n")
    text = FRONT_MATTER.sub("\n\n", text)
    text = FENCE.sub("\n\n", text)
    for pattern in (HTML_COMMENT, SHORTCODE, INLINE_CODE, LINK_TARGET, URL, HTML_TAG):
        text = pattern.sub(" , ", text)
    return text


def segments(text: str) -> Iterator[list[str]]:
    """Runs of tokens separated only by spaces, one newline or emphasis markers."""
    text = normalize_keep_layout(text)
    current: list[str] = []
    last_end = 0
    for match in TOKEN_RE.finditer(text):
        gap = text[last_end : match.start()]
        if current and not JOINERS.fullmatch(gap):
            yield current
            current = []
        current.append(match.group())
        last_end = match.end()
    if current:
        yield current


def normalize_keep_layout(text: str) -> str:
    return text.translate(APOSTROPHES).lower()


# --------------------------------------------------------------------------- engines

@dataclass(frozen=True)
class Hit:
    entry: Entry
    text: str  # the matched words as they appear
    context: str


class ScratchEngine:
    """The token n-gram matcher above, over prose_of_markdown()."""

    name = "scratch"

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.matcher = Matcher(entries)

    def hits(self, text: str, markdown: bool, severity: str = "info") -> Iterator[Hit]:
        if markdown:
            text = prose_of_markdown(text)
        threshold = SEVERITY_RANK[severity]
        for segment in segments(text):
            for start, end, entry in self.matcher.scan(segment):
                if SEVERITY_RANK[entry.severity] < threshold:
                    continue
                left = " ".join(segment[max(0, start - 6) : start])
                right = " ".join(segment[end : end + 6])
                found = " ".join(segment[start:end])
                yield Hit(entry, found, f"...{left} [{found}] {right}...")

    def word_count(self, text: str, markdown: bool) -> int:
        if markdown:
            text = prose_of_markdown(text)
        return sum(len(s) for s in segments(text))


class RewriteEngine:
    """The project's own engine (rewrite.document.parse + rewrite.scan), when importable."""

    name = "rewrite"

    def __init__(self, entries: Iterable[Entry]) -> None:
        from rewrite import glossary, scan

        self._scan = scan
        self.by_rule: dict[str, Entry] = {}
        converted = []
        for e in entries:
            options = tuple(r.strip() for r in e.replacements.split("|")) if e.replacements else ()
            g = glossary.Entry(e.phrase, e.category, options, e.severity, e.source, e.note, e.file)
            converted.append(g)
            self.by_rule[g.rule] = e
        self.matcher = scan.compile_matcher(glossary.merge([converted]))

    def hits(self, text: str, markdown: bool, severity: str = "info") -> Iterator[Hit]:
        from rewrite.document import parse
        from rewrite.settings import Settings

        doc = parse(text, markdown)
        for f in self._scan.scan(doc, self.matcher, Settings(severity=severity)):
            left = " ".join(doc.text[max(0, f.start - 60) : f.start].split()[-6:])
            right = " ".join(doc.text[f.end : f.end + 60].split()[:6])
            yield Hit(self.by_rule[f.rule], f.text, f"...{left} [{f.text}] {right}...")

    def word_count(self, text: str, markdown: bool) -> int:
        from rewrite.document import parse
        from rewrite.tokens import WORD

        doc = parse(text, markdown)
        return sum(len(WORD.findall(doc.text, span.start, span.end)) for span in doc.prose)


def make_engine(entries: Iterable[Entry], which: str = "auto") -> ScratchEngine | RewriteEngine:
    entries = list(entries)
    if which in ("auto", "rewrite"):
        try:
            return RewriteEngine(entries)
        except ImportError:
            if which == "rewrite":
                raise
    return ScratchEngine(entries)


# --------------------------------------------------------------------------- report


class Log:
    """What a build script dropped or demoted, and why."""

    def __init__(self) -> None:
        self.counts: collections.Counter[str] = collections.Counter()
        self.items: dict[str, list[str]] = collections.defaultdict(list)

    def add(self, reason: str, item: str) -> None:
        self.counts[reason] += 1
        self.items[reason].append(item)

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as handle:
            for reason, items in sorted(self.items.items()):
                handle.write(f"## {reason} ({len(items)})\n")
                for item in items:
                    handle.write(f"{item}\n")



def drop_flagged_replacements(rows: dict[str, Any], to_entry: Callable[[Any], Entry],
                              others: list[Entry], engine: str, log: Log) -> None:
    """Remove every replacement the whole glossary (these rows plus `others`) flags, and
    every row left without one, until nothing changes: a shipped replacement is never
    itself a finding."""
    while True:
        scanner = make_engine([to_entry(r) for r in rows.values()] + others, engine)
        changed = False
        for phrase in sorted(rows):
            row = rows[phrase]
            kept = []
            for rep in row.replacements:
                hits = [h.entry.phrase for h in scanner.hits(rep, markdown=False, severity="info")]
                if hits:
                    log.add("remove replacement: flagged by glossary",
                            f"{phrase} -> {rep} (by {', '.join(hits)})")
                else:
                    kept.append(rep)
            if len(kept) != len(row.replacements):
                changed = True
                row.replacements = kept
                if not kept:
                    log.add("drop: no replacement left", phrase)
                    del rows[phrase]
        if not changed:
            return

def finish_build(out: Path, entries: list[Entry], log: Log, report: Path | None) -> int:
    """Write the glossary file, print what was built and why rows went, keep the log."""
    write_glossary(out, entries)
    severities = collections.Counter(e.severity for e in entries)
    print(f"wrote {out}: {len(entries)} rows " + ", ".join(
        f"{k} {severities[k]}" for k in ("error", "warning", "info")))
    for reason, count in sorted(log.counts.items()):
        print(f"  {count:6d}  {reason}")
    if report:
        log.write(report)
    return 0

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path)
    parser.add_argument("glossaries", type=Path, nargs="+")
    parser.add_argument("--severity", default="warning", choices=list(SEVERITY_RANK))
    parser.add_argument("--category", action="append",
                        help="only count these categories (repeatable); default all")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--engine", default="auto", choices=["auto", "rewrite", "scratch"],
                        help="rewrite's own matcher when importable (auto), or the scratch one")
    parser.add_argument("--contexts", action="store_true", help="print one context per phrase")
    parser.add_argument("--tsv", type=Path, help="write phrase<TAB>hits<TAB>file for every hit phrase")
    args = parser.parse_args(argv)

    entries: list[Entry] = []
    for path in args.glossaries:
        entries.extend(read_glossary(path))
    threshold = SEVERITY_RANK[args.severity]
    active = [e for e in entries
              if e.category == "allow" or SEVERITY_RANK[e.severity] >= threshold]
    engine = make_engine(active, args.engine)

    words = 0
    hits: collections.Counter[str] = collections.Counter()
    by_category: collections.Counter[str] = collections.Counter()
    by_file: collections.Counter[str] = collections.Counter()
    example: dict[str, str] = {}
    entry_of: dict[str, Entry] = {}
    files = sorted(args.corpora.rglob("*.md"))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        words += engine.word_count(text, markdown=True)
        for hit in engine.hits(text, markdown=True, severity=args.severity):
            entry = hit.entry
            if args.category and entry.category not in args.category:
                continue
            hits[entry.phrase] += 1
            by_category[entry.category] += 1
            by_file[entry.file] += 1
            entry_of[entry.phrase] = entry
            example.setdefault(entry.phrase, f"{path.relative_to(args.corpora)}: {hit.context}")

    total = sum(hits.values())
    per10k = total / words * 10_000 if words else 0.0
    print(f"engine: {engine.name}  files: {len(files)}  words: {words:,}  "
          f"entries active: {len(active):,} (severity >= {args.severity})")
    print(f"hits: {total:,}  = {per10k:.3f} per 10,000 words")
    for category, count in sorted(by_category.items()):
        print(f"  category {category}: {count:,} = {count / words * 10_000:.3f} per 10,000 words")
    for name, count in sorted(by_file.items()):
        print(f"  file {name}: {count:,} = {count / words * 10_000:.3f} per 10,000 words")
    print(f"distinct phrases hit: {len(hits):,}")
    for phrase, count in hits.most_common(args.top):
        e = entry_of[phrase]
        line = f"{count:6d}  {phrase}  [{e.file} {e.category}/{e.severity}] -> {e.replacements}"
        print(line)
        if args.contexts:
            print(f"        {example[phrase]}")
    if args.tsv:
        with args.tsv.open("w", encoding="utf-8") as out:
            for phrase, count in hits.most_common():
                out.write(f"{phrase}\t{count}\t{entry_of[phrase].file}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
