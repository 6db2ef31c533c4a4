"""Score tables and reports as strings: terminal text, JSON, CSV, Markdown and HTML.

Pure: returns strings; only the CLI prints or writes them. Markdown and HTML come from the
jinja2 templates in rewrite/templates/, rendered with autoescaping on. The HTML report is
one self-contained file: inline CSS and inline SVG, no scripts, nothing from the network.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from rewrite import __version__
from rewrite.edits import Edit
from rewrite.report import (
    SPUN_RATE,
    Change,
    FileReport,
    Sentence,
    TextScore,
    Total,
    Version,
    category_key,
    text_pieces,
    total,
)

if TYPE_CHECKING:
    from jinja2 import Environment

JSON_VERSION = 1
SCORE_FORMATS = ("text", "json", "csv", "markdown")
REPORT_FORMATS = ("text", "markdown", "json", "html")
MARKDOWN_EDITS_SHOWN = 50  # a pull-request comment holds 65,536 characters
TEXT_EDITS_SHOWN = 20

# ---------------------------------------------------------------- numbers


def number(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


INTEGER_METRICS = frozenset({"findings", "words", "sentences", "complex_words", "difficult_words"})


def change_cells(change: Change) -> tuple[str, str, str]:
    """Before, after and change of one metric as shown: counts whole, the rest to 0.1."""
    digits = 0 if change.key in INTEGER_METRICS else 1
    return (number(change.before, digits), number(change.after, digits),
            signed(change.change, digits))


def signed(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    shown = f"{value:+.{digits}f}"
    return shown[1:] if float(shown) == 0 else shown


# ---------------------------------------------------------------- score tables


def categories_of(scores: Sequence[TextScore]) -> list[str]:
    found = {category for s in scores for category, _ in s.spin.counts}
    return sorted(found | {"spun", "filler", "plain"}, key=category_key)


def _score_cells(s: TextScore, categories: Sequence[str], verdict: str) -> list[str]:
    return [s.path, str(s.scores.words), str(s.scores.sentences),
            number(s.scores.flesch_reading_ease), number(s.scores.flesch_kincaid_grade),
            number(s.scores.consensus_grade), number(s.spin.spin_rate),
            *(str(s.spin.count(c)) for c in categories), verdict]


def _score_header(categories: Sequence[str]) -> list[str]:
    return ["file", "words", "sentences", "ease", "FK grade", "grade", "spin/100w",
            *categories, "verdict"]


def score_table(rows: Sequence[TextScore], fmt: str,
                failures: Sequence[Sequence[str]] | None = None) -> str:
    """One row per file and a total row, as text, json, csv or markdown."""
    fails: list[tuple[str, ...]] = [tuple(f) for f in failures or [()] * len(rows)]
    summed = total(rows)
    if fmt == "json":
        return _score_json(rows, summed, fails)
    if fmt == "csv":
        return _score_csv(rows, summed, fails)
    categories = categories_of(rows)
    header = _score_header(categories)
    body = [_score_cells(s, categories, s.verdict.label) for s in rows]
    foot = _score_cells(summed.score, categories, summed.tally)
    foot[0] = f"total ({summed.files} file{'' if summed.files == 1 else 's'})"
    if fmt == "markdown":
        return _markdown_table(header, [*body, foot], numeric_from=1, last_text=True)
    return _text_table(header, body, foot)


def _text_table(header: list[str], body: list[list[str]], foot: list[str]) -> str:
    widths = [max(len(row[i]) for row in (header, *body, foot)) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first, *middle, last = cells
        parts = [first.ljust(widths[0])]
        parts += [cell.rjust(widths[i + 1]) for i, cell in enumerate(middle)]
        return "  ".join([*parts, last]).rstrip()

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    return "\n".join([line(header), *(line(r) for r in body), rule, line(foot)])


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _markdown_table(header: list[str], rows: list[list[str]], numeric_from: int = 1,
                    last_text: bool = False) -> str:
    aligns = ["---" if i < numeric_from or (last_text and i == len(header) - 1) else "---:"
              for i in range(len(header))]
    lines = [header, aligns, *rows]
    return "\n".join("| " + " | ".join(_md_cell(c) for c in cells) + " |" for cells in lines)


def _score_json(rows: Sequence[TextScore], summed: Total, fails: list[tuple[str, ...]]) -> str:
    files = [{**s.as_dict(), "gate_failures": list(f)} for s, f in zip(rows, fails)]
    return json.dumps({"version": JSON_VERSION, "files": files, "total": summed.as_dict()},
                      indent=2, ensure_ascii=False)


_SCORE_FIELDS = ("words", "sentences", "syllables", "letters", "complex_words",
                 "difficult_words", "flesch_reading_ease", "flesch_kincaid_grade",
                 "gunning_fog", "smog", "coleman_liau", "ari", "dale_chall", "consensus_grade",
                 "reading_time_seconds", "smog_reliable")


def _score_csv(rows: Sequence[TextScore], summed: Total, fails: list[tuple[str, ...]]) -> str:
    categories = categories_of(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["path", *_SCORE_FIELDS, "spin_per_100_words", *categories,
                     *(f"{c}_per_100_words" for c in categories), "sentences_with_spin",
                     "verdict", "evidence", "gate_failures"])
    for s, f in [*zip(rows, fails), (summed.score, ())]:
        verdict = summed.tally if s is summed.score else s.verdict.label
        values = s.scores.as_dict()
        writer.writerow([
            s.path, *(_csv_value(values[k]) for k in _SCORE_FIELDS),
            _csv_value(s.spin.spin_rate), *(s.spin.count(c) for c in categories),
            *(_csv_value(s.spin.rate(c)) for c in categories), s.spin.sentences_with,
            verdict, s.verdict.evidence if s is not summed.score else "", "; ".join(f),
        ])
    return out.getvalue().rstrip("\n")


def _csv_value(value: object) -> object:
    if isinstance(value, float):
        return round(value, 4)
    return "" if value is None else value


# ---------------------------------------------------------------- reports: shared pieces


def verdict_change(report: FileReport, arrow: str = "->") -> str:
    before, after = report.before.score.verdict.label, report.after.score.verdict.label
    return before if before == after else f"{before} {arrow} {after}"


_SUMMARY = (("flesch_reading_ease", "reading ease"), ("consensus_grade", "grade"),
            ("spin", "spin/100w"))


def _summary_rows(reports: Sequence[FileReport], arrow: str = "->") -> list[list[str]]:
    rows = []
    for r in reports:
        changes = {c.key: c for c in r.changes}
        cells = [r.path, verdict_change(r, arrow)]
        for key, _ in _SUMMARY:
            c = changes[key]
            cells.append(f"{number(c.before)} {arrow} {number(c.after)} ({c.direction})")
        cells += [str(len(r.edits)), "; ".join(r.failures) or "ok"]
        rows.append(cells)
    return rows


def _summary_header() -> list[str]:
    return ["file", "verdict", *(label for _, label in _SUMMARY), "edits", "gates"]


def _sentence_text(sentence: Sentence) -> str:
    return "".join(f"[{text}]" if finding else text for text, finding in sentence.pieces())


def _edit_line(old: str, new: str) -> str:
    old, new = " ".join(old.split()), " ".join(new.split())
    if not new:
        return f"'{old}' deleted"
    return f"'{new}' inserted" if not old else f"'{old}' -> '{new}'"


# ---------------------------------------------------------------- report: text


def report_text(reports: Sequence[FileReport]) -> str:
    parts = []
    if len(reports) > 1:
        parts.append(_summary_text(reports))
    parts += [_file_text(r) for r in reports]
    return "\n\n".join(parts)


def _summary_text(reports: Sequence[FileReport]) -> str:
    header, rows = _summary_header(), _summary_rows(reports)
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()
             for row in (header, *rows)]
    return f"Summary of {len(reports)} files\n" + "\n".join(lines)


def _file_text(r: FileReport) -> str:
    lines = [f"{r.path}: {verdict_change(r)}",
             f"  {r.before.label}: {r.before.score.verdict.evidence}",
             f"  {r.after.label}: {r.after.score.verdict.evidence}"]
    lines += [f"  gate: {reason}" for reason in r.failures]
    width = max(len(c.label) for c in r.changes)
    left, right = max(8, len(r.before.label)), max(8, len(r.after.label))
    lines += ["", f"  {'metric':<{width}}  {r.before.label:>{left}}  {r.after.label:>{right}}  "
                  f"{'change':>7}"]
    for c in r.changes:
        before, after, change = change_cells(c)
        shown = "" if c.direction == "same" else f"  {c.direction}"
        lines.append(f"  {c.label:<{width}}  {before:>{left}}  {after:>{right}}  "
                     f"{change:>7}{shown}")
    for v in (r.before, r.after):
        lines += ["", f"  Hardest sentences, {v.label} (Flesch–Kincaid grade; [findings]):"]
        lines += [f"    {s.grade:5.1f}  line {s.line}: {_sentence_text(s)}" for s in v.hardest]
        if not v.hardest:
            lines.append("    (no sentence of 8 words or more)")
    lines += ["", f"  {len(r.edits)} edit{'' if len(r.edits) == 1 else 's'}"
                  + (":" if r.edits else "")]
    lines += [f"    {_edit_line(e.old, e.new)}" for e in r.edits[:TEXT_EDITS_SHOWN]]
    if len(r.edits) > TEXT_EDITS_SHOWN:
        lines.append(f"    ... and {len(r.edits) - TEXT_EDITS_SHOWN} more")
    return "\n".join(lines)


# ---------------------------------------------------------------- report: JSON


def report_json(reports: Sequence[FileReport]) -> str:
    return json.dumps({"version": JSON_VERSION, "summary": _summary(reports),
                       "files": [r.as_dict() for r in reports]}, indent=2, ensure_ascii=False)


def _summary(reports: Sequence[FileReport]) -> dict[str, Any]:
    return {
        "files": len(reports),
        "edits": sum(len(r.edits) for r in reports),
        "gate_failures": sum(len(r.failures) for r in reports),
        "verdicts": [{"path": r.path, "before": r.before.score.verdict.label,
                      "after": r.after.score.verdict.label} for r in reports],
    }


# ---------------------------------------------------------------- report: Markdown and HTML


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("rewrite", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined,
                      keep_trailing_newline=True)
    env.filters.update(number=number, signed=signed, md=_md_inline, one_line=_one_line,
                       cells=change_cells, md_edit=_md_edit)
    return env


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|#~"})


def _md_inline(text: str) -> str:
    """Whitespace collapsed and Markdown punctuation escaped (autoescaping then turns <, >, &
    and quotes into entities, which GitHub shows as the characters, never as HTML)."""
    return re.sub(r"\s+", " ", text).translate(_MD_SPECIAL)


def _md_edit(edit: Edit) -> str:
    old, new = _md_inline(edit.old).strip(), _md_inline(edit.new).strip()
    if old and new:
        return f"~~{old}~~ → **{new}**"
    return f"~~{old}~~" if old else (f"**{new}**" if new else "(spacing)")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def report_markdown(reports: Sequence[FileReport]) -> str:
    return _environment().get_template("report.md.j2").render(
        reports=reports, summary=_summary_rows(reports, "→"), header=_summary_header(),
        edits_shown=MARKDOWN_EDITS_SHOWN, version=__version__,
    ).rstrip("\n") + "\n"


def report_html(reports: Sequence[FileReport]) -> str:
    files = [_html_file(r) for r in reports]
    return _environment().get_template("report.html.j2").render(
        reports=reports, files=files, summary=_summary_rows(reports, "→"),
        header=_summary_header(),
        version=__version__,
    )


# ---------------------------------------------------------------- HTML: chart geometry


CHART_METRICS = (
    ("flesch_reading_ease", "Reading ease", 100.0),
    ("flesch_kincaid_grade", "Flesch–Kincaid grade", 20.0),
    ("consensus_grade", "Consensus grade", 20.0),
    ("gunning_fog", "Gunning fog", 20.0),
    ("smog", "SMOG", 20.0),
    ("coleman_liau", "Coleman–Liau", 20.0),
    ("ari", "ARI", 20.0),
    ("dale_chall", "Dale–Chall", 12.0),
    ("spin", "Spin per 100 words", 2 * SPUN_RATE),
)
BAR_LEFT, BAR_WIDTH, BAR_HEIGHT, ROW_HEIGHT = 170, 360, 11, 34  # as in report.html.j2
HEAT_WIDTH = 1000


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    value: str
    side: str  # "before" or "after"


@dataclass(frozen=True)
class ChartRow:
    label: str
    direction: str
    y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class HeatCell:
    x: float
    width: float
    colour: str
    title: str


@dataclass(frozen=True)
class HtmlFile:
    report: FileReport
    anchor: str
    chart: tuple[ChartRow, ...]
    chart_height: int
    heat: tuple[tuple[str, tuple[HeatCell, ...]], ...]
    pieces: list[tuple[str, str, str]]
    hardest: tuple[tuple[Version, tuple[list[tuple[str, str]], ...]], ...]


def _html_file(r: FileReport) -> HtmlFile:
    changes = {c.key: c for c in r.changes}
    rows = []
    for index, (key, label, nominal) in enumerate(CHART_METRICS):
        c = changes[key]
        scale = max(nominal, abs(c.before or 0.0), abs(c.after or 0.0))
        y = 24 + index * ROW_HEIGHT
        bars = tuple(Bar(y + offset, round(BAR_WIDTH * max(0.0, value or 0.0) / scale, 1),
                         number(value), side)
                     for offset, value, side in ((0, c.before, "before"),
                                                 (BAR_HEIGHT + 2, c.after, "after")))
        rows.append(ChartRow(label, c.direction, y, bars))
    heat = tuple((v.label, _heat_cells(v)) for v in (r.before, r.after))
    hardest = tuple((v, tuple(_sentence_pieces(s) for s in v.hardest)) for v in (r.before, r.after))
    return HtmlFile(r, _anchor(r.path), tuple(rows), 24 + len(rows) * ROW_HEIGHT,
                    heat, text_pieces(r.before.text, r.edits, r.before.findings), hardest)


def _anchor(path: str) -> str:
    return "file-" + "".join(c if c.isalnum() else "-" for c in path).strip("-")


def _sentence_pieces(sentence: Sentence) -> list[tuple[str, str]]:
    return [(text, finding.message if finding else "") for text, finding in sentence.pieces()]


def _heat_cells(v: Version) -> tuple[HeatCell, ...]:
    words = sum(p.words for p in v.paragraphs)
    cells, x = [], 0.0
    for p in v.paragraphs:
        width = HEAT_WIDTH * p.words / words
        title = (f"line {p.line}: {p.spin_findings} spun+filler "
                 f"finding{'' if p.spin_findings == 1 else 's'} in {p.words} words "
                 f"({p.rate:.1f} per 100)")
        cells.append(HeatCell(round(x, 2), round(width, 2), heat_colour(p.rate), title))
        x += width
    return tuple(cells)


_HEAT_STOPS = ((0.0, (232, 245, 233)), (1.0, (255, 241, 118)), (SPUN_RATE, (251, 140, 0)),
               (2 * SPUN_RATE, (183, 28, 28)))


def heat_colour(rate: float) -> str:
    """Pale green at 0 findings per 100 words, yellow at 1, orange at 3, dark red at 6 and up."""
    for (low, a), (high, b) in pairwise(_HEAT_STOPS):
        if rate <= high:
            t = (rate - low) / (high - low)
            return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b))
    return "#" + "".join(f"{x:02x}" for x in _HEAT_STOPS[-1][1])
