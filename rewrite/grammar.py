"""Grammar checking of the prose parts of a document through LanguageTool.

LanguageTool is reached through language_tool_python 3.4 (pinned in pyproject):

* with a server URL (``--languagetool-url``, the config file or the environment
  variable ``REWRITE_LANGUAGETOOL_URL``) the library talks to that server;
* without one, the library starts a local LanguageTool server (Java) found the way
  language_tool_python 3.4 finds it: ``java`` on ``PATH`` and
  ``$LTP_PATH/LanguageTool-<version>/languagetool-server.jar`` (``LTP_PATH`` defaults to
  ``~/.cache/language_tool_python``). rewrite never lets the library download
  LanguageTool: when no installation is there, :class:`GrammarUnavailable` says what is
  missing.

Only prose is sent, as LanguageTool "annotated text" (the ``data`` form field), so every
offset the server reports points into the original file text. The module prints nothing.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import shutil
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from language_tool_python import LanguageTool
from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, LocalLanguageTool
from language_tool_python.exceptions import LanguageToolError, ServerError
from language_tool_python.utils import LTP_JAR_DIR_PATH_ENV_VAR, LTP_PATH_ENV_VAR

from rewrite.errors import GrammarUnavailable

__all__ = [
    "DEFAULT_LANGUAGE",
    "DEFAULT_TIMEOUT",
    "MAX_REQUEST_CHARS",
    "URL_ENV_VAR",
    "GrammarChecker",
    "GrammarMatch",
    "resolve_languagetool_url",
]

URL_ENV_VAR = "REWRITE_LANGUAGETOOL_URL"
DEFAULT_LANGUAGE = "en-US"
DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for one LanguageTool answer (language_tool_python's own default is 300)."""

MAX_REQUEST_CHARS = 20_000
"""Largest request, in UTF-16 code units of text, markup and interpretAs together.

20,000 characters is the limit of LanguageTool's free public API; a self-hosted server
accepts more (its ``maxTextLength`` setting), so this is the safe common bound.
"""

_PLACEHOLDER = "Dummy"
_PLACEHOLDER_AFTER_AN = "Example"  # keeps "an `index`" from reading as "an Dummy"
_FORMATTING_CHARS = frozenset("*_~#>-+|=")
_LOCAL_START_ATTEMPTS = 3
_PARAGRAPH_SEPARATOR = "\n\n"
_CONTEXT_SIZE = 40


@dataclass(frozen=True)
class GrammarMatch:
    """One LanguageTool finding.

    ``start``/``end`` are 0-based offsets in code points (Python ``str`` indices) into
    the original file text, so ``text[start:end]`` is the flagged passage.
    """

    start: int
    end: int
    rule_id: str
    message: str
    replacements: tuple[str, ...]
    context: str


def resolve_languagetool_url(
    cli_value: str | None,
    config_value: str | None,
    environ: Mapping[str, str],
) -> str | None:
    """The LanguageTool server URL to use: command line, then environment, then config.

    An empty value counts as unset. ``None`` means "use a local LanguageTool".
    """
    for value in (cli_value, environ.get(URL_ENV_VAR), config_value):
        if value is not None and value.strip():
            return value.strip()
    return None


# --------------------------------------------------------------------------- offsets


def _utf16_len(s: str) -> int:
    return len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)


class _Utf16Index:
    """Converts UTF-16 code-unit offsets (what LanguageTool, a Java program, reports)
    into code-point offsets (Python ``str`` indices) of one string."""

    def __init__(self, s: str) -> None:
        # floor[u] = index of the code point that UTF-16 unit u belongs to
        floor: list[int] = []
        inside_pair: set[int] = set()
        for i, ch in enumerate(s):
            floor.append(i)
            if ord(ch) > 0xFFFF:
                inside_pair.add(len(floor))
                floor.append(i)
        floor.append(len(s))
        self._floor = floor
        self._inside_pair = inside_pair
        self.units = len(floor) - 1

    def start(self, unit: int) -> int:
        return self._floor[unit]

    def end(self, unit: int) -> int:
        # An end that falls between the two halves of a surrogate pair keeps the whole
        # character inside the span.
        return self._floor[unit] + 1 if unit in self._inside_pair else self._floor[unit]


# ------------------------------------------------------------------ annotated text


@dataclass(frozen=True)
class _Piece:
    kind: Literal["text", "markup"]
    raw: str
    interpret_as: str = ""

    def as_json(self) -> dict[str, str]:
        if self.kind == "text":
            return {"text": self.raw}
        return {"markup": self.raw, "interpretAs": self.interpret_as}


@dataclass(frozen=True)
class _Unit:
    """A paragraph (or a slice of an over-long one): the unit of requests and caching."""

    start: int
    raw: str
    pieces: tuple[_Piece, ...]
    key: str
    cost: int


@dataclass(frozen=True)
class _RelMatch:
    start: int  # code points, relative to the unit start
    end: int
    rule_id: str
    message: str
    replacements: tuple[str, ...]


def _interpret_markup(markup: str, before: str, after: str, *, after_an: bool = False) -> str:
    """What LanguageTool should read in place of a markup piece.

    Line breaks stay line breaks (so blocks stay apart); markup that stands where a word
    would (inline code, a bare URL, an image) between non-word characters reads as a
    placeholder word, so "run `make` now" is not reported as a doubled space (after "an"
    the placeholder starts with a vowel: the article fits code we cannot judge); formatting
    (``**``, ``#``, ``>``, list bullets, link brackets, HTML tags and comments) reads as
    nothing.
    """
    newlines = markup.count("\n")
    if newlines:
        return "\n" * newlines
    core = markup.strip()
    if not core or all(ch in _FORMATTING_CHARS for ch in core):
        return ""
    if re.fullmatch(r"<[^<>]*>", core) or core.startswith("<!--"):
        return ""
    if (before and before.isalnum()) or (after and after.isalnum()):
        return ""
    return _PLACEHOLDER_AFTER_AN if after_an else _PLACEHOLDER


def _pieces(text: str, prose: Sequence[tuple[int, int]], start: int, end: int) -> list[_Piece]:
    """Annotated-text pieces covering ``text[start:end]`` exactly."""
    spans: list[tuple[int, int]] = []
    first = bisect.bisect_right(prose, (start, len(text) + 1)) - 1
    for span_start, span_end in prose[max(first, 0) :]:
        if span_start >= end:
            break
        s, e = max(span_start, start), min(span_end, end)
        if s < e:
            spans.append((s, e))
    pieces: list[_Piece] = []
    pos = start

    def markup(a: int, b: int) -> None:
        before = text[a - 1] if a > start else ""
        after = text[b] if b < end else ""
        after_an = re.search(r"\ban\s+$", text[max(start, a - 8) : a], re.IGNORECASE) is not None
        reading = _interpret_markup(text[a:b], before, after, after_an=after_an)
        pieces.append(_Piece("markup", text[a:b], reading))

    for s, e in spans:
        if pos < s:
            markup(pos, s)
        pieces.append(_Piece("text", text[s:e]))
        pos = e
    if pos < end:
        markup(pos, end)
    return pieces


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of non-blank lines, without its final line break."""
    result: list[tuple[int, int]] = []
    para_start: int | None = None
    para_end = 0
    for m in re.finditer(r"[^\n]*\n|[^\n]+", text):
        line = m.group()
        if line.strip():
            if para_start is None:
                para_start = m.start()
            body = line.removesuffix("\n").removesuffix("\r")
            para_end = m.start() + len(body)
        elif para_start is not None:
            result.append((para_start, para_end))
            para_start = None
    if para_start is not None:
        result.append((para_start, para_end))
    return result


def _split_point(text: str, start: int, end: int) -> int:
    """Where to cut an over-long range: the line break, else the space, nearest its middle."""
    middle = (start + end) // 2
    for pattern in (r"\n", r"\s"):
        cuts = [m.end() for m in re.finditer(pattern, text[start:end])]
        cuts = [start + c for c in cuts if start < start + c < end]
        if cuts:
            return min(cuts, key=lambda c: abs(c - middle))
    return middle


# --------------------------------------------------------------- language_tool_python


class _LanguageTool(LanguageTool):
    """language_tool_python's client with three run-time settings it hard-codes.

    * ``_TIMEOUT`` (a class constant of 300 s read by ``_query_server``) becomes per
      instance, so a server that does not answer fails within ``timeout``;
    * starting a local server tries a few ports instead of ~900 (3.4 retries every port
      in 8081-8998 when Java exits early) and keeps ``_url`` in step with the port;
    * before every local start the installation is verified again, so the library's
      ``download()`` only ever finds LanguageTool present and never downloads.
    """

    def __init__(self, *, timeout: float, **kwargs: Any) -> None:
        self._TIMEOUT = timeout  # type: ignore[assignment]  # Literal[300] in 3.4
        super().__init__(**kwargs)

    def _start_server_on_free_port(self) -> None:
        for attempt in range(_LOCAL_START_ATTEMPTS):
            try:
                self._start_local_server()
                return
            except ServerError:
                self._terminate_server()
                if attempt + 1 == _LOCAL_START_ATTEMPTS or not self._available_ports:
                    raise
                self._port = self._available_ports.pop()
                self._url = f"http://{self._host}:{self._port}/v2/"

    def _start_local_server(self) -> None:
        _find_local_languagetool()
        super()._start_local_server()


def _download_folder() -> Path:
    # As language_tool_python.utils.get_language_tool_download_path, without its mkdir.
    return Path(
        os.environ.get(LTP_PATH_ENV_VAR, str(Path.home() / ".cache" / "language_tool_python"))
    )


def _find_local_languagetool() -> str:
    """Version name of the usable local LanguageTool, or GrammarUnavailable.

    Mirrors language_tool_python 3.4: it starts ``java -cp
    $LTP_PATH/LanguageTool-<version>/languagetool-server.jar``. ``LTP_JAR_DIR_PATH``
    only makes the library skip its download; it does not change where the jar is read.
    """
    problems: list[str] = []
    if shutil.which("java") is None:
        problems.append("no `java` on PATH")
    folder = _download_folder()
    chosen: LocalLanguageTool | None = None
    if folder.is_dir():
        usable = []
        for lt in LocalLanguageTool.get_installed_versions():
            try:
                lt.get_jar_path()
            except FileNotFoundError:
                continue
            usable.append(lt)
        preferred = [lt for lt in usable if lt.version_name == LTP_DOWNLOAD_VERSION]
        chosen = preferred[0] if preferred else max(usable, default=None)
    if chosen is None:
        problem = (
            f"no LanguageTool-<version>/languagetool-server.jar in {folder} (${LTP_PATH_ENV_VAR})"
        )
        if os.environ.get(LTP_JAR_DIR_PATH_ENV_VAR):
            problem += (
                f" (${LTP_JAR_DIR_PATH_ENV_VAR} only skips the download in "
                f"language_tool_python 3.4; the jar is still read from ${LTP_PATH_ENV_VAR})"
            )
        problems.append(problem)
    if problems:
        raise GrammarUnavailable(
            "LanguageTool is not available: "
            + "; ".join(problems)
            + f". Install Java 17+ and unzip LanguageTool {LTP_DOWNLOAD_VERSION} into "
            f"${LTP_PATH_ENV_VAR} (default ~/.cache/language_tool_python), or pass "
            f"--languagetool-url / set {URL_ENV_VAR} to a running LanguageTool server; "
            "rewrite never downloads LanguageTool."
        )
    assert chosen is not None
    return chosen.version_name


def _server_base(url: str) -> str:
    """The base URL language_tool_python expects (it appends ``v2/`` itself)."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    url = re.sub(r"/v2(/check)?/?$", "", url.rstrip("/"))
    return url + "/"


def _context(paragraph: str, start: int, end: int) -> str:
    """LanguageTool-style context: 40 characters either side, line breaks as spaces.

    Built from the file's own paragraph rather than taken from the server, whose context
    may show neighbouring paragraphs of the batch the result was cached from.
    """
    lo, hi = max(0, start - _CONTEXT_SIZE), min(len(paragraph), end + _CONTEXT_SIZE)
    snippet = ("..." if lo else "") + paragraph[lo:hi] + ("..." if hi < len(paragraph) else "")
    return re.sub(r"\r?\n", " ", snippet)


def _one_line(detail: object, limit: int = 300) -> str:
    line = " ".join(str(detail).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ---------------------------------------------------------------------------- checker


class GrammarChecker:
    """One LanguageTool client (and, without a URL, one local server) for a whole run.

    Use as a context manager, or call :meth:`close`. The client starts on the first
    :meth:`check` (or an explicit :meth:`start`) and is reused afterwards; results are
    cached in memory per paragraph, so checking the same paragraph again costs nothing.
    """

    def __init__(
        self,
        url: str | None = None,
        language: str = DEFAULT_LANGUAGE,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_request_chars: int = MAX_REQUEST_CHARS,
    ) -> None:
        if max_request_chars < 100:
            raise ValueError("max_request_chars must be at least 100")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.url = url
        self.language = language
        self.timeout = timeout
        self.max_request_chars = max_request_chars
        self._tool: _LanguageTool | None = None
        self._cache: dict[str, tuple[_RelMatch, ...]] = {}

    # -- lifecycle

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        """Connect to the server (or start the local one); idempotent."""
        if self._tool is not None:
            return
        if self.url:
            where = f"LanguageTool at {self.url}"
            kwargs: dict[str, Any] = {"remote_server": _server_base(self.url)}
        else:
            version = _find_local_languagetool()
            where = f"local LanguageTool {version}"
            kwargs = {"language_tool_download_version": version}
        try:
            self._tool = _LanguageTool(timeout=self.timeout, language=self.language, **kwargs)
        except GrammarUnavailable:
            raise
        except ValueError as e:  # LanguageTag: the server does not know the language
            raise GrammarUnavailable(f"{where}: {_one_line(e)}") from e
        except (Exception, SystemExit) as e:
            # language_tool_python reports trouble with assorted types: LanguageToolError
            # (no answer, HTTP error body), ServerError (Java exited), FileNotFoundError,
            # ModuleNotFoundError/SystemError (no or old Java), SystemExit (unparsable
            # `java -version`). All mean the same thing here.
            raise GrammarUnavailable(f"{where} is not available: {_one_line(e)}") from e

    def close(self) -> None:
        """Stop the local server, if one was started. Safe to call twice."""
        tool, self._tool = self._tool, None
        if tool is not None:
            tool.close()

    # -- checking

    def check(self, text: str, prose: Sequence[tuple[int, int]]) -> list[GrammarMatch]:
        """LanguageTool findings in the prose of ``text``, sorted by position.

        ``prose`` holds sorted, non-overlapping (start, end) code-point spans of ``text``
        that are prose; the rest is markup and is sent as such (never checked, but kept
        so offsets map back). Paragraphs (runs of non-blank lines) without prose are not
        sent at all.
        """
        spans = _validated(prose, len(text))
        units = self._units(text, spans)
        pending: dict[str, _Unit] = {}
        for unit in units:
            if unit.key not in self._cache:
                pending.setdefault(unit.key, unit)
        for batch in self._batches(pending.values()):
            self._check_batch(batch)
        found: list[GrammarMatch] = []
        for unit in units:
            for m in self._cache[unit.key]:
                found.append(
                    GrammarMatch(
                        start=unit.start + m.start,
                        end=unit.start + m.end,
                        rule_id=m.rule_id,
                        message=m.message,
                        replacements=m.replacements,
                        context=_context(unit.raw, m.start, m.end),
                    )
                )
        found.sort(key=lambda g: (g.start, g.end, g.rule_id))
        return found

    def _units(self, text: str, prose: list[tuple[int, int]]) -> list[_Unit]:
        units: list[_Unit] = []
        todo = _paragraphs(text)
        todo.reverse()
        while todo:
            start, end = todo.pop()
            pieces = _pieces(text, prose, start, end)
            if not any(p.kind == "text" and p.raw.strip() for p in pieces):
                continue
            raw = text[start:end]
            cost = _utf16_len(raw) + sum(_utf16_len(p.interpret_as) for p in pieces)
            if cost > self.max_request_chars and end - start > 1:
                cut = _split_point(text, start, end)
                todo.append((cut, end))
                todo.append((start, cut))
                continue
            key = hashlib.sha256(
                json.dumps(
                    [self.language, [p.as_json() for p in pieces]], ensure_ascii=False
                ).encode("utf-8")
            ).hexdigest()
            units.append(_Unit(start, raw, tuple(pieces), key, cost))
        return units

    def _batches(self, units: Iterable[_Unit]) -> list[list[_Unit]]:
        batches: list[list[_Unit]] = []
        size = 0
        for unit in units:
            extra = unit.cost + (len(_PARAGRAPH_SEPARATOR) if batches and batches[-1] else 0)
            if batches and size + extra <= self.max_request_chars:
                batches[-1].append(unit)
                size += extra
            else:
                batches.append([unit])
                size = unit.cost
        return batches

    def _check_batch(self, batch: list[_Unit]) -> None:
        annotation: list[dict[str, str]] = []
        bounds: list[tuple[int, int]] = []  # code points of each unit in the request text
        document = ""
        for i, unit in enumerate(batch):
            if i:
                annotation.append({"text": _PARAGRAPH_SEPARATOR})
                document += _PARAGRAPH_SEPARATOR
            annotation.extend(p.as_json() for p in unit.pieces)
            bounds.append((len(document), len(document) + len(unit.raw)))
            document += unit.raw
        response = self._post(annotation)
        index = _Utf16Index(document)
        starts = [b[0] for b in bounds]
        per_unit: list[list[_RelMatch]] = [[] for _ in batch]
        for raw_match in self._matches(response):
            offset, length, rule_id, message, replacements = raw_match
            if offset < 0 or length < 0 or offset + length > index.units:
                raise GrammarUnavailable(
                    f"LanguageTool at {self._where()} sent an offset outside the text "
                    f"({offset}+{length} > {index.units})"
                )
            s, e = index.start(offset), index.end(offset + length)
            i = bisect.bisect_right(starts, s) - 1
            u_start, u_end = bounds[i]
            if not (s < u_end or s == e == u_end):
                continue  # lies in the separator between two paragraphs
            per_unit[i].append(
                _RelMatch(s - u_start, min(e, u_end) - u_start, rule_id, message, replacements)
            )
        for unit, rel in zip(batch, per_unit, strict=True):
            self._cache[unit.key] = tuple(rel)

    def _post(self, annotation: list[dict[str, str]]) -> Any:
        self.start()
        tool = self._tool
        assert tool is not None
        # language_tool_python 3.4's LanguageTool.check() only sends plain `text`. To send
        # annotated text we take the very form fields check() would send (_create_params:
        # language, rule and category settings), swap `text` for `data`, and post them to
        # the same /v2/check URL through the same _query_server() call check() uses, so
        # the library's timeout, retries, proxies and local-server restarts all apply.
        params = tool._create_params("")  # private: see above
        del params["text"]
        params["data"] = json.dumps({"annotation": annotation}, ensure_ascii=False)
        url = urllib.parse.urljoin(tool.url, "check")
        try:
            return tool._query_server(url, params, method="post")
        except LanguageToolError as e:
            # _query_server raises LanguageToolError for no answer / timeout ("<url>: <why>")
            # and for a non-JSON body, which is how LanguageTool reports HTTP errors.
            raise GrammarUnavailable(
                f"LanguageTool at {self._where()} failed: {_one_line(e)}"
            ) from e

    def _where(self) -> str:
        return self.url or (self._tool.url if self._tool else "localhost")

    def _matches(self, response: Any) -> list[tuple[int, int, str, str, tuple[str, ...]]]:
        try:
            matches = response["matches"]
            if not isinstance(matches, list):
                raise TypeError("matches is not a list")
            result = []
            for m in matches:
                offset, length = m["offset"], m["length"]
                if not isinstance(offset, int) or not isinstance(length, int):
                    raise TypeError("offset/length are not integers")
                result.append(
                    (
                        offset,
                        length,
                        str(m["rule"]["id"]),
                        str(m["message"]),
                        tuple(str(r["value"]) for r in m.get("replacements", [])),
                    )
                )
            return result
        except (KeyError, TypeError, AttributeError) as e:
            why = f"no {e}" if isinstance(e, KeyError) else _one_line(e)
            raise GrammarUnavailable(
                f"LanguageTool at {self._where()} sent an unexpected answer ({why}): "
                f"{_one_line(json.dumps(response), 120)}"
            ) from e


def _validated(prose: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    spans = [(int(s), int(e)) for s, e in prose]
    previous_end = 0
    for s, e in spans:
        if not (previous_end <= s <= e <= length):
            raise ValueError(
                f"prose spans must be sorted, non-overlapping and inside the text: {(s, e)}"
            )
        previous_end = e
    return spans
