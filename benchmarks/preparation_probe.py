"""Runs in the app's settings against a benchmark database holding the demo at --month may:
`python -m benchmarks.preparation_probe`.

Times the PDF of the fullest preparation through render_pdf and WeasyPrint alone on the same HTML,
then counts the SQL queries of the preparation pages with the demo's entries and again with many
more, and prints one JSON line.
"""

import io
import json
import statistics
import time

import django
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
ROUNDS = 7
# Entries added to the measured preparation for the second query count.
EXTRA_PRACTICES = 40
EXTRA_BOTTLENECKS = 20


def median_seconds(work, rounds: int = ROUNDS) -> tuple[float, list[float]]:
    times = []
    for _round in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def fullest_preparation():
    from django.db.models import Count

    from surveys.models import Preparation

    return (
        Preparation.objects.select_related("cycle", "network")
        .annotate(entries=Count("good_practices", distinct=True) + Count("bottlenecks", distinct=True))
        .order_by("-entries", "network__slug")
        .first()
    )


def time_pdf(preparation, secretary) -> dict:
    """render_pdf on the view's own context, against WeasyPrint alone on the HTML it renders."""
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string
    from pypdf import PdfReader

    from peerreview.core.pdf import render_pdf
    from peerreview.reports.views import PreparationPdfView

    request = RequestFactory().get("/")
    request.user = secretary
    view = PreparationPdfView()
    view.setup(request, year=preparation.cycle.year, slug=preparation.network.slug)
    context = view.get_context_data()
    html = render_to_string(PreparationPdfView.template_name, context)

    from weasyprint import CSS, HTML  # after the app's own first import, like render_pdf's

    stylesheet = finders.find("css/print.css")
    # The floor lays out the same HTML with the same print CSS, given as a file: no template, no
    # URL fetcher. The <link> in the HTML resolves to nothing without a base URL, so the CSS is
    # applied once.
    render_pdf(PreparationPdfView.template_name, context)  # warm-up: imports, fonts
    HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)])
    pdf_s, pdf_rounds = median_seconds(lambda: render_pdf(PreparationPdfView.template_name, context))
    floor_s, floor_rounds = median_seconds(lambda: HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)]))
    content = render_pdf(PreparationPdfView.template_name, context)
    floor_content = HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)])
    return {
        "network": preparation.network.slug,
        "entries": preparation.entries,
        "html_bytes": len(html.encode()),
        "pdf_bytes": len(content),
        "pages": len(PdfReader(io.BytesIO(content)).pages),
        "floor_pages": len(PdfReader(io.BytesIO(floor_content)).pages),
        "rounds": ROUNDS,
        "render_pdf_ms": pdf_s * 1000,
        "floor_ms": floor_s * 1000,
        "ratio": pdf_s / floor_s,
        "render_pdf_rounds_ms": [t * 1000 for t in pdf_rounds],
        "floor_rounds_ms": [t * 1000 for t in floor_rounds],
    }


def count_queries(client: Client, path: str) -> dict:
    # The first request fills per-process caches (content types, translations): count the second.
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return {"status": response.status_code, "queries": len(queries)}


def pages(preparation) -> list[tuple[str, str, str]]:
    """(name, path, who) of each page that shows this preparation; pages not built yet are left out."""
    year, slug = preparation.cycle.year, preparation.network.slug
    candidates = [
        ("coordinator's preparation page", "surveys:preparation", {"year": year, "slug": slug}, "coordinator"),
        ("preparation PDF (coordinator)", "reports:preparation_pdf", {"year": year, "slug": slug}, "coordinator"),
        ("preparation PDF (secretary)", "reports:preparation_pdf", {"year": year, "slug": slug}, "secretary"),
        ("secretary's overview", "preparations:overview", {"year": year}, "secretary"),
    ]
    found = []
    for name, url_name, kwargs, who in candidates:
        try:
            found.append((name, reverse(url_name, kwargs=kwargs), who))
        except NoReverseMatch:
            continue
    return found


def add_entries(preparation) -> int:
    """Many more entries in the measured preparation, written straight to the tables: the benchmark
    counts queries per page, and a submitted preparation takes no entries through the services."""
    from surveys.models import Bottleneck, GoodPractice, Theme

    themes = list(Theme.objects.filter(cycle=preparation.cycle, active=True).order_by("position"))
    GoodPractice.objects.bulk_create(
        GoodPractice(
            preparation=preparation,
            theme=themes[index % len(themes)],
            position=100 + index,
            title=f"Extra goede praktijk {index}",
            description="Docenten ontwikkelen samen lesmateriaal voor de nieuwe examenprogramma's.",
        )
        for index in range(EXTRA_PRACTICES)
    )
    Bottleneck.objects.bulk_create(
        Bottleneck(
            preparation=preparation,
            theme=themes[index % len(themes)],
            position=100 + index,
            description="Bedrijven haken na één jaar af.",
        )
        for index in range(EXTRA_BOTTLENECKS)
    )
    return EXTRA_PRACTICES + EXTRA_BOTTLENECKS


def main() -> None:
    django.setup()
    from django.contrib.auth import get_user_model

    from networks.demo import SECRETARY_EMAIL
    from networks.selectors import coordinators_by_network

    preparation = fullest_preparation()
    if preparation is None:
        raise SystemExit("no preparation in the database: load the demo with --month may first")
    secretary = get_user_model().objects.get(email=SECRETARY_EMAIL)
    coordinator = coordinators_by_network([preparation.network_id])[preparation.network_id][0]
    timing = time_pdf(preparation, secretary)

    clients = {}
    for who, user in (("secretary", secretary), ("coordinator", coordinator)):
        clients[who] = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
        clients[who].force_login(user, backend=ALLAUTH_BACKEND)
    measured = pages(preparation)
    small = {name: count_queries(clients[who], path) for name, path, who in measured}
    added = add_entries(preparation)
    large = {name: count_queries(clients[who], path) for name, path, who in measured}
    print(
        json.dumps(
            {
                "pdf": timing,
                "entries": {"demo": preparation.entries, "more": preparation.entries + added},
                "pages": [
                    {"page": name, "path": path, "as": who, "demo": small[name], "more": large[name]}
                    for name, path, who in measured
                ],
                "missing": [
                    name
                    for name in ("coordinator's preparation page", "secretary's overview")
                    if name not in {m[0] for m in measured}
                ],
            }
        )
    )


if __name__ == "__main__":
    main()
