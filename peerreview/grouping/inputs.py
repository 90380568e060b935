"""What the optimizer knows of a cycle's networks, read from the registry, the previous cycle and the
written preparations, in a fixed number of queries whatever the number of networks.

- size: partner schools plus partner institutions (the playbook's "beginnend/klein en groot");
- founded: the founding year (young networks are judged by ``Weights.young_since``);
- latitude / longitude: for proximity;
- likeness: the network's mix of partner institutions, as shares of universities, universities of
  applied sciences, teacher training and companies or others. Two networks with the same kind of
  partners are alike (the optimizer takes the cosine of the two vectors); a network without
  institutions has no likeness (it counts 0);
- previous group: the meeting the network was in in the previous cycle, if that is in the product;
- learning fit: how well one network's good practices answer another's learning questions (see
  ``learning_fit``); empty until preparations exist.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from networks.enums import InstitutionKind
from networks.models import Institution, PartnerSchool
from networks.models import Network as NetworkRow
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.grouping.optimizer import CRITERIA, Constraints, Network, Weights
from surveys.models import Bottleneck, GoodPractice

# The kinds a likeness vector counts, in order; companies and others share the last place.
LIKENESS_KINDS = (
    (InstitutionKind.UNIVERSITY,),
    (InstitutionKind.APPLIED_SCIENCES,),
    (InstitutionKind.TEACHER_TRAINING,),
    (InstitutionKind.COMPANY, InstitutionKind.OTHER),
)
# A learning question answered by a good practice under the same theme counts most; the share of the
# question's words that the practice uses decides the rest.
SAME_THEME_WEIGHT = 0.6
WORDS_WEIGHT = 1 - SAME_THEME_WEIGHT
# Words that say nothing about the subject, in Dutch and English; shorter words are skipped anyway.
MIN_WORD_LENGTH = 4
STOP_WORDS = frozenset({
    "alle", "andere", "daar", "deze", "doen", "door", "elkaar", "geen", "kunnen", "maar", "meer", "naar",
    "niet", "onze", "over", "veel", "voor", "waar", "welke", "zich", "zijn", "zoals", "about", "also",
    "does", "from", "have", "into", "more", "than", "that", "their", "them", "they", "this", "what", "when",
    "which", "will", "with", "would",
})  # fmt: skip
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _count(queryset, field: str = "network_id"):
    counts = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def participating_networks(cycle: Cycle) -> list[NetworkRow]:
    """The cycle's active networks by name, each with ``size`` (partner schools plus institutions)."""
    rows = (
        cycle.networks.filter(active=True)
        .annotate(
            school_count=_count(PartnerSchool.objects.all()),
            institution_count=_count(Institution.networks.through.objects.all()),
        )
        .order_by("name", "pk")
    )
    networks = list(rows)
    for network in networks:
        network.size = network.school_count + network.institution_count
    return networks


def network_inputs(cycle: Cycle) -> list[Network]:
    """The optimizer's view of the cycle's participating networks, by name. Five queries at most."""
    networks = participating_networks(cycle)
    ids = [network.pk for network in networks]
    likeness = _likeness(ids)
    previous = _previous_groups(cycle, ids)
    fits = learning_fit(cycle, ids)
    return [
        Network(
            id=network.pk,
            name=network.name,
            size=network.size,
            founded=network.founded_year,
            latitude=float(network.latitude) if network.latitude is not None else None,
            longitude=float(network.longitude) if network.longitude is not None else None,
            likeness=likeness.get(network.pk),
            previous_group=previous.get(network.pk),
            learning_fit=fits.get(network.pk, {}),
        )
        for network in networks
    ]


def _likeness(ids: list[int]) -> dict[int, tuple[float, ...]]:
    kinds: dict[int, list[str]] = {}
    rows = Institution.networks.through.objects.filter(network_id__in=ids).values_list(
        "network_id", "institution__kind"
    )
    for network_id, kind in rows:
        kinds.setdefault(network_id, []).append(kind)
    return {
        network_id: tuple(sum(kind in group for kind in found) / len(found) for group in LIKENESS_KINDS)
        for network_id, found in kinds.items()
    }


def _previous_groups(cycle: Cycle, ids: list[int]) -> dict[int, int]:
    """Network id -> the id of its meeting in the previous cycle (its first, should it have had two)."""
    if cycle.previous_id is None:
        return {}
    memberships = (
        ReviewMeeting.networks.through.objects.filter(reviewmeeting__cycle_id=cycle.previous_id, network_id__in=ids)
        .order_by("reviewmeeting__date", "reviewmeeting_id")
        .values_list("network_id", "reviewmeeting_id")
    )
    previous: dict[int, int] = {}
    for network_id, meeting_id in memberships:
        previous.setdefault(network_id, meeting_id)
    return previous


def words(*texts: str) -> frozenset[str]:
    """The words of the texts that can carry a subject: lower case, long enough, not a stop word."""
    return frozenset(
        word
        for text in texts
        for word in _WORD.findall((text or "").lower())
        if len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS
    )


@dataclass(frozen=True)
class _Text:
    network_id: int
    theme_id: int
    words: frozenset[str]


def match(question: _Text, practice: _Text) -> float:
    """How well one good practice answers one learning question, in [0, 1]."""
    theme = SAME_THEME_WEIGHT if question.theme_id == practice.theme_id else 0.0
    shared = len(question.words & practice.words) / len(question.words) if question.words else 0.0
    return theme + WORDS_WEIGHT * shared


def learning_fit(cycle: Cycle, ids: Iterable[int]) -> dict[int, dict[int, float]]:
    """learner id -> teacher id -> fit in [0, 1]: over the learner's learning questions, the mean of
    how well the teacher's best good practice answers each. Two queries.

    Missing for a network without learning questions, and towards one without good practices, so
    that an unknown fit counts 0 rather than as a bad one.
    """
    ids = list(ids)
    practices: dict[int, list[_Text]] = {}
    rows = GoodPractice.objects.filter(preparation__cycle=cycle, preparation__network_id__in=ids).values_list(
        "preparation__network_id", "theme_id", "title", "description", "lessons", "success_factors"
    )
    for network_id, theme_id, *texts in rows:
        practices.setdefault(network_id, []).append(_Text(network_id, theme_id, words(*texts)))
    questions: dict[int, list[_Text]] = {}
    rows = (
        Bottleneck.objects.filter(preparation__cycle=cycle, preparation__network_id__in=ids)
        .exclude(learning_question="")
        .values_list("preparation__network_id", "theme_id", "description", "learning_question")
    )
    for network_id, theme_id, description, question in rows:
        # The question says what is asked; the bottleneck's description what it is about.
        questions.setdefault(network_id, []).append(_Text(network_id, theme_id, words(question, description)))
    fits: dict[int, dict[int, float]] = {}
    for learner, asked in questions.items():
        for teacher, offered in practices.items():
            if teacher == learner:
                continue
            best = [max(match(question, practice) for practice in offered) for question in asked]
            fits.setdefault(learner, {})[teacher] = round(sum(best) / len(best), 4)
    return fits


# The secretary's settings as stored on a proposal (JSON) and as the optimizer takes them.

# Networks founded within this many years before a cycle's year count as young by default (for
# cycle 2018: founded 2012 or later, as Limburg, Zeeland and Brabant were called young in 2016).
YOUNG_YEARS = 6


def default_weights(cycle: Cycle) -> Weights:
    return Weights(young_since=cycle.year - YOUNG_YEARS)


def weights_to_json(weights: Weights) -> dict:
    return {name: getattr(weights, name) for name in (*CRITERIA, "young_since")}


def weights_from_json(data: dict, cycle: Cycle) -> Weights:
    if not data:
        return default_weights(cycle)
    return Weights(**{name: data[name] for name in (*CRITERIA, "young_since") if name in data})


def constraints_to_json(constraints: Constraints) -> dict:
    return {
        "excluded": sorted(constraints.excluded),
        "must_meet": [list(pair) for pair in constraints.must_meet],
        "must_not_meet": [list(pair) for pair in constraints.must_not_meet],
    }


def constraints_from_json(data: dict) -> Constraints:
    return Constraints(
        excluded=frozenset(data.get("excluded", ())),
        must_meet=tuple(tuple(pair) for pair in data.get("must_meet", ())),
        must_not_meet=tuple(tuple(pair) for pair in data.get("must_not_meet", ())),
    )
