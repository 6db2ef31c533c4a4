"""Benchmark `rewrite check` against codespell over a Markdown corpus.

Usage: python bench/bench_check.py ../shared/corpora [--runs 5]

Both tools run single-process over the same .md files (codespell is installed into
the environment for this script only: `pip install codespell`). Reports words per
second (words = `wc -w` of the files), peak memory (max RSS of the child), one
small file latency (median of --runs), and the parallel speed-up of --jobs.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def words_in(files: list[Path]) -> int:
    return sum(len(f.read_bytes().split()) for f in files)


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    pid = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=env).pid
    _, _, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpora", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    files = sorted(args.corpora.rglob("*.md"))
    words = words_in(files)
    rewrite = [sys.executable, "-m", "rewrite"]
    env = {**os.environ, "XDG_CACHE_HOME": tempfile.mkdtemp()}
    subprocess.run([*rewrite, "check", str(ROOT / "samples" / "clean.md")], env=env,
                   capture_output=True)  # warm the compiled-glossary cache
    print(f"corpus: {len(files)} files, {words:,} words")
    rows = []
    for name, command in (
        ("rewrite check --jobs 1", [*rewrite, "check", "--jobs", "1", str(args.corpora)]),
        ("codespell", [shutil.which("codespell") or "codespell", str(args.corpora)]),
    ):
        seconds, rss = min((timed(command, env) for _ in range(2)), key=lambda r: r[0])
        rows.append((name, seconds, words / seconds, rss))
    for jobs in (2,):
        seconds, rss = timed([*rewrite, "check", "--jobs", str(jobs), str(args.corpora)], env)
        rows.append((f"rewrite check --jobs {jobs}", seconds, words / seconds, rss))
    print(f"{'command':<26} {'seconds':>8} {'words/s':>12} {'peak MB':>8}")
    for name, seconds, rate, rss in rows:
        print(f"{name:<26} {seconds:>8.2f} {rate:>12,.0f} {rss:>8.0f}")
    print(f"parallel speed-up (--jobs 2 vs 1): {rows[0][1] / rows[2][1]:.2f}x")
    small = ROOT / "samples" / "clean.md"
    latencies = [timed([*rewrite, "check", str(small)], env)[0] for _ in range(args.runs)]
    print(f"one small file: median {statistics.median(latencies) * 1000:.0f} ms "
          f"over {args.runs} runs")


if __name__ == "__main__":
    main()
