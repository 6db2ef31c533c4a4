#!/usr/bin/env python3
"""Evaluate the shipped glossary: recall and precision on annotated spun texts, hit rate
on clean prose.

Usage:
    python scripts/evaluate_glossary.py SHARED_DIR [--severity warning] [--top 30]
        [--marks-dir bench/marks] [--examples] [--no-corpus] [--without-source SOURCE]

1. Annotated texts. The seed (samples/botox.txt + samples/botox.marks.tsv) and every
   bench/marks/<name>.marks.tsv with its text <name>.txt, read from SHARED_DIR/data/spun/
   (or bench/marks/texts/ when it is not there). Texts are parsed as plain text; findings
   on the leading `# source:` / `# kind:` / `# extraction:` header lines are dropped. Per
   file: marks, marks found (a finding overlaps the mark), recall, findings, precision
   (findings overlapping a mark / findings).
2. Clean corpus. Every SHARED_DIR/corpora/**/*.md, parsed as Markdown, scanned once at
   severity info (the lower severities are filtered afterwards): prose words, findings per
   10,000 words for `spun` and for all categories at --severity, and the most frequent
   rules at --severity with their count, the number of files they occur in and one
   example, so that a human can judge them.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # tests/marks.py: the annotation format and overlap

from marks import Mark, load_marks, overlaps  # type: ignore[import-not-found]  # noqa: E402

from rewrite.document import parse  # noqa: E402
from rewrite.engine import load_entries, load_matcher  # noqa: E402
from rewrite.glossary import SEVERITY_RANK, Entry  # noqa: E402
from rewrite.scan import Matcher, compile_matcher, scan  # noqa: E402
from rewrite.settings import Settings  # noqa: E402
from rewrite.tokens import WORD  # noqa: E402

HEADER_PREFIXES = ("# source:", "# kind:", "# extraction:")


@dataclass(frozen=True)
class Score:
    name: str
    marks: int
    found: int
    findings: int
    agreed: int

    @property
    def recall(self) -> float:
        return self.found / self.marks if self.marks else 0.0

    @property
    def precision(self) -> float:
        return self.agreed / self.findings if self.findings else 0.0


def header_end(text: str) -> int:
    """Offset just after the leading source-header lines (0 when there are none)."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.startswith(HEADER_PREFIXES):
            break
        offset += len(line)
    return offset


def score(name: str, text: str, marks: list[Mark], matcher: Matcher, settings: Settings,
          missed: list[str] | None = None, unmarked: list[str] | None = None) -> Score:
    skip = header_end(text)
    findings = [f for f in scan(parse(text, markdown=False), matcher, settings) if f.start >= skip]
    found = [m for m in marks if any(overlaps(m.start, m.end, f.start, f.end) for f in findings)]
    agreed = [f for f in findings if any(overlaps(m.start, m.end, f.start, f.end) for m in marks)]
    if missed is not None:
        missed += [f"{name}: {text[m.start:m.end]!r} -> {m.replacement!r}"
                   for m in marks if m not in found]
    if unmarked is not None:
        unmarked += [f"{name}: {f.text!r} [{f.rule}]" for f in findings if f not in agreed]
    return Score(name, len(marks), len(found), len(findings), len(agreed))


def annotated_texts(shared: Path, marks_dir: Path) -> list[tuple[str, Path, Path]]:
    texts = [("seed botox.txt", ROOT / "samples" / "botox.txt", ROOT / "samples" / "botox.marks.tsv")]
    for marks_path in sorted(marks_dir.glob("*.marks.tsv")):
        stem = marks_path.name[: -len(".marks.tsv")]
        text_path = shared / "data" / "spun" / f"{stem}.txt"
        if not text_path.exists():
            text_path = marks_dir / "texts" / f"{stem}.txt"
        texts.append((f"{stem}.txt", text_path, marks_path))
    return texts


def print_scores(scores: list[Score]) -> None:
    print(f"| {'file':<46} | marks | found | recall | findings | precision |")
    print(f"| {'-' * 46} | ----: | ----: | -----: | -------: | --------: |")
    spun = scores[1:]
    total = Score("all spun texts (without the seed)", sum(s.marks for s in spun),
                  sum(s.found for s in spun), sum(s.findings for s in spun),
                  sum(s.agreed for s in spun))
    for s in [*scores, total]:
        print(f"| {s.name:<46} | {s.marks:5d} | {s.found:5d} | {s.recall:6.0%} | "
              f"{s.findings:8d} | {s.precision:9.0%} |")


def corpus(shared: Path, matcher: Matcher, severity: str, top: int, examples: bool) -> None:
    files = sorted((shared / "corpora").rglob("*.md"))
    entry_of: dict[str, Entry] = {e.rule: e for e in matcher.entries}
    levels = ("error", "warning", "info")
    words = 0
    by_severity: collections.Counter[tuple[str, str]] = collections.Counter()
    rules: collections.Counter[str] = collections.Counter()
    files_of: dict[str, set[str]] = collections.defaultdict(set)
    example: dict[str, str] = {}
    unreadable = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            unreadable += 1
            continue
        doc = parse(text, markdown=True)
        words += sum(1 for span in doc.prose for _ in WORD.finditer(text, span.start, span.end))
        # each threshold is its own run: the engine reports weak findings (filler, spun
        # warnings) only in documents that show spinning, and not at all below info
        by_level = {level: scan(doc, matcher, Settings(severity=level)) for level in levels}
        relative = str(path.relative_to(shared / "corpora"))
        for level, found in by_level.items():
            for f in found:
                by_severity[(level, f.category)] += 1
        for f in by_level[severity]:
            rules[f.rule] += 1
            files_of[f.rule].add(relative)
            if f.rule not in example:
                line_text = doc.line_text(f.line)
                left = max(0, f.column - 1 - 50)
                snippet = (line_text[left : f.column - 1] + "[" + f.text + "]"
                           + line_text[f.column - 1 + len(f.text) : f.column - 1 + len(f.text) + 50])
                example[f.rule] = f"{relative}:{f.line}: {' '.join(snippet.split())}"
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    def per10k(count: int) -> str:
        return f"{count / words * 10_000:.2f}" if words else "n/a"

    def at_or_above(level: str, category: str | None = None) -> int:
        return sum(n for (run, c), n in by_severity.items()
                   if run == level and category in (None, c))

    print(f"files: {len(files):,} .md ({unreadable} unreadable)  prose words: {words:,}  "
          f"read, parsed and scanned in {seconds:.1f} s wall, {cpu:.1f} s CPU "
          f"({words / cpu:,.0f} words per CPU second)")
    spun, everything_count = at_or_above(severity, "spun"), at_or_above(severity)
    print(f"at severity >= {severity}: spun findings {spun:,} = {per10k(spun)} per 10,000 words; "
          f"all categories {everything_count:,} = {per10k(everything_count)} per 10,000 words")
    print()
    print("| severity >= | spun | filler | plain | all | all per 10,000 words |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for level in ("error", "warning", "info"):
        counts = [at_or_above(level, c) for c in ("spun", "filler", "plain")]
        print(f"| {level} | {' | '.join(f'{n:,}' for n in counts)} | {at_or_above(level):,} | "
              f"{per10k(at_or_above(level))} |")
    print()
    print(f"{top} most frequent rules at severity >= {severity} "
          f"({len(rules):,} distinct rules hit):")
    print()
    print("| count | files | rule | severity | replacement | glossary |")
    print("| ---: | ---: | --- | --- | --- | --- |")
    for rule, count in rules.most_common(top):
        entry = entry_of.get(rule)
        replacement = " \\| ".join(entry.replacements) if entry else ""
        where = f"{Path(entry.file).name}:{entry.line}" if entry else ""
        print(f"| {count:,} | {len(files_of[rule])} | `{rule}` | {entry.severity if entry else ''} "
              f"| {replacement} | {where} |")
    if examples:
        print()
        print("One example of each:")
        print()
        for rule, _ in rules.most_common(top):
            print(f"- `{rule}`: {example[rule]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared directory (data/spun, corpora)")
    parser.add_argument("--severity", default="warning", choices=list(SEVERITY_RANK))
    parser.add_argument("--top", type=int, default=30, help="most frequent corpus rules shown")
    parser.add_argument("--marks-dir", type=Path, default=ROOT / "bench" / "marks")
    parser.add_argument("--examples", action="store_true",
                        help="one corpus example for each frequent rule, and the missed marks "
                             "and unmarked findings of the annotated texts")
    parser.add_argument("--no-corpus", action="store_true", help="annotated texts only")
    parser.add_argument("--without-source", action="append", default=[], metavar="SOURCE",
                        help="leave out glossary rows of this source (repeatable), e.g. "
                             "spun-samples: rows aligned from the annotated texts themselves")
    args = parser.parse_args(argv)

    if args.without_source:
        left_out = set(args.without_source)
        matcher = compile_matcher(e for e in load_entries() if e.source not in left_out)
        print(f"left out glossary rows of source: {', '.join(sorted(left_out))}")
    else:
        matcher = load_matcher()
    settings = Settings(severity=args.severity)
    per_file = collections.Counter(Path(e.file).name for e in matcher.entries)
    print(f"glossary: {len(matcher.entries):,} entries "
          f"({', '.join(f'{name} {n:,}' for name, n in sorted(per_file.items()))}); "
          f"severity >= {args.severity}")
    print()
    scores: list[Score] = []
    missed: list[str] = []
    unmarked: list[str] = []
    for name, text_path, marks_path in annotated_texts(args.shared, args.marks_dir):
        text = text_path.read_text(encoding="utf-8")
        scores.append(score(name, text, load_marks(text, marks_path), matcher, settings,
                            missed, unmarked))
    print_scores(scores)
    if args.examples:
        print()
        print(f"Marks not found ({len(missed)}):")
        for line in missed:
            print(f"  {line}")
        print(f"Findings on no mark ({len(unmarked)}):")
        for line in unmarked:
            print(f"  {line}")
    if not args.no_corpus:
        print()
        corpus(args.shared, matcher, args.severity, args.top, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
