"""The secretary's pages of the preparation: the overview, its export, sending the form, the themes.

Requests ask for English (Accept-Language) so that the assertions read the msgids.
"""

import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from peerreview.cycles.enums import TaskState
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.services import cycle_create, meeting_save
from surveys import services
from surveys.enums import PreparationState
from surveys.models import Preparation, Theme
from tests.factories import (
    BottleneckFactory,
    GoodPracticeFactory,
    NetworkFactory,
    PreparationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[network, other_network])
    services.themes_install(cycle=cycle)
    return cycle


def _url(name, cycle=None, **kwargs) -> str:
    return reverse(f"preparations:{name}", kwargs={"year": cycle.year if cycle else 2018, **kwargs})


def _theme(cycle, key) -> Theme:
    return Theme.objects.get(cycle=cycle, key=key)


def _meeting(secretary, cycle, networks, meeting_date, name="Gesprek Midden") -> ReviewMeeting:
    meeting = ReviewMeeting(cycle=cycle, name=name, date=meeting_date, location="Utrecht")
    return meeting_save(actor=secretary, meeting=meeting, networks=list(networks))


def _full(cycle, network, *, submitted=True, late=False) -> Preparation:
    """A preparation with two good practices and three bottlenecks, two of them with a question."""
    preparation = PreparationFactory(cycle=cycle, network=network)
    GoodPracticeFactory(preparation=preparation, theme=_theme(cycle, "activities"))
    GoodPracticeFactory(preparation=preparation, theme=_theme(cycle, "schools"))
    BottleneckFactory(preparation=preparation, theme=_theme(cycle, "schools"), learning_question="Hoe?", priority=1)
    BottleneckFactory(preparation=preparation, theme=_theme(cycle, "finances"), learning_question="Wat?", priority=2)
    BottleneckFactory(preparation=preparation, theme=_theme(cycle, "finances"))
    if submitted:
        preparation.submitted_at = datetime(2018, 2, 1, 10, 0, tzinfo=UTC)
        preparation.late = late
        preparation.save()
    return preparation


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _content(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# The overview


def test_overview_shows_each_network_state_meeting_deadline_and_counts(
    as_secretary, secretary, cycle, network, other_network
):
    third = NetworkFactory(name="Netwerk Amsterdam", slug="amsterdam")
    fourth = NetworkFactory(name="Netwerk Zeeland", slug="zeeland")
    cycle.networks.add(third, fourth)
    _meeting(secretary, cycle, [network, other_network], date(2018, 3, 22))
    _full(cycle, network)
    _full(cycle, other_network, late=True)
    draft = PreparationFactory(cycle=cycle, network=third)
    BottleneckFactory(preparation=draft, theme=_theme(cycle, "quality"), learning_question="Hoe meten?", priority=1)
    PreparationFactory(cycle=cycle, network=fourth)  # opened, nothing written: not started

    response = as_secretary.get(_url("overview", cycle))

    content = _content(response)
    overview = response.context["overview"]
    assert [
        (r.network.slug, r.state, r.meeting and r.meeting.name, r.deadline, r.total.good_practices, r.total.bottlenecks)
        for r in overview.rows
    ] == [
        ("amsterdam", PreparationState.DRAFT, None, None, 0, 1),
        ("limburg", PreparationState.LATE, "Gesprek Midden", date(2018, 3, 1), 2, 3),
        ("utrecht", PreparationState.SUBMITTED, "Gesprek Midden", date(2018, 3, 1), 2, 3),
        ("zeeland", PreparationState.NOT_STARTED, None, None, 0, 0),
    ]
    assert [r.total.learning_questions for r in overview.rows] == [1, 2, 2, 0]
    assert (overview.total.good_practices, overview.total.bottlenecks, overview.total.learning_questions) == (4, 7, 5)
    themes = [t.key for t in overview.themes]
    by_theme = dict(zip(themes, overview.theme_totals, strict=True))
    assert (by_theme["schools"].good_practices, by_theme["schools"].bottlenecks) == (2, 2)
    assert (by_theme["finances"].bottlenecks, by_theme["finances"].learning_questions) == (4, 2)
    assert (by_theme["quality"].bottlenecks, by_theme["quality"].learning_questions) == (1, 1)
    assert "2 of 4 networks have submitted." in content
    assert "submitted late" in content
    assert "1 Feb 2018" in content
    assert "1 Mar 2018" in content
    assert content.count('data-testid="reopen"') == 2
    assert f'href="{reverse("surveys:preparation", kwargs={"year": 2018, "slug": "utrecht"})}"' in content
    assert f'action="{_url("reopen", cycle, slug="utrecht")}"' in content
    assert f'action="{_url("reopen", cycle, slug="amsterdam")}"' not in content


def test_overview_retired_theme_shown_only_while_used(as_secretary, secretary, cycle, network):
    _full(cycle, network)
    for key in ("finances", "communication"):
        theme = _theme(cycle, key)
        theme.active = False
        services.theme_save(actor=secretary, theme=theme)

    themes = [t.key for t in as_secretary.get(_url("overview", cycle)).context["overview"].themes]

    assert "finances" in themes
    assert "communication" not in themes
    assert len(themes) == 9


@pytest.mark.parametrize("size", [2, 11])
def test_overview_query_count_constant(as_secretary, secretary, django_assert_num_queries, size):
    networks = [NetworkFactory() for _ in range(size)]
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=networks)
    services.themes_install(cycle=cycle)
    _meeting(secretary, cycle, networks[: size // 2], date(2018, 3, 22), name="Noord")
    _meeting(secretary, cycle, networks[size // 2 :], None, name="Zuid")
    for network in networks:
        _full(cycle, network)

    with django_assert_num_queries(10):
        response = as_secretary.get(_url("overview", cycle))

    assert len(response.context["overview"].rows) == size
    assert response.context["overview"].total.good_practices == 2 * size


def test_overview_no_networks_says_so(as_secretary, secretary):
    cycle_create(actor=secretary, cycle=Cycle(year=2018))

    assert "No networks take part yet." in _content(as_secretary.get(_url("overview")))


# Reopening


def test_reopen_submitted_preparation_opens_it_again(as_secretary, secretary, cycle, network):
    preparation = _full(cycle, network)

    response = as_secretary.post(_url("reopen", cycle, slug="utrecht"))

    assert response.status_code == 302
    assert response["Location"] == _url("overview", cycle)
    preparation.refresh_from_db()
    assert (preparation.state, preparation.reopened_by) == (PreparationState.DRAFT, secretary)
    assert _messages(response) == [
        "The preparation of Netwerk Utrecht is open for changes again; it must be submitted again."
    ]


def test_reopen_draft_changes_nothing(as_secretary, cycle, network):
    preparation = _full(cycle, network, submitted=False)

    response = as_secretary.post(_url("reopen", cycle, slug="utrecht"))

    preparation.refresh_from_db()
    assert (preparation.reopened_at, _messages(response)) == (
        None,
        ["This preparation was not submitted; nothing changed."],
    )


def test_reopen_by_coordinator_is_404_and_changes_nothing(en_client, coordinator, cycle, network):
    preparation = _full(cycle, network)
    en_client.force_login(coordinator)

    assert en_client.post(_url("reopen", cycle, slug="utrecht")).status_code == 404
    preparation.refresh_from_db()
    assert preparation.state == PreparationState.SUBMITTED


def test_reopen_get_not_allowed_and_unknown_network_404(as_secretary, cycle, network):
    _full(cycle, network)

    assert as_secretary.get(_url("reopen", cycle, slug="utrecht")).status_code == 405
    assert as_secretary.post(_url("reopen", cycle, slug="nergens")).status_code == 404


# The export


def _workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_lists_every_entry_and_the_counts(as_secretary, secretary, cycle, network, other_network):
    _meeting(secretary, cycle, [network], date(2018, 3, 22))
    preparation = PreparationFactory(cycle=cycle, network=network, own_theme_name="Eigen lab")
    GoodPracticeFactory(
        preparation=preparation,
        theme=_theme(cycle, "activities"),
        title='=HYPERLINK("http://evil.example")',
        description="+31 6 1234 5678",
        lessons="-minder is meer",
        success_factors="@iedereen",
        want_to_present=True,
    )
    BottleneckFactory(
        preparation=preparation, theme=_theme(cycle, "own"), learning_question="Hoe delen we het lab?", priority=1
    )

    response = as_secretary.get(_url("export", cycle))

    workbook = _workbook(response)
    assert response["Content-Disposition"] == 'attachment; filename="preparations-2018.xlsx"'
    assert workbook.sheetnames == ["Entries", "Overview"]
    entries = _values(workbook["Entries"])
    assert entries == [
        [
            "Network",
            "State",
            "Theme",
            "Kind",
            "Title",
            "Description",
            "What other networks can learn from it",
            "Success factors",
            "Present / discuss",
            "Learning question",
            "Priority",
        ],
        [
            "Netwerk Utrecht",
            "draft",
            "Activities",
            "good practice",
            '\'=HYPERLINK("http://evil.example")',
            "'+31 6 1234 5678",
            "'-minder is meer",
            "'@iedereen",
            "yes",
            None,
            None,
        ],
        [
            "Netwerk Utrecht",
            "draft",
            "Eigen lab",
            "bottleneck",
            None,
            "Scholen haken af wanneer de subsidie stopt.",
            None,
            None,
            "yes",
            "Hoe delen we het lab?",
            1,
        ],
    ]
    overview = _values(workbook["Overview"])
    assert overview[0][:8] == [
        "Network",
        "State",
        "Submitted",
        "Meeting",
        "Deadline",
        "Good practices",
        "Bottlenecks",
        "Learning questions",
    ]
    assert overview[0][8:11] == [
        "Activities: good practices",
        "Activities: bottlenecks",
        "Activities: learning questions",
    ]
    assert len(overview[0]) == 8 + 3 * 10
    limburg, utrecht, total = overview[1:]
    assert limburg[:8] == ["Netwerk Limburg", "not started", None, None, None, 0, 0, 0]
    assert utrecht[:4] == ["Netwerk Utrecht", "draft", None, "Gesprek Midden"]
    assert (utrecht[4].date(), utrecht[5:8]) == (date(2018, 3, 1), [1, 1, 1])
    assert utrecht[8:11] == [1, 0, 0]
    assert utrecht[-3:] == [0, 1, 1]  # the own theme, last
    assert total[0] == "Total"
    assert total[5:8] == [1, 1, 1]


def test_export_submitted_date_and_every_network(as_secretary, cycle, network, other_network):
    _full(cycle, network)
    _full(cycle, other_network, submitted=False)

    workbook = _workbook(as_secretary.get(_url("export", cycle)))

    entries = _values(workbook["Entries"])[1:]
    assert [(row[0], row[3]) for row in entries] == [
        ("Netwerk Limburg", "good practice"),
        ("Netwerk Limburg", "good practice"),
        ("Netwerk Limburg", "bottleneck"),
        ("Netwerk Limburg", "bottleneck"),
        ("Netwerk Limburg", "bottleneck"),
        ("Netwerk Utrecht", "good practice"),
        ("Netwerk Utrecht", "good practice"),
        ("Netwerk Utrecht", "bottleneck"),
        ("Netwerk Utrecht", "bottleneck"),
        ("Netwerk Utrecht", "bottleneck"),
    ]
    overview = _values(workbook["Overview"])
    assert overview[2][:3] == ["Netwerk Utrecht", "submitted", overview[2][2]]
    assert overview[2][2].date() == date(2018, 2, 1)
    assert overview[3][5:8] == [4, 6, 4]


def test_export_by_coordinator_is_404(en_client, coordinator, cycle, network):
    _full(cycle, network)
    en_client.force_login(coordinator)

    assert en_client.get(_url("export", cycle)).status_code == 404


# Sending the form


def test_send_page_says_who_receives_it(as_secretary, secretary, cycle, network, other_network, coordinator):
    _meeting(secretary, cycle, [network], date(2018, 3, 22))

    content = _content(as_secretary.get(_url("send", cycle)))

    assert "Each coordinator of 2 networks receives the link" in content
    assert ": 1 messages." in content
    assert 'data-testid="without-coordinator"' in content
    assert "Netwerk Limburg" in content.split('data-testid="without-coordinator"')[1].split("</div>")[0]
    assert "Netwerk Limburg" in content.split('data-testid="without-date"')[1].split("</div>")[0]
    assert 'data-testid="already-sent"' not in content


def test_send_post_mails_the_coordinators_and_ticks_the_task(
    as_secretary, secretary, cycle, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_secretary.post(_url("send", cycle))

    assert response.status_code == 302
    assert response["Location"] == _url("overview", cycle)
    assert _messages(response) == ["The preparation form was sent: 2 messages are in the outbox."]
    assert sorted(m.to[0] for m in mail.outbox) == [other_coordinator.email, coordinator.email]
    assert cycle.tasks.get(key="preparation_send").state == TaskState.DONE
    assert 'data-testid="already-sent"' in _content(as_secretary.get(_url("send", cycle)))


def test_send_by_coordinator_is_404_and_sends_nothing(
    en_client, coordinator, cycle, django_capture_on_commit_callbacks
):
    en_client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        assert en_client.post(_url("send", cycle)).status_code == 404

    assert mail.outbox == []


# Themes


def test_themes_first_visit_installs_the_defaults(as_secretary, secretary):
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=2018))

    content = _content(as_secretary.get(_url("themes", cycle)))

    assert Theme.objects.filter(cycle=cycle).count() == 10
    assert content.count('data-theme="') == 10
    assert "Samenwerking met bedrijfsleven" in content
    assert "STEM Teacher Academy (BedrijfsDOTs en Cursus Bètaberoepen in de les)." in content
    assert 'data-testid="themes-task"' in content


def test_theme_create_goes_last_with_a_key_from_its_name(as_secretary, cycle):
    response = as_secretary.post(
        _url("theme_create", cycle),
        {"name": "  Onderzoek  in de klas ", "name_en": "Research in class", "hints": "Profielwerkstuk.\n\n  TOA's.  "},
    )

    theme = Theme.objects.get(cycle=cycle, name="Onderzoek in de klas")
    assert response.status_code == 302
    assert response["Location"] == f"{_url('themes', cycle)}#theme-{theme.pk}"
    assert (theme.key, theme.name_en, theme.hints, theme.active) == (
        "onderzoek-in-de-klas",
        "Research in class",
        "Profielwerkstuk.\nTOA's.",
        True,
    )
    assert list(Theme.objects.filter(cycle=cycle).values_list("key", flat=True))[-1] == "onderzoek-in-de-klas"


def test_theme_create_duplicate_name_refused(as_secretary, cycle):
    response = as_secretary.post(_url("theme_create", cycle), {"name": "activiteiten", "name_en": "", "hints": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This cycle already has a theme with this name."]}
    assert Theme.objects.filter(cycle=cycle).count() == 10


def test_theme_update_renames_and_edits_hints(as_secretary, cycle):
    theme = _theme(cycle, "finances")
    form = as_secretary.get(_url("theme_update", cycle, pk=theme.pk)).context["form"]

    response = as_secretary.post(
        _url("theme_update", cycle, pk=theme.pk),
        {"name": "Geld", "name_en": "Money", "hints": "Subsidies.", "version": form["version"].value()},
    )

    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.key, theme.name, theme.name_en, theme.hint_list) == ("finances", "Geld", "Money", ["Subsidies."])


def test_theme_update_stale_refused_with_the_saved_name(as_secretary, secretary, cycle):
    theme = _theme(cycle, "finances")
    version = as_secretary.get(_url("theme_update", cycle, pk=theme.pk)).context["form"]["version"].value()
    theme.name = "Financiën"
    services.theme_save(actor=secretary, theme=theme)

    response = as_secretary.post(
        _url("theme_update", cycle, pk=theme.pk),
        {"name": "Geld", "name_en": theme.name_en, "hints": theme.hints, "version": version},
    )

    assert response.status_code == 200
    assert response.context["form"].stale_changes == [("Name (Dutch)", "Financiën")]
    theme.refresh_from_db()
    assert theme.name == "Financiën"


def test_theme_move_up_and_down(as_secretary, cycle):
    keys = lambda: list(Theme.objects.filter(cycle=cycle).values_list("key", flat=True))  # noqa: E731 -- a short reader
    schools = _theme(cycle, "schools")

    as_secretary.post(_url("theme_move", cycle, pk=schools.pk), {"direction": "up"})
    moved_up = keys()[:3]
    as_secretary.post(_url("theme_move", cycle, pk=schools.pk), {"direction": "down"})
    as_secretary.post(_url("theme_move", cycle, pk=schools.pk), {"direction": "down"})

    assert moved_up == ["schools", "activities", "institutions"]
    assert keys()[:3] == ["activities", "institutions", "schools"]


def test_theme_retire_and_restore(as_secretary, cycle):
    theme = _theme(cycle, "communication")

    as_secretary.post(_url("theme_retire", cycle, pk=theme.pk))
    retired = [t.key for t in services.themes_install(cycle=cycle)]
    response = as_secretary.post(_url("theme_restore", cycle, pk=theme.pk))

    assert "communication" not in retired
    assert _messages(response)[-1] == "The theme is on the form again."
    theme.refresh_from_db()
    assert theme.active is True


def test_theme_delete_unused(as_secretary, cycle):
    theme = _theme(cycle, "communication")

    assert "Remove the theme Communicatie?" in _content(as_secretary.get(_url("theme_delete", cycle, pk=theme.pk)))
    response = as_secretary.post(_url("theme_delete", cycle, pk=theme.pk))

    assert response["Location"] == _url("themes", cycle)
    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_theme_in_use_can_be_retired_not_deleted(as_secretary, cycle, network):
    _full(cycle, network)
    theme = _theme(cycle, "finances")

    listing = _content(as_secretary.get(_url("themes", cycle)))
    confirm = _content(as_secretary.get(_url("theme_delete", cycle, pk=theme.pk)))
    response = as_secretary.post(_url("theme_delete", cycle, pk=theme.pk))

    assert listing.count('data-testid="in-use"') == 3
    assert _url("theme_delete", cycle, pk=theme.pk) not in listing
    assert 'data-testid="in-use"' in confirm
    assert _messages(response) == ["This theme has entries; retire it instead, so that they keep their theme."]
    assert Theme.objects.filter(pk=theme.pk).exists()
    as_secretary.post(_url("theme_retire", cycle, pk=theme.pk))
    theme.refresh_from_db()
    assert theme.active is False


def test_theme_of_another_cycle_is_404(as_secretary, secretary, cycle):
    other = cycle_create(actor=secretary, cycle=Cycle(year=2020))
    services.themes_install(cycle=other)
    theme = _theme(other, "finances")

    assert as_secretary.get(_url("theme_update", cycle, pk=theme.pk)).status_code == 404
    assert as_secretary.post(_url("theme_retire", cycle, pk=theme.pk)).status_code == 404
    theme.refresh_from_db()
    assert theme.active is True


# Who may


PAGES = [
    ("overview", {}),
    ("export", {}),
    ("send", {}),
    ("themes", {}),
    ("theme_create", {}),
    ("theme_update", {"pk": "theme"}),
    ("theme_delete", {"pk": "theme"}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_pages_404_for_coordinators_chair_and_login_for_anonymous(client, cycle, coordinator, chair, name, kwargs):
    theme = _theme(cycle, "finances")
    url = _url(name, cycle, **dict.fromkeys(kwargs, theme.pk))

    anonymous = client.get(url)
    client.force_login(coordinator)
    as_coordinator = client.get(url)
    client.force_login(chair)
    as_chair = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert (as_coordinator.status_code, as_chair.status_code) == (404, 404)


@pytest.mark.parametrize("name", ["theme_move", "theme_retire", "theme_restore"])
def test_theme_actions_post_only_and_404_for_coordinators(client, secretary, cycle, coordinator, name):
    theme = _theme(cycle, "finances")
    url = _url(name, cycle, pk=theme.pk)
    client.force_login(coordinator)

    refused = client.post(url, {"direction": "up"})
    client.force_login(secretary)

    assert refused.status_code == 404
    assert client.get(url).status_code == 405


def test_pages_of_unknown_cycle_404(as_secretary):
    assert as_secretary.get(reverse("preparations:overview", kwargs={"year": 1999})).status_code == 404


def test_overview_deadline_follows_the_cycle_setting(as_secretary, secretary, cycle, network):
    cycle.preparation_deadline_days = 28
    cycle.save()
    _meeting(secretary, cycle, [network], date(2018, 3, 22))

    rows = as_secretary.get(_url("overview", cycle)).context["overview"].rows

    assert [row.deadline for row in rows] == [None, date(2018, 3, 22) - timedelta(days=28)]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_pages_render_in_dutch_by_default(client, secretary, cycle, network, name, kwargs):
    _full(cycle, network)
    client.force_login(secretary)

    response = client.get(_url(name, cycle, **{key: _theme(cycle, "communication").pk for key in kwargs}))

    assert (response.status_code, response.headers["Content-Language"]) == (200, "nl")
