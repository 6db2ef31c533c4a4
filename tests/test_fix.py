"""rewrite fix: grammatical edits, byte-exact files, safe writes, idempotence."""

from __future__ import annotations

import errno
import itertools
import os
import re
import stat
from pathlib import Path

import pytest
from conftest import run, write_glossary
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from rewrite.document import parse
from rewrite.edits import fix
from rewrite.engine import load_matcher
from rewrite.errors import InputError
from rewrite.files import read_source, write_atomic
from rewrite.scan import scan
from rewrite.settings import Settings


def fixed_with_edits(text: str, markdown: bool = False) -> tuple[str, list[tuple[str, str]]]:
    """The fixed text, and its edits as (old, new) pairs, with the shipped glossary."""
    matcher = load_matcher()
    result = fix(parse(text, markdown), lambda d: scan(d, matcher, Settings()),
                 lambda t: parse(t, markdown))
    return result.text, [(e.old, e.new) for e in result.edits]


def fixed(text: str, markdown: bool = False) -> str:
    return fixed_with_edits(text, markdown)[0]


@pytest.mark.parametrize("before, after", [
    ("The event takes spot today.", "The event takes place today."),
    ("The event took spot today.", "The event took place today."),
    ("It is taking spot now.", "It is taking place now."),
    ("Under the skin layers.", "Under the skin."),
    ("It took a pair of months.", "It took two months."),  # never "a two months"
    ("A pair of weeks later, those that possess it recover.",
     "Two weeks later, those who have it recover."),
    ("The muscular tissues relax.", "The muscles relax."),
    ("Give it to youngsters.", "Give it to children."),
    ("It is utilized daily.", "It is used daily."),
    ("They were actually late.", "They were late."),
])
def test_inflection_is_carried_over(before: str, after: str) -> None:
    assert fixed(before) == after


@pytest.mark.parametrize("before, after", [
    ("Youngsters took spot.", "Children took place."),
    ("Skin layer care.", "Skin care."),
    ("THE SKIN LAYER IS ACTUALLY THIN.", "THE SKIN IS THIN."),
    ("Extent Marks And Scars", "Stretch Marks And Scars"),
    ("In order to win, train.", "To win, train."),
])
def test_case_follows_the_text(before: str, after: str) -> None:
    assert fixed(before) == after


@pytest.mark.parametrize("before, after", [
    ("It is a grownup dose.", "It is an adult dose."),
    ("AN GROWNUP", "AN ADULT"),
    ("Use a neighborhood anaesthetic.", "Use a local anaesthetic."),
    ("Keep it for an additional use.", "Keep it for another use."),
])
def test_articles_agree_after_the_edit(before: str, after: str) -> None:
    assert fixed(before) == after


@pytest.mark.parametrize("before, after", [
    ("The muscle mass of the face takes spot.", "The facial muscles take place."),
    ("THE MUSCLE MASS OF THE FACE TAKES SPOT.", "THE FACIAL MUSCLES TAKE PLACE."),
    ("Muscle mass of the face is key. Its muscle mass of the face was weak.",
     "Facial muscles are key. Its facial muscles were weak."),
    ("Note: the muscle mass of the face has grown.", "Note: the facial muscles have grown."),
    ("The skin layers are thin.", "The skin is thin."),
    ("Wide range antitoxin does work.", "Broad-range antibiotics do work."),
])
def test_verb_agrees_with_a_replaced_subject(before: str, after: str) -> None:
    assert fixed(before) == after
    assert fixed(after) == after


def test_verb_agreement_keeps_paragraphs_and_line_endings() -> None:
    text = "# Face\r\n\r\nThe muscle mass of the face is firm.\r\n\r\nThe skin layers are\r\nthin.\r\n"
    assert fixed(text, markdown=True) == (
        "# Face\r\n\r\nThe facial muscles are firm.\r\n\r\nThe skin is\r\nthin.\r\n")


CONTROL = ("The muscle mass of the face takes spot. ", "The facial muscles take place. ")


@pytest.mark.parametrize("before, after", [
    # not the subject of its sentence
    ("Injections into the muscle mass of the face take time.",
     "Injections into the facial muscles take time."),
    ("Work on the muscle mass of the face takes time.",
     "Work on the facial muscles takes time."),
    ("It is, e.g. the muscle mass of the face is.", "It is, e.g. the facial muscles is."),
    # not followed by a finite verb
    ("The muscle mass of the face.", "The facial muscles."),
    ("The muscle mass of the face and neck.", "The facial muscles and neck."),
    ("The muscle mass of the face will take spot.", "The facial muscles will take place."),
    ("The muscle mass of the face took spot.", "The facial muscles took place."),
    # a verb that already agrees
    ("The muscle mass of the face take spot.", "The facial muscles take place."),
    # the replacement's number is uncertain: its head is not its last word
    ("The antimicrobial opposition is rising.", "The resistance to antibiotics is rising."),
])
def test_verb_is_left_alone_when_agreement_is_uncertain(before: str, after: str) -> None:
    # each case follows a sentence whose verb must change, so the agreement step runs
    assert fixed(CONTROL[0] + before) == CONTROL[1] + after


def test_verb_agreement_is_part_of_the_subject_edit() -> None:
    text, edits = fixed_with_edits("The muscle mass of the face takes spot.")
    assert edits == [("muscle mass of the face takes spot", "facial muscles take place")]
    assert fixed(text) == text


def test_verb_agrees_after_a_user_glossary_row(tmp_path: Path) -> None:
    mine = write_glossary(tmp_path / "g.tsv", "tooth cleaners\tplain\ttoothpaste\terror\tme\t")
    page = tmp_path / "p.md"
    page.write_text("Tooth cleaners are sold here. The tooth cleaners have fluoride.\n")
    result = run("fix", "--diff", "--glossary", mine, page)
    assert ("-Tooth cleaners are sold here. The tooth cleaners have fluoride.\n"
            "+Toothpaste is sold here. The toothpaste has fluoride.\n") in result.output
    run("fix", "--glossary", mine, page)
    assert page.read_text() == "Toothpaste is sold here. The toothpaste has fluoride.\n"
    assert run("fix", "--glossary", mine, page).exit_code == 0


@pytest.mark.parametrize("before, after", [
    ("Botox is actually authorized for usage in adults.", "Botox is approved for use in adults."),
    ("It can easily be actually provided to youngsters.", "It can be given to children."),
    ("It is actually certainly not safe.", "It is not safe."),
    ("Pain or even swelling.", "Pain or swelling."),
])
def test_filler_removal_leaves_clean_text(before: str, after: str) -> None:
    assert fixed(before) == after
    assert "  " not in fixed(before)


def test_adjacent_findings_become_one_edit() -> None:
    _, edits = fixed_with_edits("It is actually certainly not safe.")
    assert edits == [("is actually certainly not", "is not")]


def test_several_replacements_are_left_for_a_person(tmp_path: Path) -> None:
    mine = write_glossary(tmp_path / "g.tsv", "big data\tplain\tdata|large data\terror\tme\t")
    page = tmp_path / "p.md"
    page.write_text("We like big data.\n")
    result = run("fix", "--glossary", mine, page)
    assert result.exit_code == 0
    assert "left for review [plain/big-data] 'big data' -> 'data' | 'large data'" in result.output
    assert page.read_text() == "We like big data.\n"


def test_fix_in_place_prints_fixing_and_exits_1(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("The skin layer.\n")
    result = run("fix", page)
    assert (result.exit_code, result.output) == (1, f"Fixing {page}\n")
    assert page.read_text() == "The skin.\n"
    again = run("fix", page)
    assert (again.exit_code, again.output) == (0, "")


def test_diff_writes_nothing(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("The skin layer.\n")
    result = run("fix", "--diff", page)
    assert "-The skin layer.\n+The skin.\n" in result.output
    assert page.read_text() == "The skin layer.\n"


def test_stdin_to_stdout() -> None:
    result = run("fix", "-", input="or even\n")
    assert result.stdout == "or\n"


def test_bytes_outside_edits_survive(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    original = ("\ufeff---\r\ntitle: the skin layer\r\n---\r\n\r\n"
                "Caf\u00e9 \U0001F600 the skin layer.\r\n\r\n```\r\nthe skin layer\r\n```")
    page.write_bytes(original.encode("utf-8"))
    os.chmod(page, 0o640)
    run("fix", page)
    data = page.read_bytes()
    assert data == original.replace("\U0001F600 the skin layer", "\U0001F600 the skin").encode()
    assert stat.S_IMODE(page.stat().st_mode) == 0o640


def test_utf16_file_keeps_its_encoding(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_bytes("\ufeffthe skin layer\n".encode("utf-16-le"))
    run("fix", page)
    assert page.read_bytes() == "\ufeffthe skin\n".encode("utf-16-le")


def test_unchanged_file_is_not_rewritten(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("Nothing to fix.\n")
    before = page.stat().st_mtime_ns
    os.utime(page, ns=(before - 10**9, before - 10**9))
    run("fix", page)
    assert page.stat().st_mtime_ns == before - 10**9


def test_read_only_file_is_reported_and_kept(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("The skin layer.\n")
    page.chmod(0o444)
    if os.access(page, os.W_OK):  # root ignores modes: simulate through the check itself
        pytest.skip("running as root: the read-only check is exercised in test_write_failures")
    result = run("fix", page)
    assert result.exit_code == 3 and "read-only" in result.stderr
    assert page.read_text() == "The skin layer.\n"


def test_write_failures_lose_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "p.md"
    page.write_text("The skin layer.\n")
    source = read_source(str(page))
    new = source.encode("The skin.\n")

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as m:
        m.setattr(os, "fsync", full_disk)
        with pytest.raises(InputError, match="No space left on device; original left unchanged"):
            write_atomic(source, new)
    assert page.read_text() == "The skin layer.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.md"]  # no temp file left

    with monkeypatch.context() as m:
        m.setattr(os, "access", lambda *a, **k: False)
        with pytest.raises(InputError, match="read-only; not written"):
            write_atomic(source, new)

    page.write_text("Edited meanwhile.\n")
    with pytest.raises(InputError, match="changed on disk since it was read; not overwritten"):
        write_atomic(source, new)
    assert page.read_text() == "Edited meanwhile.\n"

    page.unlink()
    with pytest.raises(InputError, match="disappeared"):
        write_atomic(source, new)
    assert not page.exists()


def test_cli_reports_a_failing_write_in_one_line(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    good, bad = tmp_path / "a.md", tmp_path / "b.md"
    for page in (good, bad):
        page.write_text("The skin layer.\n")
    real_replace = os.replace

    def failing_replace(src: str, dst: str | Path) -> None:
        if str(dst).endswith("b.md"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = run("fix", good, bad)
    assert result.exit_code == 3
    assert result.stderr == f"rewrite: {bad}: cannot write: Input/output error; original left unchanged\n"
    assert good.read_text() == "The skin.\n" and bad.read_text() == "The skin layer.\n"


# --- properties over generated Markdown -------------------------------------

PROSE = ["The skin layer is actually thin.", "Youngsters took spot here.", "Plain text.",
         "In order to help, or even more.", "A grownup dose", "THE PHYSICAL BODY"]
PROTECTED = ["`the skin layer`", "[link](https://x.org/skin-layer/or-even)",
             "<https://x.org/is/actually>", "<b title='or even'>x</b>"]
BLOCKS = ["```\nthe skin layer or even\n```", "    indented skin layer code",
          "<!-- rewrite: off -->\nthe skin layer\n<!-- rewrite: on -->"]


@st.composite
def markdown_docs(draw: st.DrawFn) -> tuple[str, list[str]]:
    protected: list[str] = []
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append("---\ntitle: the skin layer is actually\n---")
        protected.append(parts[-1])
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["prose", "block"]))
        if kind == "block":
            parts.append(draw(st.sampled_from(BLOCKS)))
            protected.append(parts[-1])
            continue
        words = draw(st.lists(st.sampled_from(PROSE + PROTECTED), min_size=1, max_size=4))
        protected += [w for w in words if w in PROTECTED]
        parts.append(" ".join(words))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = "\n\n".join(parts) + draw(st.sampled_from(["", "\n"]))
    return text.replace("\n", newline), [p.replace("\n", newline) for p in protected]


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_docs())
def test_fix_never_touches_protected_spans_and_is_idempotent(doc: tuple[str, list[str]]) -> None:
    text, protected = doc
    once = fixed(text, markdown=True)
    cursor = 0
    for piece in protected:  # every protected piece survives, in order
        found = once.find(piece, cursor)
        assert found >= 0, piece
        cursor = found + len(piece)
    if "\r\n" in text:
        assert once.count("\n") == once.count("\r\n")
    else:
        assert "\r" not in once
    assert once.count("\n") == text.count("\n")
    assert fixed(once, markdown=True) == once


def test_interactive_asks_per_finding(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("The skin layer and the physical body took spot in order to heal.\n")
    # yes to the first, no to the second, edit the third, then all remaining
    result = run("fix", "--interactive", page, input="y\nn\ne\nhappened\na\n")
    assert "line 1: The **skin layer**" not in result.output  # no styling on a pipe
    assert result.output.count("[y]es [n]o [e]dit [a]ll [q]uit") == 4
    assert page.read_text() == "The skin and the physical body happened to heal.\n"


@pytest.mark.parametrize("answers, after", [
    ("y\ny\n", "The facial muscles take place today.\n"),
    ("n\ny\n", "The muscle mass of the face takes place today.\n"),
    ("e\nface muscle\ny\n", "The face muscle takes place today.\n"),
    ("e\nface muscles\ny\n", "The face muscles take place today.\n"),
])
def test_interactive_fix_makes_the_verb_agree_with_what_was_accepted(
        tmp_path: Path, answers: str, after: str) -> None:
    page = tmp_path / "p.md"
    page.write_text("The muscle mass of the face takes spot today.\n")
    run("fix", "--interactive", page, input=answers)
    assert page.read_text() == after


def test_interactive_quit_keeps_what_was_accepted(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("The skin layer and the physical body.\n")
    run("fix", "--interactive", page, input="y\nq\n")
    assert page.read_text() == "The skin and the physical body.\n"


@st.composite
def two_rounds_of_edits(draw: st.DrawFn) -> tuple[str, list, list]:
    from rewrite.edits import Edit, apply_edits

    def edits_of(text: str) -> list:
        spans = [m.span() for m in re.finditer(r"\S+", text)]
        chosen = draw(st.lists(st.integers(0, max(len(spans) - 1, 0)), max_size=4, unique=True))
        result: list = []
        for index in sorted(chosen):
            if not spans:
                break
            start, end = spans[index]
            if result and start < result[-1].end:
                continue
            new = draw(st.sampled_from(["", "x", "two words", "yy"]))
            result.append(Edit(start, end, text[start:end], new, ("r",)))
        return result

    words = draw(st.lists(st.sampled_from(["a", "bb", "ccc"]), min_size=1, max_size=10))
    original = draw(st.sampled_from([" ", "  ", "\n"])).join(words)
    first = edits_of(original)
    second = edits_of(apply_edits(original, first))
    return original, first, second


@hsettings(max_examples=300, deadline=None)
@given(two_rounds_of_edits())
def test_composed_edits_do_both_rounds(case: tuple[str, list, list]) -> None:
    from rewrite.edits import apply_edits, compose

    original, first, second = case
    composed = compose(original, first, second)
    assert apply_edits(original, composed) == apply_edits(apply_edits(original, first), second)
    assert all(original[e.start:e.end] == e.old for e in composed)
    assert all(a.end <= b.start for a, b in itertools.pairwise(composed))


def test_a_replacement_marked_safe_is_applied(tmp_path: Path) -> None:
    mine = write_glossary(tmp_path / "g.tsv", "big data\tplain\t*data|large data\terror\tme\t")
    page = tmp_path / "p.md"
    page.write_text("We like big data.\n")
    result = run("fix", "--glossary", mine, page)
    assert (result.exit_code, page.read_text()) == (1, "We like data.\n")


@pytest.mark.parametrize("cell, message", [
    ("*data", "'*' marks the safe one of several replacements"),
    ("data|*large data", "only the first replacement can be marked safe with '*'"),
])
def test_bad_safe_marks_are_glossary_errors(tmp_path: Path, cell: str, message: str) -> None:
    mine = write_glossary(tmp_path / "g.tsv", f"big data\tplain\t{cell}\terror\tme\t")
    page = tmp_path / "p.md"
    page.write_text("big data\n")
    result = run("check", "--glossary", mine, page)
    assert result.exit_code == 3 and f"g.tsv:2: {message}" in result.stderr
