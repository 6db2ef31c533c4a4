"""rewrite.discover: spun phrases found with no glossary, as a user would notice them."""

from __future__ import annotations

import gzip
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from rewrite.discover import CATEGORY, DATA_FILE, Data, discover, load_data, parse_data
from rewrite.document import parse
from rewrite.edits import fix
from rewrite.engine import load_matcher
from rewrite.scan import Finding, scan

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = (SAMPLES / "botox.txt").read_text(encoding="utf-8")


def shown(findings: list[Finding]) -> list[Finding]:
    """What `rewrite check` shows at its default severity."""
    return [f for f in findings if f.severity in ("warning", "error")]


def by_text(findings: list[Finding]) -> dict[str, Finding]:
    return {f.text.lower(): f for f in findings}


@pytest.fixture(scope="module")
def seed_findings() -> list[Finding]:
    return discover(parse(SEED, markdown=False))


# --- the seed, with no glossary -----------------------------------------------------


def test_seed_take_spot_found_with_take_place_proposed(seed_findings: list[Finding]) -> None:
    found = by_text(shown(seed_findings))["takes spot"]
    assert found.replacements == ("takes place",)
    assert found.category == CATEGORY == "discovered"
    assert found.rule.startswith("discovered/")
    assert found.severity == "warning" and 0.7 <= found.confidence <= 1


@pytest.mark.parametrize("spun, original", [
    ("muscle dystrophy", "muscular dystrophy"),
    ("infrared illumination", "infrared light"),
    ("nerve instincts", "nerve impulses"),
    ("eye motion", "eye movement"),
])
def test_seed_substitutions_found_at_info(seed_findings: list[Finding], spun: str,
                                          original: str) -> None:
    found = by_text(seed_findings)[spun]
    assert found.replacements[0].lower() == original
    assert found.severity == "info"


def test_seed_findings_are_marked_phrases(seed_findings: list[Finding]) -> None:
    from marks import load_marks, overlaps

    marks = load_marks(SEED, SAMPLES / "botox.marks.tsv")
    inside = [f for f in seed_findings
              if any(overlaps(f.start, f.end, m.start, m.end) for m in marks)]
    assert len(seed_findings) >= 8
    assert len(inside) >= 0.9 * len(seed_findings)


# --- stutters -------------------------------------------------------------------------


@pytest.mark.parametrize("text, stutter, word", [
    ("This is just just how it works.", "just just", "just"),
    ("Put it right right right here.", "right right right", "right"),
    ("The the cat sat.", "The the", "The"),
    ("It was\nwas late.", "was\nwas", "was"),
])
def test_stutter_found(text: str, stutter: str, word: str) -> None:
    found = [f for f in discover(parse(text, markdown=False)) if f.rule == "discovered/stutter"]
    assert [(f.text, f.replacements) for f in found] == [(stutter, (word,))]


@pytest.mark.parametrize("text", [
    "He said that that was fine.",
    "They had had enough.",
    "Add 10 10 times.",
    "We drove to Walla Walla.",
    "This is just. Just so.",
    "It is **just** just fine.",
])
def test_legitimate_repeats_are_not_shown(text: str) -> None:
    assert shown(discover(parse(text, markdown=True))) == []


# --- clean text ------------------------------------------------------------------------


@pytest.mark.parametrize("name, markdown", [("clean.md", True), ("yolo_readme.orig.txt", False)])
def test_clean_samples_have_no_finding_at_default_confidence(name: str, markdown: bool) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    assert shown(discover(parse(text, markdown))) == []


def test_clean_sentences_with_the_originals_are_not_flagged() -> None:
    text = ("The meeting takes place at noon. Eat whole grains and fresh fruit. "
            "A local anaesthetic numbs the skin. Stretch marks fade. Side effects are rare.")
    assert shown(discover(parse(text, markdown=False))) == []


# --- offsets, overlap, known findings ----------------------------------------------------


def test_offsets_slice_to_the_text(seed_findings: list[Finding]) -> None:
    doc = parse(SEED, markdown=False)
    assert seed_findings
    for finding in seed_findings:
        assert finding.text == SEED[finding.start : finding.end]
        assert (finding.line, finding.column) == doc.position(finding.start)
        assert 0 <= finding.confidence <= 1
        assert finding.severity in ("warning", "info")


def test_findings_never_overlap_each_other_or_known() -> None:
    doc = parse(SEED, markdown=False)
    known = scan(doc, load_matcher())
    found = discover(doc, known)
    spans = sorted([(f.start, f.end) for f in found])
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    for finding in found:
        assert not any(k.start < finding.end and finding.start < k.end for k in known)


def test_known_finding_wins_over_a_discovered_one() -> None:
    doc = parse("The event takes spot today.", markdown=False)
    known = scan(doc, load_matcher())
    assert [k.text for k in known] == ["takes spot"]
    assert discover(doc, known) == []


# --- Markdown protection ---------------------------------------------------------------


PROTECTED = """\
---
title: takes spot
---

The `takes spot` code, [a link](https://example.com/takes-spot-entire-grains) and
<!-- takes spot --> stay.

```
takes spot just just
```

    takes spot in indented code

<span title="takes spot">html</span>

<!-- rewrite: off -->
The event takes spot here.
<!-- rewrite: on -->

https://example.com/just/just/takes spot
"""


def test_protected_markdown_spans_never_yield_findings() -> None:
    doc = parse(PROTECTED, markdown=True)
    assert discover(doc) == []
    assert discover(parse(PROTECTED + "\nThe event takes spot now.\n", markdown=True))


# --- never auto-fixed ------------------------------------------------------------------


def test_fix_never_applies_discovered_findings() -> None:
    text = "The event takes spot today, just just as planned, with entire grains."
    doc = parse(text, markdown=False)
    found = discover(doc)
    assert {f.rule for f in found} >= {"discovered/stutter", "discovered/thesaurus-swap"}
    result = fix(doc, discover, lambda t: parse(t, markdown=False))
    assert result.text == text
    assert result.edits == ()
    assert {f.text for f in result.left} == {f.text for f in found}


# --- the data and its loading ------------------------------------------------------------


SMALL = """# test data
[collocations]
take place\t0.90
whole grains\t0.80
[origins]
spot\tplace:0.9
seat\tplace:0.9
entire\twhole:0.7|total:0.5
[attested]
take seat
[multiword]
muscular tissue\tmuscle\t0.50
"""


def test_small_data_drives_the_lookup() -> None:
    data = parse_data(SMALL)
    doc = parse("Take spot, take seat, entire grains and muscular tissue.", markdown=False)
    found = discover(doc, data=data)
    assert [(f.text, f.replacements, f.severity, f.confidence) for f in found] == [
        ("Take spot", ("Take place",), "warning", 0.81),
        ("entire grains", ("whole grains",), "info", 0.56),
        ("muscular tissue", ("muscle",), "info", 0.5)]
    assert discover(doc, data=Data({}, {}, frozenset(), {})) == []


def test_shipped_data_is_compact_and_loaded_once() -> None:
    path = ROOT / "rewrite" / "data" / DATA_FILE
    assert path.stat().st_size < 5_000_000
    assert load_data() is load_data()
    assert load_data().collocations["takes"]["place"] > 0.7


def test_import_does_not_load_the_data() -> None:
    code = "import rewrite.discover as d; print(d.load_data.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0"]


def test_no_proposed_original_is_obscene() -> None:
    """Web spam puts obscene 'collocations' in the web bigram counts ("young porn");
    the builder drops them, so rewrite never proposes one."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_discover_data import decent

    data = load_data()
    words = set(data.collocations) | {w for f in data.collocations.values() for w in f}
    words |= {original for original, _ in data.multiword.values()}
    assert {"porn", "xnxx", "zoophilia", "xxx"}.isdisjoint(words)
    assert all(decent(word) for word in words)
    text = ("A youthful porn site, juvenile sex, amateur nudes and adolescent pornography "
            "are spam words.")
    for found in discover(parse(text, markdown=False)):
        assert all(decent(w) for w in found.replacements[0].lower().split())


# --- which words form a phrase ------------------------------------------------------------


@pytest.mark.parametrize("text, found", [
    ("The event takes\nspot today.", True),  # a paragraph's lines join
    ("The event takes\n\nspot today.", False),  # a blank line parts them
    ("The event takes, spot today.", False),
    ("The event takes - spot today.", False),
    ("The event TAKES SPOT today.", True),
])
def test_pairs_are_words_of_one_phrase(text: str, found: bool) -> None:
    rules = [f.rule for f in discover(parse(text, markdown=False))]
    assert ("discovered/thesaurus-swap" in rules) is found


def test_discovery_finds_a_swap_in_every_part_of_a_long_document() -> None:
    """A long document with a swap planted in each part: every one is found (speed is
    measured by scripts/evaluate_discover.py and recorded in bench/README-discover.md,
    not asserted here: a timed test fails on a busy machine)."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    doc = parse("\n\n".join(p.read_text(encoding="utf-8") + f"\n\nPart {i} takes spot.\n"
                            for i, p in enumerate(pages)), markdown=True)
    data = parse_data(gzip.decompress((ROOT / "rewrite" / "data" / DATA_FILE).read_bytes())
                      .decode("utf-8"))
    found = {f.start: f for f in discover(doc, data=data)}
    for i in range(len(pages)):
        at = doc.text.index(f"Part {i} takes spot.") + len(f"Part {i} ")
        assert found[at].text == "takes spot"
        assert found[at].replacements == ("takes place",)


# --- runs of synonym-rare words -------------------------------------------------------------

RARE_RUN_TEXT = ("The grownups commence to utilize cognizant methods and endeavor to "
                 "facilitate the work.")


def test_dense_run_of_rare_synonyms_is_found_with_the_common_word() -> None:
    found = {f.text: f for f in discover(parse(RARE_RUN_TEXT, markdown=False))}
    for rare, common in (("grownups", "adults"), ("commence", "start"), ("utilize", "use"),
                         ("cognizant", "aware"), ("endeavor", "try")):
        assert found[rare].rule == "discovered/rare-synonym"
        assert found[rare].replacements == (common,)
    assert shown(list(found.values()))  # a run this dense is shown by default


def test_rare_synonym_keeps_the_text_case() -> None:
    text = "Grownups commence to utilize cognizant methods and endeavor to help."
    found = by_text(discover(parse(text, markdown=False)))
    assert found["grownups"].replacements == ("Adults",)


@pytest.mark.parametrize("text", [
    "The committee will commence its review of the new rules next week.",
    "Our team will utilize the shared drive for all of the files we keep.",
    "Grownups and children alike can join the walk on Saturday morning.",
])
def test_single_rare_word_in_clean_prose_is_not_flagged(text: str) -> None:
    found = discover(parse(text, markdown=False))
    assert not [f for f in found if f.rule == "discovered/rare-synonym"]


def test_rare_words_far_apart_are_not_a_run() -> None:
    filler = " and then we walked home by the river as we often do on days like this"
    text = "The grownups" + filler + ", they commence" + filler + ", we utilize" + filler + "."
    found = discover(parse(text, markdown=False))
    assert not [f for f in found if f.rule == "discovered/rare-synonym"]


def test_rare_run_skips_spans_the_glossary_knows() -> None:
    doc = parse(RARE_RUN_TEXT, markdown=False)
    at = RARE_RUN_TEXT.index("utilize")
    known = [Finding(rule="spun/x", category="spun", severity="warning", start=at,
                     end=at + len("utilize"), line=1, column=at + 1, text="utilize",
                     replacements=("use",), message="", confidence=1.0)]
    found = discover(doc, known)
    assert "utilize" not in by_text(found)
    assert "grownups" in by_text(found)


def test_rare_rows_are_well_formed() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_discover_data import STOP, decent

    rare = load_data().rare
    assert len(rare) > 5000
    assert rare["grownups"] == ("adults", rare["grownups"][1])
    for word, (synonym, gap) in rare.items():
        assert word.isalpha() and word.islower() and len(word) >= 4, word
        assert synonym.isalpha() and synonym.islower() and synonym != word, word
        assert 1.5 <= gap <= 8, word
        assert decent(word) and decent(synonym) and word not in STOP


def test_small_data_rare_section_parses() -> None:
    data = parse_data(SMALL + "[rare]\ngrownups\tadults\t2.0\n")
    assert data.rare == {"grownups": ("adults", 2.0)}
    assert parse_data(SMALL).rare == {}


def test_validation_split_is_held_out_of_the_glossary() -> None:
    """The tortured pairs that measure discovery (scripts/discover_validation_split.txt)
    are no glossary row, in any inflected form: otherwise a user would see them found by
    the glossary and the evaluation would not measure phrases no glossary lists."""
    split = ROOT / "scripts" / "discover_validation_split.txt"
    phrases = [line.split("\t")[0] for line in split.read_text(encoding="utf-8").splitlines()]
    matcher = load_matcher()
    whole = [p for p in phrases
             if any(f.start == 0 and f.end == len(p) for f in scan(parse(p, markdown=False), matcher))]
    assert len(phrases) == 300
    assert whole == []
