"""Scores and reports: readability and spin of a text, before and after. Pure functions over
frozen dataclasses; rewrite.render turns them into text, Markdown, JSON, CSV and HTML.

Spin is counted in findings per 100 words of prose (the words of `rewrite.readability`, so one
word count serves both). The verdict uses the two categories that mark machine-spun text,
`spun` and `filler`; `plain` (wordy but correct English) and any other category are reported
but never make a text look spun.

Verdict thresholds, measured on the shared corpora (bench/bench_score.py; figures in
bench/README-score.md): 4,640 well-edited Markdown files from 18F and digital.gov (2.2 million
words of prose) hold at most one spun or filler finding per 4,400 words; the worst file has one
finding in 62 words (1.6 per 100), and none with 3 or more findings reaches 0.7 per 100. The
user's spun article, samples/botox.txt, has 16.9 per 100 words (133 findings in 786 words, in
35 of 38 sentences). `spun` needs 3 per 100 words (about twice the worst clean file, a fifth of
the spun article) and at least 5 findings; `suspicious` needs 1 per 100 words and at least 3
findings, so one "or even" in a short note never makes it suspicious.
"""

from __future__ import annotations

import bisect
import difflib
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rewrite.document import Document, overlaps_taken
from rewrite.edits import Edit
from rewrite.readability import Scores, score_text, sentence_grades, sentence_spans
from rewrite.scan import Finding

SPIN_CATEGORIES = ("spun", "filler", "discovered")  # what the verdict counts
CATEGORY_ORDER = ("spun", "filler", "plain", "discovered", "grammar")
SPUN_RATE = 3.0  # spun+filler findings per 100 words ...
SPUN_MIN_FINDINGS = 5  # ... and at least this many of them
SUSPICIOUS_RATE = 1.0
SUSPICIOUS_MIN_FINDINGS = 3
VERDICTS = ("clean", "suspicious", "spun")

HARD_GRADE = 10.0  # Flesch–Kincaid grade of a hard sentence (Hemingway's yellow) ...
VERY_HARD_GRADE = 14.0  # ... and of a very hard one (red)
HARD_MIN_WORDS = 8  # shorter sentences (headings, list items) are never listed as hardest
HARDEST_COUNT = 5
SAME_WITHIN = 0.05  # a change smaller than this shows as 0.0: direction "same"

_TOKEN = re.compile(r"\S+")


# ---------------------------------------------------------------- prose with offsets


@dataclass(frozen=True)
class Prose:
    """The prose of a document for scoring, with the document offset of every token.

    Tokens (runs of non-space) are copied verbatim, so an offset inside a token maps exactly.
    """

    text: str
    starts: array[int]  # where each token starts in `text`
    origins: array[int]  # where the same token starts in the document

    def to_document(self, offset: int) -> int:
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.origins[index] + offset - self.starts[index] if self.starts else offset

    def to_prose(self, offset: int) -> int:
        index = max(0, bisect.bisect_right(self.origins, offset) - 1)
        return self.starts[index] + offset - self.origins[index] if self.starts else offset

    def document_range(self, start: int, end: int) -> tuple[int, int]:
        """Document offsets of the prose range [start, end) (which starts and ends on a token)."""
        return self.to_document(start), self.to_document(end - 1) + 1

    def tokens_in(self, start: int, end: int) -> int:
        """Tokens that start in the document range [start, end)."""
        return bisect.bisect_left(self.origins, end) - bisect.bisect_left(self.origins, start)


def prose_map(doc: Document) -> Prose:
    """The prose (one block a line, whitespace collapsed), mapped to document offsets."""
    parts: list[str] = []
    starts, origins = array("q"), array("q")
    length = 0
    spans, index = doc.prose, 0
    for block_start, block_end in doc.blocks:
        tokens: list[re.Match[str]] = []
        while index < len(spans) and spans[index].start < block_end:
            span = spans[index]
            if span.end > block_start:
                tokens += _TOKEN.finditer(doc.text, max(span.start, block_start),
                                          min(span.end, block_end))
            index += 1
        for number, token in enumerate(tokens):
            if number or parts:
                parts.append(" " if number else "\n")
                length += 1
            starts.append(length)
            origins.append(token.start())
            parts.append(token.group())
            length += token.end() - token.start()
    return Prose("".join(parts), starts, origins)


# ---------------------------------------------------------------- spin


@dataclass(frozen=True)
class Spin:
    """Findings by category, per 100 words, and how many sentences hold spin."""

    words: int
    counts: tuple[tuple[str, int], ...]  # (category, findings), in category order
    sentences: int = 0
    sentences_with: int = 0  # sentences holding a spun or filler finding

    def count(self, category: str) -> int:
        return dict(self.counts).get(category, 0)

    def rate(self, category: str) -> float:
        return per_100_words(self.count(category), self.words)

    @property
    def findings(self) -> int:
        return sum(count for _, count in self.counts)

    @property
    def spin_findings(self) -> int:
        return sum(self.count(category) for category in SPIN_CATEGORIES)

    @property
    def spin_rate(self) -> float:
        """Spun and filler findings per 100 words: the figure the verdict and gate use."""
        return per_100_words(self.spin_findings, self.words)

    def as_dict(self) -> dict[str, object]:
        return {
            "words": self.words,
            "findings": dict(self.counts),
            "per_100_words": {c: round(self.rate(c), 2) for c, _ in self.counts},
            "spin_per_100_words": round(self.spin_rate, 2),
            "sentences": self.sentences,
            "sentences_with_spin": self.sentences_with,
        }


def per_100_words(count: int, words: int) -> float:
    return 100 * count / words if words else 0.0


def category_key(category: str) -> tuple[int, str]:
    order = CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)
    return order, category


def category_counts(findings: Iterable[Finding]) -> tuple[tuple[str, int], ...]:
    """Counts by category; spun, filler and plain always present, in category order."""
    counts = Counter({category: 0 for category in CATEGORY_ORDER[:3]})
    counts.update(finding.category for finding in findings)
    return tuple(sorted(counts.items(), key=lambda item: category_key(item[0])))


@dataclass(frozen=True)
class Verdict:
    label: str  # one of VERDICTS
    evidence: str


def verdict(spin: Spin) -> Verdict:
    """clean / suspicious / spun, from spun+filler findings per 100 words (see module doc)."""
    if not spin.words:
        return Verdict("clean", "no prose to score")
    found, rate = spin.spin_findings, spin.spin_rate
    evidence = (f"{rate:.1f} spun+filler findings per 100 words; "
                f"{spin.sentences_with} of {spin.sentences} sentences contain one")
    if found >= SPUN_MIN_FINDINGS and rate >= SPUN_RATE:
        return Verdict("spun", evidence)
    if found >= SUSPICIOUS_MIN_FINDINGS and rate >= SUSPICIOUS_RATE:
        return Verdict("suspicious", evidence)
    return Verdict("clean", evidence)


# ---------------------------------------------------------------- one version of one text


@dataclass(frozen=True)
class TextScore:
    """What `rewrite score` reports for one text."""

    path: str
    scores: Scores
    spin: Spin
    verdict: Verdict

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "scores": self.scores.as_dict(),
            "spin": self.spin.as_dict(),
            "verdict": self.verdict.label,
            "evidence": self.verdict.evidence,
        }


def score_document(path: str, doc: Document, findings: Sequence[Finding]) -> TextScore:
    """Readability of the document's prose, and its spin."""
    prose = prose_map(doc)
    scores = score_text(prose.text)
    spans = [prose.document_range(s, e) for s, e in sentence_spans(prose.text)]
    spin = Spin(scores.words, category_counts(findings), len(spans),
                _sentences_holding(spans, _spin_starts(findings)))
    return TextScore(path, scores, spin, verdict(spin))


def _spin_starts(findings: Iterable[Finding]) -> list[int]:
    return sorted(f.start for f in findings if f.category in SPIN_CATEGORIES)


def _sentences_holding(spans: Sequence[tuple[int, int]], starts: Sequence[int]) -> int:
    return sum(bisect.bisect_left(starts, end) > bisect.bisect_left(starts, start)
               for start, end in spans)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the prose: its text, grade, line in the file, and findings inside."""

    text: str
    grade: float
    line: int
    words: int
    marks: tuple[tuple[int, int, Finding], ...]  # (start, end) in `text`, and the finding

    @property
    def level(self) -> str:
        if self.grade >= VERY_HARD_GRADE:
            return "very hard"
        return "hard" if self.grade >= HARD_GRADE else ""

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(finding for _, _, finding in self.marks)

    def pieces(self) -> list[tuple[str, Finding | None]]:
        """The text cut into plain stretches and findings, in order."""
        pieces: list[tuple[str, Finding | None]] = []
        cursor = 0
        for start, end, finding in self.marks:
            if start > cursor:
                pieces.append((self.text[cursor:start], None))
            pieces.append((self.text[start:end], finding))
            cursor = end
        if cursor < len(self.text):
            pieces.append((self.text[cursor:], None))
        return pieces

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line, "grade": round(self.grade, 1), "level": self.level,
            "words": self.words, "text": self.text,
            "findings": [{"rule": f.rule, "text": self.text[s:e], "replacements": list(f.replacements)}
                         for s, e, f in self.marks],
        }


@dataclass(frozen=True)
class Paragraph:
    """One block (paragraph, heading, list item, cell) for the spin heat strip."""

    line: int
    words: int
    spin_findings: int

    @property
    def rate(self) -> float:
        return per_100_words(self.spin_findings, self.words)


@dataclass(frozen=True)
class Version:
    """One version of a text, scored in full for a report."""

    label: str  # "before", "fixed", "HEAD", a file name ...
    text: str
    score: TextScore
    findings: tuple[Finding, ...]
    hardest: tuple[Sentence, ...]
    paragraphs: tuple[Paragraph, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "label": self.label,
            **{k: v for k, v in self.score.as_dict().items() if k != "path"},
            "hardest_sentences": [s.as_dict() for s in self.hardest],
            "findings": [f.as_dict() for f in self.findings],
        }


def version(label: str, path: str, doc: Document, findings: Sequence[Finding],
            hardest: int = HARDEST_COUNT) -> Version:
    """Score one version of a text with its hardest sentences and per-paragraph spin."""
    prose = prose_map(doc)
    scores = score_text(prose.text)
    ordered = tuple(sorted(findings, key=lambda f: f.start))
    sentences = _sentences(prose, doc, ordered)
    spin_starts = _spin_starts(ordered)
    spin = Spin(scores.words, category_counts(ordered), len(sentences),
                sum(any(f.category in SPIN_CATEGORIES for f in s.findings) for s in sentences))
    score = TextScore(path, scores, spin, verdict(spin))
    return Version(label, doc.text, score, ordered, hardest_sentences(sentences, hardest),
                   _paragraphs(doc, prose, spin_starts))


def _sentences(prose: Prose, doc: Document, findings: Sequence[Finding]) -> list[Sentence]:
    starts = [f.start for f in findings]
    sentences = []
    for start, end, grade in sentence_grades(prose.text):
        doc_start, doc_end = prose.document_range(start, end)
        inside = findings[bisect.bisect_left(starts, doc_start) : bisect.bisect_left(starts, doc_end)]
        marks = tuple((max(0, prose.to_prose(f.start) - start),
                       min(end, prose.to_prose(f.end - 1) + 1) - start, f) for f in inside)
        text = prose.text[start:end]
        sentences.append(Sentence(text, grade, doc.position(doc_start)[0], len(text.split()),
                                  marks))
    return sentences


def hardest_sentences(sentences: Iterable[Sentence], count: int = HARDEST_COUNT
                      ) -> tuple[Sentence, ...]:
    """The `count` sentences of the highest grade (of HARD_MIN_WORDS words or more)."""
    long_enough = [s for s in sentences if s.words >= HARD_MIN_WORDS]
    return tuple(sorted(long_enough, key=lambda s: (-s.grade, s.line))[:count])


def _paragraphs(doc: Document, prose: Prose, spin_starts: Sequence[int]) -> tuple[Paragraph, ...]:
    paragraphs = []
    for start, end in doc.blocks:
        words = prose.tokens_in(start, end)
        if words:
            found = bisect.bisect_left(spin_starts, end) - bisect.bisect_left(spin_starts, start)
            paragraphs.append(Paragraph(doc.position(start)[0], words, found))
    return tuple(paragraphs)


# ---------------------------------------------------------------- before and after


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    better: str | None  # "higher", "lower", or None for counts that only describe the text


METRICS = (
    Metric("flesch_reading_ease", "Reading ease (Flesch)", "higher"),
    Metric("flesch_kincaid_grade", "Flesch–Kincaid grade", "lower"),
    Metric("consensus_grade", "Consensus grade", "lower"),
    Metric("gunning_fog", "Gunning fog", "lower"),
    Metric("smog", "SMOG", "lower"),
    Metric("coleman_liau", "Coleman–Liau", "lower"),
    Metric("ari", "ARI", "lower"),
    Metric("dale_chall", "Dale–Chall", "lower"),
    Metric("spin", "Spun+filler per 100 words", "lower"),
    Metric("findings", "Findings", "lower"),
    Metric("words", "Words", None),
    Metric("sentences", "Sentences", None),
    Metric("complex_words", "Complex words", None),
    Metric("difficult_words", "Difficult words", None),
    Metric("reading_time_seconds", "Reading time (s)", None),
)


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    better: str | None
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def direction(self) -> str:
        return direction(self.before, self.after, self.better)

    def as_dict(self) -> dict[str, object]:
        change = self.change
        return {"metric": self.key, "label": self.label, "before": _rounded(self.before),
                "after": _rounded(self.after),
                "change": None if change is None else _rounded(change),
                "direction": self.direction}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def direction(before: float | None, after: float | None, better: str | None) -> str:
    """better / worse / same; "changed" for a count with no better side, or a metric that
    appears or disappears (a text with no words has no grade)."""
    if before is None or after is None:
        return "same" if before is None and after is None else "changed"
    change = after - before
    if abs(change) < SAME_WITHIN:
        return "same"
    if better is None:
        return "changed"
    return "better" if (change > 0) == (better == "higher") else "worse"


def metric_value(score: TextScore, key: str) -> float | None:
    if key == "spin":
        return score.spin.spin_rate if score.spin.words else None
    if key == "findings":
        return float(score.spin.findings)
    if key.endswith("_per_100_words"):
        return score.spin.rate(key.removesuffix("_per_100_words")) if score.spin.words else None
    value = getattr(score.scores, key)
    return None if value is None else float(value)


def changes(before: TextScore, after: TextScore) -> tuple[Change, ...]:
    """Every metric before and after, with the spin of each category found in either."""
    metrics = list(METRICS)
    categories = {c for c, _ in before.spin.counts + after.spin.counts}
    spin_at = next(i for i, m in enumerate(metrics) if m.key == "spin") + 1
    metrics[spin_at:spin_at] = [Metric(f"{c}_per_100_words", f"{c} per 100 words", "lower")
                                for c in sorted(categories, key=category_key)]
    return tuple(Change(m.key, m.label, m.better, metric_value(before, m.key),
                        metric_value(after, m.key)) for m in metrics)


@dataclass(frozen=True)
class FileReport:
    path: str
    before: Version
    after: Version
    edits: tuple[Edit, ...]  # against before.text
    changes: tuple[Change, ...]
    failures: tuple[str, ...] = ()  # gate reasons (about the version gated)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
            "changes": [c.as_dict() for c in self.changes],
            "edits": [{"start": e.start, "end": e.end, "old": e.old, "new": e.new,
                       "rules": list(e.rules)} for e in self.edits],
            "gate_failures": list(self.failures),
        }


def file_report(path: str, before: Version, after: Version, edits: Sequence[Edit] | None = None,
                failures: Sequence[str] = ()) -> FileReport:
    """Compare two versions; without `edits`, they are found by a word diff."""
    found = tuple(edits) if edits is not None else word_edits(before.text, after.text)
    return FileReport(path, before, after, found, changes(before.score, after.score),
                      tuple(failures))


def word_edits(before: str, after: str) -> tuple[Edit, ...]:
    """Word-level edits turning `before` into `after` (whitespace runs are words too).

    Lines are compared first (fast on long files), then the words of each changed stretch
    of lines; a stretch of more than WORD_DIFF_LIMIT words is one edit.
    """
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    starts = _offsets(old_lines)
    edits: list[Edit] = []
    lines = difflib.SequenceMatcher(None, old_lines, new_lines)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag != "equal":
            edits += _word_diff("".join(old_lines[i1:i2]), "".join(new_lines[j1:j2]), starts[i1])
    return tuple(edits)


WORD_DIFF_LIMIT = 20_000


def _word_diff(before: str, after: str, base: int) -> list[Edit]:
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    if len(old) + len(new) > 2 * WORD_DIFF_LIMIT:
        return [Edit(base, base + len(before), before, after, ())]
    offsets = _offsets(old)
    words = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [Edit(base + offsets[i1], base + offsets[i2], "".join(old[i1:i2]),
                 "".join(new[j1:j2]), ())
            for tag, i1, i2, j1, j2 in words.get_opcodes() if tag != "equal"]


def _offsets(pieces: Sequence[str]) -> list[int]:
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece))
    return offsets


def text_pieces(text: str, edits: Sequence[Edit], findings: Sequence[Finding] = ()
                ) -> list[tuple[str, str, str]]:
    """`text` with edits and findings marked, as (kind, text, note) pieces in order.

    kind is "text", "del" (old words), "ins" (new words) or "mark" (a finding not edited,
    note = its message). Findings overlapping an edit are left to the edit.
    """
    ordered = sorted(edits, key=lambda e: e.start)
    edited = [(e.start, e.end) for e in ordered]  # the edits do not overlap
    marks = [f for f in sorted(findings, key=lambda f: f.start)
             if not overlaps_taken(edited, f.start, f.end)]
    events = sorted([(e.start, 0, e) for e in ordered] + [(f.start, 1, f) for f in marks],
                    key=lambda item: (item[0], item[1]))
    pieces: list[tuple[str, str, str]] = []
    cursor = 0
    for start, _, item in events:
        if start < cursor:
            continue
        if start > cursor:
            pieces.append(("text", text[cursor:start], ""))
        if isinstance(item, Edit):
            if item.old:
                pieces.append(("del", item.old, ", ".join(item.rules)))
            if item.new:
                pieces.append(("ins", item.new, ", ".join(item.rules)))
            cursor = item.end
        else:
            pieces.append(("mark", item.text, item.message))
            cursor = item.end
    if cursor < len(text):
        pieces.append(("text", text[cursor:], ""))
    return pieces


# ---------------------------------------------------------------- gates


@dataclass(frozen=True)
class Gates:
    """Limits a text must keep. max_grade applies to the consensus grade."""

    max_grade: float | None = None
    min_ease: float | None = None
    max_spin: float | None = None  # spun+filler findings per 100 words


def gate_failures(score: TextScore, gates: Gates) -> tuple[str, ...]:
    """Why the text crosses a gate; empty when it keeps them all (or has no words)."""
    reasons = []
    grade, ease = score.scores.consensus_grade, score.scores.flesch_reading_ease
    if gates.max_grade is not None and grade is not None and grade > gates.max_grade:
        reasons.append(f"consensus grade {grade:.1f} is above max-grade {gates.max_grade:g}")
    if gates.min_ease is not None and ease is not None and ease < gates.min_ease:
        reasons.append(f"reading ease {ease:.1f} is below min-ease {gates.min_ease:g}")
    spin = score.spin.spin_rate
    if gates.max_spin is not None and score.spin.words and spin > gates.max_spin:
        reasons.append(f"{spin:.1f} spun+filler findings per 100 words is above "
                       f"max-spin {gates.max_spin:g}")
    return tuple(reasons)


# ---------------------------------------------------------------- many files


@dataclass(frozen=True)
class Total:
    """The total row: counts summed; each metric the mean over files weighted by words (for
    spin this equals the pooled rate); verdicts tallied."""

    files: int
    score: TextScore
    verdicts: tuple[tuple[str, int], ...] = field(default_factory=tuple)

    @property
    def tally(self) -> str:
        return ", ".join(f"{count} {label}" for label, count in self.verdicts if count) or "-"

    def as_dict(self) -> dict[str, object]:
        return {"files": self.files, **self.score.as_dict(), "verdict": dict(self.verdicts)}


_COUNTS = ("words", "sentences", "syllables", "letters", "complex_words", "difficult_words")
_WEIGHTED = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog",
             "coleman_liau", "ari", "dale_chall", "consensus_grade")


def total(rows: Sequence[TextScore], label: str = "total") -> Total:
    counts = {key: sum(getattr(r.scores, key) for r in rows) for key in _COUNTS}
    weighted = {key: _weighted_mean(rows, key) for key in _WEIGHTED}
    scores = Scores(
        words=counts["words"], sentences=counts["sentences"], syllables=counts["syllables"],
        letters=counts["letters"], complex_words=counts["complex_words"],
        difficult_words=counts["difficult_words"],
        flesch_reading_ease=weighted["flesch_reading_ease"],
        flesch_kincaid_grade=weighted["flesch_kincaid_grade"],
        gunning_fog=weighted["gunning_fog"], smog=weighted["smog"],
        coleman_liau=weighted["coleman_liau"], ari=weighted["ari"],
        dale_chall=weighted["dale_chall"], consensus_grade=weighted["consensus_grade"],
        reading_time_seconds=sum(r.scores.reading_time_seconds for r in rows),
        smog_reliable=any(r.scores.smog_reliable for r in rows),
    )
    found: Counter[str] = Counter()
    for row in rows:
        found.update(dict(row.spin.counts))
    spin = Spin(counts["words"], tuple(sorted(found.items(), key=lambda i: category_key(i[0]))),
                sum(r.spin.sentences for r in rows), sum(r.spin.sentences_with for r in rows))
    tallied = Counter(r.verdict.label for r in rows)
    return Total(len(rows), TextScore(label, scores, spin, verdict(spin)),
                 tuple((label, tallied[label]) for label in reversed(VERDICTS)))


def _weighted_mean(rows: Sequence[TextScore], key: str) -> float | None:
    pairs = [(r.scores.words, getattr(r.scores, key)) for r in rows]
    pairs = [(w, v) for w, v in pairs if v is not None and w]
    words = sum(w for w, _ in pairs)
    return sum(w * v for w, v in pairs) / words if words else None
