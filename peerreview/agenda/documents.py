"""The agenda's documents: the agenda, the participant list, the presentation format, the print pack.

Each is an HTML template with print CSS rendered by ``render_pdf``; the pack sent by mail and the
print pack for the meeting day are made from the same parts.
"""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from peerreview.agenda import selectors
from peerreview.agenda.models import Agenda
from peerreview.agenda.services import presentation_format
from peerreview.core.pdf import render_pdf
from peerreview.meetings.selectors import venue_text
from surveys.models import Preparation
from surveys.selectors import preparation_document, themes_of

PDF = "application/pdf"
# Tent cards for people who come unannounced, filled in by hand on the day (the playbook's
# "lege naambordjes en stiften").
BLANK_NAME_CARDS = 4


def _context(agenda: Agenda) -> dict:
    meeting = agenda.meeting
    items = selectors.items_of(agenda)
    clock, rows = meeting.start_time.hour * 60 + meeting.start_time.minute, []
    for item in items:
        rows.append({"item": item, "starts": f"{clock // 60:02d}:{clock % 60:02d}"})
        clock += item.minutes
    return {
        "agenda": agenda,
        "meeting": meeting,
        "rows": rows,
        "venue": venue_text(meeting),
        "networks": list(meeting.networks.order_by("name")),
        "participants": selectors.participants(meeting),
        "printed_at": timezone.localtime(),
    }


def _name(what: str, agenda: Agenda) -> str:
    return f"{what}-{slugify(agenda.meeting.name)}-{agenda.meeting.cycle.year}.pdf"


def agenda_pdf(agenda: Agenda) -> tuple[str, bytes, str]:
    return _name(_("agenda"), agenda), render_pdf("agenda/print/agenda.html", _context(agenda)), PDF


def participants_pdf(agenda: Agenda) -> tuple[str, bytes, str]:
    return _name(_("participants"), agenda), render_pdf("agenda/print/participants.html", _context(agenda)), PDF


def presentation_format_pdf(agenda: Agenda) -> tuple[str, bytes, str]:
    context = _context(agenda) | {"format": presentation_format()}
    return _name(_("presentation-format"), agenda), render_pdf("agenda/print/presentation_format.html", context), PDF


def print_pack_pdf(agenda: Agenda) -> tuple[str, bytes, str]:
    """For the meeting day: the agenda and participant list once per participant, then the name cards."""
    context = _context(agenda)
    context["copies"] = range(max(len(context["participants"]), 1))
    context["blank_cards"] = range(BLANK_NAME_CARDS)
    return _name(_("print-pack"), agenda), render_pdf("agenda/print/print_pack.html", context), PDF


def preparations_pdf(agenda: Agenda) -> tuple[str, bytes, str]:
    """The written preparations of the meeting's networks, one after the other."""
    meeting = agenda.meeting
    preparations = Preparation.objects.filter(cycle=meeting.cycle, network__in=meeting.networks.all())
    themes = list(themes_of(meeting.cycle))
    context = _context(agenda) | {
        "documents": [preparation_document(p, themes) for p in preparations.order_by("network__name")]
    }
    return _name(_("preparations"), agenda), render_pdf("agenda/print/preparations.html", context), PDF


def pack(agenda: Agenda) -> list[tuple[str, bytes, str]]:
    """What every participant receives: agenda, preparations, participant list, presentation format."""
    return [agenda_pdf(agenda), preparations_pdf(agenda), participants_pdf(agenda), presentation_format_pdf(agenda)]
