"""Content repositories: configuration, baselines, CI formats, whole-tree walks."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from conftest import run, write_glossary

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("The skin layer is actually thin.\n")
    (tmp_path / "docs" / "b.md").write_text("Youngsters took spot in order to play.\n")
    return tmp_path


def findings_of(*args: str | Path) -> dict[str, list[str]]:
    data = json.loads(run("check", "--format", "json", *args).stdout)
    return {Path(f["path"]).name: [x["rule"] for x in f["findings"]] for f in data["files"]}


def test_config_in_pyproject_is_found_from_the_file_upward(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.rewrite]\nignore = ["filler"]\nseverity = "error"\n')
    got = findings_of(repo / "docs" / "a.md")
    assert got == {"a.md": ["spun/skin-layer"]}


def test_rewrite_toml_overrides_and_excludes(repo: Path) -> None:
    (repo / "docs" / "legacy").mkdir()
    (repo / "docs" / "legacy" / "old.md").write_text("The skin layer.\n")
    (repo / "docs" / "draft.md").write_text("The skin layer.\n")
    (repo / ".rewrite.toml").write_text(
        'exclude = ["docs/draft.md"]\n'
        '[[overrides]]\npaths = ["docs/legacy/**"]\nselect = ["filler"]\n')
    got = findings_of(repo / "docs")
    assert set(got) == {"a.md", "b.md", "old.md"}
    assert got["old.md"] == []


def test_config_glossary_and_allow(repo: Path) -> None:
    write_glossary(repo / "words.tsv", "thin\tplain\tslim\terror\tme\t")
    (repo / ".rewrite.toml").write_text('glossaries = ["words.tsv"]\nallow = ["skin layer"]\n')
    got = findings_of(repo / "docs" / "a.md")
    assert got == {"a.md": ["filler/is-actually", "plain/thin"]}


@pytest.mark.parametrize("content, message", [
    ('colour = "red"\n', "unknown key 'colour'"),
    ('severity = "loud"\n', "'severity' must be one of error, warning, info, not 'loud'"),
    ('select = "spun"\n', "'select' must be a list of strings"),
    ("max-grade = 'x'\n", "'max-grade' must be a number"),
    ("[[overrides]]\nselect = []\n", "'overrides[0]' needs 'paths'"),
    ("severity = \n", "invalid TOML"),
])
def test_bad_config_exits_3_naming_key_and_file(repo: Path, content: str, message: str) -> None:
    config = repo / ".rewrite.toml"
    config.write_text(content)
    result = run("check", repo / "docs")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"rewrite: {config}: ")
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_explicit_config_file(repo: Path) -> None:
    other = repo / "strict.toml"
    other.write_text('select = ["spun/take-spot"]\n')
    assert findings_of("--config", other, repo / "docs") == {"a.md": [], "b.md": ["spun/take-spot"]}


def test_baseline_reports_only_new_findings(repo: Path) -> None:
    baseline = repo / "baseline.json"
    first = run("check", "--write-baseline", baseline, repo / "docs")
    assert first.exit_code == 0 and baseline.exists()
    assert run("check", "--baseline", baseline, repo / "docs").exit_code == 0
    page = repo / "docs" / "a.md"
    page.write_text("New line first.\n" + page.read_text() + "And the physical body.\n")
    got = findings_of("--baseline", baseline, repo / "docs")
    assert got == {"a.md": ["spun/physical-body"], "b.md": []}


def test_sarif_validates_against_the_schema(repo: Path) -> None:
    result = run("check", "--format", "sarif", repo / "docs")
    document = json.loads(result.stdout)
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    results = document["runs"][0]["results"]
    assert len(results) == 5
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["region"]["startLine"] == 1 and first["region"]["startColumn"] == 5
    assert first["artifactLocation"]["uri"].endswith("docs/a.md")


def test_github_format_is_one_annotation_per_finding(repo: Path) -> None:
    result = run("check", "--format", "github", repo / "docs")
    lines = result.output.splitlines()
    assert len(lines) == 5
    pattern = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,"
                         r"endColumn=\d+,title=[^,:]+::.+$")
    assert all(pattern.match(line) for line in lines), lines
    assert lines[0].endswith("a.md,line=1,col=5,endLine=1,endColumn=15,"
                             "title=spun/skin-layer::'skin layer' is a spun form of 'skin'")


def test_walk_honours_gitignore_and_skips_large_files(repo: Path) -> None:
    (repo / ".gitignore").write_text("build/\n*.draft.md\n")
    (repo / "build").mkdir()
    (repo / "build" / "out.md").write_text("The skin layer.\n")
    (repo / "docs" / "x.draft.md").write_text("The skin layer.\n")
    (repo / "docs" / "huge.md").write_text("word " * (1024 * 1024 + 10))
    result = run("check", "--format", "json", repo)
    names = [Path(f["path"]).name for f in json.loads(result.stdout)["files"]]
    assert names == ["a.md", "b.md"]
    assert "huge.md: larger than 5 MB, skipped" in result.stderr


def test_parallel_output_is_deterministic(tmp_path: Path) -> None:
    for index in range(40):
        (tmp_path / f"p{index:02}.md").write_text("The skin layer or even more.\n" * (index % 3))
    serial = run("check", "--jobs", "1", "--format", "json", tmp_path).output
    parallel = run("check", "--jobs", "2", "--format", "json", tmp_path).output
    assert serial == parallel
    assert len(json.loads(serial)["files"]) == 40


def test_unreadable_file_in_tree_does_not_stop_the_run(repo: Path) -> None:
    (repo / "docs" / "bad.md").write_bytes(b"\x89PNG broken \x00")
    result = run("check", "--format", "json", repo / "docs")
    assert result.exit_code == 3
    names = [Path(f["path"]).name for f in json.loads(result.stdout)["files"]]
    assert names == ["a.md", "b.md"]
    assert "bad.md" in result.stderr


@pytest.mark.parametrize("when", ["before its size is read", "before it is read"])
def test_file_that_disappears_during_the_walk_is_one_line(
        repo: Path, monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    import rewrite.files

    listing = rewrite.files._walk_ignoring

    def walk_losing_a_file(top: str) -> Iterator[str]:
        found = list(listing(top))
        if when == "before its size is read":
            os.remove(found[0])
            yield from found
        else:
            yield from found
            os.remove(found[0])  # listed and sized, gone before the check reads it

    monkeypatch.setattr(rewrite.files, "_walk_ignoring", walk_losing_a_file)
    result = run("check", "--format", "json", repo / "docs")
    assert result.exit_code == 3
    assert [Path(f["path"]).name for f in json.loads(result.stdout)["files"]] == ["b.md"]
    lines = [line for line in result.stderr.splitlines() if "a.md" in line]
    assert len(lines) == 1 and lines[0].endswith("a.md: no such file")


def test_missing_or_broken_baseline_is_one_line_and_exit_3(repo: Path) -> None:
    missing = run("check", "--baseline", repo / "none.json", repo / "docs")
    assert (missing.exit_code, missing.stderr) == (
        3, f"rewrite: {repo / 'none.json'}: baseline not found\n")
    broken = repo / "broken.json"
    broken.write_text("[1, 2")
    result = run("check", "--baseline", broken, repo / "docs")
    assert (result.exit_code, result.stderr) == (
        3, f"rewrite: {broken}: not a rewrite baseline file\n")
