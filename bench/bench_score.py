"""Time `rewrite score` on a 1 MB document, and score a whole corpus with bounded memory.

    python bench/bench_score.py /work/shared/corpora/18f-blog /work/shared/corpora/digitalgov

1. One document: every *.md file under the first path, joined in sorted order and cut to
   --bytes (default 1,000,000) at a line break, scored as one Markdown file the way
   `rewrite score` scores a file: parse, glossary scan, prose, readability, spin, verdict.
   Printed per step, wall-clock and CPU seconds, lexicons and matcher already loaded.
2. Every *.md file under all paths, scored one at a time as `rewrite score` does (nothing of
   a document is kept): files a second, resident memory after 10%, 50% and 100% of the files
   (flat but for the small rows kept for the table = bounded), the verdicts, and the spin
   rates that calibrate rewrite.report's thresholds.
   --no-corpus skips this part.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rewrite.engine import check_source, load_matcher  # noqa: E402
from rewrite.errors import RewriteError  # noqa: E402
from rewrite.files import Source, read_source  # noqa: E402
from rewrite.readability import clear_caches, score_text  # noqa: E402
from rewrite.report import (  # noqa: E402
    SPUN_MIN_FINDINGS,
    SPUN_RATE,
    SUSPICIOUS_MIN_FINDINGS,
    SUSPICIOUS_RATE,
    TextScore,
    prose_map,
    score_document,
)
from rewrite.settings import Settings  # noqa: E402


def _files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        yield from sorted(path.rglob("*.md")) if path.is_dir() else [path]


def _timed(label: str, func: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"  {label:<44} {wall:6.3f} s wall {cpu:6.3f} s CPU")
    return result


def _rss_mb() -> float:
    """Resident memory now (Linux /proc), else the peak so far."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def one_document(path: Path, size: int) -> None:
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in _files([path]))
    data = text.encode()[:size]
    text = data[: data.rfind(b"\n") + 1].decode("utf-8", errors="ignore")
    source = Source("bench.md", text, text.encode(), "utf-8", b"")
    print(f"one document: {len(text.encode()):,} bytes of Markdown from {path}")
    matcher = load_matcher()
    score_text("The cat sat on the mat.")  # lexicons loaded, as after a process's first file
    wall, cpu = time.perf_counter(), time.process_time()
    result = _timed("parse + glossary scan (check_source)",
                    lambda: check_source(source, matcher, Settings(), True))
    row = _timed("prose + readability + spin (score_document)",
                 lambda: score_document("bench.md", result.document, result.findings))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"  {'total':<44} {wall:6.3f} s wall {cpu:6.3f} s CPU")
    print("  of which:")
    prose = _timed("  prose_map (prose text with offsets)", lambda: prose_map(result.document))
    clear_caches()
    _timed("  score_text, word cache cold", lambda: score_text(prose.text))
    print(f"  {row.scores.words:,} words, {row.scores.sentences:,} sentences, "
          f"{row.spin.findings} findings, verdict {row.verdict.label}")


def corpus(paths: list[Path]) -> None:
    files = list(_files(paths))
    print(f"\ncorpus: {len(files):,} files under {', '.join(map(str, paths))}")
    matcher = load_matcher()
    rows: list[TextScore] = []
    marks = {len(files) // 10: "10%", len(files) // 2: "50%", len(files): "100%"}
    start = time.perf_counter()
    for number, path in enumerate(files, 1):
        try:
            source = read_source(str(path))
        except RewriteError:
            continue
        result = check_source(source, matcher, Settings())
        rows.append(score_document(str(path), result.document, result.findings))
        if number in marks:
            print(f"  after {marks[number]:>4} of the files: RSS {_rss_mb():6.1f} MB "
                  f"({len(rows):,} rows kept for the table)")
    elapsed = time.perf_counter() - start
    print(f"  {len(rows) / elapsed:,.0f} files a second ({elapsed:.1f} s wall)")
    _calibration(rows)


def _calibration(rows: list[TextScore]) -> None:
    verdicts = Counter(r.verdict.label for r in rows)
    words = sum(r.spin.words for r in rows)
    found = sum(r.spin.spin_findings for r in rows)
    print(f"  verdicts: {dict(verdicts)}")
    print(f"  {words:,} words of prose, {found} spun+filler findings "
          f"({100 * found / words:.3f} per 100 words; one per {words // max(found, 1):,} words)")
    print(f"  files with any: {sum(1 for r in rows if r.spin.spin_findings)}")
    rates = sorted(r.spin.spin_rate for r in rows if r.spin.words >= 50)
    for q in (0.5, 0.9, 0.99, 0.999):
        print(f"  {q:>6.1%} of files (50+ words) below {rates[int(q * (len(rates) - 1))]:.2f}"
              " per 100 words")
    print(f"  highest rates (thresholds: suspicious >= {SUSPICIOUS_RATE} with "
          f">= {SUSPICIOUS_MIN_FINDINGS} findings, spun >= {SPUN_RATE} with "
          f">= {SPUN_MIN_FINDINGS}):")
    for r in sorted(rows, key=lambda r: -r.spin.spin_rate)[:5]:
        print(f"    {r.spin.spin_rate:5.2f}  {r.spin.spin_findings} in {r.spin.words:>5} words  "
              f"{r.path}")
    several = [r.spin.spin_rate for r in rows if r.spin.spin_findings >= SUSPICIOUS_MIN_FINDINGS]
    if several:
        print(f"  highest rate with {SUSPICIOUS_MIN_FINDINGS}+ findings: {max(several):.2f}; "
              f"median words a file {statistics.median(r.spin.words for r in rows):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--bytes", type=int, default=1_000_000)
    parser.add_argument("--no-corpus", action="store_true")
    args = parser.parse_args()
    one_document(args.paths[0], args.bytes)
    if not args.no_corpus:
        corpus(args.paths)


if __name__ == "__main__":
    main()
