"""Golden samples and the seed annotation: what a user sees, pinned."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import SAMPLES, run
from marks import load_marks, overlaps, restored

from rewrite.document import parse
from rewrite.edits import fix
from rewrite.engine import load_matcher
from rewrite.scan import scan
from rewrite.settings import Settings

REGENERATE = os.environ.get("REWRITE_REGENERATE") == "1"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir()
                      if p.suffix in (".txt", ".md") and p.name != "README.md"
                      and ".fixed" not in p.name and ".check" not in p.name)


def _golden(path: Path, actual: str) -> None:
    if REGENERATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path.name} missing: run with REWRITE_REGENERATE=1"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_check_output_matches_expected(sample: Path) -> None:
    result = run("check", "--no-color", sample.relative_to(SAMPLES.parent))
    _golden(sample.with_name(sample.name + ".check.txt"), result.output)


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_fix_output_matches_expected(sample: Path) -> None:
    result = run("fix", "--stdout", sample)
    fixed = sample.with_name(f"{sample.stem}.fixed{sample.suffix}")
    _golden(fixed, result.stdout_bytes.decode("utf-8"))


def test_every_sample_has_expected_outputs() -> None:
    for sample in SAMPLE_FILES:
        assert sample.with_name(sample.name + ".check.txt").exists(), sample
        assert sample.with_name(f"{sample.stem}.fixed{sample.suffix}").exists(), sample


def _seed() -> tuple[str, list, list]:
    text = (SAMPLES / "botox.txt").read_text(encoding="utf-8")
    marks = load_marks(text, SAMPLES / "botox.marks.tsv")
    findings = scan(parse(text, markdown=False), load_matcher(), Settings())
    return text, marks, findings


def test_seed_findings_cover_95_percent_of_marks() -> None:
    _, marks, findings = _seed()
    found = [m for m in marks if any(overlaps(m.start, m.end, f.start, f.end) for f in findings)]
    assert len(marks) >= 100
    assert len(found) / len(marks) >= 0.95, [m for m in marks if m not in found]


def test_seed_findings_are_95_percent_editor_agreed() -> None:
    _, marks, findings = _seed()
    agreed = [f for f in findings if any(overlaps(m.start, m.end, f.start, f.end) for m in marks)]
    assert len(agreed) / len(findings) >= 0.95, [f.text for f in findings if f not in agreed]


def test_seed_fix_restores_85_percent_of_marks() -> None:
    text, marks, _ = _seed()
    matcher = load_matcher()
    result = fix(parse(text, False), lambda d: scan(d, matcher, Settings()),
                 lambda t: parse(t, False))
    outcome = restored(text, marks, result.edits)
    assert sum(outcome) / len(outcome) >= 0.85, [
        text[m.start:m.end] for m, ok in zip(marks, outcome) if not ok]


@pytest.mark.parametrize("name", ["clean.md", "yolo_readme.orig.txt"])
def test_clean_prose_has_no_spun_finding(name: str) -> None:
    result = run("check", "--format", "json", "--severity", "info", SAMPLES / name)
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [f for f in findings if f["category"] == "spun"] == []
