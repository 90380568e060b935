"""The preparation as a PDF: everything the network wrote, as text, for the right people only;
and render_pdf loads our own files and nothing else."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from peerreview.core.pdf import render_pdf
from surveys.models import Bottleneck, GoodPractice
from surveys.services import entry_save, preparation_for, preparation_set_own_theme, preparation_submit
from tests.factories import CycleFactory, UserFactory

A4_POINTS = (595, 842)


def pdf_text(content: bytes) -> str:
    """The text of every page, with line breaks and runs of spaces as single spaces."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pdf_images(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


def build_preparation(network, *, practices: int, bottlenecks: int, actor, cycle=None):
    """A preparation with this many good practices and bottlenecks spread over the themes; the first
    four bottlenecks carry learning questions."""
    cycle = cycle or CycleFactory(year=2018)
    preparation = preparation_for(cycle=cycle, network=network)
    themes = list(cycle.themes.order_by("position"))
    for index in range(practices):
        entry_save(
            actor=actor,
            entry=GoodPractice(
                preparation=preparation,
                theme=themes[index % len(themes)],
                title=f"Goede praktijk {index}",
                description=f"Beschrijving van praktijk {index}: docenten ontwikkelen samen lesmateriaal.",
                lessons=f"Les {index} voor andere netwerken.",
                success_factors=f"Succesfactor {index}: commitment van de schoolleiding.",
                want_to_present=index % 2 == 0,
            ),
        )
    for index in range(bottlenecks):
        asks = index < 4
        entry_save(
            actor=actor,
            entry=Bottleneck(
                preparation=preparation,
                theme=themes[(index + 3) % len(themes)],
                description=f"Knelpunt {index}: bedrijven haken af na één jaar.",
                want_to_discuss=asks,
                learning_question=f"Hoe houden we bedrijf {index} betrokken?" if asks else "",
            ),
        )
    return preparation


@pytest.fixture
def cycle(db):
    return CycleFactory(year=2018)


@pytest.fixture
def pdf_url():
    return reverse("reports:preparation_pdf", kwargs={"year": 2018, "slug": "utrecht"})


@pytest.mark.django_db
def test_preparation_pdf_contains_every_entry_and_the_questions_in_priority_order(
    client, coordinator, network, cycle, pdf_url
):
    preparation = build_preparation(network, practices=3, bottlenecks=3, actor=coordinator, cycle=cycle)
    own = cycle.themes.get(is_own=True)
    entry_save(
        actor=coordinator,
        entry=GoodPractice(
            preparation=preparation, theme=own, title="Havo-talentprogramma", description="Acht scholen doen mee."
        ),
    )
    preparation_set_own_theme(actor=coordinator, preparation=preparation, name="Havo-talentontwikkeling")
    # The network puts the third question first.
    third = Bottleneck.objects.get(preparation=preparation, learning_question__contains="bedrijf 2")
    Bottleneck.objects.filter(pk=third.pk).update(priority=0)
    client.force_login(coordinator)

    response = client.get(pdf_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="voorbereiding-utrecht-2018.pdf"'
    text = pdf_text(response.content)
    for practice in preparation.good_practices.all():
        for value in (practice.title, practice.description, practice.lessons, practice.success_factors):
            assert value in text
    for bottleneck in preparation.bottlenecks.all():
        assert bottleneck.description in text
        assert bottleneck.learning_question in text
    assert "Havo-talentontwikkeling" in text
    assert "Netwerk Utrecht" in text
    assert "Concept" in text or "Draft" in text
    questions = [text.index(f"Hoe houden we bedrijf {n} betrokken?") for n in (2, 0, 1)]
    assert questions == sorted(questions)


@pytest.mark.django_db
def test_preparation_pdf_is_a4_with_page_numbers(client, secretary, network, cycle, pdf_url):
    build_preparation(network, practices=12, bottlenecks=4, actor=secretary, cycle=cycle)
    client.force_login(secretary)

    content = client.get(pdf_url).content

    reader = PdfReader(io.BytesIO(content))
    pages = len(reader.pages)
    assert pages > 1
    assert [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages] == [
        A4_POINTS
    ] * pages
    assert f"1 / {pages}" in pdf_text(content)
    assert f"{pages} / {pages}" in pdf_text(content)


@pytest.mark.django_db
def test_preparation_pdf_shows_submission_date_and_late(client, secretary, coordinator, network, cycle, pdf_url):
    preparation = build_preparation(network, practices=1, bottlenecks=2, actor=coordinator, cycle=cycle)
    preparation_submit(actor=coordinator, preparation=preparation)
    submitted = timezone.make_aware(timezone.datetime(2018, 3, 14, 16, 5))
    preparation.__class__.objects.filter(pk=preparation.pk).update(submitted_at=submitted, late=True)
    client.force_login(secretary)

    text = pdf_text(client.get(pdf_url).content)

    assert "14 maart 2018, 16:05" in text
    assert "Te laat ingediend" in text or "Submitted late" in text


class CountingServer(ThreadingHTTPServer):
    """An HTTP server on loopback that serves a PNG and counts the requests it got."""

    def __init__(self, png: bytes):
        self.png, self.requests = png, []

        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(server.png)

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def png(tmp_path) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def image_server(png):
    server = CountingServer(png)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.django_db
def test_markup_typed_in_an_entry_is_printed_as_text_and_never_fetched(
    client, coordinator, network, cycle, pdf_url, image_server
):
    preparation = build_preparation(network, practices=0, bottlenecks=0, actor=coordinator, cycle=cycle)
    script = '<script>alert("x")</script>'
    image = f'<img src="{image_server.url}/pixel.png">'
    entry_save(
        actor=coordinator,
        entry=GoodPractice(
            preparation=preparation,
            theme=cycle.themes.first(),
            title=f"Titel {script}",
            description=f"Zie {image} hier.",
        ),
    )
    client.force_login(coordinator)

    content = client.get(pdf_url).content

    text = pdf_text(content)
    assert f"Titel {script}" in text
    assert f"Zie {image} hier." in text
    assert (pdf_images(content), image_server.requests) == (0, [])


@pytest.fixture
def template_dir(settings, tmp_path):
    """A folder of templates of the test's own, searched first."""
    folder = tmp_path / "templates"
    folder.mkdir()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}]
    return folder


def test_render_pdf_loads_an_image_from_our_static_files(settings, tmp_path, template_dir, png):
    static = tmp_path / "static"
    static.mkdir()
    (static / "pixel.png").write_bytes(png)
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, static]
    (template_dir / "page.html").write_text('{% load static %}<p>Logo</p><img src="{% static "pixel.png" %}">')

    assert pdf_images(render_pdf("page.html", {})) == 1


def test_render_pdf_loads_an_image_from_our_media_files(settings, tmp_path, template_dir, png):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "pixel.png").write_bytes(png)
    (template_dir / "page.html").write_text('<img src="/media/pixel.png">')

    assert pdf_images(render_pdf("page.html", {})) == 1


def test_render_pdf_never_fetches_from_the_network(template_dir, image_server):
    (template_dir / "page.html").write_text(
        f'<link rel="stylesheet" href="{image_server.url}/style.css"><img src="{image_server.url}/pixel.png">'
        f'<div style="background: url({image_server.url}/background.png)">Tekst</div>'
    )

    content = render_pdf("page.html", {})

    assert (pdf_images(content), image_server.requests) == (0, [])
    assert "Tekst" in pdf_text(content)


def test_render_pdf_refuses_files_outside_static_and_media(settings, tmp_path, template_dir, png):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (tmp_path / "secret.png").write_bytes(png)
    (template_dir / "page.html").write_text(
        f'<img src="file://{tmp_path}/secret.png"><img src="/media/../secret.png">'
        '<img src="/media/%2e%2e/secret.png"><img src="/static/../../secret.png">'
    )

    assert pdf_images(render_pdf("page.html", {})) == 0


# Access: the secretary and the network's own coordinators; anyone else gets 404, as for a
# preparation that does not exist.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [("secretary", 200), ("coordinator", 200), ("other_coordinator", 404), ("chair", 404), ("expert", 404)],
)
def test_preparation_pdf_access(client, request, network, cycle, pdf_url, who, status):
    build_preparation(network, practices=1, bottlenecks=0, actor=UserFactory(), cycle=cycle)
    user = UserFactory(is_expert=True) if who == "expert" else request.getfixturevalue(who)
    client.force_login(user)

    response = client.get(pdf_url)

    assert response.status_code == status
    if status == 200:
        assert response.content.startswith(b"%PDF-")


@pytest.mark.django_db
def test_preparation_pdf_anonymous_is_sent_to_sign_in(client, network, cycle, pdf_url):
    build_preparation(network, practices=1, bottlenecks=0, actor=UserFactory(), cycle=cycle)

    response = client.get(pdf_url)

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("account_login"))


@pytest.mark.django_db
def test_preparation_pdf_of_a_network_without_preparation_is_404(client, secretary, network, cycle):
    client.force_login(secretary)

    assert client.get(reverse("reports:preparation_pdf", kwargs={"year": 2018, "slug": "utrecht"})).status_code == 404
    assert client.get(reverse("reports:preparation_pdf", kwargs={"year": 2016, "slug": "utrecht"})).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("practices", "bottlenecks"), [(1, 2), (20, 12)])
def test_preparation_pdf_queries_constant(
    client, coordinator, network, cycle, pdf_url, django_assert_num_queries, practices, bottlenecks
):
    build_preparation(network, practices=practices, bottlenecks=bottlenecks, actor=coordinator, cycle=cycle)
    client.force_login(coordinator)

    with django_assert_num_queries(8):
        response = client.get(pdf_url)

    assert response.status_code == 200
