"""Inflection of glossary phrases and their replacements (lemminflect, loaded lazily)."""

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
