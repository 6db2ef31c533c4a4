"""--grammar on check and fix, against the LanguageTool TEST DOUBLE (tests/lt_double.py):
the real LanguageTool server cannot be installed where these tests run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run, write_glossary
from lt_double import LanguageToolDouble

PAGE = """---
title: the the front matter
---

Intro with `the the code` and a [the the link](https://x.org/the-the).

We saw the the result after the skin layer dried.
"""


@pytest.fixture
def double() -> Iterator[LanguageToolDouble]:
    with LanguageToolDouble() as server:
        yield server


def test_grammar_findings_land_on_the_flagged_words(tmp_path: Path,
                                                    double: LanguageToolDouble) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    result = run("check", "--format", "json", "--grammar", "--languagetool-url", double.url, page)
    findings = json.loads(result.stdout)["files"][0]["findings"]
    grammar = [f for f in findings if f["category"] == "grammar"]
    # the link text is prose too; front matter, code and the link target are not
    assert [(f["line"], f["column"], f["text"]) for f in grammar] == [(5, 34, "the the"),
                                                                        (7, 8, "the the")]
    assert all(PAGE[f["start"]:f["end"]] == f["text"] for f in findings)
    assert grammar[0]["rule"] == "grammar/ENGLISH_WORD_REPEAT_RULE"
    assert {f["category"] for f in findings} == {"grammar", "spun"}


def test_grammar_off_by_default_needs_no_server(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    result = run("check", "--format", "json", page)
    assert {f["category"] for f in json.loads(result.stdout)["files"][0]["findings"]} == {"spun"}


def test_missing_server_is_one_line_and_exit_3(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    result = run("check", "--grammar", "--languagetool-url", "http://127.0.0.1:9", page)
    assert result.exit_code == 3
    assert len(result.stderr.splitlines()) == 1 and "LanguageTool" in result.stderr


def test_fix_reports_an_edit_that_adds_a_grammar_match(tmp_path: Path,
                                                       double: LanguageToolDouble) -> None:
    glossary = write_glossary(tmp_path / "g.tsv", "xyzzy\tspun\tthe\terror\tme\t")
    page = tmp_path / "page.md"
    page.write_text("Use the xyzzy method. The skin layer is fine.\n")
    args = ["fix", "--glossary", glossary, "--grammar", "--languagetool-url", double.url]
    loose = run(*args, "--diff", page)
    assert ("page.md:1:9: edit 'xyzzy' -> 'the' adds a grammar issue "
            "[grammar/ENGLISH_WORD_REPEAT_RULE]") in loose.stderr
    assert "+Use the the method. The skin is fine." in loose.stdout
    strict = run(*args, "--strict", page)
    assert strict.exit_code == 1
    assert page.read_text() == "Use the xyzzy method. The skin is fine.\n"


def test_score_and_report_show_grammar_before_and_after(tmp_path: Path,
                                                       double: LanguageToolDouble) -> None:
    page = tmp_path / "page.md"
    page.write_text("We saw the the result under the skin layer.\n")
    scored = json.loads(run("score", "--format", "json", "--grammar", "--languagetool-url",
                            double.url, page).stdout)
    assert scored["files"][0]["spin"]["findings"]["grammar"] == 1
    report = json.loads(run("report", "--format", "json", "--grammar", "--languagetool-url",
                            double.url, page).stdout)["files"][0]
    before = [f["rule"] for f in report["before"]["findings"] if f["category"] == "grammar"]
    after = [f["rule"] for f in report["after"]["findings"] if f["category"] == "grammar"]
    assert before == after == ["grammar/ENGLISH_WORD_REPEAT_RULE"]
    assert [f["category"] for f in report["after"]["findings"]] == ["grammar"]
