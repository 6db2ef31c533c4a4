"""rewrite score and rewrite report: spin, verdicts, before/after, gates, formats, git."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, run
from hypothesis import given, settings
from hypothesis import strategies as st

from rewrite import report as rp
from rewrite.document import Document, parse
from rewrite.engine import load_matcher
from rewrite.readability import score_text
from rewrite.scan import Finding, scan

BOTOX = SAMPLES / "botox.txt"
CLEAN = SAMPLES / "clean.md"
SPUN = ("The skin layer is actually thin, and youngsters took spot in order to help. "
        "It is actually authorized for usage in grownups, or even youngsters.\n")


def report_json(*args: object) -> dict:  # type: ignore[type-arg]
    result = run("report", "--format", "json", *map(str, args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def changes_of(item: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {c["metric"]: c for c in item["changes"]}


# ---------------------------------------------------------------- prose with offsets


def prose_text(doc: Document) -> str:
    """The scoring text as rewrite.document.prose_text defined it (commit 322a3bb): one block
    (paragraph, heading, list item, table cell) a line, markup and protected spans left out,
    line breaks inside a block unwrapped. prose_map must give exactly this text."""
    lines = []
    spans = list(doc.prose)
    index = 0
    for start, end in doc.blocks:
        pieces = []
        while index < len(spans) and spans[index].start < end:
            span = spans[index]
            if span.end > start:
                pieces.append(doc.text[max(span.start, start) : min(span.end, end)])
            index += 1
        line = " ".join(" ".join(pieces).split())
        if line:
            lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("path", [BOTOX, CLEAN, ROOT / "README.md", SAMPLES / "README.md"])
def test_prose_map_is_prose_text_with_offsets(path: Path) -> None:
    doc = parse(path.read_text(encoding="utf-8"), path.suffix == ".md")
    prose = rp.prose_map(doc)
    assert prose.text == prose_text(doc)
    for start, origin in zip(prose.starts, prose.origins):
        end = prose.text.find(" ", start)
        token = prose.text[start : end if end >= 0 else len(prose.text)].split("\n")[0]
        assert doc.text[origin : origin + len(token)] == token
        assert prose.to_prose(prose.to_document(start)) == start


_MARKDOWN = st.lists(st.sampled_from([
    "# Title here", "Some *plain* text.", "The skin layer is actually thin.", "- item one",
    "- item `code` two", "```\ncode block\n```", "A [link](https://x.org) here.", "",
    "| a | b |\n|---|---|\n| cell one | cell two |", "> quoted words\n> more", "<b>html</b>",
    "Wrapped line\nnext line.", "   ", "Tab\tseparated   words!",
]), max_size=8)


@settings(deadline=None, max_examples=150)
@given(_MARKDOWN, st.booleans())
def test_prose_map_agrees_with_prose_text_on_any_mix(blocks: list[str], markdown: bool) -> None:
    doc = parse("\n\n".join(blocks), markdown)
    assert rp.prose_map(doc).text == prose_text(doc)


# ---------------------------------------------------------------- spin and verdicts


def _spin(words: int, spun: int = 0, filler: int = 0, plain: int = 0) -> rp.Spin:
    return rp.Spin(words, (("spun", spun), ("filler", filler), ("plain", plain)), 10, 0)


@pytest.mark.parametrize(("spin", "label"), [
    (_spin(786, 84, 45, 13), "spun"),
    (_spin(100, 3, 2), "spun"),  # 5 findings, 5 per 100 words
    (_spin(100, 4), "suspicious"),  # 4 per 100 words but only 4 findings
    (_spin(300, 2, 1), "suspicious"),  # 3 findings, 1.0 per 100 words
    (_spin(301, 2, 1), "clean"),  # just under 1.0
    (_spin(20, 1, 1), "clean"),  # 10 per 100 words, but two findings prove little
    (_spin(100, 0, 0, 30), "clean"),  # wordy is not spun
    (_spin(0), "clean"),
])
def test_verdict_thresholds(spin: rp.Spin, label: str) -> None:
    assert rp.verdict(spin).label == label


def test_verdict_evidence_names_rate_and_sentences() -> None:
    spin = rp.Spin(786, (("spun", 84), ("filler", 45), ("plain", 13)), 38, 35)
    assert rp.verdict(spin).evidence == (
        "16.4 spun+filler findings per 100 words; 35 of 38 sentences contain one")
    assert rp.verdict(_spin(0)).evidence == "no prose to score"


def test_seed_is_spun_and_clean_sample_is_clean() -> None:
    result = run("score", "--format", "json", BOTOX, CLEAN)
    assert result.exit_code == 0, result.stderr
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    seed, clean = files["botox.txt"], files["clean.md"]
    assert seed["verdict"] == "spun"
    assert seed["spin"]["spin_per_100_words"] > 3 * rp.SPUN_RATE
    assert seed["spin"]["sentences_with_spin"] >= 0.8 * seed["spin"]["sentences"]
    assert re.fullmatch(r"\d+\.\d spun\+filler findings per 100 words; \d+ of \d+ sentences "
                        r"contain one", seed["evidence"])
    assert clean["verdict"] == "clean"
    assert clean["spin"]["findings"] == {"spun": 0, "filler": 0, "plain": 0}


def test_sentences_with_spin_counts_by_position() -> None:
    text = "First is actually plain. Second has nothing. Third or even more.\n"
    doc = parse(text, False)
    findings = scan(doc, load_matcher())
    score = rp.score_document("x.txt", doc, findings)
    assert (score.spin.sentences, score.spin.sentences_with) == (3, 2)


# ---------------------------------------------------------------- sentences and findings


def test_hardest_sentences_carry_their_findings_and_lines() -> None:
    text = BOTOX.read_text(encoding="utf-8")
    doc = parse(text, False)
    version = rp.version("before", "botox.txt", doc, scan(doc, load_matcher()))
    assert len(version.hardest) == rp.HARDEST_COUNT
    grades = [s.grade for s in version.hardest]
    assert grades == sorted(grades, reverse=True) and grades[0] >= rp.VERY_HARD_GRADE
    assert version.hardest[0].level == "very hard"
    for sentence in version.hardest:
        assert sentence.words >= rp.HARD_MIN_WORDS
        assert " ".join(sentence.text.split()[:3]) in " ".join(doc.line_text(sentence.line).split())
        assert sentence.findings, "every hard sentence of the seed holds spin"
        for start, end, finding in sentence.marks:
            assert sentence.text[start:end] == " ".join(finding.text.split())
        assert "".join(piece for piece, _ in sentence.pieces()) == sentence.text
    assert abs(version.hardest[0].grade - score_text(version.hardest[0].text).flesch_kincaid_grade) < 1e-9


def test_short_sentences_are_never_the_hardest() -> None:
    doc = parse("# Internationalization\n\nA cat sat on the mat and did not move at all.\n", True)
    hardest = rp.version("v", "x.md", doc, []).hardest
    assert [s.text for s in hardest] == ["A cat sat on the mat and did not move at all."]


def test_paragraph_spin_for_the_heat_strip() -> None:
    text = "Plain words here.\n\nIt is actually fine and also good.\n\n# Heading\n"
    doc = parse(text, True)
    version = rp.version("v", "x.md", doc, scan(doc, load_matcher()))
    assert [(p.line, p.words, p.spin_findings) for p in version.paragraphs] == [
        (1, 3, 0), (3, 7, 2), (5, 1, 0)]
    assert version.paragraphs[1].rate == pytest.approx(200 / 7)


# ---------------------------------------------------------------- direction


@pytest.mark.parametrize(("before", "after", "better", "expected"), [
    (30.7, 43.9, "higher", "better"),  # reading ease up
    (43.9, 30.7, "higher", "worse"),
    (14.1, 11.7, "lower", "better"),  # grade down
    (11.7, 14.1, "lower", "worse"),
    (12.0, 12.04, "lower", "same"),  # shows as 0.0
    (786, 693, None, "changed"),  # a count: no better side
    (38, 38, None, "same"),
    (None, None, "lower", "same"),
    (None, 8.0, "lower", "changed"),
])
def test_direction(before: float | None, after: float | None, better: str | None,
                   expected: str) -> None:
    assert rp.direction(before, after, better) == expected


# ---------------------------------------------------------------- report: the seed


def test_seed_report_improves_after_fix() -> None:
    data = report_json(BOTOX)
    item = data["files"][0]
    changes = changes_of(item)
    ease, grade = changes["flesch_reading_ease"], changes["flesch_kincaid_grade"]
    assert ease["after"] > ease["before"] and ease["direction"] == "better"
    assert grade["after"] < grade["before"] and grade["direction"] == "better"
    assert changes["consensus_grade"]["direction"] == "better"
    assert changes["spin"]["after"] < 1 and changes["spin"]["direction"] == "better"
    assert item["before"]["verdict"] == "spun"
    assert item["after"]["verdict"] in ("clean", "suspicious")
    assert item["before"]["label"] == "before" and item["after"]["label"] == "after fix"
    assert len(item["edits"]) > 100
    text = BOTOX.read_text(encoding="utf-8")
    for edit in item["edits"]:
        assert text[edit["start"] : edit["end"]] == edit["old"]
    assert item["before"]["hardest_sentences"][0]["findings"]
    assert data["summary"]["files"] == 1


def test_report_writes_nothing_to_the_file(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(SPUN, encoding="utf-8")
    assert run("report", page).exit_code == 0
    assert page.read_text(encoding="utf-8") == SPUN


def test_text_report() -> None:
    result = run("report", BOTOX)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].endswith("botox.txt: spun -> clean")
    assert any(re.match(r"\s+Reading ease \(Flesch\)\s+30\.\d\s+\d\d\.\d\s+\+\d+\.\d\s+better$", line)
               for line in lines)
    assert any("[is actually]" in line for line in lines)
    assert re.search(r"^  \d+ edits:$", result.stdout, re.M)


# ---------------------------------------------------------------- score formats


def test_score_text_table_has_a_row_per_file_and_a_total() -> None:
    result = run("score", BOTOX, CLEAN)
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["file", "words", "sentences"]
    assert lines[1].startswith(str(BOTOX)) and lines[1].endswith("spun")
    assert lines[2].startswith(str(CLEAN)) and lines[2].endswith("clean")
    assert set(lines[3]) == {"-"}
    assert lines[4].startswith("total (2 files)") and lines[4].endswith("1 spun, 1 clean")


def test_score_csv_shape() -> None:
    result = run("score", "--format", "csv", BOTOX, CLEAN)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["path"] for r in rows] == [str(BOTOX), str(CLEAN), "total"]
    assert {"flesch_reading_ease", "consensus_grade", "spin_per_100_words", "spun",
            "filler", "plain", "spun_per_100_words", "verdict", "evidence",
            "gate_failures"} <= set(rows[0])
    assert int(rows[2]["words"]) == int(rows[0]["words"]) + int(rows[1]["words"])
    assert rows[0]["verdict"] == "spun" and rows[2]["verdict"] == "1 spun, 1 clean"
    assert float(rows[0]["flesch_reading_ease"]) == pytest.approx(30.7, abs=0.1)


def test_score_markdown_shape() -> None:
    lines = run("score", "--format", "markdown", BOTOX, CLEAN).stdout.splitlines()
    assert len(lines) == 5
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines)
    assert lines[1].startswith("| --- | ---: |")
    assert lines[4].startswith("| total (2 files) |")


def test_score_json_shape() -> None:
    data = json.loads(run("score", "--format", "json", BOTOX, CLEAN).stdout)
    assert data["version"] == 1
    assert [set(f) for f in data["files"]] == [
        {"path", "scores", "spin", "verdict", "evidence", "gate_failures"}] * 2
    assert data["total"]["files"] == 2
    assert data["total"]["verdict"] == {"spun": 1, "suspicious": 0, "clean": 1}
    total_words = data["total"]["scores"]["words"]
    assert total_words == sum(f["scores"]["words"] for f in data["files"])


def test_total_of_one_file_is_that_file() -> None:
    doc = parse(BOTOX.read_text(encoding="utf-8"), False)
    row = rp.score_document("botox.txt", doc, scan(doc, load_matcher()))
    summed = rp.total([row])
    for key, value in row.scores.as_dict().items():
        assert getattr(summed.score.scores, key) == pytest.approx(value), key
    assert summed.score.spin.spin_rate == pytest.approx(row.spin.spin_rate)


def test_score_of_empty_and_of_standard_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    data = json.loads(run("score", "--format", "json", empty).stdout)
    assert data["files"][0]["scores"]["flesch_reading_ease"] is None
    assert data["files"][0]["verdict"] == "clean"
    result = run("score", "--stdin-filename", "page.md", "-", input=SPUN)
    assert result.exit_code == 0 and result.stdout.splitlines()[1].startswith("page.md ")


def test_a_score_row_keeps_nothing_of_the_document() -> None:
    """Memory stays bounded over thousands of files: a row is counts and numbers only."""
    assert [f for f in rp.TextScore.__dataclass_fields__] == ["path", "scores", "spin", "verdict"]
    doc = parse(SPUN, False)
    row = rp.score_document("x", doc, scan(doc, load_matcher()))
    assert len(repr(row)) < 2000


# ---------------------------------------------------------------- gates


def seed_spin() -> float:
    """The seed's spin today (the glossary grows; the gates must follow it)."""
    data = json.loads(run("score", "--format", "json", BOTOX).stdout)
    spin: float = data["files"][0]["spin"]["spin_per_100_words"]
    return spin


def test_gates_exit_1_with_reasons() -> None:
    result = run("score", "--max-grade", "12", "--min-ease", "40", "--max-spin", "2",
                 BOTOX, CLEAN)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"rewrite: {BOTOX}: consensus grade 16.0 is above max-grade 12",
        f"rewrite: {BOTOX}: reading ease 30.7 is below min-ease 40",
        f"rewrite: {BOTOX}: {seed_spin():.1f} spun+filler findings per 100 words is above "
        "max-spin 2",
    ]
    assert run("score", "--max-grade", "12", "--min-ease", "40", "--max-spin", "2",
               CLEAN).exit_code == 0


def test_gates_default_from_the_config(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    shutil.copy(BOTOX, page)
    (tmp_path / ".rewrite.toml").write_text("max-spin = 2.0\n", encoding="utf-8")
    result = run("score", page)
    assert result.exit_code == 1 and "above max-spin 2" in result.stderr
    assert run("score", "--max-spin", "50", page).exit_code == 0  # the command line wins


def test_gate_failures_unit() -> None:
    doc = parse(BOTOX.read_text(encoding="utf-8"), False)
    row = rp.score_document("b", doc, scan(doc, load_matcher()))
    assert rp.gate_failures(row, rp.Gates()) == ()
    assert rp.gate_failures(row, rp.Gates(max_grade=16)) == ()  # at the limit passes
    assert rp.gate_failures(row, rp.Gates(max_grade=15.5)) == (
        "consensus grade 16.0 is above max-grade 15.5",)
    empty = rp.score_document("e", parse("", False), [])
    assert rp.gate_failures(empty, rp.Gates(max_grade=1, min_ease=99, max_spin=0)) == ()


def test_report_gates_the_file_as_it_stands(tmp_path: Path) -> None:
    result = run("report", "--max-spin", "2", BOTOX)  # the file, not the fixed text
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(f"{seed_spin():.1f} spun+filler findings per 100 "
                                          "words is above max-spin 2")
    data = json.loads(run("report", "--format", "json", "--max-spin", "2", BOTOX).stdout)
    assert data["files"][0]["gate_failures"] and data["summary"]["gate_failures"] == 1
    fixed = SAMPLES / "botox.fixed.txt"
    assert run("report", "--max-spin", "2", "--before", BOTOX, "--after", fixed).exit_code == 0


# ---------------------------------------------------------------- several files, versions


def test_combined_report_for_two_files() -> None:
    markdown = run("report", "--format", "markdown", BOTOX, CLEAN).stdout
    assert markdown.startswith("## rewrite report\n\n2 files compared.")
    summary = markdown.split("###")[0]
    assert f"| {BOTOX} | spun → clean |" in summary.replace("\\", "")
    assert f"| {CLEAN} | clean |" in summary.replace("\\", "")
    assert markdown.count("\n### ") == 2
    data = report_json(BOTOX, CLEAN)
    assert [f["path"] for f in data["files"]] == [str(BOTOX), str(CLEAN)]
    assert [v["after"] for v in data["summary"]["verdicts"]] == ["clean", "clean"]
    html = run("report", "--format", "html", BOTOX, CLEAN).stdout
    assert html.count('<section class="file"') == 2 and 'id="summary"' in html


def test_before_and_after_files() -> None:
    fixed = SAMPLES / "botox.fixed.txt"
    data = report_json("--before", BOTOX, "--after", fixed)
    item = data["files"][0]
    assert item["path"] == f"{BOTOX} -> {fixed}"
    assert (item["before"]["label"], item["after"]["label"]) == ("before", "after")
    assert item["before"]["verdict"] == "spun" and item["after"]["verdict"] == "clean"
    assert changes_of(item)["flesch_reading_ease"]["direction"] == "better"
    old = BOTOX.read_text(encoding="utf-8")
    new = fixed.read_text(encoding="utf-8")
    assert item["edits"]  # found by a word diff
    applied = old
    for edit in sorted(item["edits"], key=lambda e: -e["start"]):
        assert old[edit["start"] : edit["end"]] == edit["old"]
        applied = applied[: edit["start"]] + edit["new"] + applied[edit["end"] :]
    assert applied == new


@pytest.mark.parametrize("args", [
    ["--before", "a.md"],
    ["--before", "a.md", "--after", "b.md", "c.md"],
    [],
])
def test_report_usage_errors(args: list[str]) -> None:
    assert run("report", *args).exit_code == 2


def test_bad_input_is_one_line_and_exit_3(tmp_path: Path) -> None:
    for command in ("score", "report"):
        result = run(command, tmp_path / "missing.md")
        assert result.exit_code == 3
        assert result.stderr.splitlines() == [f"rewrite: {tmp_path / 'missing.md'}: no such file"]
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01binary")
    result = run("report", BOTOX, binary)
    assert result.exit_code == 3 and "binary file" in result.stderr
    assert "spun -> clean" in result.stdout  # the other file is still reported


def test_output_file_and_format_from_its_suffix(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("report", "--output", out, BOTOX)
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    md = tmp_path / "report.md"
    run("report", "-o", md, BOTOX)
    assert md.read_text(encoding="utf-8").startswith("## rewrite report")


# ---------------------------------------------------------------- git


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=folder, check=True,
                   capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_rev_compares_with_the_committed_version(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    page = repo / "docs" / "page.txt"
    shutil.copy(BOTOX, page)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "spun")
    shutil.copy(SAMPLES / "botox.fixed.txt", page)
    data = report_json("--git-rev", "HEAD", page)
    item = data["files"][0]
    assert (item["before"]["label"], item["after"]["label"]) == ("HEAD", "working tree")
    assert item["before"]["verdict"] == "spun" and item["after"]["verdict"] == "clean"
    assert changes_of(item)["flesch_kincaid_grade"]["direction"] == "better"
    assert item["edits"]
    new = repo / "docs" / "new.txt"
    new.write_text("Plain words.\n", encoding="utf-8")
    result = run("report", "--git-rev", "HEAD", new)
    assert result.exit_code == 3
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"rewrite: {new}: not readable at git revision HEAD")
    result = run("report", "--git-rev", "no-such-rev", page)
    assert result.exit_code == 3 and "Traceback" not in result.stderr


# ---------------------------------------------------------------- escaping, HTML shape


def test_html_is_self_contained_and_escaped(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("It is actually <script>alert(1)</script> & more.\n\n"
                    "See [the site](https://example.org/x) or even <img src=x>.\n",
                    encoding="utf-8")
    html = run("report", "--format", "html", page).stdout
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<img" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(""", html, re.I)
    assert re.search(r'<svg class="chart"[^>]*>', html)
    assert len(re.findall(r'<rect class="bar (?:before|after)"', html)) == 2 * 9
    assert "<del" in html and "<ins" in html
    text = tmp_path / "page.txt"  # in plain text, markup is prose and reaches the sentences
    text.write_text("It is actually <script>alert(1)</script> a sentence long enough to be "
                    "listed among the hardest, with *stars* and | bars.\n", encoding="utf-8")
    markdown = run("report", "--format", "markdown", text).stdout
    assert "<script" not in markdown and "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    assert r"\*stars\* and \| bars" in markdown


def test_text_pieces_mark_edits_and_untouched_findings() -> None:
    text = "aa bb cc dd"
    edits = [rp.word_edits(text, "aa XX cc dd")[0]]
    finding = Finding("spun/dd", "spun", "error", 9, 11, 1, 10, "dd", ("d",), "m", 0.9)
    pieces = rp.text_pieces(text, edits, [finding])
    assert pieces == [("text", "aa ", ""), ("del", "bb", ""), ("ins", "XX", ""),
                      ("text", " cc ", ""), ("mark", "dd", "m")]


@st.composite
def edits_and_findings(draw: st.DrawFn) -> tuple[str, list, list[Finding]]:
    """A text, non-overlapping edits of it (empty ones too), and non-overlapping findings
    that may overlap the edits."""
    from rewrite.edits import Edit

    text = "x" * draw(st.integers(1, 40))

    def spans() -> list[tuple[int, int]]:
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
        return list(zip(cuts[::2], cuts[1::2]))

    edits = [Edit(a, b, text[a:b], "y", ()) for a, b in spans()]
    findings = [Finding("spun/x", "spun", "error", a, b, 1, a + 1, text[a:b], ("z",),
                        f"m{a}-{b}", 0.9) for a, b in spans() if b > a]
    return text, edits, findings


@given(edits_and_findings())
def test_text_pieces_marks_exactly_the_findings_no_edit_touches(
        case: tuple[str, list, list[Finding]]) -> None:
    text, edits, findings = case
    marked = [note for kind, _, note in rp.text_pieces(text, edits, findings) if kind == "mark"]
    untouched = [f.message for f in findings
                 if not any(e.start < f.end and f.start < e.end for e in edits)]
    assert marked == untouched


# ---------------------------------------------------------------- wiring


def test_commands_register_whichever_module_is_imported_first() -> None:
    for first in ("rewrite.cli_report", "rewrite.cli"):
        code = (f"import {first}\nfrom rewrite.cli import cli\n"
                "print(sorted(cli.commands))")
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stderr
        assert "'report'" in done.stdout and "'score'" in done.stdout


def test_help_of_both_commands() -> None:
    assert "--max-grade" in run("score", "--help").stdout
    help_text = run("report", "--help").stdout
    assert all(option in help_text for option in ("--before", "--after", "--git-rev",
                                                   "--output", "--min-ease"))


@pytest.mark.parametrize("limit", [rp.WORD_DIFF_LIMIT, 3])
def test_word_edits_rebuild_the_after_text(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    monkeypatch.setattr(rp, "WORD_DIFF_LIMIT", limit)
    before = "One line stays.\nThe skin layer is thin.\n\nAnother stays.\nLast line here.\n"
    after = "One line stays.\nThe skin is thin.\nA new line.\n\nAnother stays.\nLast here.\n"
    edits = rp.word_edits(before, after)
    rebuilt = before
    for edit in sorted(edits, key=lambda e: -e.start):
        assert before[edit.start : edit.end] == edit.old
        rebuilt = rebuilt[: edit.start] + edit.new + rebuilt[edit.end :]
    assert rebuilt == after
    if limit == 3:  # stretches too long for a word diff are one edit each
        assert all("\n" in e.old or "\n" in e.new for e in edits)
    else:
        assert ("layer", "") in {(e.old.strip(), e.new) for e in edits}
