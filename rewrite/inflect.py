"""Inflection of glossary phrases and their replacements, articles, and the number of
subjects and verbs for agreement (lemminflect, loaded lazily)."""

from __future__ import annotations

from functools import cache
from itertools import product

_VERB_TAGS = ("VBZ", "VBD", "VBG", "VBN", "VBP", "VB")
_NOUN_TAGS = ("NNS", "NN")


@cache
def _lemmas(word: str, pos: str) -> tuple[str, ...]:
    import lemminflect

    found = lemminflect.getAllLemmas(word)
    if pos == "VERB":
        return tuple(found.get("VERB", ())) + tuple(found.get("AUX", ()))
    return tuple(found.get(pos, ()))


@cache
def _inflections(lemma: str, pos: str) -> dict[str, tuple[str, ...]]:
    import lemminflect

    upos = "AUX" if pos == "VERB" and lemma == "be" else pos
    return dict(lemminflect.getAllInflections(lemma, upos=upos))


def _forms(word: str, pos: str) -> set[str]:
    forms = {word}
    for lemma in _lemmas(word, pos):
        for surfaces in _inflections(lemma, pos).values():
            forms.update(s for s in surfaces if s.isascii())
    return forms


def variants(phrase: str) -> set[str]:
    """Inflected forms of a phrase: its first word as a verb, its last word as a noun."""
    words = phrase.split(" ")
    if len(words) == 1:
        return (_forms(words[0], "VERB") | _forms(words[0], "NOUN")) - {phrase}
    firsts = _forms(words[0], "VERB")
    lasts = _forms(words[-1], "NOUN")
    middle = words[1:-1]
    return {" ".join([f, *middle, last]) for f, last in product(firsts, lasts)} - {phrase}


def _tag(key_word: str, found: str, prefer: tuple[str, str]) -> tuple[str, str] | None:
    """(pos, tag) under which `found` is an inflection of `key_word`'s lemma."""
    for pos in prefer:
        tags = _VERB_TAGS if pos == "VERB" else _NOUN_TAGS
        for lemma in _lemmas(key_word, pos):
            table = _inflections(lemma, pos)
            for tag in tags:
                if found in table.get(tag, ()):
                    return pos, tag
    return None


def _inflect(word: str, pos: str, tag: str) -> str:
    import lemminflect

    lower = word.lower()
    lemmas = _lemmas(lower, pos) or (lower,)
    surfaces = lemminflect.getInflection(lemmas[0], tag, inflect_oov=True)
    if not surfaces:
        return word
    surface = str(surfaces[0])
    return surface.upper() if word.isupper() and len(word) > 1 else surface


def _shares_lemma(word: str, key_word: str) -> bool:
    if word.lower() == key_word:
        return True
    mine = set(_lemmas(word.lower(), "VERB")) | set(_lemmas(word.lower(), "NOUN"))
    theirs = set(_lemmas(key_word, "VERB")) | set(_lemmas(key_word, "NOUN"))
    return bool(mine & theirs)


def transfer(key: str, found: list[str], replacement: str) -> str:
    """Carry the inflection of the matched words over to the replacement.

    "take spot" matched as "took spot" with replacement "take place" gives "took place";
    "muscular tissue" matched as "muscular tissues" with "muscle" gives "muscles".
    """
    key_words = key.split(" ")
    words = replacement.split(" ")
    for index, (key_word, word) in enumerate(zip(key_words, found)):
        if key_word == word:
            continue
        last = index == len(key_words) - 1
        prefer = ("NOUN", "VERB") if last and index else ("VERB", "NOUN")
        tagged = _tag(key_word, word, prefer)
        if tagged is None:
            continue
        aligned = [j for j, w in enumerate(words) if _shares_lemma(w, key_word)]
        if aligned:
            words[aligned[0]] = word
            continue
        pos, tag = tagged
        target = len(words) - 1 if pos == "NOUN" else _first_verb(words)
        words[target] = _inflect(words[target], pos, tag)
    return " ".join(words)


def _first_verb(words: list[str]) -> int:
    for index, word in enumerate(words):
        if _lemmas(word.lower(), "VERB"):
            return index
    return 0


_AN_EXCEPTIONS = ("hour", "honest", "honor", "honour", "heir", "herb")
_A_EXCEPTIONS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ure", "uro", "ubi")


def article_for(word: str) -> str:
    """'a' or 'an' before `word`, by its sound as far as spelling tells."""
    lower = word.lower()
    if lower.startswith(_AN_EXCEPTIONS):
        return "an"
    if lower.startswith(_A_EXCEPTIONS):
        return "a"
    if len(word) > 1 and word.isupper():  # acronyms read letter by letter
        return "an" if lower[0] in "aefhilmnorsx" else "a"
    return "an" if lower[:1] in ("a", "e", "i", "o", "u") else "a"


# --- subject-verb agreement ----------------------------------------------------------------

SINGULAR, PLURAL = "singular", "plural"
_BE_HAVE_DO = {"is": (SINGULAR, "are"), "are": (PLURAL, "is"), "was": (SINGULAR, "were"),
               "were": (PLURAL, "was"), "has": (SINGULAR, "have"), "have": (PLURAL, "has"),
               "does": (SINGULAR, "do"), "do": (PLURAL, "does")}
_MODALS = frozenset({"can", "could", "may", "might", "must", "shall", "should", "will", "would",
                     "need", "dare", "ought", "used", "had", "did", "am"})
_FINITE_TAGS = {"VBZ": SINGULAR, "VBP": PLURAL}
_COORDINATORS = frozenset({"and", "or", "nor", "&", "plus", "as", "well"})
_PREPOSITIONS = frozenset({"of", "to", "in", "on", "for", "with", "from", "by", "at", "into",
                           "about", "against", "between", "among", "under", "over", "through",
                           "without", "within", "across", "after", "before", "like", "per"})


def _word_number(word: str) -> str | None:
    """SINGULAR or PLURAL when `word` is, as a noun, surely one of them (first forms only)."""
    numbers = set()
    for lemma in _lemmas(word, "NOUN"):
        table = _inflections(lemma, "NOUN")
        singular, plural = table.get("NN", ("",))[0], table.get("NNS", ("",))[0]
        if word == singular != plural:
            numbers.add(SINGULAR)
        elif word == plural != singular:
            numbers.add(PLURAL)
        else:
            return None
    return numbers.pop() if len(numbers) == 1 else None


def phrase_number(phrase: str) -> str | None:
    """The grammatical number of a noun phrase, by its last word; None when unsure.

    The word before a first preposition must agree ("muscle mass of the face": SINGULAR,
    "resistance to antibiotics": None), and coordinations ("women and children") are None.
    """
    words = phrase.lower().split()
    if not words or _COORDINATORS.intersection(words):
        return None
    number = _word_number(words[-1])
    heads = [i for i, word in enumerate(words[1:-1], 1) if word in _PREPOSITIONS]
    if heads and _word_number(words[heads[0] - 1]) != number:
        return None
    return number


def verb_number(word: str) -> str | None:
    """SINGULAR for a surely finite 3rd-person-singular verb ("takes", "is", "was"),
    PLURAL for a surely finite plural one ("take", "are", "were"); None when unsure:
    modals, past forms, base forms that are also past forms, adjectives and adverbs."""
    lower = word.lower()
    if lower in _BE_HAVE_DO:
        return _BE_HAVE_DO[lower][0]
    if lower in _MODALS or not lower.isalpha() or _lemmas(lower, "ADJ") or _lemmas(lower, "ADV"):
        return None
    tags = {tag for lemma in _lemmas(lower, "VERB")
            for tag, surfaces in _inflections(lemma, "VERB").items() if lower in surfaces}
    tags.discard("VB")
    return _FINITE_TAGS.get(tags.pop()) if len(tags) == 1 else None


def agreeing_verb(word: str) -> str | None:
    """The finite verb `word` in the other number ("takes" -> "take", "Were" -> "Was")."""
    lower = word.lower()
    if lower in _BE_HAVE_DO:
        other: str | None = _BE_HAVE_DO[lower][1]
    else:
        number = verb_number(lower)
        wanted = "VBP" if number == SINGULAR else "VBZ"
        forms = {_inflections(lemma, "VERB").get(wanted, ("",))[0]
                 for lemma in _lemmas(lower, "VERB")} if number else set()
        other = forms.pop() if len(forms) == 1 else None
    if not other:
        return None
    if word.isupper() and len(word) > 1:
        return other.upper()
    return other[:1].upper() + other[1:] if word[:1].isupper() else other


def may_be_noun(word: str) -> bool:
    return bool(_lemmas(word.lower(), "NOUN"))


def is_verb_only(word: str) -> bool:
    """A word read only as a verb (or a modal or form of be/have/do), never as a noun."""
    lower = word.lower()
    return (lower in _BE_HAVE_DO or lower in _MODALS
            or (bool(_lemmas(lower, "VERB")) and not _lemmas(lower, "NOUN")))
