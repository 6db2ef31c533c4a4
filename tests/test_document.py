"""Markdown protection: the seed's phrases are found in prose and never in protected spans."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rewrite.document import parse
from rewrite.engine import load_matcher
from rewrite.scan import scan
from rewrite.settings import Settings

PROTECTED_MD = """\
---
title: the skin layer is actually fine here
---

Prose: the skin layer is actually thin.

```
code: the skin layer is actually here
```

    indented code: the skin layer

Inline `the skin layer` code and a [link](https://example.com/skin-layer-or-even) here.
Bare https://example.com/the/skin/layer/is/actually and <https://example.com/or-even>.
![the skin layer](img/skin-layer.png) and <span title="skin layer">html</span>.
<!-- the skin layer is actually in a comment -->

<!-- rewrite: off -->
Off region: the skin layer is actually ignored.
<!-- rewrite: on -->

Back on: youngsters took spot.
Ignored line: the skin layer <!-- rewrite: ignore -->
"""


@pytest.fixture(autouse=True, params=["fast", "python"])
def markdown_backend(request: pytest.FixtureRequest,
                     monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every test here runs with both Markdown backends (markdown-it-pyrs, markdown-it-py)."""
    from rewrite import markdown

    if request.param == "python":
        monkeypatch.setenv("REWRITE_MARKDOWN", "python")
    else:
        monkeypatch.delenv("REWRITE_MARKDOWN", raising=False)
        pytest.importorskip("markdown_it_pyrs")
    markdown._fast_backend.cache_clear()
    yield request.param
    markdown._fast_backend.cache_clear()


def findings(text: str, markdown: bool = True) -> list:
    return scan(parse(text, markdown), load_matcher(), Settings(severity="info"))


def test_markdown_protected_spans_are_never_flagged() -> None:
    found = findings(PROTECTED_MD)
    assert [(f.text, f.line) for f in found] == [
        ("skin layer", 5), ("is actually", 5), ("youngsters", 22), ("took spot", 22),
    ]


def test_offsets_slice_to_the_finding_text() -> None:
    for f in findings(PROTECTED_MD):
        assert PROTECTED_MD[f.start:f.end] == f.text


def test_link_text_is_prose_but_target_is_not() -> None:
    text = "See [the skin layer](https://x.org/skin-layer) now.\n"
    found = findings(text)
    assert [f.text for f in found] == ["skin layer"]
    assert text[found[0].start - 5 : found[0].start] == "[the "


def test_phrase_across_line_break_and_spaces_is_found() -> None:
    found = findings("It sits under the skin\n  layer and the skin   layer.\n")
    assert [f.text for f in found] == ["skin\n  layer", "skin   layer"]
    assert [(f.line, f.column) for f in found] == [(1, 19), (2, 17)]


def test_blank_line_breaks_a_phrase() -> None:
    assert findings("the skin\n\nlayer\n") == []


def test_emphasis_splits_prose_but_words_inside_are_found() -> None:
    found = findings("Under the **skin layer** today.\n")
    assert [f.text for f in found] == ["skin layer"]


def test_entities_and_escapes_keep_offsets_right() -> None:
    text = "Fish &amp; chips \\* the skin layer is actually here.\n"
    for f in findings(text):
        assert text[f.start:f.end] == f.text
    assert [f.text for f in findings(text)] == ["skin layer", "is actually"]


def test_table_cells_are_prose() -> None:
    text = "| a | b |\n|---|---|\n| skin layer | youngsters |\n"
    assert [f.text for f in findings(text)] == ["skin layer", "youngsters"]


def test_plain_text_ignore_and_off_regions() -> None:
    text = ("the skin layer\nthe skin layer rewrite: ignore\nrewrite: off\nthe skin layer\n"
            "rewrite: on\nthe skin layer https://x.org/skin layer\n")
    assert [f.line for f in findings(text, markdown=False)] == [1, 6]


def test_url_in_plain_text_is_protected() -> None:
    assert findings("see https://example.com/is/actually/or-even now", markdown=False) == []


@pytest.mark.parametrize("text", ["", "\n", "   \n\n", "---\n---\n"])
def test_empty_documents(text: str) -> None:
    assert findings(text) == []


def test_toml_front_matter_is_protected() -> None:
    text = "+++\ntitle = \"the skin layer\"\n+++\n\nThe skin layer.\n"
    assert [(f.line, f.text) for f in findings(text)] == [(5, "skin layer")]


def test_non_ascii_offsets() -> None:
    text = "Café 😀 — the *skin layer* and “youngsters”.\n\n| é | the skin layer |\n|---|---|\n"
    found = findings(text)
    assert [f.text for f in found] == ["skin layer", "youngsters", "skin layer"]
    assert all(text[f.start:f.end] == f.text for f in found)


def test_both_backends_find_the_same_spans_in_the_seed_markdown() -> None:
    from conftest import SAMPLES

    text = (SAMPLES / "clean.md").read_text()
    doc = parse(text, True)
    assert doc.prose and all(text[s.start:s.end].strip() for s in doc.prose)


def test_crlf_positions() -> None:
    text = "line one\r\nthe skin layer\r\n"
    (f,) = findings(text, markdown=False)
    assert (f.line, f.column, f.text) == (2, 5, "skin layer")
