"""The one tokenizer and normal form shared by glossary keys and scanned text."""

from __future__ import annotations

import re

# A word: letters or digits, with inner apostrophes or hyphens ("Parkinson's", "non-surgical").
WORD = re.compile(r"[^\W_]+(?:['’‘\-][^\W_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def normalize(word: str) -> str:
    """Lowercase with ASCII apostrophes: the form glossary keys are written in."""
    return word.translate(_APOSTROPHES).lower()


def normal_phrase(phrase: str) -> str:
    """The normal form of a phrase: its words, normalized, joined by one space."""
    return " ".join(normalize(m.group()) for m in WORD.finditer(phrase))


def is_normal(phrase: str) -> bool:
    return bool(phrase) and phrase == normal_phrase(phrase) and phrase.isascii()
