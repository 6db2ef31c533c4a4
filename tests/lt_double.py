"""A TEST DOUBLE of LanguageTool's HTTP API. It is not LanguageTool.

The real LanguageTool server (Java) cannot be installed on the machines these tests run
on, so the tests talk to this small stdlib HTTP server instead. It speaks the wire format
documented at https://languagetool.org/http-api/ closely enough for a real client
(language_tool_python) to use it:

* ``GET /v2/languages`` -> ``[{"name", "code", "longCode"}, ...]``
* ``POST /v2/check`` (or GET) with the form fields ``language`` and either ``text`` or
  ``data`` (annotated text: ``{"annotation": [{"text": ...}, {"markup": ...,
  "interpretAs": ...}]}``) -> ``{"software", "warnings", "language", "matches"}`` where each
  match has ``message``, ``shortMessage``, ``replacements`` [{``value``}], ``offset``,
  ``length``, ``context`` {``text``, ``offset``, ``length``}, ``sentence``, ``type``,
  ``rule`` {``id``, ``description``, ``issueType``, ``category`` {``id``, ``name``}}.

Like the real server it checks the plain text (text pieces plus the ``interpretAs`` of
markup), reports offsets into the text *with* markup, counts them in UTF-16 code units
(Java ``String`` indices) and builds ``context`` from the text with markup, newlines
turned into spaces, 40 characters either side, "..." where cut.

Its "grammar" is three deterministic toy rules, nothing more:

* ``DUED_TO``: "dued to" -> "due to"
* ``ENGLISH_WORD_REPEAT_RULE``: a word written twice ("the the") -> the word once
* ``EN_A_VS_AN``: "a" before a word starting with a, e, i or o ("a additional") -> "an"

Failure modes for tests: ``status`` (answer every check with that HTTP status and a
plain-text body, or ``error_json`` as a JSON body) and ``delay`` (seconds to wait before
answering a check). Every request is recorded in ``requests``.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

CONTEXT_SIZE = 40

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]

SOFTWARE = {
    "name": "LanguageTool test double (tests/lt_double.py)",
    "version": "0.0-test-double",
    "buildDate": "n/a",
    "apiVersion": 1,
    "premium": False,
    "status": "",
}


@dataclass(frozen=True)
class ToyRule:
    id: str
    pattern: re.Pattern[str]
    message: str
    description: str
    issue_type: str
    category: tuple[str, str]

    def replacement(self, m: re.Match[str]) -> str:
        if self.id == "DUED_TO":
            return "due to"
        if self.id == "ENGLISH_WORD_REPEAT_RULE":
            return m.group(1)
        return "an" if m.group(1) == "a" else "An"


RULES = (
    ToyRule(
        "DUED_TO",
        re.compile(r"\bdued to\b", re.IGNORECASE),
        "Did you mean “due to”?",
        "Toy rule of the test double: 'dued to'",
        "grammar",
        ("GRAMMAR", "Grammar"),
    ),
    ToyRule(
        "ENGLISH_WORD_REPEAT_RULE",
        re.compile(r"\b(\w+)\s+(\1)\b", re.IGNORECASE),
        "Possible typo: you repeated a word.",
        "Toy rule of the test double: word repetition",
        "duplication",
        ("MISC", "Miscellaneous"),
    ),
    ToyRule(
        "EN_A_VS_AN",
        re.compile(r"\b([Aa])(?=\s+[aeioAEIO]\w)"),
        "Use “an” instead of “a” if the following word starts with a vowel sound.",
        "Toy rule of the test double: a vs. an",
        "misspelling",
        ("MISC", "Miscellaneous"),
    ),
)


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str
    form: dict[str, str]


def _utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


class _Annotated:
    """Text with markup, its plain reading, and the map between the two (code points)."""

    def __init__(self, annotation: list[dict[str, str]]) -> None:
        original: list[str] = []
        plain: list[str] = []
        # for each plain character: (start, end) of what it stands for in the original
        self.origin: list[tuple[int, int]] = []
        pos = 0
        for item in annotation:
            if "text" in item:
                piece = item["text"]
                original.append(piece)
                plain.append(piece)
                self.origin.extend((pos + i, pos + i + 1) for i in range(len(piece)))
                pos += len(piece)
            elif "markup" in item:
                piece = item["markup"]
                reading = item.get("interpretAs", "")
                original.append(piece)
                plain.append(reading)
                self.origin.extend((pos, pos + len(piece)) for _ in reading)
                pos += len(piece)
            else:
                raise ValueError("annotation item needs 'text' or 'markup'")
        self.original = "".join(original)
        self.plain = "".join(plain)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start][0], self.origin[end - 1][1]


def _context(original: str, start: int, end: int) -> dict[str, Any]:
    lo = max(0, start - CONTEXT_SIZE)
    hi = min(len(original), end + CONTEXT_SIZE)
    prefix = "..." if lo > 0 else ""
    suffix = "..." if hi < len(original) else ""
    text = (prefix + original[lo:hi] + suffix).replace("\n", " ")
    return {
        "text": text,
        "offset": _utf16(prefix + original[lo:start]),
        "length": _utf16(original[start:end]),
    }


def _sentence(plain: str, position: int) -> str:
    start = 0
    for m in re.finditer(r"[.!?](\s+|$)|\n\s*\n", plain):
        if m.end() > position:
            return plain[start : m.end()].strip()
        start = m.end()
    return plain[start:].strip()


def check(annotation: list[dict[str, str]], language: str) -> dict[str, Any]:
    """The JSON answer of the double's /v2/check for this annotated text."""
    doc = _Annotated(annotation)
    matches = []
    found = []
    for rule in RULES:
        for m in rule.pattern.finditer(doc.plain):
            found.append((m.start(), m.end(), rule, m))
    found.sort(key=lambda f: (f[0], f[1]))
    for p_start, p_end, rule, m in found:
        start, end = doc.to_original(p_start, p_end)
        matches.append(
            {
                "message": rule.message,
                "shortMessage": "",
                "replacements": [{"value": rule.replacement(m)}],
                "offset": _utf16(doc.original[:start]),
                "length": _utf16(doc.original[start:end]),
                "context": _context(doc.original, start, end),
                "sentence": _sentence(doc.plain, p_start),
                "type": {"typeName": "Other"},
                "rule": {
                    "id": rule.id,
                    "description": rule.description,
                    "issueType": rule.issue_type,
                    "category": {"id": rule.category[0], "name": rule.category[1]},
                },
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
            }
        )
    name = next(lang["name"] for lang in LANGUAGES if lang["longCode"] == language)
    return {
        "software": SOFTWARE,
        "warnings": {"incompleteResults": False},
        "language": {
            "name": name,
            "code": language,
            "detectedLanguage": {"name": name, "code": language, "confidence": 0.99},
        },
        "matches": matches,
    }


class _HTTPError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        query = urllib.parse.urlsplit(self.path).query
        self._dispatch("GET", _form(query))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        self._dispatch("POST", _form(body))

    def _dispatch(self, method: str, form: dict[str, str]) -> None:
        double = self.server.double
        path = urllib.parse.urlsplit(self.path).path
        with double.lock:
            double.requests.append(ReceivedRequest(method, path, form))
        try:
            if path == "/v2/languages":
                self._send(200, "application/json", json.dumps(LANGUAGES))
            elif path == "/v2/check":
                if double.delay and double.stopping.wait(double.delay):
                    return
                if double.status != 200:
                    if double.error_json is not None:
                        self._send(double.status, "application/json", double.error_json)
                    else:
                        # LanguageTool answers failures with a plain-text body like this
                        self._send(
                            double.status,
                            "text/plain",
                            "Error: Internal Error: the test double was told to fail",
                        )
                    return
                answer = check(_annotation(form), _language(form))
                self._send(200, "application/json", json.dumps(answer, ensure_ascii=False))
            elif path == "/v2/healthcheck":
                self._send(200, "text/plain", "OK")
            else:
                self._send(404, "text/plain", f"Error: unknown path {path}")
        except _HTTPError as e:
            self._send(e.status, "text/plain", f"Error: {e}")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)

    def _send(self, status: int, content_type: str, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _form(encoded: str) -> dict[str, str]:
    return {k: v[-1] for k, v in urllib.parse.parse_qs(encoded, keep_blank_values=True).items()}


def _language(form: dict[str, str]) -> str:
    language = form.get("language")
    if not language:
        raise _HTTPError(400, "Missing 'language' parameter")
    if language not in {lang["longCode"] for lang in LANGUAGES}:
        raise _HTTPError(400, f"'{language}' is not a language code known to LanguageTool")
    return language


def _annotation(form: dict[str, str]) -> list[dict[str, str]]:
    if "text" in form and "data" in form:
        raise _HTTPError(400, "Set only 'text' or 'data', not both")
    if "text" in form:
        return [{"text": form["text"]}]
    if "data" not in form:
        raise _HTTPError(400, "Missing 'text' or 'data' parameter")
    try:
        data = json.loads(form["data"])
        annotation = data["annotation"]
        if not isinstance(annotation, list) or not all(
            isinstance(item, dict) and ("text" in item or "markup" in item) for item in annotation
        ):
            raise ValueError("each annotation item needs 'text' or 'markup'")
    except (ValueError, KeyError, TypeError) as e:
        raise _HTTPError(400, f"Could not parse JSON from 'data' parameter: {e}") from e
    return annotation


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    double: LanguageToolDouble

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up mid-answer is expected in timeout tests


@dataclass
class LanguageToolDouble:
    """Test double of a LanguageTool server on 127.0.0.1 (a free port chosen by the OS).

    Use as a context manager; ``url`` is the base URL to give to a client.
    """

    status: int = 200
    error_json: str | None = None
    delay: float = 0.0
    requests: list[ReceivedRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)
    _server: _Server | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "the test double is not running"
        return f"http://127.0.0.1:{self._server.server_port}/"

    @property
    def check_requests(self) -> list[ReceivedRequest]:
        with self.lock:
            return [r for r in self.requests if r.path == "/v2/check"]

    def start(self) -> Self:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.double = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="lt-double", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
