"""Benchmark `rewrite check` against codespell over a Markdown corpus.

Usage: python bench/bench_check.py ../shared/corpora [--runs 5]

Both tools run single-process over the same .md files (codespell is installed into
the environment for this script only: `pip install codespell`). Reports words per
second (words = `wc -w` of the files), peak memory (max RSS of the child), one
small file latency (median of --runs), the parallel speed-up of --jobs, and what
`--discover` costs on top of the check.
"""

from __future__ import annotations

import argparse
import os
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


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process.

    CPU time is the fair figure on a shared machine: it does not count time spent
    waiting for a core."""
    start = time.perf_counter()
    pid = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=env).pid
    _, _, usage = os.wait4(pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, cpu, usage.ru_maxrss / 1024


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
    commands = (
        ("rewrite check --jobs 1", [*rewrite, "check", "--jobs", "1", str(args.corpora)]),
        ("codespell", [shutil.which("codespell") or "codespell", str(args.corpora)]),
        ("rewrite check --jobs 2", [*rewrite, "check", "--jobs", "2", str(args.corpora)]),
        ("rewrite check --discover", [*rewrite, "check", "--jobs", "1", "--discover",
                                      str(args.corpora)]),
    )
    # The commands take turns, run after run, so that a busy spell on a shared machine
    # falls on all of them; the median of each is reported.
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name, _ in commands}
    for _ in range(args.runs):
        for name, command in commands:
            runs[name].append(timed(command, env))
    rows = [(name, statistics.median(r[0] for r in got), statistics.median(r[1] for r in got),
             max(r[2] for r in got)) for name, got in runs.items()]
    print(f"median of {args.runs} runs each, taking turns")
    print(f"{'command':<26} {'wall s':>7} {'CPU s':>7} {'words/CPU s':>12} {'peak MB':>8}")
    for name, wall, cpu, rss in rows:
        print(f"{name:<26} {wall:>7.2f} {cpu:>7.2f} {words / cpu:>12,.0f} {rss:>8.0f}")
    print(f"parallel speed-up, wall (--jobs 2 vs 1): {rows[0][1] / rows[2][1]:.2f}x")
    print(f"--discover against check alone (CPU, --jobs 1): {rows[3][2] / rows[0][2]:.1f}x")
    small = ROOT / "samples" / "clean.md"
    latencies = [timed([str(Path(sys.executable).with_name("rewrite")), "check", str(small)],
                       env)[0] for _ in range(args.runs)]
    print(f"one small file: median {statistics.median(latencies) * 1000:.0f} ms "
          f"over {args.runs} runs")


if __name__ == "__main__":
    main()
