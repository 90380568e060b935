"""Reads for the agenda pages and documents, each in a fixed number of queries."""

import difflib
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from peerreview.agenda.enums import Decision, ItemKind
from peerreview.agenda.models import Agenda, AgendaComment, AgendaItem, AgendaVersion
from peerreview.cycles.models import ReviewMeeting
from peerreview.meetings.models import Attendee, PanelMember, PanelRole
from peerreview.meetings.selectors import panel_for_meeting
from surveys.models import Bottleneck, GoodPractice


def agenda_of(meeting: ReviewMeeting) -> Agenda | None:
    return Agenda.objects.filter(meeting=meeting).first()


def items_of(agenda: Agenda) -> list[AgendaItem]:
    return list(
        agenda.items.select_related("network", "bottleneck__theme", "good_practice__preparation__network").order_by(
            "position", "pk"
        )
    )


def drafting_material(meeting: ReviewMeeting) -> tuple[list[int], list[Bottleneck], list[GoodPractice]]:
    """The meeting's networks in order, and their preparations' learning questions and good practices."""
    network_ids = list(meeting.networks.order_by("name").values_list("pk", flat=True))
    scope = {"preparation__cycle_id": meeting.cycle_id, "preparation__network_id__in": network_ids}
    bottlenecks = list(
        Bottleneck.objects.filter(**scope).exclude(learning_question="").select_related("theme", "preparation")
    )
    practices = list(GoodPractice.objects.filter(**scope).select_related("theme", "preparation__network"))
    return network_ids, bottlenecks, practices


def meeting_practices(meeting: ReviewMeeting) -> list[GoodPractice]:
    """The good practices of the meeting's networks, by network and title."""
    return list(
        GoodPractice.objects.filter(
            preparation__cycle_id=meeting.cycle_id, preparation__network__in=meeting.networks.all()
        )
        .select_related("theme", "preparation__network")
        .order_by("preparation__network__name", "title")
    )


def practice_options(item: AgendaItem) -> dict[int, GoodPractice]:
    """The good practices that may be paired with an item: those of the meeting's other networks."""
    return {
        practice.pk: practice
        for practice in meeting_practices(item.agenda.meeting)
        if practice.preparation.network_id != item.network_id
    }


@dataclass(frozen=True)
class Problem:
    message: str
    blocking: bool


def meeting_minutes(meeting: ReviewMeeting) -> int:
    start = meeting.start_time.hour * 60 + meeting.start_time.minute
    end = meeting.end_time.hour * 60 + meeting.end_time.minute
    return end - start


def agenda_problems(agenda: Agenda, items: list[AgendaItem] | None = None) -> list[Problem]:
    """What is wrong with the agenda: blocking problems first, then what the secretary should check."""
    items = items_of(agenda) if items is None else items
    problems = []
    total, length = sum(item.minutes for item in items), meeting_minutes(agenda.meeting)
    if total > length:
        problems.append(
            Problem(
                _("The agenda takes %(total)s minutes, longer than the meeting's %(length)s minutes.")
                % {"total": total, "length": length},
                True,
            )
        )
    for item in items:
        if item.question_removed or (item.bottleneck and not item.bottleneck.learning_question.strip()):
            problems.append(
                Problem(
                    _(
                        "%(network)s removed the learning question “%(question)s” from its preparation; "
                        "remove the item or choose another question."
                    )
                    % {"network": item.network or _("A network"), "question": item.question[:80]},
                    True,
                )
            )
    for item in items:
        if item.practice_removed:
            problems.append(
                Problem(
                    _("The good practice “%(practice)s” was removed from its preparation; choose another.")
                    % {"practice": item.practice_title},
                    True,
                )
            )
        elif item.lacks_practice and not item.question_removed:
            problems.append(
                Problem(
                    _("No good practice answers the learning question of %(network)s: “%(question)s”.")
                    % {"network": item.network or "", "question": item.question[:80]},
                    False,
                )
            )
    return problems


def latest_version(agenda: Agenda) -> AgendaVersion | None:
    return (
        agenda.versions.prefetch_related(Prefetch("comments", queryset=AgendaComment.objects.select_related("author")))
        .select_related("sent_by", "decided_by")
        .order_by("-number")
        .first()
    )


def versions_of(agenda: Agenda) -> list[AgendaVersion]:
    return list(
        agenda.versions.prefetch_related(Prefetch("comments", queryset=AgendaComment.objects.select_related("author")))
        .select_related("sent_by", "decided_by")
        .order_by("-number")
    )


def waiting_version(agenda: Agenda) -> AgendaVersion | None:
    version = latest_version(agenda)
    return version if version and version.decision == Decision.PENDING else None


def _lines(items: list[dict]) -> list[str]:
    lines = []
    for item in items:
        text = item["question"] or item["title"]
        if item["kind"] == ItemKind.QUESTION:
            text = f"{item['network']}: {text}"
            if item["practice"]:
                text += f" ← {item['practice']} ({item['presenter']})"
        lines.append(f"{item['minutes']:>3} min  {text}")
    return lines


def version_diff(old: AgendaVersion, new: AgendaVersion) -> list[tuple[str, str]]:
    """The two versions' items line by line: ("same" | "removed" | "added", text)."""
    rows = []
    for line in difflib.ndiff(_lines(old.items), _lines(new.items)):
        tag, text = line[:2], line[2:]
        if tag == "  ":
            rows.append(("same", text))
        elif tag == "- ":
            rows.append(("removed", text))
        elif tag == "+ ":
            rows.append(("added", text))
    return rows


@dataclass(frozen=True)
class Participant:
    name: str
    email: str
    organisation: str
    network: str
    role: str
    language: str = "nl"
    user: object = None


def participants(meeting: ReviewMeeting) -> list[Participant]:
    """Everyone at the meeting: the chair and the expert, then each network's attendees by network."""
    people = [
        Participant(
            name=member.name,
            email=member.email,
            organisation=member.organisation,
            network="",
            role=member.get_role_display(),
            language=(member.user.language if member.user else "nl") or "nl",
            user=member.user,
        )
        for member in panel_for_meeting(meeting)
    ]
    for attendee in (
        Attendee.objects.filter(meeting=meeting).select_related("network").order_by("network__name", "name")
    ):
        people.append(
            Participant(
                name=attendee.name,
                email=attendee.email,
                organisation=attendee.organisation,
                network=attendee.network.name,
                role=attendee.get_roles_display(),
            )
        )
    return people


@dataclass(frozen=True)
class ChairAgenda:
    meeting: ReviewMeeting
    agenda: Agenda | None
    waiting: bool


def agendas_for_chair(user, cycle) -> list[ChairAgenda]:
    """The meetings of the cycle this person chairs, with their agenda and whether it waits for them.

    A meeting's own chair takes precedence over the cycle's (as in ``panel_for_meeting``); three
    queries whatever the number of meetings.
    """
    chairs = list(PanelMember.objects.filter(cycle=cycle, role=PanelRole.CHAIR).values_list("meeting_id", "user_id"))
    own = {meeting_id: user_id for meeting_id, user_id in chairs if meeting_id is not None}
    cycle_chair = next((user_id for meeting_id, user_id in chairs if meeting_id is None), None)
    meetings = [
        meeting
        for meeting in cycle.meetings.select_related("agenda").order_by("date", "name")
        if own.get(meeting.pk, cycle_chair) == user.pk
    ]
    waiting = set(
        AgendaVersion.objects.filter(agenda__meeting__in=meetings, decision=Decision.PENDING).values_list(
            "agenda__meeting_id", flat=True
        )
    )
    return [ChairAgenda(m, getattr(m, "agenda", None), m.pk in waiting) for m in meetings]
