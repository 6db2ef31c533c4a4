"""Tests of rewrite.grammar.

The real LanguageTool server (Java) cannot be installed where these tests run, so every
"server" here is tests/lt_double.py, a test double that speaks LanguageTool's HTTP API
with a few toy rules. The client is the real language_tool_python 3.4. Nothing here
downloads anything: non-loopback connections fail every test that tries one.
"""

from __future__ import annotations

import json
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from language_tool_python import download_lt

from rewrite.errors import GrammarUnavailable, RewriteError
from rewrite.grammar import (
    URL_ENV_VAR,
    GrammarChecker,
    GrammarMatch,
    _interpret_markup,
    _paragraphs,
    _Utf16Index,
    resolve_languagetool_url,
)

try:
    from tests.lt_double import LanguageToolDouble
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from lt_double import LanguageToolDouble  # type: ignore[no-redef]


# ------------------------------------------------------------------------ fixtures


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Fail any connection that is not to this machine; record the attempts."""
    refused: list[Any] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost"):
            refused.append(address)
            raise OSError(f"test blocks network access to {address!r}")
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return refused


@pytest.fixture(autouse=True)
def no_download(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """language_tool_python must never fetch LanguageTool during a test."""
    attempts: list[str] = []

    def refuse(self: Any, *args: Any, **kwargs: Any) -> Any:
        attempts.append(str(getattr(self, "download_url", self)))
        raise AssertionError("language_tool_python tried to download LanguageTool")

    # the only place language_tool_python 3.4 fetches the LanguageTool zip
    monkeypatch.setattr(download_lt.LocalLanguageTool, "_get_remote_zip", refuse)
    return attempts


@pytest.fixture
def lt_double() -> Iterator[LanguageToolDouble]:
    """The LanguageTool test double on 127.0.0.1, on a free port."""
    with LanguageToolDouble() as double:
        yield double


@pytest.fixture
def checker(lt_double: LanguageToolDouble) -> Iterator[GrammarChecker]:
    with GrammarChecker(lt_double.url, timeout=5) as c:
        yield c


# -------------------------------------------------------------------- test helpers


def spans_of(text: str, *prose: str) -> list[tuple[int, int]]:
    """Prose spans given as the literal pieces of prose, found in order in ``text``."""
    spans = []
    pos = 0
    for piece in prose:
        start = text.index(piece, pos)
        spans.append((start, start + len(piece)))
        pos = start + len(piece)
    return spans


def annotations(double: LanguageToolDouble) -> list[list[dict[str, str]]]:
    return [json.loads(r.form["data"])["annotation"] for r in double.check_requests]


MARKDOWN = """\
---
title: dued to a the the
---

# A additional heading

The meeting was cancelled dued to rain, see [the the docs](https://example.com/a-additional) today.

Run `dued to` and then read the the manual.

```python
x = "dued to"  # the the
```

It is a additional step.
"""

PROSE = spans_of(
    MARKDOWN,
    "A additional heading",
    "The meeting was cancelled dued to rain, see ",
    "the the docs",
    " today.",
    "Run ",
    " and then read the the manual.",
    "It is a additional step.",
)


# ------------------------------------------------------------------------- the API


def test_grammar_unavailable_is_a_rewrite_error() -> None:
    assert issubclass(GrammarUnavailable, RewriteError)


def test_grammar_match_is_frozen() -> None:
    m = GrammarMatch(0, 1, "R", "msg", ("x",), "ctx")
    with pytest.raises(AttributeError):
        m.start = 3  # type: ignore[misc]


def test_url_comes_from_command_line_then_environment_then_config() -> None:
    env = {URL_ENV_VAR: "http://env:8081"}
    assert resolve_languagetool_url("http://cli", "http://cfg", env) == "http://cli"
    assert resolve_languagetool_url(None, "http://cfg", env) == "http://env:8081"
    assert resolve_languagetool_url(None, "http://cfg", {}) == "http://cfg"
    assert resolve_languagetool_url("", " ", {URL_ENV_VAR: ""}) is None


# --------------------------------------------------------- annotated text on the wire


def test_real_client_sends_annotated_data_not_the_markdown(
    checker: GrammarChecker, lt_double: LanguageToolDouble
) -> None:
    checker.check(MARKDOWN, PROSE)

    requests = lt_double.check_requests
    assert requests, "no /v2/check request reached the double"
    for r in requests:
        assert r.method == "POST"
        assert "data" in r.form
        assert "text" not in r.form
        assert r.form["language"] == "en-US"
    # the real language_tool_python client asked for the language list when it started
    assert [r.path for r in lt_double.requests].count("/v2/languages") == 1

    sent = [item for annotation in annotations(lt_double) for item in annotation]
    original = "".join(item.get("text", item.get("markup", "")) for item in sent)
    # no paragraph that is all markup is sent: front matter and the fenced code stay home
    assert "title:" not in original
    assert "```" not in original
    # markup inside a prose paragraph is sent as markup, never as text
    markups = [item["markup"] for item in sent if "markup" in item]
    texts = [item["text"] for item in sent if "text" in item]
    assert "](https://example.com/a-additional)" in markups
    assert "`dued to`" in markups
    assert not any("https://" in t or "`" in t for t in texts)


def test_markup_reads_as_nothing_a_placeholder_or_a_line_break(
    checker: GrammarChecker, lt_double: LanguageToolDouble
) -> None:
    checker.check(MARKDOWN, PROSE)
    sent = {
        item["markup"]: item["interpretAs"]
        for annotation in annotations(lt_double)
        for item in annotation
        if "markup" in item
    }
    assert sent["# "] == ""
    assert sent["["] == ""
    assert sent["](https://example.com/a-additional)"] == ""
    assert sent["`dued to`"] == "Dummy"  # so "Run  and" is not a doubled space

    assert _interpret_markup("**", " ", "b") == ""
    assert _interpret_markup("<!-- rewrite: off -->", " ", " ") == ""
    assert _interpret_markup("https://x.org", " ", ".") == "Dummy"
    assert _interpret_markup("`a`", "d", " ") == ""
    assert _interpret_markup("\n```\ncode\n```", "", "") == "\n\n\n"
    assert _interpret_markup("`index`", " ", " ", after_an=True) == "Example"


def test_code_after_an_reads_as_a_vowel_word(
    checker: GrammarChecker, lt_double: LanguageToolDouble
) -> None:
    text = "Build an `index` and a `tree`."
    prose = spans_of(text, "Build an ", " and a ", ".")
    assert checker.check(text, prose) == []
    (annotation,) = annotations(lt_double)
    readings = [item["interpretAs"] for item in annotation if "markup" in item]
    assert readings == ["Example", "Dummy"]


# ------------------------------------------------------------------------ offsets


def test_offsets_land_on_the_flagged_words_in_markdown(checker: GrammarChecker) -> None:
    found = checker.check(MARKDOWN, PROSE)

    flagged = [(MARKDOWN[m.start : m.end], m.rule_id) for m in found]
    assert flagged == [
        ("A", "EN_A_VS_AN"),
        ("dued to", "DUED_TO"),
        ("the the", "ENGLISH_WORD_REPEAT_RULE"),
        ("the the", "ENGLISH_WORD_REPEAT_RULE"),
        ("a", "EN_A_VS_AN"),
    ]
    assert [m.start for m in found] == [
        MARKDOWN.index("A additional heading"),
        MARKDOWN.index("dued to rain"),
        MARKDOWN.index("the the docs"),
        MARKDOWN.index("the the manual"),
        MARKDOWN.index("a additional step"),
    ]
    # nothing from front matter, inline code, the link target or the fenced code
    code_and_meta = [
        (0, MARKDOWN.index("# A")),
        (MARKDOWN.index("`dued to`"), MARKDOWN.index("`dued to`") + 9),
        (MARKDOWN.index("```python"), MARKDOWN.index("It is")),
    ]
    for m in found:
        assert not any(a <= m.start < b for a, b in code_and_meta), m

    dued = found[1]
    assert dued.replacements == ("due to",)
    assert dued.message == "Did you mean “due to”?"
    assert "dued to rain" in dued.context
    assert found[2].replacements == ("the",)
    assert found[0].replacements == ("An",)


def test_emoji_before_the_error_utf16_offsets_are_converted(checker: GrammarChecker) -> None:
    text = "🎉 Party 👍🏽 time! 𝒳 It was dued to rain 🌧 and the the roof.\n"
    found = checker.check(text, [(0, len(text))])
    assert [text[m.start : m.end] for m in found] == ["dued to", "the the"]


def test_emoji_in_markup_before_the_error(checker: GrammarChecker) -> None:
    text = "See ![🎉🎉](x.png) here, a additional 🙂 step dued to 😀 rain."
    prose = spans_of(text, "See ", " here, a additional 🙂 step dued to 😀 rain.")
    found = checker.check(text, prose)
    assert [text[m.start : m.end] for m in found] == ["a", "dued to"]


def test_utf16_index_conversion() -> None:
    s = "a😀b"  # UTF-16: a, high, low, b
    index = _Utf16Index(s)
    assert index.units == 4
    assert [index.start(u) for u in range(5)] == [0, 1, 1, 2, 3]
    assert index.end(2) == 2  # an end between the two halves keeps the emoji whole
    assert index.end(3) == 2
    assert index.end(4) == 3


# -------------------------------------------------------------------------- errors


def test_http_500_is_grammar_unavailable(lt_double: LanguageToolDouble) -> None:
    lt_double.status = 500
    with GrammarChecker(lt_double.url, timeout=5) as c, pytest.raises(GrammarUnavailable) as e:
        c.check("It was dued to rain.", [(0, 20)])
    message = str(e.value)
    assert "\n" not in message
    assert lt_double.url in message
    # language_tool_python 3.4 hides the status code; LanguageTool's error body is shown
    assert "Internal Error: the test double was told to fail" in message


def test_http_error_with_json_body_is_grammar_unavailable(lt_double: LanguageToolDouble) -> None:
    lt_double.status = 503
    lt_double.error_json = json.dumps({"error": "overloaded"})
    with GrammarChecker(lt_double.url, timeout=5) as c, pytest.raises(GrammarUnavailable) as e:
        c.check("It was dued to rain.", [(0, 20)])
    assert "unexpected answer (no 'matches')" in str(e.value)
    assert "\n" not in str(e.value)


def test_slow_server_is_grammar_unavailable_within_the_timeout(
    lt_double: LanguageToolDouble,
) -> None:
    lt_double.delay = 30
    began = time.monotonic()
    with GrammarChecker(lt_double.url, timeout=0.3) as c, pytest.raises(GrammarUnavailable) as e:
        c.check("It was dued to rain.", [(0, 20)])
    elapsed = time.monotonic() - began
    # language_tool_python tries a check twice, so at most ~2 x timeout
    assert elapsed < 3, elapsed
    assert "timed out" in str(e.value).lower()
    assert "\n" not in str(e.value)


def test_server_that_is_not_there_is_grammar_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with (
        GrammarChecker(f"http://127.0.0.1:{port}", timeout=2) as c,
        pytest.raises(GrammarUnavailable) as e,
    ):
        c.start()
    assert f"127.0.0.1:{port}" in str(e.value)
    assert "\n" not in str(e.value)


def test_unknown_language_is_grammar_unavailable(lt_double: LanguageToolDouble) -> None:
    with GrammarChecker(lt_double.url, "xx-YY") as c, pytest.raises(GrammarUnavailable) as e:
        c.start()
    assert "xx-YY" in str(e.value)


def test_url_with_v2_suffix_is_accepted(lt_double: LanguageToolDouble) -> None:
    with GrammarChecker(lt_double.url + "v2/", timeout=5) as c:
        found = c.check("It was dued to rain.", [(0, 20)])
    assert [m.rule_id for m in found] == ["DUED_TO"]


def test_prose_spans_must_be_sorted_and_inside_the_text(checker: GrammarChecker) -> None:
    with pytest.raises(ValueError, match="sorted, non-overlapping"):
        checker.check("abc def", [(4, 7), (0, 3)])
    with pytest.raises(ValueError, match="inside the text"):
        checker.check("abc", [(0, 9)])


# ------------------------------------------------------------- local LanguageTool


def _local_env(monkeypatch: pytest.MonkeyPatch, ltp_path: Path) -> None:
    monkeypatch.setenv("LTP_PATH", str(ltp_path))
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    monkeypatch.delenv(URL_ENV_VAR, raising=False)


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """No connection at all, not even to this machine."""
    attempts: list[Any] = []

    def connect(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("test blocks all sockets")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    return attempts


def test_missing_local_install_is_grammar_unavailable_and_nothing_is_downloaded(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    no_sockets: list[Any],
    no_download: list[str],
) -> None:
    _local_env(monkeypatch, tmp_path)
    with GrammarChecker(None) as c, pytest.raises(GrammarUnavailable) as e:
        c.check("It was dued to rain.", [(0, 20)])
    message = str(e.value)
    assert "\n" not in message
    assert str(tmp_path) in message
    assert "LTP_PATH" in message
    assert "--languagetool-url" in message
    assert URL_ENV_VAR in message
    assert no_sockets == []
    assert no_download == []
    assert list(tmp_path.iterdir()) == []


def test_ltp_jar_dir_path_alone_is_not_enough_in_3_4(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_sockets: list[Any]
) -> None:
    ltp_path = tmp_path / "empty"
    ltp_path.mkdir()
    jar_dir = tmp_path / "LanguageTool-6.8"
    jar_dir.mkdir()
    (jar_dir / "languagetool-server.jar").write_bytes(b"")
    _local_env(monkeypatch, ltp_path)
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(jar_dir))
    with pytest.raises(GrammarUnavailable) as e:
        GrammarChecker(None).start()
    assert "LTP_JAR_DIR_PATH only skips the download" in str(e.value)
    assert no_sockets == []


def test_missing_java_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_sockets: list[Any]
) -> None:
    install = tmp_path / "LanguageTool-6.8"
    install.mkdir()
    (install / "languagetool-server.jar").write_bytes(b"")
    _local_env(monkeypatch, tmp_path)
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    with pytest.raises(GrammarUnavailable) as e:
        GrammarChecker(None).start()
    assert "no `java` on PATH" in str(e.value)
    assert "LanguageTool-<version>" not in str(e.value)  # the install itself was found


@pytest.mark.skipif(shutil.which("java") is None, reason="needs a java executable")
def test_broken_local_install_fails_fast_without_download(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_download: list[str]
) -> None:
    # Not LanguageTool: an empty file where the jar should be. Real Java starts and
    # exits at once ("could not find or load main class"), which language_tool_python
    # reports as ServerError; rewrite gives up after a few ports instead of ~900.
    install = tmp_path / "LanguageTool-6.8"
    install.mkdir()
    (install / "languagetool-server.jar").write_bytes(b"")
    _local_env(monkeypatch, tmp_path)
    began = time.monotonic()
    with pytest.raises(GrammarUnavailable) as e:
        GrammarChecker(None).start()
    assert time.monotonic() - began < 60
    assert "local LanguageTool 6.8 is not available" in str(e.value)
    assert "\n" not in str(e.value)
    assert no_download == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["LanguageTool-6.8"]


# ------------------------------------------------------------------ cache, batches


def test_second_check_of_the_same_paragraph_does_not_hit_the_server(
    checker: GrammarChecker, lt_double: LanguageToolDouble
) -> None:
    first = checker.check(MARKDOWN, PROSE)
    sent = len(lt_double.check_requests)
    assert checker.check(MARKDOWN, PROSE) == first
    assert len(lt_double.check_requests) == sent

    # the same paragraph elsewhere in another file: cached, offsets follow it
    paragraph = "It is a additional step."
    other = "Intro line.\n\n" + paragraph + "\n"
    found = checker.check(other, [(0, 11), (13, 13 + len(paragraph))])
    assert [m.rule_id for m in found] == ["EN_A_VS_AN"]
    assert found[0].start == other.index("a additional")
    requests = lt_double.check_requests
    assert len(requests) == sent + 1  # only "Intro line." was new
    assert "Intro line." in requests[-1].form["data"]
    assert paragraph not in requests[-1].form["data"]


def test_a_paragraph_repeated_in_one_file_is_sent_once(
    checker: GrammarChecker, lt_double: LanguageToolDouble
) -> None:
    paragraph = "It was dued to rain."
    text = "\n\n".join([paragraph] * 3)
    found = checker.check(text, [(i * 22, i * 22 + 20) for i in range(3)])
    assert [text[m.start : m.end] for m in found] == ["dued to"] * 3
    assert [m.start for m in found] == [7, 29, 51]
    (request,) = lt_double.check_requests
    assert request.form["data"].count("dued to") == 1


def test_one_client_per_run(checker: GrammarChecker, lt_double: LanguageToolDouble) -> None:
    checker.check("It was dued to rain.", [(0, 20)])
    checker.check("It is a additional step.", [(0, 24)])
    assert [r.path for r in lt_double.requests].count("/v2/languages") == 1
    assert len(lt_double.check_requests) == 2


def test_paragraphs_are_batched_within_the_request_limit(lt_double: LanguageToolDouble) -> None:
    paragraphs = [f"Paragraph {i} was late dued to rain and the the bus." for i in range(40)]
    text = "\n\n".join(paragraphs) + "\n"
    prose = spans_of(text, *paragraphs)
    with GrammarChecker(lt_double.url, max_request_chars=300) as c:
        found = c.check(text, prose)
    requests = lt_double.check_requests
    assert 1 < len(requests) < 40
    for r in requests:
        annotation = json.loads(r.form["data"])["annotation"]
        size = sum(len(item.get("text", item.get("markup", ""))) for item in annotation)
        assert size <= 300
    assert len(found) == 80
    assert {text[m.start : m.end] for m in found} == {"dued to", "the the"}


def test_an_over_long_paragraph_is_split(lt_double: LanguageToolDouble) -> None:
    sentence = "The bus was late dued to rain. "
    text = sentence * 30  # one paragraph of 930 characters
    with GrammarChecker(lt_double.url, max_request_chars=200) as c:
        found = c.check(text, [(0, len(text))])
    assert len(lt_double.check_requests) > 1
    assert [m.start for m in found] == [
        i * len(sentence) + sentence.index("dued") for i in range(30)
    ]


def test_paragraph_split_at_blank_lines() -> None:
    text = "a\nb\n\n  \n\nc\r\n\r\nd"
    assert [text[s:e] for s, e in _paragraphs(text)] == ["a\nb", "c", "d"]


def test_text_without_prose_sends_nothing(
    checker: GrammarChecker, lt_double: LanguageToolDouble
) -> None:
    assert checker.check("```\nthe the\n```\n", []) == []
    assert checker.check("   \n", [(0, 3)]) == []
    assert lt_double.check_requests == []


def test_close_is_idempotent(lt_double: LanguageToolDouble) -> None:
    c = GrammarChecker(lt_double.url)
    c.start()
    c.close()
    c.close()


# -------------------------------------------------------------------------- docs

DOC = Path(__file__).resolve().parent.parent / "docs" / "grammar.md"


def test_doc_shows_the_real_missing_install_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/me")
    monkeypatch.delenv("LTP_PATH", raising=False)
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    with pytest.raises(GrammarUnavailable) as e:
        GrammarChecker(None).start()
    assert str(e.value) in DOC.read_text(encoding="utf-8").splitlines()


def test_doc_names_the_settings_and_the_test_double() -> None:
    doc = " ".join(DOC.read_text(encoding="utf-8").split())
    for needle in (
        URL_ENV_VAR,
        "--languagetool-url",
        "LTP_PATH",
        "LTP_JAR_DIR_PATH",
        "only skips the download",
        "test double",
        "tests/lt_double.py",
    ):
        assert needle in doc, needle


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=12),
       st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), max_size=6))
def test_grammar_findings_skip_what_the_glossary_or_an_earlier_match_covers(
        matches: list[tuple[int, int]], known: list[tuple[int, int]]) -> None:
    """A grammar match overlapping a glossary finding, or a grammar match kept before it,
    is dropped; the others are kept, in the order LanguageTool gave them."""
    from rewrite.document import parse
    from rewrite.engine import grammar_findings
    from rewrite.scan import Finding

    doc = parse("x" * 40, markdown=False)
    glossary = [Finding("spun/x", "spun", "error", a, a + n, 1, a + 1, "", ("y",), "", 1.0)
                for a, n in known]
    given_matches = [GrammarMatch(a, a + n, f"R{i}", "m", (), "")
                     for i, (a, n) in enumerate(matches)]
    kept = [f.rule for f in grammar_findings(doc, given_matches, glossary)]
    expected: list[str] = []
    taken = [(f.start, f.end) for f in glossary]
    for m in given_matches:
        if m.end > m.start and not any(s < m.end and m.start < e for s, e in taken):
            expected.append(f"grammar/{m.rule_id}")
            taken.append((m.start, m.end))
    assert kept == expected
