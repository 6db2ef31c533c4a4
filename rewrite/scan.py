"""Stage 2: Document + compiled glossary -> Findings.

Glossary phrases and their inflected variants are compiled into one dict keyed by
normalized word sequences (typos' approach); scanning looks up word n-grams,
leftmost-longest, so findings never overlap.

Most text holds no glossary phrase at all: a scan starts with the candidate pass of
`rewrite.candidates`, and scans word by word only the runs of prose where a phrase it
names may occur, starting matches only at their first words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rewrite.candidates import candidate_keys, pattern_table, spans_holding
from rewrite.document import Document
from rewrite.glossary import CONFIDENCE, Entry
from rewrite.settings import Settings
from rewrite.tokens import WORD, normal_phrase, normalize

# Bump when Matcher changes shape: compiled matchers cached on disk are keyed by it.
MATCHER_FORMAT = 10

# Between two words of one phrase: spaces and at most one line break.
_MAX_NEWLINES_IN_GAP = 1


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: str
    start: int
    end: int
    line: int
    column: int
    text: str
    replacements: tuple[str, ...]
    message: str
    confidence: float
    safe: bool = False  # the first of several replacements is the glossary's safe choice

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule, "category": self.category, "severity": self.severity,
            "start": self.start, "end": self.end, "line": self.line, "column": self.column,
            "text": self.text, "replacements": list(self.replacements),
            "message": self.message, "confidence": self.confidence, "safe": self.safe,
        }


@dataclass(frozen=True)
class Matcher:
    """A compiled glossary: phrase or variant -> index of its entry."""

    entries: tuple[Entry, ...]
    inflected: dict[str, tuple[str, ...]]  # variant -> its entry's replacements, inflected alike
    # A word trie flattened into one dict: every key and every proper word prefix of a
    # key ("take", "take into") -> one int (small to store and load): bit 0 says longer
    # keys start with it, the rest is the entry index + 1 (0 for a prefix only).
    nodes: dict[str, int]
    # first word -> the words that can follow it on the way to a longer key
    seconds: dict[str, frozenset[str]]
    # flattened keys (b" take spot "), sorted, allow rows left out; and for each the keys
    # that flatten to it (the Aho-Corasick automaton is built from them on first use)
    patterns: tuple[bytes, ...]
    pattern_keys: tuple[str, ...]  # tab-separated (strings load faster than tuples)
    allow_firsts: frozenset[str]  # first words of the allow rows' keys

    def entry(self, key: str) -> Entry:
        """The entry a key (phrase or variant) stands for."""
        return self.entries[(self.nodes[key] >> 1) - 1]


def compile_matcher(entries: Iterable[Entry], allowed: Iterable[str] = ()) -> Matcher:
    from rewrite.inflect import transfer, variants

    ordered = sorted(entries, key=lambda e: e.phrase)
    ordered += [Entry(normal_phrase(p), "allow", (), "info", "settings", "") for p in allowed]
    keys: dict[str, int] = {}
    for index, entry in enumerate(ordered):
        keys[entry.phrase] = index  # explicit phrases win over generated variants
    inflected: dict[str, tuple[str, ...]] = {}
    for index, entry in enumerate(ordered):
        for variant in sorted(variants(entry.phrase)):
            if variant in keys:
                continue
            keys[variant] = index
            if entry.replacements:
                found = variant.split(" ")
                inflected[variant] = tuple(transfer(entry.phrase, found, r)
                                           for r in entry.replacements)
    prefixes = {" ".join(words[:n]) for words in (k.split(" ") for k in keys)
                for n in range(1, len(words))}
    nodes = {node: (keys.get(node, -1) + 1) * 2 + (node in prefixes)
             for node in prefixes | set(keys)}
    seconds: dict[str, set[str]] = {}
    for key in keys:
        words = key.split(" ")
        if len(words) > 1:
            seconds.setdefault(words[0], set()).add(words[1])
    return Matcher(entries=tuple(ordered), inflected=inflected, nodes=nodes,
                   seconds={w: frozenset(after) for w, after in seconds.items()},
                   **pattern_table(keys, ordered),
                   allow_firsts=frozenset(key.split(" ")[0] for key, index in keys.items()
                                          if ordered[index].category == "allow"))


def wanted_keys(keys: frozenset[str] | None, matcher: Matcher,
                settings: Settings) -> frozenset[str] | None:
    """The candidate keys whose entry the settings report (None stays None)."""
    if keys is None:
        return None
    wanted = set()
    for key in keys:
        entry = matcher.entry(key)
        if settings.wants(entry.rule, entry.category, entry.severity):
            wanted.add(key)
    return frozenset(wanted)


@lru_cache(maxsize=2)  # a check asks twice for the same text (engine, then scan)
def lowered_text(text: str) -> str:
    """`text` in normal form, or "" when lowercasing would change its length."""
    lowered = text.lower()
    if "’" in lowered or "‘" in lowered:
        lowered = lowered.replace("’", "'").replace("‘", "'")
    return lowered if len(lowered) == len(text) else ""


def _runs(doc: Document) -> list[tuple[int, int]]:
    """Prose spans joined where only spaces and at most one line break separate them."""
    runs: list[tuple[int, int]] = []
    text = doc.text
    for span in doc.prose:
        if runs and _space_gap(text[runs[-1][1] : span.start]):
            runs[-1] = (runs[-1][0], span.end)
        else:
            runs.append((span.start, span.end))
    return runs


def _space_gap(gap: str) -> bool:
    return gap == " " or (not gap.strip() and gap.count("\n") <= _MAX_NEWLINES_IN_GAP)


def scan(doc: Document, matcher: Matcher, settings: Settings | None = None,
         keys: frozenset[str] | None = None, wanted: frozenset[str] | None = None,
         words_over: Callable[[float], bool] | None = None) -> list[Finding]:
    """Every wanted glossary finding in the document, in order, never overlapping.
    `keys`, `wanted`: the document's `candidate_keys` and `wanted_keys`, when the caller
    has them already;
    `words_over(n)`: whether the whole text has more than n prose words, when `doc`
    holds only part of the text's prose."""
    settings = settings or Settings()
    text = doc.text
    if keys is None:
        keys = candidate_keys(text, matcher)
    if wanted is None:
        wanted = wanted_keys(keys, matcher, settings)
    if wanted is not None and not wanted:
        return []
    lowered = lowered_text(text)
    runs = _runs(doc)
    # Only the candidate keys (and allowed phrases) can match: only their first words
    # can start a match.
    firsts = None if keys is None else matcher.allow_firsts | {k.split(" ")[0] for k in keys}
    findings: list[Finding] = []
    for start, end in _runs_holding(lowered, runs, wanted):
        findings += _run_findings(doc, matcher, settings, _words(text, lowered, start, end),
                                  lowered or text, start, end, firsts)
    if settings.severity != "info":
        findings = _in_context(findings, words_over or (lambda limit: prose_words(doc) > limit))
    return findings


def prose_words(doc: Document) -> int:
    """Words of prose (runs of non-space characters) in the document."""
    return sum(len(doc.text[start:end].split()) for start, end in _runs(doc))


def _words(text: str, lowered: str, start: int, end: int) -> list[str]:
    if lowered:
        return WORD.findall(lowered, start, end)
    return [normalize(w) for w in WORD.findall(text, start, end)]


def _runs_holding(lowered: str, runs: list[tuple[int, int]],
                  keys: frozenset[str] | None) -> list[tuple[int, int]]:
    """The runs where one of `keys` may occur (all of them when that is not known)."""
    held = spans_holding(lowered, runs, keys)
    return runs if held is None else [runs[index] for index in held]


# Filler ("or even", "can easily") and the weaker spun rows (severity warning, such as
# "negative effects") are ordinary English one phrase at a time; they mark spinning when
# a document also has strong spun phrases (severity error) or is dense with such
# phrases. Otherwise they are reported only with --severity info.
CONTEXT_MIN_STRONG = 2
CONTEXT_MIN_PER_100_WORDS = 1.0


def _is_weak(finding: Finding) -> bool:
    return finding.category == "filler" or (
        finding.category == "spun" and finding.severity != "error")


def _in_context(findings: list[Finding], words_over: Callable[[float], bool]) -> list[Finding]:
    weak = sum(1 for f in findings if _is_weak(f))
    if not weak:
        return findings
    strong = sum(1 for f in findings if f.category == "spun" and f.severity == "error")
    if strong >= CONTEXT_MIN_STRONG:
        return findings
    if not words_over((weak + strong) * 100 / CONTEXT_MIN_PER_100_WORDS):
        return findings
    return [f for f in findings if not _is_weak(f)]


def _run_findings(doc: Document, matcher: Matcher, settings: Settings, words: list[str],
                  searchable: str, start: int, end: int,
                  firsts: frozenset[str] | None) -> list[Finding]:
    """Leftmost-longest findings in one run of words. `firsts`: the words a match can
    start with (None: any word)."""
    found: list[Finding] = []
    offsets: list[tuple[int, int]] | None = None
    nodes, seconds = matcher.nodes, matcher.seconds
    count = len(words)
    free = 0  # words before this one belong to a match already
    for index in range(count) if firsts is None else [
            i for i, word in enumerate(words) if word in firsts]:
        node = nodes.get(words[index])
        if index < free or node is None or (node < 2 and (  # a prefix only: next word on the path?
                index + 1 == count or words[index + 1] not in seconds[words[index]])):
            continue
        candidates = _candidates(words, index, matcher)
        if not candidates:
            continue
        if offsets is None:
            offsets = [m.span() for m in WORD.finditer(searchable, start, end)]
        hit = next(((last, key) for last, key in candidates
                    if _joined(doc.text, offsets[index : last + 1])), None)
        if hit is None:
            continue
        last, key = hit
        entry = matcher.entry(key)
        if entry.category != "allow" and settings.wants(entry.rule, entry.category,
                                                        entry.severity):
            found.append(_finding(doc, entry, offsets[index][0], offsets[last][1],
                                  matcher.inflected.get(key, entry.replacements)))
        free = last + 1
    return found


def _candidates(words: list[str], index: int, matcher: Matcher) -> list[tuple[int, str]]:
    """Keys starting at `index` as (last word index, key), longest first."""
    nodes = matcher.nodes
    node = nodes.get(words[index])
    found: list[tuple[int, str]] = []
    key, end = words[index], index + 1
    while node is not None:
        if node >= 2:
            found.append((end - 1, key))
        if not node & 1 or end >= len(words):
            break
        key = f"{key} {words[end]}"
        node = nodes.get(key)
        end += 1
    found.reverse()
    return found


def _joined(text: str, offsets: list[tuple[int, int]]) -> bool:
    """Whether the words are separated only by spaces and at most one line break."""
    return all(a[1] < b[0] and _space_gap(text[a[1] : b[0]]) for a, b in pairwise(offsets))


def _finding(doc: Document, entry: Entry, start: int, end: int,
             replacements: tuple[str, ...]) -> Finding:
    line, column = doc.position(start)
    text = doc.text[start:end]
    return Finding(
        rule=entry.rule,
        category=entry.category,
        severity=entry.severity,
        start=start,
        end=end,
        line=line,
        column=column,
        text=text,
        replacements=replacements,
        message=_message(entry, text, replacements),
        confidence=CONFIDENCE[entry.severity],
        safe=entry.safe,
    )


def _message(entry: Entry, text: str, replacements: tuple[str, ...]) -> str:
    plain = " or ".join(f"'{r}'" for r in replacements)
    if entry.category == "filler":
        return f"'{text}' is spinner filler; write {plain}" if plain else f"'{text}' is spinner filler"
    if entry.category == "plain":
        return f"'{text}' is wordy; prefer {plain}" if plain else f"'{text}' is wordy"
    return f"'{text}' is a spun form of {plain}" if plain else f"'{text}' looks spun"

