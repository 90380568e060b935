"""The agenda's documents: the agenda, the participant list, the presentation format, the print pack.

Each is an HTML template with print CSS rendered by ``render_pdf``; the pack sent by mail and the
print pack for the meeting day are made from the same parts.
"""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Document:
    """A PDF to make: its file name, its template and the template's context."""

    filename: str
    template: str
    context: dict

    def render(self) -> tuple[str, bytes, str]:
        return self.filename, render_pdf(self.template, self.context), PDF


def agenda_document(agenda: Agenda) -> Document:
    return Document(_name(_("agenda"), agenda), "agenda/print/agenda.html", _context(agenda))


def participants_document(agenda: Agenda) -> Document:
    return Document(_name(_("participants"), agenda), "agenda/print/participants.html", _context(agenda))


def presentation_format_document(agenda: Agenda) -> Document:
    context = _context(agenda) | {"format": presentation_format()}
    return Document(_name(_("presentation-format"), agenda), "agenda/print/presentation_format.html", context)


def preparations_document(agenda: Agenda) -> Document:
    """The written preparations of the meeting's networks, one after the other."""
    meeting = agenda.meeting
    preparations = Preparation.objects.filter(cycle=meeting.cycle, network__in=meeting.networks.all())
    themes = list(themes_of(meeting.cycle))
    context = _context(agenda) | {
        "documents": [preparation_document(p, themes) for p in preparations.order_by("network__name")]
    }
    return Document(_name(_("preparations"), agenda), "agenda/print/preparations.html", context)


def print_pack_document(agenda: Agenda) -> Document:
    """For the meeting day: the agenda and participant list once per participant, then the name cards."""
    context = _context(agenda)
    context["copies"] = range(max(len(context["participants"]), 1))
    context["blank_cards"] = range(BLANK_NAME_CARDS)
    return Document(_name(_("print-pack"), agenda), "agenda/print/print_pack.html", context)


def pack_documents(agenda: Agenda) -> list[Document]:
    """What every participant receives: agenda, preparations, participant list, presentation format."""
    return [
        agenda_document(agenda),
        preparations_document(agenda),
        participants_document(agenda),
        presentation_format_document(agenda),
    ]


def pack(agenda: Agenda) -> list[tuple[str, bytes, str]]:
    return [document.render() for document in pack_documents(agenda)]
