"""How much two short Dutch (or English) texts are about the same thing.

Used to pair a learning question with the good practices that may answer it. A light measure on
purpose: the texts are at most 200 words, and the reason shown to the secretary must be readable
("shared words: mentoraat, profielwerkstuk"). Words are stemmed with the Snowball stemmer for
Dutch, so "docenten" meets "docent"; common function words and very short words are left out.
"""

import math
import re
from collections import Counter
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)

# The most common Dutch and English function words, plus the words every text in this domain
# uses ("netwerk", "school", "leerlingen"), which say nothing about whether two texts match.
STOP_WORDS = frozenset(
    [
        "aan",
        "als",
        "alle",
        "alles",
        "ander",
        "andere",
        "bij",
        "dan",
        "dat",
        "deze",
        "die",
        "dit",
        "door",
        "een",
        "eens",
        "elk",
        "elke",
        "en",
        "enkele",
        "er",
        "ge",
        "geen",
        "haar",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iets",
        "ik",
        "in",
        "is",
        "je",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "man",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "onder",
        "ons",
        "onze",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "waar",
        "wat",
        "we",
        "wel",
        "werd",
        "wie",
        "wij",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zei",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zoals",
        "zonder",
        "zou",
        "zullen",
        "via",
        "wordt",
        "waarbij",
        "waardoor",
        "hoe",
        "welke",
        "welk",
        "onze",
        "jullie",
        "hen",
        "daar",
        "daarbij",
        "daarom",
        "dus",
        "nog",
        "steeds",
        "vooral",
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "are",
        "was",
        "were",
        "have",
        "has",
        "had",
        "not",
        "but",
        "you",
        "our",
        "their",
        "what",
        "how",
        "which",
        "who",
        "when",
        "where",
        "will",
        "would",
        "can",
        "could",
        "should",
        "into",
        "about",
        "more",
        "than",
        "also",
        "been",
        "being",
        "netwerk",
        "netwerken",
        "school",
        "scholen",
        "leerling",
        "leerlingen",
        "vwo",
        "havo",
    ]
)

_stemmer = snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> Counter:
    """The text's content words as stems, with how often each occurs; first spelling kept per stem."""
    counts: Counter = Counter()
    for match in _WORD.finditer((text or "").lower()):
        word = match.group()
        if word not in STOP_WORDS:
            counts[stem(word)] += 1
    return counts


def spellings(text: str) -> dict[str, str]:
    """Each stem of the text with the first way the text spells it, to show shared words readably."""
    found: dict[str, str] = {}
    for match in _WORD.finditer((text or "").lower()):
        word = match.group()
        if word not in STOP_WORDS:
            found.setdefault(stem(word), word)
    return found


def similarity(a: Counter, b: Counter) -> float:
    """Cosine similarity of two word counts, 0 (nothing shared) to 1 (the same words)."""
    if not a or not b:
        return 0.0
    dot = sum(count * b[word] for word, count in a.items() if word in b)
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(c * c for c in a.values())) * math.sqrt(sum(c * c for c in b.values())))


def shared_words(a: Counter, b: Counter, limit: int = 5) -> list[str]:
    """The stems both texts use, the most used first."""
    common = [(a[word] + b[word], word) for word in a.keys() & b.keys()]
    return [word for _, word in sorted(common, key=lambda pair: (-pair[0], pair[1]))[:limit]]
