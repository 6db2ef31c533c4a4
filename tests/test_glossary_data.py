"""Every glossary row is data checked here: canonical, unique, well formed, and
no replacement is itself flagged."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rewrite.document import parse
from rewrite.engine import load_entries, load_matcher
from rewrite.files import builtin_glossary_files
from rewrite.glossary import CATEGORIES, HEADER, format_glossary, parse_glossary
from rewrite.scan import scan
from rewrite.settings import Settings

FILES = builtin_glossary_files()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_is_in_canonical_form(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\t".join(HEADER) + "\n")
    assert "\r" not in text
    assert format_glossary(parse_glossary(text, str(path))) == text, (
        f"{path.name} is not canonical: run `rewrite glossary fmt {path}`")


def test_phrases_are_unique_across_files() -> None:
    counts = Counter(e.phrase for f in FILES
                     for e in parse_glossary(f.read_text(encoding="utf-8"), str(f)))
    assert [p for p, n in counts.items() if n > 1] == []


def test_every_flagging_entry_has_a_replacement() -> None:
    missing = [e.rule for e in load_entries() if e.category != "allow" and not e.replacements]
    assert missing == []


def test_every_category_is_shipped_and_exercised_by_a_sample() -> None:
    shipped = {e.category for e in load_entries()}
    assert shipped == set(CATEGORIES)
    seed = (Path(__file__).parent.parent / "samples" / "botox.txt").read_text(encoding="utf-8")
    found = {f.category for f in scan(parse(seed, False), load_matcher(), Settings())}
    assert found == {"spun", "filler", "plain"}


def test_no_replacement_is_itself_flagged() -> None:
    """Scanning each replacement with the whole glossary finds nothing (any severity)."""
    matcher = load_matcher()
    everything = Settings(severity="info")
    flagged = []
    for entry in load_entries():
        for replacement in entry.replacements:
            found = scan(parse(replacement, False), matcher, everything)
            if found:
                flagged.append((entry.phrase, replacement, found[0].rule))
    assert flagged == []


def test_no_entry_flags_its_own_replacement_in_context() -> None:
    """The phrase rewritten in place no longer matches its own rule."""
    matcher = load_matcher()
    everything = Settings(severity="info")
    selfish = []
    for entry in load_entries():
        for replacement in entry.replacements:
            rules = {f.rule for f in scan(parse(f"x {replacement} x", False), matcher, everything)}
            if entry.rule in rules:
                selfish.append(entry.rule)
    assert selfish == []
