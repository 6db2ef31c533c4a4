"""The scan's pre-filter (one Aho-Corasick pass names the phrases that may occur) must
never lose a finding the word-by-word scan of every run would make."""

from __future__ import annotations

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from rewrite.document import parse
from rewrite.engine import load_matcher
from rewrite.scan import candidate_keys, scan
from rewrite.settings import Settings

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


def test_text_without_glossary_phrases_has_no_candidates() -> None:
    assert candidate_keys("Plain words, nothing spun here.", load_matcher()) == frozenset()
    assert "take spot" in candidate_keys("We TAKE\n   Spot.", load_matcher())
