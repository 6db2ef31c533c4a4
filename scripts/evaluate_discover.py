#!/usr/bin/env python3
"""Measure `rewrite.discover` with the glossary switched off.

    python scripts/evaluate_discover.py /work/shared [--out bench/README-discover.md]

- seed: /work/shared/seed/botox.txt against samples/botox.marks.tsv: share of marked
  phrases a discovered finding overlaps (all marks, and substitution marks: those that
  are not a mere deletion such as "is actually" -> "is"), and share whose proposed
  original reads as the editor's replacement.
- yolo pair: data/spun/yolo_readme.{orig,spun}.txt aligned word by word; recall on the
  spun spans, findings on the original (false positives).
- other spun samples: findings per 100 words (no annotation).
- tortured validation split (scripts/discover_validation_split.txt, which the data
  builder and the glossary builder leave out): recall and right original.
- clean corpora: discovered findings per 10,000 words, on the corpus test half (never
  seen by the data builder) and on all of it; time of discover vs plain glossary scan.

Severity `warning` is the default confidence (what `rewrite check` shows).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests")]

from build_discover_data import SPLIT_FILE, corpus_files, corpus_split  # noqa: E402
from marks import Mark, load_marks  # type: ignore[import-not-found]  # noqa: E402

from rewrite.discover import discover, load_data  # noqa: E402
from rewrite.document import Document, parse  # noqa: E402
from rewrite.scan import Finding  # noqa: E402
from rewrite.tokens import WORD  # noqa: E402

SEVERITIES = ("warning", "info")




def wanted(findings: list[Finding], severity: str) -> list[Finding]:
    return [f for f in findings if severity == "info" or f.severity == "warning"]


def normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "'")))


def prose_words(doc: Document) -> int:
    return sum(len(WORD.findall(doc.text, s.start, s.end)) for s in doc.prose)


def substitute(text: str, start: int, end: int, findings: list[Finding]) -> str:
    """text[start:end] with each finding inside it replaced by its first replacement."""
    out, at = [], start
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < at or f.end > end:
            continue
        out += [text[at : f.start], f.replacements[0]]
        at = f.end
    return "".join(out) + text[at:end]


def score_marks(text: str, marks: list[Mark], findings: list[Finding]) -> tuple[int, int]:
    """(marks overlapped by a finding, marks whose proposal reads as the editor's)."""
    found = right = 0
    for mark in marks:
        inside = [f for f in findings if f.start < mark.end and mark.start < f.end]
        if not inside:
            continue
        found += 1
        start = min([mark.start, *(f.start for f in inside)])
        end = max([mark.end, *(f.end for f in inside)])
        editor = text[start : mark.start] + mark.replacement + text[mark.end : end]
        right += normal(substitute(text, start, end, inside)) == normal(editor)
    return found, right


def is_deletion(text: str, replacement: str) -> bool:
    """Filler marks ("is actually" -> "is"): the replacement only drops words."""
    have, keep = normal(text).split(), normal(replacement).split()
    matcher = difflib.SequenceMatcher(None, have, keep, autojunk=False)
    return all(tag in ("equal", "delete") for tag, *_ in matcher.get_opcodes())


def body(path: Path) -> str:
    """A shared sample without its '# ...' header lines."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("# "))


Row = tuple[str, str, str, str]


def seed_rows(shared: Path) -> list[Row]:
    text = (shared / "seed" / "botox.txt").read_text(encoding="utf-8")
    marks = load_marks(text, ROOT / "samples" / "botox.marks.tsv")
    doc = parse(text, markdown=False)
    findings = discover(doc)
    subs = [m for m in marks if not is_deletion(text[m.start : m.end], m.replacement)]
    rows = []
    for severity in SEVERITIES:
        got = wanted(findings, severity)
        for name, group in (("all marks", marks), ("substitution marks", subs)):
            found, right = score_marks(text, group, got)
            rows.append((f"seed botox.txt, {name} ({len(group)})", severity,
                         f"{found / len(group):.0%} found", f"{right / len(group):.0%} right original"))
        unmarked = [f for f in got if not any(f.start < m.end and m.start < f.end for m in marks)]
        rows.append(("seed botox.txt, findings outside marks", severity,
                     f"{len(unmarked)} of {len(got)}", ""))
    return rows


def yolo_rows(shared: Path) -> list[Row]:
    orig = body(shared / "data" / "spun" / "yolo_readme.orig.txt")
    spun = body(shared / "data" / "spun" / "yolo_readme.spun.txt")
    a = [(m.group(), m.start(), m.end()) for m in WORD.finditer(orig)]
    b = [(m.group(), m.start(), m.end()) for m in WORD.finditer(spun)]
    matcher = difflib.SequenceMatcher(None, [w.lower() for w, *_ in a], [w.lower() for w, *_ in b],
                                      autojunk=False)
    marks = [Mark(b[j1][1], b[j2 - 1][2], orig[a[i1][1] : a[i2 - 1][2]] if i2 > i1 else "")
             for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag == "replace"]
    spun_found = discover(parse(spun, markdown=False))
    orig_found = discover(parse(orig, markdown=False))
    rows = []
    for severity in SEVERITIES:
        found, right = score_marks(spun, marks, wanted(spun_found, severity))
        rows.append((f"yolo README spun, replaced spans ({len(marks)})", severity,
                     f"{found / len(marks):.0%} found", f"{right / len(marks):.0%} right original"))
        rows.append(("yolo README original (clean)", severity,
                     f"{len(wanted(orig_found, severity))} findings", ""))
    return rows


def spun_sample_rows(shared: Path) -> list[Row]:
    rows = []
    for path in sorted((shared / "data" / "spun").glob("*.txt")):
        if path.name.startswith("yolo_"):
            continue
        doc = parse(body(path), markdown=False)
        findings = discover(doc)
        words = prose_words(doc)
        for severity in SEVERITIES:
            got = wanted(findings, severity)
            rows.append((f"{path.name} ({words} words)", severity,
                         f"{len(got)} findings", f"{100 * len(got) / words:.1f} per 100 words"))
    return rows


def tortured_rows() -> list[Row]:
    pairs = [tuple(line.split("\t")) for line in SPLIT_FILE.read_text(encoding="utf-8").splitlines()]
    counts: Counter[str] = Counter()
    for tortured, expected in pairs:
        findings = discover(parse(tortured, markdown=False))
        for severity in SEVERITIES:
            got = wanted(findings, severity)
            if got:
                counts[f"found {severity}"] += 1
                counts[f"right {severity}"] += normal(substitute(tortured, 0, len(tortured), got)) \
                    == normal(expected)
    n = len(pairs)
    return [(f"tortured validation split ({n})", s, f"{counts['found ' + s] / n:.0%} found",
             f"{counts['right ' + s] / n:.0%} right original") for s in SEVERITIES]


def corpus_rows(shared: Path, examples: Path | None) -> list[Row]:
    from rewrite.engine import load_matcher
    from rewrite.scan import scan

    root = shared / "corpora"
    matcher = load_matcher()
    load_data()
    words: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    seconds: dict[str, float] = {"scan": 0.0, "discover": 0.0, "cold": 0.0}
    lines = []
    for path in corpus_files(root):
        part = corpus_split(path, root)
        doc = parse(path.read_text(encoding="utf-8", errors="replace"), markdown=True)
        started = time.perf_counter()
        scan(doc, matcher)
        seconds["scan"] += time.perf_counter() - started
        started = time.perf_counter()
        findings = discover(doc)
        seconds["discover"] += time.perf_counter() - started
        data = load_data()
        data.memo.clear()  # as for a file checked on its own: no bigram remembered
        started = time.perf_counter()
        discover(doc)
        seconds["cold"] += time.perf_counter() - started
        count = prose_words(doc)
        for key in (part, "all"):
            words[key] += count
            for severity in SEVERITIES:
                got = wanted(findings, severity)
                hits[f"{key} {severity}"] += len(got)
                hits[f"{key} {severity} stutter"] += sum(f.rule == "discovered/stutter" for f in got)
                hits[f"{key} {severity} rare"] += sum(f.rule == "discovered/rare-synonym"
                                                      for f in got)
        lines += [f"{path.relative_to(root)}:{f.line}:{f.column}\t{f.severity}\t{f.rule}\t"
                  f"{' '.join(f.text.split())}\t{f.replacements[0]}\t{f.confidence}"
                  for f in findings]
    if examples:
        examples.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = []
    for key, label in (("test", "corpora test half (unseen by the builder)"), ("all", "corpora, all")):
        for severity in SEVERITIES:
            rate = 10_000 * hits[f"{key} {severity}"] / words[key]
            stutters, rare = hits[f"{key} {severity} stutter"], hits[f"{key} {severity} rare"]
            rows.append((f"{label} ({words[key]:,} words)", severity,
                         f"{hits[f'{key} {severity}']} findings ({stutters} stutters, "
                         f"{rare} rare-synonym)",
                         f"{rate:.2f} per 10,000 words"))
    rows.append((f"time on corpora ({words['all']:,} words)", "",
                 f"scan {seconds['scan']:.1f} s",
                 f"discover {seconds['discover']:.1f} s ({seconds['cold']:.1f} s with no "
                 "bigram remembered from the file before)"))
    return rows


def table(rows: list[Row]) -> str:
    lines = ["| measure | severity | result | |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate rewrite.discover.")
    parser.add_argument("shared", type=Path, help="the shared folder (seed/, data/, corpora/)")
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    parser.add_argument("--examples", type=Path, help="write every corpus finding to this TSV")
    parser.add_argument("--no-corpora", action="store_true", help="skip the slow corpus pass")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load_data()
    load_seconds = time.perf_counter() - started
    rows = seed_rows(args.shared) + yolo_rows(args.shared) + spun_sample_rows(args.shared)
    rows += tortured_rows()
    if not args.no_corpora:
        rows += corpus_rows(args.shared, args.examples)
    rows.append(("data load (first call)", "", f"{load_seconds:.2f} s",
                 f"{len(load_data().collocations):,} collocation heads"))
    text = table(rows)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
