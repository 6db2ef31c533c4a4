#!/usr/bin/env python3
"""Scratch precision check for glossary/spinner.tsv on clean corpora.

Every hit on clean, edited prose is a probable false positive.  Matching approximates the
engine: case-insensitive token n-grams (tokens `[a-z0-9]+(?:['-][a-z0-9]+)*`, punctuation
ignored, so matches may cross commas: conservative), the first word of a phrase in its verb
forms and the last word in its plural (lemminflect), leftmost-longest over all glossary files
given, with `allow` rows shadowing what they contain.

Usage:
    python scripts/measure_spinner_hits.py [--glossary glossary/spinner.tsv ...]
        [--also glossary/other.tsv ...] [--top 40] CORPUS_DIR ...
Prints words, hits by severity, error+warning hits per 10,000 words, and the top entries.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

TOKEN_RE = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def verb_forms(word: str) -> set[str]:
    from lemminflect import getAllInflections

    forms = {word}
    for vals in getAllInflections(word, upos="VERB").values():
        forms.update(vals)
    return forms


def noun_forms(word: str) -> set[str]:
    from lemminflect import getInflection

    return {word, *(getInflection(word, "NNS") or ())}


def variants(phrase: str) -> set[tuple[str, ...]]:
    toks = phrase.split()
    if len(toks) == 1:
        return {(f,) for f in verb_forms(toks[0]) | noun_forms(toks[0])}
    return {
        (f, *toks[1:-1], last) for f in verb_forms(toks[0]) for last in noun_forms(toks[-1])
    }


def load(paths: list[str], own: set[str]) -> list[dict]:
    rows = []
    for p in paths:
        with open(p, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                r["file"] = p
                r["own"] = p in own
                rows.append(r)
    return rows


def build_index(rows):
    index: dict[str, dict[tuple, dict]] = defaultdict(dict)  # first token -> variant -> row
    explicit = {r["phrase"] for r in rows}
    for r in rows:
        for v in variants(r["phrase"]):
            key = " ".join(v)
            if key != r["phrase"] and key in explicit:
                continue  # explicit rows win over automatic inflections
            index[v[0]].setdefault(v, r)
    maxlen = max((len(v) for d in index.values() for v in d), default=1)
    return index, maxlen


def iter_files(paths):
    for p in paths:
        path = Path(p)
        if path.is_file():
            yield path
            continue
        for root, _d, files in os.walk(path):
            for name in sorted(files):
                if name.endswith((".md", ".markdown", ".txt")):
                    yield Path(root) / name


def scan(tokens, index, maxlen):
    i, n = 0, len(tokens)
    while i < n:
        cand = index.get(tokens[i])
        best = None
        if cand:
            for L in range(min(maxlen, n - i), 0, -1):
                r = cand.get(tuple(tokens[i : i + L]))
                if r is not None:
                    best = (L, r)
                    break
        if best:
            yield i, best[0], best[1]
            i += best[0]
        else:
            i += 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--glossary", nargs="+", default=["glossary/spinner.tsv"])
    ap.add_argument("--also", nargs="*", default=[], help="other glossary files (for shadowing)")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--contexts", type=int, default=0, help="print N contexts per top entry")
    args = ap.parse_args(argv)

    rows = load(args.glossary + args.also, set(args.glossary))
    index, maxlen = build_index(rows)
    words = 0
    hits: Counter = Counter()
    ctx: dict[str, list[str]] = defaultdict(list)
    by_row = {}
    for f in iter_files(args.corpora):
        text = f.read_text(encoding="utf-8", errors="replace").lower().replace("\u2019", "'")
        toks = TOKEN_RE.findall(text)
        words += len(text.split())
        for i, L, r in scan(toks, index, maxlen):
            if not r["own"] or r["category"] == "allow":
                continue
            hits[r["phrase"]] += 1
            by_row[r["phrase"]] = r
            if len(ctx[r["phrase"]]) < args.contexts:
                ctx[r["phrase"]].append(
                    f"{f.name}: ..." + " ".join(toks[max(0, i - 8) : i + L + 8]) + "..."
                )
    sev = Counter()
    for p, c in hits.items():
        sev[by_row[p]["severity"]] += c
    default = sev["error"] + sev["warning"]
    print(f"words (wc -w): {words:,}")
    print("hits by severity: " + ", ".join(f"{k}={v}" for k, v in sorted(sev.items())))
    print(f"error+warning hits: {default} = {default / words * 1e4:.3f} per 10,000 words")
    print(f"distinct entries firing: {len(hits)}")
    for p, c in hits.most_common(args.top):
        r = by_row[p]
        print(f"{c:5d}  {r['severity']:7s}  {p} -> {r['replacements']}")
        for line in ctx[p]:
            print("         " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
