"""Does the fast check path find exactly what a whole parse finds, file by file?

Usage: python bench/check_exactness.py ../shared/corpora [--severity warning info]

`rewrite check` skips files where no wanted glossary phrase can occur and parses only
the top-level Markdown blocks where one may (rewrite.engine.source_findings); `fix`,
`score` and `report` parse every file whole (rewrite.engine.check_source). This script
runs both over every .md file and reports any file where the findings differ, and the
CPU time each path took (files read beforehand, glossary loaded).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rewrite.engine import check_source, load_matcher, source_findings
from rewrite.files import read_source
from rewrite.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpora", type=Path)
    parser.add_argument("--severity", nargs="+", default=["warning", "info"])
    args = parser.parse_args()
    sources = [read_source(str(path)) for path in sorted(args.corpora.rglob("*.md"))]
    matcher = load_matcher()
    for severity in args.severity:
        settings = Settings(severity=severity)
        started = time.process_time()
        fast = [source_findings(source, matcher, settings) for source in sources]
        fast_cpu = time.process_time() - started
        started = time.process_time()
        whole = [list(check_source(source, matcher, settings).findings) for source in sources]
        whole_cpu = time.process_time() - started
        differing = [s.path for s, a, b in zip(sources, fast, whole) if a != b]
        print(f"severity {severity}: {len(sources)} files, {sum(map(len, fast))} findings, "
              f"{len(differing)} files differ; check path {fast_cpu:.2f} s CPU, "
              f"whole parse {whole_cpu:.2f} s CPU")
        for path in differing[:10]:
            print(f"  differs: {path}")


if __name__ == "__main__":
    main()
