"""Runs in the app's settings against a benchmark database holding the demo at --month may:
`python -m benchmarks.agenda_probe`.

Drafts the agenda of the demo meeting with the most networks (four full preparations), timing it
and counting its queries, then renders each PDF of the agenda pack through render_pdf and through
WeasyPrint alone on the same HTML with the same print CSS, and prints one JSON line.
"""

import io
import json

import django
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from benchmarks.preparation_probe import ROUNDS, median_seconds


def fullest_meeting():
    from peerreview.cycles.models import ReviewMeeting

    return ReviewMeeting.objects.annotate(size=Count("networks")).order_by("-size", "pk").first()


def time_draft(meeting, secretary) -> dict:
    from peerreview.agenda import services
    from surveys.models import Bottleneck, GoodPractice

    scope = {"preparation__cycle": meeting.cycle, "preparation__network__in": meeting.networks.all()}
    services.agenda_draft(actor=secretary, meeting=meeting)  # warm-up: template rows, stemmer cache
    with CaptureQueriesContext(connection) as queries:
        agenda = services.agenda_draft(actor=secretary, meeting=meeting)
    draft_s, rounds = median_seconds(lambda: services.agenda_draft(actor=secretary, meeting=meeting))
    return {
        "meeting": meeting.name,
        "networks": meeting.networks.count(),
        "learning_questions": Bottleneck.objects.filter(**scope).exclude(learning_question="").count(),
        "good_practices": GoodPractice.objects.filter(**scope).count(),
        "items": agenda.items.count(),
        "queries": len(queries),
        "draft_ms": draft_s * 1000,
        "rounds_ms": [t * 1000 for t in rounds],
        "agenda": agenda,
    }


def time_documents(agenda) -> list[dict]:
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string
    from pypdf import PdfReader
    from weasyprint import CSS, HTML  # after the app's own first import, like render_pdf's

    from peerreview.agenda import documents
    from peerreview.core.pdf import render_pdf

    stylesheet = CSS(filename=finders.find("css/print.css"))
    rows = []
    for document in documents.pack_documents(agenda):
        html = render_to_string(document.template, document.context)
        render_pdf(document.template, document.context)  # warm-up: imports, fonts
        pdf_s, _ = median_seconds(lambda d=document: render_pdf(d.template, d.context))
        floor_s, _ = median_seconds(lambda h=html: HTML(string=h).write_pdf(stylesheets=[stylesheet]))
        content = render_pdf(document.template, document.context)
        rows.append(
            {
                "document": document.template.rsplit("/", 1)[-1],
                "pages": len(PdfReader(io.BytesIO(content)).pages),
                "pdf_bytes": len(content),
                "render_pdf_ms": pdf_s * 1000,
                "floor_ms": floor_s * 1000,
                "ratio": pdf_s / floor_s,
            }
        )
    return rows


def main() -> None:
    django.setup()
    from django.contrib.auth import get_user_model

    secretary = get_user_model().objects.filter(is_staff=True).first()
    draft = time_draft(fullest_meeting(), secretary)
    agenda = draft.pop("agenda")
    print(json.dumps({"rounds": ROUNDS, "draft": draft, "documents": time_documents(agenda)}))


if __name__ == "__main__":
    main()
