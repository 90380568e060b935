"""The draft agenda: each network's learning questions, paired with the other networks' good practices.

Pure composition over loaded rows, no queries: the service loads the preparations of the meeting
and stores what this module returns.

- Questions: per network its learning questions in its own priority order, at most
  ``questions_per_network``; then taken round by round (every network's first question, then every
  network's second, ...) so that each network's most important question comes early.
- Pairing: a practice of another network of the meeting may answer a question when it is on the
  same theme or shares words with it; same theme weighs most, then the similarity of the texts,
  and a practice the network wants to present is preferred a little. Each question gets the best
  practice not yet used elsewhere; only when none is left does a practice answer two questions.
- Time: the questions fill the template's blocks in order, as evenly as the blocks allow, and
  share each block's minutes; a block without questions stays as one item for dialogue.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from peerreview.agenda.enums import ItemKind, SlotKind
from peerreview.core.text import shared_words, similarity, spellings, words
from surveys.models import Bottleneck, GoodPractice

SAME_THEME = 1.0
WANTS_TO_PRESENT = 0.1
SLOT_ITEM_KIND = {
    SlotKind.OPENING: ItemKind.OPENING,
    SlotKind.BREAK: ItemKind.BREAK,
    SlotKind.CLOSING: ItemKind.CLOSING,
}


@dataclass(frozen=True)
class Slot:
    kind: str
    title: str
    minutes: int


@dataclass
class Match:
    practice: GoodPractice | None
    score: float = 0.0
    reason: str = ""


@dataclass
class DraftItem:
    kind: str
    minutes: int
    title: str = ""
    bottleneck: Bottleneck | None = None
    practice: GoodPractice | None = None
    reason: str = ""


def question_text(bottleneck: Bottleneck) -> str:
    return f"{bottleneck.learning_question}\n{bottleneck.description}"


def practice_text(practice: GoodPractice) -> str:
    return f"{practice.title}\n{practice.description}\n{practice.lessons}"


def select_questions(bottlenecks: Sequence[Bottleneck], network_order: Sequence[int], limit: int) -> list[Bottleneck]:
    """Each network's first ``limit`` learning questions by priority, taken round by round."""
    per_network: dict[int, list[Bottleneck]] = {network_id: [] for network_id in network_order}
    ranked = sorted(
        (b for b in bottlenecks if b.learning_question.strip()),
        key=lambda b: (b.priority is None, b.priority or 0, b.position, b.pk),
    )
    for bottleneck in ranked:
        questions = per_network.get(bottleneck.preparation.network_id)
        if questions is not None and len(questions) < limit:
            questions.append(bottleneck)
    rounds = max((len(questions) for questions in per_network.values()), default=0)
    return [per_network[n][i] for i in range(rounds) for n in network_order if i < len(per_network[n])]


def match(bottleneck: Bottleneck, practice: GoodPractice) -> Match:
    """How well a practice may answer a question, and why, in words the secretary reads."""
    question_words, practice_words = words(question_text(bottleneck)), words(practice_text(practice))
    score = similarity(question_words, practice_words)
    reasons = []
    if practice.theme_id == bottleneck.theme_id:
        score += SAME_THEME
        reasons.append(_("same theme (%(theme)s)") % {"theme": practice.theme.display_name})
    shared = shared_words(question_words, practice_words)
    if shared:
        shown = spellings(question_text(bottleneck))
        reasons.append(_("shared words: %(words)s") % {"words": ", ".join(shown.get(w, w) for w in shared)})
    if not reasons:
        return Match(None)
    if practice.want_to_present:
        score += WANTS_TO_PRESENT
    reason = "; ".join(reasons)
    return Match(practice, score, reason[:1].upper() + reason[1:])


def candidates(bottleneck: Bottleneck, practices: Sequence[GoodPractice]) -> list[Match]:
    """The other networks' practices that may answer the question, the best first."""
    found = [match(bottleneck, p) for p in practices if p.preparation.network_id != bottleneck.preparation.network_id]
    return sorted((m for m in found if m.practice), key=lambda m: (-m.score, m.practice.pk))


def pair(questions: Sequence[Bottleneck], practices: Sequence[GoodPractice]) -> dict[int, Match]:
    """The best practice for each question, using each practice once where the others allow it."""
    options = {question.pk: candidates(question, practices) for question in questions}
    # The strongest pairs are settled first, so a practice goes to the question it answers best.
    ranked = sorted(
        ((m.score, q.pk, m) for q in questions for m in options[q.pk]), key=lambda entry: (-entry[0], entry[1])
    )
    chosen: dict[int, Match] = {}
    used: set[int] = set()
    for _score, question_id, option in ranked:
        if question_id not in chosen and option.practice.pk not in used:
            chosen[question_id] = option
            used.add(option.practice.pk)
    for question in questions:
        if question.pk not in chosen:
            chosen[question.pk] = options[question.pk][0] if options[question.pk] else Match(None)
    return chosen


def _share(minutes: int, count: int) -> list[int]:
    """``minutes`` in ``count`` whole parts as equal as can be, the larger parts first."""
    base, rest = divmod(minutes, count)
    return [base + (1 if i < rest else 0) for i in range(count)]


def compose(
    slots: Sequence[Slot], questions: Sequence[Bottleneck], practices: Sequence[GoodPractice]
) -> list[DraftItem]:
    """The draft's items in order: the template's parts, its blocks filled with the paired questions."""
    matches = pair(questions, practices)
    blocks = [slot for slot in slots if slot.kind == SlotKind.BLOCK]
    per_block = _share(len(questions), len(blocks)) if blocks else []
    remaining = list(questions)
    items: list[DraftItem] = []
    block_index = 0
    for slot in slots:
        if slot.kind != SlotKind.BLOCK:
            items.append(DraftItem(kind=SLOT_ITEM_KIND[slot.kind], minutes=slot.minutes, title=slot.title))
            continue
        taken, remaining = remaining[: per_block[block_index]], remaining[per_block[block_index] :]
        block_index += 1
        if not taken:
            items.append(DraftItem(kind=ItemKind.FREE, minutes=slot.minutes, title=slot.title))
            continue
        for bottleneck, minutes in zip(taken, _share(slot.minutes, len(taken)), strict=True):
            found = matches[bottleneck.pk]
            items.append(
                DraftItem(
                    kind=ItemKind.QUESTION,
                    minutes=minutes,
                    bottleneck=bottleneck,
                    practice=found.practice,
                    reason=found.reason,
                )
            )
    return items
