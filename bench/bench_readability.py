"""Time rewrite.readability on about 1 MB of English prose.

    python bench/bench_readability.py /work/shared/corpora/18f-blog [more paths] [--bytes N]

Paths may be files or folders (every *.md below them, in sorted order). The text is
concatenated and cut to --bytes (default 1,000,000) at a line break; a second, different
slice of the same size is used to time a process whose lexicons are loaded but whose word
cache has not seen the text. Markup is left in: the point is the cost per byte. Each step
prints wall-clock and CPU seconds; on a busy shared machine the CPU figure is the one to
compare.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent


def _files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        yield from sorted(path.rglob("*.md")) if path.is_dir() else [path]


def _slices(paths: list[Path], size: int) -> tuple[str, str]:
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in _files(paths))
    data = text.encode("utf-8")
    if len(data) < 2 * size:
        sys.exit(f"need {2 * size:,} bytes of input, found {len(data):,}")
    return _cut(data[:size]), _cut(data[size : 2 * size])


def _cut(data: bytes) -> str:
    return data[: data.rfind(b"\n") + 1].decode("utf-8", errors="ignore")


def _timed(label: str, func: Callable[[], T]) -> T:
    """Run func, print wall-clock and CPU seconds (CPU is steadier on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<48} {wall:6.3f} s wall {cpu:6.3f} s CPU")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--bytes", type=int, default=1_000_000)
    args = parser.parse_args()
    first, second = _slices(args.paths, args.bytes)
    print(f"text: {len(first.encode()):,} bytes, {len(first.split()):,} whitespace tokens")
    sys.path.insert(0, str(ROOT))
    module = _timed(
        "import rewrite.readability", lambda: importlib.import_module("rewrite.readability")
    )
    _timed("score_text, cold (loads CMU dict, textstat)", lambda: module.score_text(first))
    scores = _timed("score_text, new text (lexicons loaded)", lambda: module.score_text(second))
    _timed("score_text, same text again (word cache warm)", lambda: module.score_text(second))
    grades = _timed("sentence_grades, same text", lambda: module.sentence_grades(second))
    print(f"{scores.words:,} words, {scores.sentences:,} sentences, {len(grades):,} graded")
    print({k: round(v, 2) if isinstance(v, float) else v for k, v in scores.as_dict().items()})


if __name__ == "__main__":
    main()
