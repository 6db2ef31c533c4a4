#!/usr/bin/env python3
"""How many of the seed's substitutions could discovery find at all? (glossary off)

    python scripts/discover_ceiling.py /work/shared [--arpa en-us.arpa]

Issue 8 asks for "most" of the seed's 92 substitution marks found with the glossary off,
at no more than 2 discovered findings per 10,000 clean words. This script measures the
ceiling of each signal, with no confidence floor at all, so that no threshold or
document-level boost could do better than what it prints:

1. shipped data: every thesaurus-swap candidate `rewrite.discover` can make (its
   `MIN_CONFIDENCE` set to 0), every stutter, and every word of the `[rare]` table
   whatever the run around it.
2. with `--arpa FILE` (bigrams) and `--trigram` (pocketsphinx's own model, all n-grams):
   a word-in-context test with a real language model. For each prose
   word that has a synonym in the shipped `origins` table (weight >= 0.9), the gain in
   association (log10 P(w | previous) - log10 P(w), and the same with the next word;
   ARPA backoff for unseen bigrams) from putting the synonym back. A mark counts as found
   at a threshold when a word inside it gains at least that much; the same test on the
   clean corpora's test half gives the false findings per 10,000 words.

The language model measured (bench/README-discover.md) is CMU's US English model shipped
in the `pocketsphinx` wheel (72,547 words, 2,051,547 bigrams), written out as ARPA with
`pocketsphinx.NGramModel(Config(), LogMath(), path).write(out, NGramModel.str_to_type("arpa"))`;
pocketsphinx 5.1.1 crashes while writing the trigram section, after the bigrams, which
are all this script reads.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests")]

from build_discover_data import corpus_files, corpus_split  # noqa: E402
from evaluate_discover import is_deletion, prose_words  # noqa: E402
from marks import Mark, load_marks  # type: ignore[import-not-found]  # noqa: E402

import rewrite.discover as discover_module  # noqa: E402
from rewrite.document import parse  # noqa: E402

THRESHOLDS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
UNKNOWN = -7.0  # log10 probability of a word the model does not know
# two words join into a phrase as discovery has it: white space, at most one line break
_joins_phrase = discover_module._joinable
_TOKEN = re.compile(r"([A-Za-z]+(?:['’][A-Za-z]+)*)([^A-Za-z]*)")

Span = tuple[int, int]


def found_by(marks: list[Mark], spans: list[Span]) -> int:
    return sum(any(s < m.end and m.start < e for s, e in spans) for m in marks)


def shipped_spans(text: str) -> dict[str, list[Span]]:
    """Every candidate the shipped data can make, by tell, with no confidence floor."""
    data = discover_module.load_data()
    floor = discover_module.MIN_CONFIDENCE
    discover_module.MIN_CONFIDENCE = 0.0
    try:
        findings = discover_module.discover(parse(text, markdown=False))
    finally:
        discover_module.MIN_CONFIDENCE = floor
    spans: dict[str, list[Span]] = {}
    for f in findings:
        spans.setdefault(f.rule.split("/")[1], []).append((f.start, f.end))
    spans["rare word, any run"] = [(m.start(), m.end()) for m in re.finditer(r"[\w'’-]+", text)
                                   if m.group().lower() in data.rare]
    return spans


class Model:
    """Unigram log10 probabilities and backoffs, and bigram log10 probabilities."""

    def __init__(self, arpa: Path) -> None:
        self.unigrams: dict[str, tuple[float, float]] = {}
        self.bigrams: dict[tuple[str, str], float] = {}
        section = ""
        with arpa.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if line.startswith("\\"):
                    section = line.strip()
                    continue
                parts = line.rstrip("\n").split("\t")
                if section == "\\1-grams:" and len(parts) >= 2:
                    backoff = float(parts[2]) if len(parts) > 2 else 0.0
                    self.unigrams[parts[1]] = (float(parts[0]), backoff)
                elif section == "\\2-grams:" and len(parts) >= 3:
                    self.bigrams[(parts[1], parts[2])] = float(parts[0])
                elif section.startswith("\\3-grams"):
                    break

    def prob(self, word: str) -> float:
        return self.unigrams.get(word, (UNKNOWN, 0.0))[0]

    def association(self, first: str, second: str) -> float:
        """log10 P(second | first) - log10 P(second), with ARPA backoff."""
        found = self.bigrams.get((first, second))
        if found is None:
            return self.unigrams.get(first, (0.0, 0.0))[1]
        return found - self.prob(second)

    def fit(self, word: str, before: str | None, after: str | None) -> float:
        return ((self.association(before, word) if before else 0.0)
                + (self.association(word, after) if after else 0.0))


Gains = Callable[[str], Iterator[tuple[int, int, float]]]


def _tokens(text: str) -> list[tuple[str, int, int, str]]:
    return [(m.group(1).lower().replace("’", "'"), m.start(1), m.end(1), m.group(2))
            for m in _TOKEN.finditer(text)]


def _synonyms(word: str, known: Callable[[str], bool]) -> list[str]:
    origins = discover_module.load_data().origins
    return [s for s, weight in origins.get(word, {}).items() if weight >= 0.9 and known(s)]


def bigram_gains(model: Model) -> Gains:
    """(start, end, best gain) of each word that has a close synonym in the shipped data,
    with the bigram model: association with the previous and the next word."""
    def gains(text: str) -> Iterator[tuple[int, int, float]]:
        tokens = _tokens(text)
        for i, (word, start, end, gap) in enumerate(tokens):
            before = tokens[i - 1][0] if i and _joins_phrase(tokens[i - 1][3]) else None
            after = tokens[i + 1][0] if i + 1 < len(tokens) and _joins_phrase(gap) else None
            synonyms = _synonyms(word, model.unigrams.__contains__)
            if synonyms and (before or after):
                here = model.fit(word, before, after)
                yield start, end, max(model.fit(s, before, after) - here for s in synonyms)
    return gains


def trigram_gains() -> Gains:
    """The same with the whole trigram model through pocketsphinx (`pip install
    pocketsphinx`): log10 P of the word and the two after it, each given the two words
    before, minus log10 P(word), in a window of up to two words either side."""
    import pocketsphinx  # type: ignore[import-not-found]

    path = str(Path(pocketsphinx.get_model_path()) / "en-us" / "en-us.lm.bin")
    lm = pocketsphinx.NGramModel(pocketsphinx.Config(), pocketsphinx.LogMath(), path)
    scale = 1e-4 / math.log(10)  # the model's log base 1.0001 -> log10

    def logp(word: str, history: list[str]) -> float:
        return float(lm.prob([word, *history[::-1][:2]])) * scale

    def score(words: list[str], at: int) -> float:
        return (sum(logp(words[j], words[max(0, j - 2) : j]) for j in range(at, len(words)))
                - logp(words[at], []))

    def gains(text: str) -> Iterator[tuple[int, int, float]]:
        tokens = _tokens(text)
        for i, (word, start, end, _) in enumerate(tokens):
            synonyms = _synonyms(word, lambda s: logp(s, []) > -9)
            low, high = i, i
            while low > 0 and i - low < 2 and _joins_phrase(tokens[low - 1][3]):
                low -= 1
            while high + 1 < len(tokens) and high - i < 2 and _joins_phrase(tokens[high][3]):
                high += 1
            if synonyms and high > low:
                words, at = [t[0] for t in tokens[low : high + 1]], i - low
                here = score(words, at)
                yield start, end, max(score([*words[:at], s, *words[at + 1 :]], at) - here
                                      for s in synonyms)
    return gains


def clean_rate(shared: Path, gains_of: Gains) -> tuple[dict[float, float], dict[float, float]]:
    """Words gaining at least each threshold, per 10,000 words of the clean test half; and
    the densest clean document of 150 words or more (such words per 100 words): a
    document-level gate would have to put spun text above it."""
    root = shared / "corpora"
    words, hits = 0, dict.fromkeys(THRESHOLDS, 0)
    densest = dict.fromkeys(THRESHOLDS, 0.0)
    for path in corpus_files(root):
        if corpus_split(path, root) != "test":
            continue
        doc = parse(path.read_text(encoding="utf-8", errors="replace"), markdown=True)
        count = prose_words(doc)
        words += count
        gains = [gain for span in doc.prose
                 for _, _, gain in gains_of(doc.text[span.start : span.end])]
        for threshold in THRESHOLDS:
            here = sum(gain >= threshold for gain in gains)
            hits[threshold] += here
            if count >= 150:
                densest[threshold] = max(densest[threshold], 100 * here / count)
    return {t: 10_000 * n / words for t, n in hits.items()}, densest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Ceiling of discovery on the seed.")
    parser.add_argument("shared", type=Path, help="the shared folder (seed/, corpora/)")
    parser.add_argument("--arpa", type=Path, help="an ARPA language model (see the docstring)")
    parser.add_argument("--trigram", action="store_true",
                        help="also the trigram test, with pocketsphinx installed")
    args = parser.parse_args(argv)
    text = (args.shared / "seed" / "botox.txt").read_text(encoding="utf-8")
    marks = load_marks(text, ROOT / "samples" / "botox.marks.tsv")
    subs = [m for m in marks if not is_deletion(text[m.start : m.end], m.replacement)]
    print(f"seed substitution marks: {len(subs)}; 'most' is {len(subs) // 2 + 1}")
    spans = shipped_spans(text)
    for tell, found in sorted(spans.items()):
        print(f"shipped data, {tell}: {found_by(subs, found)} marks have a candidate")
    union = [s for found in spans.values() for s in found]
    print(f"shipped data, any tell: {found_by(subs, union)} marks have a candidate")
    models: list[tuple[str, Gains]] = []
    if args.arpa:
        models.append(("bigram model", bigram_gains(Model(args.arpa))))
    if args.trigram:
        models.append(("trigram model", trigram_gains()))
    words = prose_words(parse(text, markdown=False))
    for name, gains_of in models:
        gains = list(gains_of(text))
        rates, densest = clean_rate(args.shared, gains_of)
        for threshold in THRESHOLDS:
            found = [(s, e) for s, e, gain in gains if gain >= threshold]
            both = found_by(subs, found + union)
            print(f"{name}, gain >= {threshold}: {found_by(subs, found)} marks "
                  f"({both} with the shipped candidates); clean test half "
                  f"{rates[threshold]:.1f} per 10,000 words; per 100 words, seed "
                  f"{100 * len(found) / words:.1f}, densest clean document "
                  f"{densest[threshold]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
