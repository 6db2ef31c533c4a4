#!/usr/bin/env python3
"""Build glossary/plain.tsv: wordy but correct English -> a plainer form.

Usage:
    python scripts/build_plain.py ../shared/data/plain [--glossary-dir glossary]
        [--out glossary/plain.tsv] [--report build_plain.log]

Sources, in order of trust (the first one that lists a phrase is its `source`; the others
are named in the note):
- rows already in glossary/plain.tsv (kept, replacements merged);
- plainlanguage_gov.tsv: plainlanguage.gov "use simple words and phrases" (public domain);
- retext_simplify.tsv: retext-simplify 8.0.0 (MIT);
- vale_microsoft_wordiness.tsv, vale_microsoft_complexwords.tsv: Vale Microsoft style (MIT);
  keys that are regular expressions are expanded when they only use (?:a|b), (a)? and
  (?:x)?; others are skipped;
- proselint_preferred_forms.tsv: proselint 0.16.0 (BSD): only its redundancy, composition
  and Latin checks (plainness), not capitalisation, spelling or usage;
- write_good_too_wordy_flags.tsv: write-good/too-wordy (MIT): flags only, so it never adds a
  row; it is named in the note of rows another source gives.

Rules:
- replacements: "(omit)" and explanations are dropped (a row needs a real replacement),
  "a / b" splits, REPLACE below gives a better drop-in for some rows, BAD drops wrong ones;
- skipped: keys that are not in the glossary's normal form, SKIP below, and single words
  that are very common in good prose (wordfreq Zipf >= 5, e.g. "also", "however", "about");
- severity: `warning` for multi-word phrases from plainlanguage.gov, retext-simplify or Vale
  whose replacement drops in, and for STRONG single words ("utilize"); `info` for other
  single words, for WEAK phrases (idiomatic, or the replacement needs rewording), and for
  proselint redundancies unless PROMOTE lists them;
- a single word that occurs in a tortured.tsv replacement (a correct technical term there)
  is left out: the glossary may not flag its own replacements;
- consistency with the whole glossary as in build_tortured.py: a replacement any glossary
  phrase flags is removed, and phrases of other files are left to those files.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wordfreq
from measure_corpus_hits import (
    Entry,
    Log,
    drop_flagged_replacements,
    finish_build,
    is_normal,
    make_engine,
    normalize,
    read_glossary,
    read_other_glossaries,
)

OUT_NAME = "plain.tsv"

SOURCES = [  # file, source id, kind
    ("plainlanguage_gov.tsv", "plainlanguage-gov", "plain"),
    ("retext_simplify.tsv", "retext-simplify", "plain"),
    ("vale_microsoft_wordiness.tsv", "vale-microsoft", "plain"),
    ("vale_microsoft_complexwords.tsv", "vale-microsoft", "plain"),
    ("proselint_preferred_forms.tsv", "proselint", "proselint"),
]
PROSELINT_CHECKS = re.compile(r":(redundancy\.|misc\.composition$|misc\.latin$)")

# Better drop-in replacements than the sources give (the phrase's source is kept).
REPLACE = {
    "concerning the matter of": "about",
    "let me know": "tell me",
    "not in a position to": "unable to",
    "on a regular basis": "regularly",
    "in order that": "so that",
    "it appears": "it seems",
    "at this point in time": "now|at this point",
    "at the present time": "now|at present",
    "close proximity": "proximity",
    "for the purpose of": "for|to",
    "in regard to": "about|on",
    "with regard to": "about|on",
    "with respect to": "about|on",
    "in lieu of": "instead of",
    "due to the fact that": "because|since",
    "is responsible for": "handles",
    "inter alia": "among other things",
    "each and every": "each|every",
    "a large number of": "many",
    "a large majority of": "most",
    "in the very near future": "soon",
    "in the near future": "soon",
    "attributable to": "due to|caused by",
    "as a result of": "because of",
    "as a means of": "for",
    "procure": "buy|get",
    "failed to": "did not",
    "owing to the fact that": "because|since",
    "call your attention to the fact that": "remind you",
    "sufficient number of": "enough",
    "sufficient number": "enough",
    "the reason why is that": "because",
}

# Wrong or unhelpful replacements in the sources, per phrase.
BAD = {
    "minimize": {"method"}, "implement": {"tool"}, "purchase": {"sale"},
    "took advantage of": {"preyed on"}, "appropriate": {"proper"}, "effect": {"*"},
    "aforementioned": {"remove"}, "point in time": {"point"}, "vice": {"*"},
    "in a timely manner": {"timely"},
}

# Not worth a row: ambiguous, technical, or only "(omit)" in the sources.
SKIP = {
    # "an amount of" -> "a number of" (starter row, restores spun text) must stay unflagged
    "a number of",
    "all of", "it is", "there is", "there are", "very", "the use of", "the month of",
    "type", "subject", "be advised", "take action to", "in the process of", "literally",
    "overall", "put simply", "address", "function", "interface", "option", "request",
    "benefit", "forward", "effect", "vice", "reflect", "represents", "parameters",
    "maximum", "minimum", "satisfy", "limited number", "liaison", "expertise", "aircraft",
    "combat environment", "addressees", "your office", "this activity", "the undersigned",
    "drag and drop", "drag-and-drop", "present time", "time frame", "time period",
    "took advantage of", "observe", "selection", "residence", "females", "concept",
    "alternatives", "enclosed", "incorrect", "amend", "compensate", "collaborate",
    "equivalent", "evaluate", "economical", "mutual feelings for eachother", "he is a man who",
    "a strange one", "bo staff", "the fact that i had arrived", "rip in peace", "salt talks",
    "please rsvp", "act test", "sat test", "ras syndrome", "cpi index", "abm missile",
    "abm missiles", "mount fujiyama", "rio grande river", "milky way galaxy", "challah bread",
    "hallah bread", "bento box", "amaretto almond", "yakitori chicken", "yerba mate tea",
    "bruin bear", "timpani drum", "minestrone soup", "balsa wood", "boat marina",
    "and etc", "as for example", "get up on his feet", "get up on your feet", "i myself",
    "i personally", "nape of her neck", "knots per hour", "in which we live in",
    "live studio audience", "the whole entire nation", "throughout the entire",
    "at the present time the", "repay them back", "live witness", "sole of the foot",
    "pass away", "cancel out", "focus in", "drop down", "fall season", "autumn season",
    "spring season", "summer season", "winter season", "private industry", "time clock",
    "money-saving coupon", "wall mural", "sand dune", "chai tea", "closed fist",
    "glowing ember", "burning embers", "frozen tundra", "open trench", "rustic country",
    "underground subway", "hot water heater", "burning hot", "illustrated drawing",
    "three-way love triangle", "head honcho", "secret that cannot be told",
    "mutual respect for each other", "mutually dependent on each other",
    "a and b", "not honest", "not important", "did not remember", "mutual agreement",
    "general consensus", "dates back", "enter into", "consult with", "plan ahead",
    "safe haven", "first of all", "exact same", "same exact", "precise same",
    "personal belongings", "desirable benefits", "personal charm", "specific details",
    "old custom", "usual custom", "tiny bit", "best ever", "small speck", "sharp point",
    "inner core", "outside in the yard", "all inclusive", "some time to come",
    "undergraduate student", "software program", "professional vocation",
    "native-born citizen", "these ones", "those ones", "exited from", "feel inside",
    "fly through the air", "empty out", "heat up", "cool down", "gather up", "climb up",
    "dive down", "sink down", "crouch down", "kneel down", "hoist up", "lift up", "fall down",
    "connect up", "circle around", "skipped over", "probed into", "spiked upward",
    "spiked upwards", "orbits around", "circulate around", "follow after", "enter in",
    "grow in size", "evolve over time", "pause for a moment", "face up to the fact",
    "face up to the challenge", "face up to the problem", "face up to the consequences",
    "look ahead to the future", "nostalgia for the past", "pouring down rain",
    "re-elect for another term", "reelected for another term", "whether or not",
    "in between", "close down", "closed down", "mix together", "gather together",
    "an estimated", "almost all", "all across", "except when", "not possible",
    "doomed to fail", "complete stranger", "all-time record", "basic necessity",
    "successfully complete", "plays a key role in", "conduct experiments", "place an order",
    "take action", "span across", "establish connectivity", "used for fuel purposes",
    "this is a subject that", "based in large part on", "in addition", "as per",
    "not later than 10 may", "not later than 1600", "fell down",
}

# Phrases kept but at `info`: idiomatic, or the plainer form needs the sentence reworded.
WEAK = {
    "in the event of", "as a means of", "by means of", "by virtue of", "as to", "as yet",
    "along the lines of", "attributable to", "as prescribed by", "set forth in",
    "in relation to", "relative to", "similar to", "in view of", "in the amount of",
    "in terms of", "point in time", "incumbent upon", "afford an opportunity", "it appears",
    "it is essential", "it is requested", "is authorized to", "is authorised to",
    "provides guidance for", "failed to", "has the opportunity to", "in many cases",
    "in most cases", "in some cases", "in some instances", "a myriad of", "null and void",
    "if and when", "honest truth", "factual evidence", "one particular", "not many",
    "not often", "not certain", "not unless", "not unlike", "has no effect",
    "in the neighborhood of", "in the vicinity of", "in spite of", "as a result of",
    "should you wish", "benefit from", "excessive number", "sufficient number",
    "close proximity", "at this time", "adjacent to", "comply with", "is responsible for",
    "none at all", "disappear from sight", "in all likelihood", "on the contrary",
    "on the other hand", "with the exception of", "concerning the matter of",
    "the question as to whether", "there is no doubt but that", "it would appear that",
    "came to an abrupt end", "hold a meeting", "extend an invitation", "are in agreement",
    "already existing", "various different", "readily apparent", "of major importance",
    "has the capacity to", "interpose no objection", "is in consonance with", "in excess of",
    "for a period of", "during the period", "during the period of", "for the duration of",
    "during the time that", "at all times", "as a matter of fact", "at a later date",
    "under the provisions of", "is applicable to", "has a requirement for",
    "call your attention to the fact that", "was unaware of the fact", "did not succeed",
    "not succeed", "had not succeeded", "not succeeded", "did not pay attention to",
    "did not pay any attention to", "did not have much confidence in",
    "did not have confidence in", "did not have faith in", "did not have much faith in",
    "the reason why is that", "came to a realization", "if this is not the case",
    "carry out an evaluation of", "conduct a review of", "conduct an investigation",
    "perform an assessment of", "make reference to", "made reference to", "continue on",
    "adversely impact", "adversely impact on", "effect modifications", "in a timely manner",
    "emergency situation", "take away", "let me know", "some of the", "all of these",
    "almost never", "provided that", "advance planning", "ask the question",
    "could possibly", "may possibly",
}

# Clear wins, warning whatever the default would be.
STRONG = {
    # single words that are almost always better replaced
    "utilize", "utilise", "utilization", "utilisation", "commence", "ascertain",
    "remuneration", "heretofore", "herewith", "inasmuch", "endeavour", "effectuate",
    # multi-word phrases the brief and the sources agree on
    "in order to", "the majority of", "a majority of", "a variety of", "a number of",
    "a large number of", "a large majority of", "make use of", "take into consideration",
    "take into account", "due to the fact that", "because of the fact that",
    "despite the fact that", "in spite of the fact that", "in light of the fact that",
    "owing to the fact that", "based on the fact that", "at the present time",
    "at this point in time", "in the near future", "in the very near future",
    "until such time as", "in an effort to", "has the ability to", "prior to",
    "previous to", "subsequent to", "in the event that", "with regard to", "in regard to",
    "with reference to", "pursuant to", "in accordance with", "for the purpose of",
    "in order for", "in order that", "an adequate number of", "an appreciable number of",
    "sufficient number of", "as a means to", "as of yet", "each and every",
    "first and foremost", "any and all", "refer back", "this day and age", "in lieu of",
    "on a regular basis", "in a careful manner", "in a thoughtful manner",
    "in a hasty manner", "with respect to", "in view of the above",
}

# proselint redundancies that are clear enough for the default set.
PROMOTE = {
    "absolutely essential", "absolutely necessary", "added bonus", "advance planning",
    "advance warning", "advance reservations", "basic fundamentals", "completely eliminate",
    "entirely eliminate", "eliminate altogether", "eradicate completely", "final conclusion",
    "final outcome", "final end", "free gift", "future plans", "future plan",
    "new innovation", "new invention", "past history", "repeat again", "return back",
    "revert back", "reply back", "regress back", "retreat back", "recur again",
    "true facts", "actual facts", "unexpected surprise", "atm machine", "pin number",
    "hiv virus", "lcd display", "gps system", "gui interface", "isbn number", "pdf format",
    "upc codes", "abs braking system", "cd disc", "consensus of opinion",
    "general consensus of opinion", "during the course of", "reason is because",
    "mutual cooperation", "joint collaboration", "collaborate together", "combine together",
    "connect together", "merge together", "merged together", "fuse together",
    "integrate together", "assemble together", "attach together", "cooperate together",
    "sufficient enough", "adequate enough", "few in number", "ten in number",
    "tall in height", "round in shape", "rectangular in shape", "visible to the eye",
    "audible to the ear", "brief in duration", "in actual fact", "postpone until later",
    "put off until later", "plan in advance", "warn in advance", "unfilled vacancy",
    "future recurrence", "first time ever", "never at any time", "twelve noon", "12 noon",
    "12 o'clock noon", "twelve midnight", "still persists", "continue to remain",
    "proceed ahead", "previously listed above", "exact replica", "duplicate copy",
    "former veteran", "armed gunman", "armed gunmen", "frozen ice", "old adage",
    "old proverb", "old cliche", "overused cliche", "completely destroyed",
    "totally destroy", "completely filled", "completely full", "filled to capacity",
    "full to capacity", "sworn affidavit", "free gratis", "free and gratis",
    "still continues to", "mutually contradictory", "new recruit", "potable drinking water",
    "annual anniversary", "ask the question", "descend down", "ascend up", "could possibly",
    "may possibly", "now currently", "now pending", "over exaggerate", "manually by hand",
    "same identical", "exact opposite", "exact opposites", "estimated at about",
    "estimated at approximately", "estimated at around", "approximately about",
    "knowledgeable experts", "surrounded on all sides", "while at the same time",
    "introduced for the first time", "repeat the same", "repeated the same",
    "number of different", "in a state of confusion", "in a confused state",
}


@dataclass
class Row:
    phrase: str
    replacements: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    severity: str | None = None  # fixed by an existing row
    note: str = ""
    existing: bool = False


# --------------------------------------------------------------------------- regex keys

def expand(pattern: str) -> list[str] | None:
    """Expand a regex that only uses literal text, (?:a|b), (a|b), and optional groups."""
    if re.search(r"[\\\[\]{}*+.^$]|\(\?[!=<]", pattern):
        return None
    match = re.search(r"\((?:\?:)?([^()]*)\)(\?)?", pattern)
    if not match:
        return [pattern] if "(" not in pattern and ")" not in pattern and "?" not in pattern \
            and "|" not in pattern else None
    options = match.group(1).split("|")
    if match.group(2):
        options.append("")
    out: list[str] = []
    for option in options:
        expanded = expand(pattern[: match.start()] + option + pattern[match.end() :])
        if expanded is None:
            return None
        out.extend(expanded)
    return list(dict.fromkeys(" ".join(o.split()) for o in out))


def clean_replacements(text: str) -> list[str]:
    out = []
    for option in re.split(r"\||\s+/\s+", text):
        option = " ".join(option.replace("\u2019", "'").split()).strip(" .")
        if not option or "(" in option or ")" in option or "…" in option or "..." in option:
            continue
        if "_" in option or "\\" in option:
            continue
        out.append(option)
    return out


# --------------------------------------------------------------------------- build

# Rows another engineer wrote into plain.tsv before this script existed (as of commit
# b03f247): always kept, with their replacements; golden samples rely on them ("a variety
# of" has one replacement so that `fix` applies it).
STARTER = {
    "a variety of": ("various", "warning", "plainlanguage-gov"),
    "an amount of": ("a number of", "warning", "editor"),
    "as well as": ("and", "warning", "plainlanguage-gov"),
    "considering that": ("because", "warning", "editor"),
    "hardly ever": ("rarely", "warning", "editor"),
    "in order to": ("to", "warning", "plainlanguage-gov"),
    "make an effort to": ("try to", "warning", "editor"),
    "make use of": ("use", "warning", "plainlanguage-gov"),
    "take into consideration": ("consider", "warning", "plainlanguage-gov"),
    "the majority of": ("most", "warning", "plainlanguage-gov"),
    "utilize": ("use", "warning", "plainlanguage-gov"),
    "various other": ("other", "warning", "editor"),
}


def load_rows(data: Path, existing: list[Entry], log: Log) -> dict[str, Row]:
    """Rows written by hand (source `editor`, or STARTER) and rows from the sources."""
    rows: dict[str, Row] = {}
    for phrase, (replacements, severity, source) in STARTER.items():
        rows[phrase] = Row(phrase, replacements.split("|"), [source], {"existing"}, severity,
                           "", True)
    for e in existing:
        if e.source != "editor" or e.phrase in STARTER:
            continue  # generated by this script last time: generated again below
        rows[e.phrase] = Row(e.phrase, e.replacements.split("|") if e.replacements else [],
                             [e.source], {"existing"}, e.severity, e.note, True)
    for filename, source, kind in SOURCES:
        path = data / filename
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            key, replacement, provenance = ([*line.split("\t"), "", ""])[:3]
            if kind == "proselint" and not PROSELINT_CHECKS.search(provenance):
                continue
            keys = expand(key.strip()) if re.search(r"[()?\\|]", key) else [key.strip()]
            if keys is None:
                log.add("skip: regular expression key", key)
                continue
            for raw in keys:
                phrase = normalize(raw)
                if not is_normal(phrase):
                    log.add("skip: key not in normal form", raw)
                    continue
                replacements = clean_replacements(replacement)
                row = rows.setdefault(phrase, Row(phrase))
                row.replacements += [r for r in replacements if r not in row.replacements]
                if source not in row.sources:
                    row.sources.append(source)
                row.kinds.add(kind)
    return rows



def build(data: Path, glossary_dir: Path, log: Log, engine: str) -> list[Entry]:
    out_path = glossary_dir / OUT_NAME
    existing = read_glossary(out_path) if out_path.exists() else []
    rows = load_rows(data, existing, log)

    write_good = set()
    for line in (data / "write_good_too_wordy_flags.tsv").read_text(encoding="utf-8").splitlines():
        key = normalize(line.split("\t")[0])
        if is_normal(key):
            write_good.add(key)

    others = read_other_glossaries(glossary_dir, OUT_NAME)
    other_phrases = {e.phrase for e in others}

    for phrase in sorted(rows):
        row = rows[phrase]
        if phrase in other_phrases:
            log.add("drop: phrase already in another glossary file", phrase)
            del rows[phrase]
            continue
        if row.existing:
            continue
        words = phrase.split()
        if phrase in SKIP:
            log.add("skip: SKIP list", phrase)
            del rows[phrase]
            continue
        if len(words) == 1 and phrase not in STRONG and wordfreq.zipf_frequency(
            phrase, "en"
        ) >= 5.0:
            log.add("skip: very common single word", phrase)
            del rows[phrase]
            continue
        if len(words) == 1 and not is_lemma(phrase):
            # the engine matches every form of a single word's lemma: "concerning" would
            # flag "concerned", "accorded" would flag "according"
            log.add("skip: single word that is an inflected form", phrase)
            del rows[phrase]
            continue
        if phrase in REPLACE:
            row.replacements = REPLACE[phrase].split("|")
        bad = BAD.get(phrase, set())
        row.replacements = [r for r in row.replacements if r not in bad and "*" not in bad]
        row.replacements = [r for r in row.replacements if normalize(r) != phrase]
        if not row.replacements:
            log.add("skip: no usable replacement", phrase)
            del rows[phrase]
            continue
        if phrase in STRONG:
            row.severity = "warning"
        elif phrase in WEAK:
            row.severity = "info"
        elif row.kinds == {"proselint"}:
            row.severity = "warning" if phrase in PROMOTE else "info"
        elif len(words) == 1:
            row.severity = "info"
        else:
            row.severity = "warning"

    # a single word inside a tortured.tsv replacement (correct text there) is left out
    tortured = [e for e in others if e.file == "tortured.tsv"]
    singles = [to_entry(r, write_good) for r in rows.values()
               if " " not in r.phrase and not r.existing]
    if tortured and singles:
        scanner = make_engine(singles, engine)
        used: collections.Counter[str] = collections.Counter()
        for e in tortured:
            for rep in e.replacements.split("|"):
                for hit in scanner.hits(rep, markdown=False, severity="info"):
                    used[hit.entry.phrase] += 1
        for phrase, count in sorted(used.items()):
            log.add("drop: single word used in tortured.tsv replacements",
                    f"{phrase} ({count} replacements)")
            del rows[phrase]

    # a weak single word (info) that flags another row's replacement gives way to that row:
    # "completely eliminate" -> "eliminate" is worth more than "eliminate" -> "cut"
    weak_singles = [to_entry(r, write_good) for r in rows.values()
                    if " " not in r.phrase and r.severity == "info" and not r.existing]
    scanner = make_engine(weak_singles, engine)
    for phrase in sorted(rows):
        if phrase not in rows:
            continue
        for rep in rows[phrase].replacements:
            for hit in scanner.hits(rep, markdown=False, severity="info"):
                if hit.entry.phrase in rows and hit.entry.phrase != phrase:
                    log.add("drop: weak single word flags another row's replacement",
                            f"{hit.entry.phrase} (in {phrase} -> {rep})")
                    del rows[hit.entry.phrase]

    # consistency: no replacement may be flagged by the whole glossary
    drop_flagged_replacements(rows, lambda r: to_entry(r, write_good), others, engine, log)
    return [to_entry(r, write_good) for r in rows.values()]


def is_lemma(word: str) -> bool:
    """True when lemminflect knows no lemma for `word` other than itself."""
    from lemminflect import getAllLemmas

    lemmas = {lemma for forms in getAllLemmas(word).values() for lemma in forms}
    return not lemmas or word in lemmas


def to_entry(row: Row, write_good: set[str]) -> Entry:
    sources = [s for s in row.sources]
    if row.phrase in write_good and "write-good" not in sources:
        sources.append("write-good")
    note = row.note
    if not row.existing and len(sources) > 1:
        note = "also " + ", ".join(sources[1:])
    return Entry(row.phrase, "plain", "|".join(row.replacements[:4]),
                 row.severity or "info", sources[0], note)


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared data/plain folder")
    parser.add_argument("--glossary-dir", type=Path, default=root / "glossary")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--report", type=Path, help="write every skip/drop here")
    parser.add_argument("--engine", default="auto", choices=["auto", "rewrite", "scratch"])
    args = parser.parse_args(argv)
    log = Log()
    entries = build(args.data, args.glossary_dir, log, args.engine)
    out = args.out or args.glossary_dir / OUT_NAME
    return finish_build(out, entries, log, args.report)


if __name__ == "__main__":
    sys.exit(main())
