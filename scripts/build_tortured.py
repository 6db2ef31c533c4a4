#!/usr/bin/env python3
"""Build glossary/tortured.tsv from the Problematic Paper Screener pairs.

Usage:
    python scripts/build_tortured.py ../shared/data/tortured [--corpora ../shared/corpora]
        [--glossary-dir glossary] [--out glossary/tortured.tsv] [--wordnet /usr/share/wordnet]
        [--report build_tortured.log]

Input: DATA/pairs.tsv (`tortured<TAB>expected<TAB>source`). pairs_lowconfidence.tsv and
pairs_noexpected.tsv are not used (see glossary/README.md).

Steps (every dropped or demoted row is counted, and listed with --report):
1. phrase: lowercase, ASCII apostrophe; a trailing acronym in parentheses is removed
   ("artificial data (ai)" -> "artificial data": the acronym stays in the text);
   rows that are still not in normal form (other punctuation, "0.33", "128~5") are dropped.
2. expected -> replacements: editors' notes are removed ("(?)", "[...]", "(svm)",
   "(as in ...)"), "a / b" and "a/b" alternatives become several replacements, rows
   whose expected value is an explanation ("see https://...", "???") are dropped,
   acronyms and proper names get their usual capitals ("AI", "IoT", "Gaussian").
3. base form: a plural last word is made singular in the phrase and in its replacements
   (the engine inflects it back); rows that become equal are merged.
4. legitimate terms: a phrase that is itself correct text somewhere is dropped or demoted:
   dropped when it occurs inside another entry's replacement (the data itself uses it as
   correct English); demoted to `info` when it is a WordNet lemma, appears in the clean
   corpora, is listed in LEGITIMATE below, or is a single word.
5. severity: `error` for multi-word phrases from 3+ redistributions that are not two very
   common words; `warning` for the rest; `info` for the demoted.
6. consistency with the whole glossary: a replacement that any glossary phrase (any file,
   with automatic inflection) would flag is removed, a row left without replacement is
   dropped; phrases already present in another glossary file are dropped.
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
from lemminflect import getLemma
from measure_corpus_hits import (
    Entry,
    Log,
    drop_flagged_replacements,
    finish_build,
    is_normal,
    make_engine,
    normalize,
    read_other_glossaries,
    tokens_of,
    variants,
)

from rewrite.inflect import variants as engine_variants

OUT_NAME = "tortured.tsv"

# --------------------------------------------------------------------------- judgement lists

# Phrases that are legitimate terms in some field or ordinary English, found by reading the
# candidates that the automatic checks flag as suspicious (two common words, corpus hits,
# WordNet) and the known traps in data/README.md. Demoted to info, never dropped: they
# are still worth showing on request in a paper suspected of spinning.
LEGITIMATE = {
    # data/README.md known traps
    "neural organization", "malignant growth", "surface region", "k-closest neighbor",
    "feedback processing",
    # single words and hyphenated compounds that are ordinary English
    "transient", "bosom", "pre-prepared", "non-direct", "post-handling", "pre-handling",
    "high-goal", "low-goal", "up-and-corner", "autumn-out", "prosciutto", "digger", "ruinous",
    "thimbleful", "earthmover", "over-communicated", "cross-endorsement", "deep-fetched",
    "ultra-tidy", "non-concurrently", "second-age", "fourth-age", "fifth-age",
    # two or three common words that make an ordinary English phrase or a term of another
    # field (judged by reading every multi-word row whose words are all common)
    "business knowledge", "choice table", "solitary day", "human services",
    "medical services", "social insurance", "actually occur", "call tree", "chief part",
    "community security", "data board", "domestic output", "driving reason", "elderly folk",
    "european association", "excess oxygen", "financial board", "functional house",
    "general professional", "green money", "harmony treaty", "immediate current",
    "increased commerce", "indirect change", "individual number", "information growth",
    "intellectual science", "internet learning", "market effectiveness", "medical expertise",
    "maximum probability", "moving normal", "network safety", "positive society",
    "principal quarter", "professional system", "project memory", "quality regulation",
    "radio wire", "short blast", "social database", "sound individual", "standard mistake",
    "study database", "unique mark", "working framework", "voice design", "traffic design",
    "text arrangement", "test arrangement", "reference arrangement", "cooling framework",
    "executive framework", "master framework", "product server", "movement business",
    "oil rental", "liberal discussion", "limited motivation", "social architect",
    "monetary development", "monetary emergency", "money-related decision",
    "digital machine", "digital promoting", "thin movie", "thick wood", "covered layer",
    "buried layer", "secret layer", "mystery key", "energy effectiveness", "ethnic gathering",
    "fundamental gathering", "heat move", "natural corruption", "safe reaction",
    "patient gathering", "examination drive", "lucky warning", "resistance framework",
    "organization traffic", "selection making", "new crown", "hard crown", "creation expense",
    "modern creation", "present-day nation", "quality drive", "supply cloth",
    "universal exchange", "warm exchange", "warm camera", "warm image", "warm picture",
    "wild issue", "electronic thinking", "global diary", "worldwide diary", "green item",
    "fresh set", "big fact", "brilliant ball", "over becoming", "optical person",
    "objective language", "direct programming", "interest fashion", "remarkable word",
    "stage pay", "straight technique", "random wood", "voice arrangement",
    "picture arrangement", "records arrangement", "programming climate", "sexual direction",
    "reaction pace", "rate focus", "table pursuit", "substantial metal", "choice boundary",
    "worker breakdown", "digital danger", "financial guess", "money-related security",
    "money-related strategy", "monetary exercise", "information mining", "frame temperature",
    "void tank", "dark out", "savage power", "square mistake", "hit fee", "miss fee",
    "profession formation", "partial administrator", "middle filter", "fit file",
    "voice flag", "hand flag", "sound flag",
    "an expanding pattern", "citizens participate with the administration",
    "checking the vote", "forecast and arrangement", "local and worldwide representation",
    "new bits of knowledge", "planning and testing", "preparing and approval",
    "rejected from the examination", "transactions are unknown", "under this audit",
    "tune in to client", "flight of stairs impact", "gathering of eight",
    "global gathering on", "worldwide meeting on", "worldwide gathering on",
    "investigation of change", "examination of change", "examination of difference",
    "investigation of difference", "trust the board", "trust the executive",
    "plan of the trial", "choice of tree", "a given gift", "into the combination",
    "nature of administration", "information distribution center", "low pay level",
    "higher pay level", "pay and exchange", "medical aid management",
    "world financial discussion", "communication with natural material", "small scale creature",
    "spots of location", "people against machine", "put away in the cloud",
    "accuracy and review", "public key framework", "mouse and console", "individuals kick the bucket",
    "individuals kicked the bucket", "individuals bite the dust", "total national production",
    "proof of idea", "isolated into two gathering", "no critical contrast",
    # fired on the clean corpora and judged ordinary English there (bench/README-glossary.md);
    # listed so the demotion does not depend on the matcher version
    "shared data", "coworker", "education data", "international organization",
    "innovative work", "test technique", "seen value", "just go for it", "jumble",
    "brief highlight", "data and innovation", "include guide", "feeling analysis",
    "web protocol", "supply route", "place of interest", "feeling location",
    "external change", "digital reality", "content arrangement", "preparing design",
    "question set", "photo popularity",
}

# Token spellings in replacements (lowercase in the data) and how they are written.
CASED = {
    "ai": "AI", "iot": "IoT", "qos": "QoS", "dos": "DoS", "ddos": "DDoS", "5g": "5G",
    "4g": "4G", "3g": "3G", "6g": "6G", "2g": "2G", "1d": "1D", "2d": "2D", "3d": "3D",
    "4d": "4D", "khz": "kHz", "mhz": "MHz", "ghz": "GHz", "thz": "THz", "hz": "Hz", "mb": "MB",
    "gb": "GB", "kb": "KB", "tb": "TB", "wi-fi": "Wi-Fi", "wifi": "WiFi",
    "covid-19": "COVID-19", "covid": "COVID", "sars-cov-2": "SARS-CoV-2", "sars": "SARS",
    "mers": "MERS", "relu": "ReLU", "adaboost": "AdaBoost", "xgboost": "XGBoost",
    "lidar": "LiDAR", "mapreduce": "MapReduce", "hadoop": "Hadoop", "python": "Python",
    "matlab": "MATLAB", "java": "Java", "linux": "Linux", "ethereum": "Ethereum",
    "twitter": "Twitter", "facebook": "Facebook", "youtube": "YouTube", "google": "Google",
    "amazon": "Amazon", "microsoft": "Microsoft", "android": "Android", "ios": "iOS",
    "iphone": "iPhone", "bluetooth": "Bluetooth", "zigbee": "ZigBee", "lorawan": "LoRaWAN",
    "lora": "LoRa", "dna": "DNA", "rna": "RNA", "mrna": "mRNA", "mirna": "miRNA",
    "hiv": "HIV", "aids": "AIDS", "crispr": "CRISPR", "gaussian": "Gaussian", "bayes": "Bayes",
    "bayesian": "Bayesian", "markov": "Markov", "fourier": "Fourier", "euclidean": "Euclidean",
    "laplacian": "Laplacian", "laplace": "Laplace", "hessian": "Hessian",
    "jacobian": "Jacobian", "lyapunov": "Lyapunov", "kalman": "Kalman", "pareto": "Pareto",
    "poisson": "Poisson", "boltzmann": "Boltzmann", "weibull": "Weibull", "monte": "Monte",
    "carlo": "Carlo", "nash": "Nash", "turing": "Turing", "hilbert": "Hilbert",
    "riemann": "Riemann", "newton": "Newton", "newtonian": "Newtonian",
    "hamiltonian": "Hamiltonian", "lagrangian": "Lagrangian", "lagrange": "Lagrange",
    "gabor": "Gabor", "sobel": "Sobel", "hough": "Hough", "viterbi": "Viterbi",
    "huffman": "Huffman", "wiener": "Wiener", "butterworth": "Butterworth",
    "chebyshev": "Chebyshev", "hurst": "Hurst", "nyquist": "Nyquist", "shannon": "Shannon",
    "doppler": "Doppler", "raman": "Raman", "einstein": "Einstein", "english": "English",
    "chinese": "Chinese", "european": "European", "africa": "Africa", "african": "African",
    "asia": "Asia", "asian": "Asian", "america": "America", "american": "American",
    "europe": "Europe", "india": "India", "indian": "Indian", "china": "China",
    "japan": "Japan", "japanese": "Japanese", "arabic": "Arabic", "alzheimer's": "Alzheimer's",
    "parkinson's": "Parkinson's", "alzheimer": "Alzheimer", "parkinson": "Parkinson",
    "huntington's": "Huntington's", "crohn's": "Crohn's", "down's": "Down's",
    "pearson": "Pearson", "spearman": "Spearman", "kendall": "Kendall", "fisher": "Fisher",
    "student's": "Student's", "wilcoxon": "Wilcoxon", "kruskal-wallis": "Kruskal-Wallis",
    "mann-whitney": "Mann-Whitney", "levenberg-marquardt": "Levenberg-Marquardt",
    "runge-kutta": "Runge-Kutta", "navier-stokes": "Navier-Stokes", "box-jenkins": "Box-Jenkins",
    "dijkstra": "Dijkstra", "dijkstra's": "Dijkstra's", "bellman": "Bellman", "ford": "Ford",
    "hopfield": "Hopfield", "kohonen": "Kohonen", "hebbian": "Hebbian", "sugeno": "Sugeno",
    "mamdani": "Mamdani", "takagi-sugeno": "Takagi-Sugeno", "takagi": "Takagi",
    "tanimoto": "Tanimoto", "jaccard": "Jaccard", "hamming": "Hamming",
    "levenshtein": "Levenshtein", "manhattan": "Manhattan", "mahalanobis": "Mahalanobis",
    "minkowski": "Minkowski", "chebyshev's": "Chebyshev's", "cauchy": "Cauchy",
    "hénon": "Hénon", "lorenz": "Lorenz", "rössler": "Rössler", "henon": "Hénon",
    "cholesky": "Cholesky", "householder": "Householder", "krylov": "Krylov",
    "galerkin": "Galerkin", "dirichlet": "Dirichlet", "neumann": "Neumann", "von": "von",
    "kolmogorov": "Kolmogorov", "smirnov": "Smirnov", "kolmogorov-smirnov": "Kolmogorov-Smirnov",
    "hodgkin": "Hodgkin", "hodgkin's": "Hodgkin's", "gram": "gram", "gram-negative": "Gram-negative",
    "gram-positive": "Gram-positive", "petri": "Petri", "boolean": "Boolean",
    "darcy": "Darcy", "reynolds": "Reynolds", "nusselt": "Nusselt", "prandtl": "Prandtl",
    "arrhenius": "Arrhenius", "langmuir": "Langmuir", "freundlich": "Freundlich",
    "michaelis-menten": "Michaelis-Menten", "bragg": "Bragg", "planck": "Planck",
    "maxwell": "Maxwell", "coulomb": "Coulomb", "ohm's": "Ohm's", "kirchhoff's": "Kirchhoff's",
    "hooke's": "Hooke's", "young's": "Young's", "poisson's": "Poisson's",
    "bitcoin": "Bitcoin", "blu-ray": "Blu-ray", "web": "web", "internet": "internet",
    "yolo": "YOLO", "u-net": "U-Net", "resnet": "ResNet", "alexnet": "AlexNet",
    "googlenet": "GoogLeNet", "vgg": "VGG", "imagenet": "ImageNet", "word2vec": "word2vec",
    "tensorflow": "TensorFlow", "keras": "Keras", "pytorch": "PyTorch", "scikit-learn": "scikit-learn",
    "opencv": "OpenCV", "arduino": "Arduino", "raspberry": "Raspberry", "pi": "Pi",
    "ieee": "IEEE", "nist": "NIST", "who": "who",
}

# Acronyms (taken from "(xyz)" notes in the expected column) that are also ordinary words:
# never upper-cased.
ACRONYM_STOP = {"can", "led", "sat", "hog", "hmm", "ram", "dos", "map", "net", "art", "pit",
                "cat", "cart", "bag", "fit", "sir", "sis", "sum", "man", "set", "age", "arm",
                "bat", "car", "cab", "eve", "gap", "gel", "gem", "hat", "ion", "jar", "lab",
                "lap", "mice", "mode", "nod", "pad", "pet", "pin", "rap", "rat", "rip", "sad",
                "sea", "sip", "tag", "tan", "ton", "via", "war", "web", "ace", "aim", "ant",
                "bet", "bin", "bob", "cap", "cut", "dam", "dip", "dot", "ear", "fat", "fog",
                "gas", "gene", "hub", "ice", "ink", "key", "lid", "lie", "mac", "mass", "max",
                "mix", "nor", "oil", "pan", "pen", "pie", "pig", "pod", "pot", "ray", "rib",
                "rod", "rug", "saw", "sew", "ski", "soc", "soil", "spa", "spy", "tap", "tie",
                "tip", "toy", "van", "vat", "wag", "wit", "yam", "zip", "ama", "ann", "ids",
                "its", "one", "two", "all", "any", "are", "for", "has", "his", "how", "may",
                "new", "not", "now", "old", "our", "out", "own", "see", "she", "the", "too",
                "use", "was", "way", "who", "why", "yes", "you", "ms", "mr", "us", "it", "is",
                "in", "on", "or", "as", "at", "be", "by", "do", "go", "he", "if", "me", "my",
                "no", "of", "so", "to", "up", "we", "an", "am", "id", "ok"}

# "a/b" written with a slash that is one term, not two alternatives.
SLASH_TERMS = {"tcp/ip", "master/slave", "acid/base", "input/output", "i/o", "npv/ppv",
               "deficit/hyperactivity", "y/n", "as/rs", "on/off", "client/server"}

# Nouns that end in -s in the singular or have no singular (never "singularised").
INVARIANT = {"data", "news", "series", "species", "means", "physics", "mathematics",
             "economics", "statistics", "analytics", "genetics", "robotics", "ethics",
             "dynamics", "kinetics", "graphics", "electronics", "logistics", "optics",
             "mechanics", "diabetes", "lens", "gas", "bias", "status", "corpus", "virus",
             "chaos", "thesis", "analysis", "axis", "basis", "diagnosis", "synthesis",
             "prognosis", "process", "access", "class", "loss", "mass", "stress", "success",
             "progress", "address", "business", "wellness", "illness", "glass", "cross",
             "plus", "bus", "focus", "consensus", "campus", "census", "stimulus", "radius",
             "nucleus", "apparatus", "fetus", "sinus", "uterus", "tetanus", "pancreas",
             "atlas", "canvas", "alias", "iris", "pelvis", "tennis", "gps", "aids", "sars",
             "mers", "covid", "its", "this", "us", "yes", "across", "always", "perhaps",
             "whereas", "thus", "various", "previous", "numerous", "obvious", "serious",
             "anonymous", "continuous", "autonomous", "heterogeneous", "homogeneous",
             "nervous", "less", "unless", "regardless", "wireless", "headquarters",
             "crossroads", "outskirts", "goods", "clothes", "thanks", "surroundings",
             "earnings", "savings", "proceedings", "outdoors", "indoors", "towards",
             "afterwards", "backwards", "forwards", "upwards", "downwards", "sometimes",
             "nowadays", "besides", "alms", "arms", "customs", "premises", "lyrics"}

# An `expected` value that explains instead of giving the original text (checked after
# the notes in parentheses are removed); "??" marks a word the editors could not restore.
EXPLANATION = re.compile(
    r"https?://|pubpeer|\bsee\b|meaning unclear|paraphrased|\bthe words?\b|\?\?|"
    r"\bi\.e\.|\bfound in\b|\bunclear\b|^-$"
)

# Tortured phrases that another row's replacement wrongly uses as correct text (that
# replacement is removed instead of the phrase): "congested trees" -> "choice trees".
KNOWN_TORTURED = {"choice tree"}


# --------------------------------------------------------------------------- data classes

@dataclass
class Row:
    phrase: str
    replacements: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    originals: list[str] = field(default_factory=list)
    stripped_acronym: bool = False
    caveat: bool = False
    severity: str = "warning"
    notes: list[str] = field(default_factory=list)



# --------------------------------------------------------------------------- cleaning

PAREN = re.compile(r"\s*\(([^()]*)\)")
BRACKET = re.compile(r"\s*\[[^\[\]]*\]")


def collect_acronyms(expected_values: list[str]) -> set[str]:
    """Acronyms given in parentheses after a term whose initials they start with."""
    found: set[str] = set()
    for text in expected_values:
        for match in re.finditer(r"([a-z0-9][a-z0-9 \-]*?)\s*\(([a-z0-9][a-z0-9\-]{1,9})\)",
                                 text):
            words, acronym = match.group(1).split(), match.group(2)
            initials = [w[0] for w in words]
            if (acronym[0] in initials and acronym not in ACRONYM_STOP
                    and (wordfreq.zipf_frequency(acronym, "en") < 3.5 or acronym in CASED)):
                found.add(acronym)
    return found


def case_replacement(text: str, acronyms: set[str]) -> str:
    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if word in CASED:
            return CASED[word]
        if word in acronyms:
            return word.upper()
        if word.endswith("s") and word[:-1] in acronyms and len(word) > 3:
            return word[:-1].upper() + "s"  # "cnns" -> "CNNs"
        return word

    return re.sub(r"[a-z0-9]+(?:['-][a-z0-9]+)*", fix, text)


def split_slashes(text: str) -> list[str]:
    """'a / b' -> whole alternatives; 'x a/b y' -> 'x a y', 'x b y'; known terms kept."""
    if " / " in text or "/ " in text or " /" in text:
        parts = [p.strip() for p in re.split(r"\s*/\s+|\s+/\s*", text) if p.strip()]
        if len(parts) > 1:
            # "an incredible/ a staggering need": the shorter first part borrows the last word
            last_words = parts[-1].split()
            out = []
            for part in parts:
                if len(part.split()) < len(last_words) and part is not parts[-1]:
                    part = f"{part} {last_words[-1]}"
                out.extend(split_slashes(part))
            return out
    words = text.split()
    results = [[]]
    for word in words:
        if "/" in word and word.strip("/") and word not in SLASH_TERMS and not any(
            t in word for t in SLASH_TERMS
        ):
            options = [o for o in word.split("/") if o]
            results = [[*r, o] for r in results for o in options]
        else:
            results = [[*r, word] for r in results]
    return [" ".join(r) for r in results][:4]


def clean_expected(text: str) -> list[str] | None:
    """Turn an `expected` value into replacements; None when it is an explanation."""
    text = text.strip()
    if re.search(r"https?://|pubpeer|\?\?", text):
        return None
    text = re.sub(r"\s*\([^()]*$", "", text)  # an unclosed note: "nuclear medicine (nm"
    alternatives = re.split(r'"\s+or\s+"', text)
    out: list[str] = []
    for alt in alternatives:
        alt = alt.replace("\u00a0", " ")
        previous = None
        while previous != alt:  # innermost first, for nested notes
            previous = alt
            alt = PAREN.sub("", alt)
            alt = BRACKET.sub("", alt)
        if EXPLANATION.search(alt):
            continue
        alt = alt.replace('"', "").replace("*", "").replace("?", "")
        alt = re.sub(r"\s+([,.;:])", r"\1", alt)
        alt = " ".join(alt.split()).strip(" ,.;:-")
        if not alt or "(" in alt or ")" in alt or "[" in alt or "]" in alt:
            continue
        for option in split_slashes(alt):
            option = " ".join(option.split()).strip(" ,.;:-")
            if option and option not in out:
                out.append(option)
    return out or None


def clean_phrase(text: str) -> tuple[str | None, bool]:
    """Normal form of a tortured phrase, and whether a trailing "(acronym)" was removed."""
    text = normalize(text)
    stripped = False
    match = re.fullmatch(r"(.*\S)\s*\(([^()]*)\)", text)
    if match and re.fullmatch(r"[a-z0-9&\-/ ]{1,12}", match.group(2)):
        text, stripped = match.group(1), True
    return (text if is_normal(text) else None), stripped


# --------------------------------------------------------------------------- base forms

def singular(word: str) -> str | None:
    if word in INVARIANT or not re.fullmatch(r"[a-z]+s", word) or re.search(
        r"(ss|us|is|ics|ous)$", word
    ):
        return None  # hyphenated compounds ("pack-of-words") and "tom's" stay as they are
    lemma = getLemma(word, upos="NOUN")[0].lower()
    if lemma == word:
        return None
    if word in (lemma + "s", lemma + "es") or (
        lemma.endswith("y") and word == lemma[:-1] + "ies"
    ):
        return lemma
    return None


def last_alpha_index(words: list[str]) -> int | None:
    for i in range(len(words) - 1, -1, -1):
        if re.fullmatch(r"[a-z][a-z'-]*", words[i]):
            return i
    return None


def to_base_form(row: Row) -> None:
    words = row.phrase.split()
    single = singular(words[-1])
    if single:
        words[-1] = single
        row.phrase = " ".join(words)
    # the replacement follows the phrase's number only when the phrase's last word is an
    # ordinary noun form (not a compound like "pack-of-words")
    follows = bool(single) or re.fullmatch(r"[a-z]+", words[-1]) is not None
    new = []
    for rep in row.replacements:
        rwords = rep.split(" ")
        index = last_alpha_index(rwords)
        if follows and index is not None and index == len(rwords) - 1:
            rsingle = singular(rwords[index])
            if rsingle:
                rwords[index] = rsingle
        new.append(" ".join(rwords))
    row.replacements = list(dict.fromkeys(new))


# --------------------------------------------------------------------------- resources

def wordnet_lemmas(directory: Path) -> set[str]:
    lemmas: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        path = directory / f"index.{pos}"
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(" "):
                continue
            lemmas.add(line.split(" ", 1)[0].replace("_", " ").lower())
    return lemmas


def corpus_counts(corpora: Path, entries: list[Entry], engine: str) -> collections.Counter[str]:
    """How often each phrase fires on the clean corpora (leftmost-longest with the others)."""
    scanner = make_engine(entries, engine)
    counts: collections.Counter[str] = collections.Counter()
    for path in sorted(corpora.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for hit in scanner.hits(text, markdown=True, severity="info"):
            counts[hit.entry.phrase] += 1
    return counts


def ngrams_in(texts: list[str], max_len: int) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for text in texts:
        toks = tuple(tokens_of(text))
        for n in range(1, max_len + 1):
            for i in range(len(toks) - n + 1):
                grams.add(toks[i : i + n])
    return grams



# --------------------------------------------------------------------------- build

def build(data: Path, corpora: Path | None, glossary_dir: Path, wordnet: Path,
          log: Log, engine: str = "auto") -> list[Entry]:
    lines = (data / "pairs.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["tortured", "expected", "source"], lines[0]
    raw = [line.split("\t") for line in lines[1:] if line.strip()]
    acronyms = collect_acronyms([r[1] for r in raw])

    rows: dict[str, Row] = {}
    for tortured, expected, source in raw:
        phrase, stripped = clean_phrase(tortured)
        if phrase is None:
            log.add("drop: phrase not normalisable", tortured)
            continue
        replacements = clean_expected(expected)
        if replacements is None:
            log.add("drop: expected is an explanation, no replacement", f"{tortured} -> {expected}")
            continue
        replacements = [case_replacement(r, acronyms) for r in replacements]
        row = Row(phrase, replacements, stripped_acronym=stripped,
                  caveat="caveat" in expected or "false positives" in expected)
        row.sources = {s.split("@", 1)[-1].split(":", 1)[0] for s in source.split(";")}
        row.originals.append(tortured)
        to_base_form(row)
        if not is_normal(row.phrase):
            log.add("drop: phrase not normalisable", tortured)
            continue
        # drop replacements equal to the phrase, or containing it (fix would not be idempotent)
        kept = [r for r in row.replacements
                if not contains(tokens_of(r), row.phrase.split())]
        if not kept:
            log.add("drop: replacement contains the phrase", f"{tortured} -> {expected}")
            continue
        row.replacements = kept
        if row.phrase in rows:
            old = rows[row.phrase]
            old.replacements = list(dict.fromkeys(old.replacements + row.replacements))
            old.sources |= row.sources
            old.originals += row.originals
            old.caveat |= row.caveat
            old.stripped_acronym &= row.stripped_acronym
            log.add("merge: same phrase after normalising", f"{tortured} => {row.phrase}")
        else:
            rows[row.phrase] = row

    # ---- the discovery validation split stays out of the glossary, so that
    # scripts/evaluate_discover.py measures discovery on phrases no glossary lists
    split = Path(__file__).with_name("discover_validation_split.txt")
    if split.exists():
        held_out = {line.split("\t", 1)[0].strip()
                    for line in split.read_text(encoding="utf-8").splitlines() if line.strip()}
        for phrase in sorted(rows):
            # the engine also matches a row's inflected forms ("prepared information"
            # finds the held-out "preparing information")
            if (phrase in held_out or engine_variants(phrase) & held_out
                    or any(o in held_out for o in rows[phrase].originals)):
                log.add("drop: held out for the discovery validation split", phrase)
                del rows[phrase]

    # ---- other glossary files: uniqueness
    others = read_other_glossaries(glossary_dir, OUT_NAME)
    other_phrases = {e.phrase for e in others}
    for phrase in sorted(rows):
        if phrase in other_phrases:
            log.add("drop: phrase already in another glossary file", phrase)
            del rows[phrase]

    # ---- legitimate terms: phrases the data itself uses as correct text
    all_repl = [r for row in rows.values() for r in row.replacements]
    max_len = max(len(p.split()) for p in rows) + 1
    correct_grams = ngrams_in(all_repl, max_len)
    for phrase in sorted(rows):
        forms = set(variants(tuple(phrase.split())))
        if forms & correct_grams and phrase not in KNOWN_TORTURED:
            log.add("drop: phrase occurs in a replacement (correct text)", phrase)
            del rows[phrase]

    lemmas = wordnet_lemmas(wordnet)
    if not lemmas:
        print(f"warning: no WordNet index in {wordnet}; WordNet check skipped", file=sys.stderr)
    provisional = [Entry(p, "spun", "|".join(r.replacements), "error", "pps", "")
                   for p, r in rows.items()]
    counts = (corpus_counts(corpora, provisional + others, engine) if corpora
              else collections.Counter())
    if corpora is None:
        print("warning: no corpora; clean-prose check skipped", file=sys.stderr)
    wf = wordfreq.get_frequency_dict("en", wordlist="large")

    for phrase in sorted(LEGITIMATE - set(rows)):
        log.add("note: LEGITIMATE phrase not among the rows", phrase)
    for phrase, row in rows.items():
        words = phrase.split()
        reasons = []
        if phrase in LEGITIMATE:
            reasons.append("legitimate term or ordinary English")
        if phrase in lemmas:
            reasons.append("WordNet lemma")
        if counts[phrase]:
            reasons.append(f"seen {counts[phrase]}x in clean prose")
        if row.caveat:
            reasons.append("editors warn of false positives")
        if len(words) == 1:
            word = words[0]
            closed = word.replace("-", "")
            nonword = closed not in wf and word not in lemmas and word not in LEGITIMATE
            if not nonword:
                reasons.append("single word")
        if reasons:
            row.severity = "info"
            row.notes.append("demoted: " + "; ".join(reasons))
            log.add("demote to info: " + reasons[0].split(" ")[0], phrase)
            continue
        ordinary = len(words) <= 3 and all(wordfreq.zipf_frequency(w, "en") >= 4.0
                                            for w in words)
        if len(row.sources) >= 3 and len(words) >= 2 and not ordinary:
            row.severity = "error"
        else:
            row.severity = "warning"
            if ordinary:
                row.notes.append("common words only")

    # ---- consistency: no replacement may be flagged by the whole glossary
    drop_flagged_replacements(rows, to_entry, others, engine, log)
    return [to_entry(r) for r in rows.values()]


def contains(haystack: list[str], needle: list[str]) -> bool:
    forms = set(variants(tuple(needle)))
    n = len(needle)
    return any(tuple(haystack[i : i + n]) in forms for i in range(len(haystack) - n + 1))


SPUN_SAMPLE = "spun_samples/yolo_readme"


def to_entry(row: Row) -> Entry:
    if row.sources == {SPUN_SAMPLE}:
        # aligned from shared/data/spun/yolo_readme.{orig,spun}.txt, not from the screener
        note = "aligned from the yolo README spun sample"
        if row.notes:
            note += "; " + "; ".join(row.notes)
        return Entry(row.phrase, "spun", "|".join(row.replacements[:4]), row.severity,
                     "spun-samples", note)
    n = len(row.sources - {SPUN_SAMPLE})
    note = f"{n} redistribution{'s' if n != 1 else ''} of the screener's list"
    if row.notes:
        note += "; " + "; ".join(row.notes)
    return Entry(row.phrase, "spun", "|".join(row.replacements[:4]), row.severity, "pps", note)


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared data/tortured folder")
    parser.add_argument("--corpora", type=Path, default=None,
                        help="clean Markdown corpora (default: DATA/../../corpora if present)")
    parser.add_argument("--no-corpora", action="store_true",
                        help="skip the clean-prose check (to measure its effect)")
    parser.add_argument("--glossary-dir", type=Path, default=root / "glossary")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--report", type=Path, help="write every drop/demotion here")
    parser.add_argument("--engine", default="auto", choices=["auto", "rewrite", "scratch"],
                        help="matcher for the corpus and replacement checks (auto: rewrite's own)")
    args = parser.parse_args(argv)
    corpora = args.corpora
    if corpora is None and not args.no_corpora:
        guess = args.data.resolve().parent.parent / "corpora"
        corpora = guess if guess.is_dir() else None
    out = args.out or args.glossary_dir / OUT_NAME

    log = Log()
    entries = build(args.data, corpora, args.glossary_dir, args.wordnet, log, args.engine)
    return finish_build(out, entries, log, args.report)


if __name__ == "__main__":
    sys.exit(main())
