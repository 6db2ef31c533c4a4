"""The scan's pre-filter (one Aho-Corasick pass names the phrases that may occur) must
never lose a finding the word-by-word scan of every run would make."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from rewrite import candidates as candidates_module
from rewrite.candidates import candidate_keys
from rewrite.document import parse
from rewrite.engine import check_source, load_matcher, source_findings
from rewrite.files import Source
from rewrite.scan import scan
from rewrite.settings import Settings


@pytest.fixture(autouse=True)
def _automaton_built() -> None:
    # A process that has seen only small texts scans them in full (building the automaton
    # would cost more); with the automaton built, every text takes the candidate pass.
    candidates_module._automaton(load_matcher())


ALL = Settings(severity="info")  # no context rule: findings do not depend on length
# Phrases from every glossary file, allowed phrases and their contained phrases included
PHRASES = ["muscle mass", "lean muscle mass", "take spot", "took spot", "as well as",
           "in order to", "is actually", "or even", "parkinson's disease", "Parkinson’s disease",
           "skin layer",
           "under the skin layer", "counterfeit consciousness", "ensure", "a variety of",
           "non-surgical", "as to"]
GAPS = [" ", "  ", "\n", "\n   ", " \n", "\t", ", ", "-", "'", "’", "*", "**", "`", "_",
        " (", "\u00a0", "é", "\n\n", "—", " > ", " '", " ‘", "(“", "”. "]
WORDS = ["the", "has", "well", "spot", "muscle", "take", "Wellness", "to", "café", "x",
         "http://example.com/take spot", "<b>", "[link](take-spot)", "`or even`"]


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 12))):
        piece = draw(st.sampled_from(PHRASES + WORDS))
        piece = piece.replace(" ", draw(st.sampled_from([" ", "  ", "\n", "\n   ", " \n"])))
        if draw(st.booleans()):
            piece = draw(st.sampled_from([piece.upper(), piece.title(), piece]))
        pieces.append(piece)
        pieces.append(draw(st.sampled_from(GAPS)))
    return "".join(pieces)


def _forced_full(text: str, markdown: bool) -> list[tuple[int, int, str]]:
    # A KELVIN SIGN lowercases to ASCII "k", so a text holding one is scanned in full.
    doc = parse(text + "\n\n\u212a\n", markdown)
    assert candidate_keys(doc.text, load_matcher()) is None
    return [(f.start, f.end, f.rule) for f in scan(doc, load_matcher(), ALL)
            if f.end <= len(text)]


@given(texts(), st.booleans())
@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_prefilter_loses_no_finding(text: str, markdown: bool) -> None:
    found = [(f.start, f.end, f.rule) for f in scan(parse(text, markdown), load_matcher(), ALL)]
    assert found == _forced_full(text, markdown)


def test_small_texts_are_scanned_in_full_until_the_automaton_pays(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates_module, "_SEEN", [0])  # as in a new process
    matcher = load_matcher(allowed=("some phrase of this test only",))  # a new matcher
    assert candidate_keys("We TAKE\n   Spot.", matcher) is None
    assert candidate_keys("x " * 10_000 + "took spot", matcher) == frozenset({"took spot"})
    assert candidate_keys("We TAKE\n   Spot.", matcher) == frozenset({"take spot"})


def test_text_without_glossary_phrases_has_no_candidates() -> None:
    assert candidate_keys("Plain words, nothing spun here.", load_matcher()) == frozenset()
    assert "take spot" in candidate_keys("We TAKE\n   Spot.", load_matcher())


# --- a check parses only the top-level blocks that may hold a finding -------------------

LONG = ("Plain words make up this paragraph, and there are enough of them to weigh on "
        "the share of findings per hundred words of the page, which decides whether "
        "filler is shown when little else on the page is spun at all, so it is long.")
BLOCKS = ["# {p}", "{p}\n===", "- {p}\n- {w}\n\n  {p}", "> {p}\n{w}", "```\n{p}\n```",
          "    {p}", "<div>\n{p}\n</div>", "| {p} | {w} |\n|---|---|\n| {w} | {p} |",
          "[{w}][took spot] and [{p}]", "[took spot]: http://example.com/{w}", "1. {p}\n\n       {p}",
          "{p} `{p}` <b>{p}</b> http://example.com/{p}", "---", "{w}\n{p}", "+ {p}\n\n      {w}",
          "  - {w}\n\n      {p}", "# {w} took\nspot {w}", "# in order\nto win", LONG, LONG]
FRONT_MATTER = ["", "---\ntitle: {p}\n---\n", "---\r\ntitle: {p}\r\n---\r\n{p}\n",
                "+++\ntitle = '{p}'\n+++\n", "---\n---\n{p}\n", "--- \nx: {p}\n---\n",
                "---\nx: {p}\n...\n", "---\nx: {p}\n"]
PROSE = ["as well as", "took spot", "is actually", "in order to", "the skin layer", "or even",
         "and also", "lean muscle mass", "plain words that are not spun at all here"]


@st.composite
def markdown_docs(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 10))):
        block = draw(st.sampled_from(BLOCKS))
        blocks.append(block.format(p=draw(st.sampled_from(PROSE)), w=draw(st.sampled_from(PROSE))))
    front = draw(st.sampled_from(FRONT_MATTER)).format(p=draw(st.sampled_from(PROSE)))
    return front + draw(st.sampled_from(["\n\n", "\n"])).join(blocks) + "\n"


@given(markdown_docs(), st.sampled_from(["warning", "info"]))
@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_check_finds_what_a_whole_parse_finds(text: str, severity: str) -> None:
    source = Source("page.md", text, text.encode(), "utf-8", b"")
    settings = Settings(severity=severity)
    whole = check_source(source, load_matcher(), settings).findings
    assert source_findings(source, load_matcher(), settings) == list(whole)


def test_a_reference_label_stays_protected_when_its_definition_is_in_another_block() -> None:
    text = "[plain words][took spot] and as well as.\n\n> [took spot]: http://example.com/x\n"
    source = Source("page.md", text, text.encode(), "utf-8", b"")
    found = source_findings(source, load_matcher(), ALL)
    assert [f.text for f in found] == ["as well as"]
    assert found == list(check_source(source, load_matcher(), ALL).findings)
