"""Baselines: record today's findings, later report only new ones. Pure; the CLI
reads and writes the file through rewrite.files.

A finding is identified by its path, rule and normalized text, not its line, so
edits elsewhere in a file do not resurrect old findings. Counts are kept: a file
with two old "skin layer" findings may keep two.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from rewrite.errors import ConfigError
from rewrite.scan import Finding
from rewrite.tokens import normal_phrase

BASELINE_VERSION = 1


class HasFindings(Protocol):
    @property
    def path(self) -> str: ...

    @property
    def findings(self) -> tuple[Finding, ...]: ...


def _key(finding: Finding) -> str:
    return f"{finding.rule}\t{normal_phrase(finding.text)}"


def make_baseline(results: Iterable[HasFindings]) -> str:
    files = {}
    for result in results:
        if result.findings:
            files[result.path] = dict(sorted(Counter(_key(f) for f in result.findings).items()))
    return json.dumps({"version": BASELINE_VERSION, "files": dict(sorted(files.items()))},
                      indent=2, ensure_ascii=False) + "\n"


def parse_baseline(text: str, name: str) -> dict[str, Counter[str]]:
    try:
        data = json.loads(text)
        files = data["files"]
        return {path: Counter({k: int(v) for k, v in counts.items()})
                for path, counts in files.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ConfigError(f"{name}: not a rewrite baseline file") from None


def new_findings(path: str, findings: tuple[Finding, ...],
                 baseline: dict[str, Counter[str]]) -> tuple[Finding, ...]:
    """The findings not covered by the baseline, in order."""
    budget = Counter(baseline.get(path, Counter()))
    fresh = []
    for finding in findings:
        key = _key(finding)
        if budget[key] > 0:
            budget[key] -= 1
        else:
            fresh.append(finding)
    return tuple(fresh)
